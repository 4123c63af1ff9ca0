/* test-fit.c: Amdahl, USL and Karp–Flatt against exact, noisy and published data
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-fit.h"

/* Two numbers agree to two significant digits when they print the same with %.1e. */
static void
assert_2_digits (double value, double expected)
{
  g_autofree char *a = g_strdup_printf ("%.1e", value);
  g_autofree char *b = g_strdup_printf ("%.1e", expected);

  if (!g_str_equal (a, b))
    g_error ("%.6g does not match %.6g to two significant digits", value, expected);
}

static double
amdahl (double s, double n)
{
  return 1 / (s + (1 - s) / n);
}

static double
usl (double alpha, double beta, double n)
{
  return n / (1 + alpha * (n - 1) + beta * n * (n - 1));
}

static void
test_amdahl_exact (void)
{
  const double n[] = { 1, 2, 4, 8, 16 };
  double s[G_N_ELEMENTS (n)];
  CsAmdahlFit fit;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (n); i++)
    s[i] = amdahl (0.1, n[i]);
  g_assert_true (cs_fit_amdahl (n, s, G_N_ELEMENTS (n), &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (fit.s, 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (fit.r2, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (fit.max_speedup, 10, 1e-6);
  g_assert_cmpfloat_with_epsilon (cs_amdahl_predict (&fit, 64), amdahl (0.1, 64), 1e-6);
}

/* ±3 % multiplicative noise from a fixed seed, three runs per worker count. */
static void
test_amdahl_noisy (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const double counts[] = { 1, 2, 3, 4, 6, 8 };
  double n[18], s[18];
  CsAmdahlFit fit;

  for (guint i = 0; i < 18; i++)
    {
      n[i] = counts[i % 6];
      s[i] = amdahl (0.25, n[i]) * g_rand_double_range (rand, 0.97, 1.03);
    }
  g_assert_true (cs_fit_amdahl (n, s, 18, &fit, NULL));
  g_assert_cmpfloat_with_epsilon (fit.s, 0.25, 0.03);
  g_assert_cmpfloat (fit.r2, >, 0.9);
}

static void
test_usl_exact (void)
{
  const double n[] = { 1, 2, 4, 8, 12, 16, 24, 32 };
  double s[G_N_ELEMENTS (n)];
  CsUslFit fit;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (n); i++)
    s[i] = usl (0.05, 0.001, n[i]);
  g_assert_true (cs_fit_usl (n, s, G_N_ELEMENTS (n), CS_USL_FIXED_SCALE, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (fit.alpha, 0.05, 1e-7);
  g_assert_cmpfloat_with_epsilon (fit.beta, 0.001, 1e-8);
  g_assert_cmpfloat (fit.gamma, ==, 1);
  g_assert_cmpfloat_with_epsilon (fit.peak_n, sqrt (0.95 / 0.001), 1e-3);
  g_assert_cmpfloat_with_epsilon (fit.peak_speedup, usl (0.05, 0.001, fit.peak_n), 1e-6);
  /* predictions beyond the measured range */
  g_assert_cmpfloat_with_epsilon (cs_usl_predict (&fit, 64), usl (0.05, 0.001, 64), 1e-5);
}

static void
test_usl_noisy (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  const double counts[] = { 1, 2, 4, 8, 16, 24, 32, 48, 64 };
  double n[27], s[27];
  CsUslFit fit;

  for (guint i = 0; i < 27; i++)
    {
      n[i] = counts[i % 9];
      s[i] = usl (0.03, 0.0005, n[i]) * g_rand_double_range (rand, 0.98, 1.02);
    }
  g_assert_true (cs_fit_usl (n, s, 27, CS_USL_FIXED_SCALE, &fit, NULL));
  g_assert_cmpfloat_with_epsilon (fit.alpha, 0.03, 0.006);
  g_assert_cmpfloat_with_epsilon (fit.beta, 0.0005, 0.0001);
  g_assert_cmpfloat (fit.r2, >, 0.98);
}

/* Pure contention (β = 0): the constraint must hold β at 0 rather than go negative. */
static void
test_usl_bounds (void)
{
  const double n[] = { 1, 2, 4, 8, 16 };
  double s[G_N_ELEMENTS (n)];
  CsUslFit fit;

  for (guint i = 0; i < G_N_ELEMENTS (n); i++)
    s[i] = amdahl (0.1, n[i]) * (1 + 0.002 * n[i]); /* slightly better than Amdahl at large N */
  g_assert_true (cs_fit_usl (n, s, G_N_ELEMENTS (n), CS_USL_FIXED_SCALE, &fit, NULL));
  g_assert_cmpfloat (fit.beta, >=, 0);
  g_assert_cmpfloat (fit.alpha, >=, 0);
  g_assert_cmpfloat (fit.beta, ==, 0);
  g_assert_true (isinf (fit.peak_n));
  g_assert_cmpfloat_with_epsilon (fit.peak_speedup, 1 / fit.alpha, 1e-9);
}

/* The R usl package (Stefan Möding, https://github.com/smoeding/usl), tests/coef.R: normalised
 * throughputs of a system with α = β = 0.02; coef.Rout.save prints alpha 0.02, beta 0.02. */
static void
test_usl_published_coef (void)
{
  const double n[] = { 1, 2, 4, 6, 8, 10 };
  const double x[] = { 1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557 };
  CsUslFit fit;

  g_assert_true (cs_fit_usl (n, x, 6, CS_USL_FIXED_SCALE, &fit, NULL));
  assert_2_digits (fit.alpha, 0.02);
  assert_2_digits (fit.beta, 0.02);
  g_assert_cmpfloat_with_epsilon (fit.peak_n, 7, 0.01); /* √(0.98/0.02) */
  g_assert_true (cs_fit_usl (n, x, 6, CS_USL_FREE_SCALE, &fit, NULL));
  assert_2_digits (fit.alpha, 0.02);
  assert_2_digits (fit.beta, 0.02);
  assert_2_digits (fit.gamma, 1.0);
}

/* The usl package's `raytracer` dataset (data/raytracer.rda: Gunther, Guerrilla Capacity
 * Planning, 2007; ray-geometry intersections per second on an SGI Origin 2000), as speed-ups
 * over X(1) = 20. Documented results in the package's tests/confint.Rout.save:
 * - all 11 points, the original linearised "default" method (commit 2280a54):
 *   alpha 0.05002394, beta 0.00000471;
 * - all 11 points, non-linear with a fitted scale (nlxb, commit 0c22191):
 *   alpha 0.0578, beta 0.0000, gamma 21.8488;
 * - the first 6 points, non-linear with a fitted scale (commit c9673ee):
 *   alpha 0.02444, beta 0.00163, gamma 20.85605. */
static const double rt_n[] = { 1, 4, 8, 12, 16, 20, 24, 28, 32, 48, 64 };
static const double rt_x[] = { 20, 78, 130, 170, 190, 200, 210, 230, 260, 280, 310 };

static void
raytracer_speedups (double *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (rt_x); i++)
    s[i] = rt_x[i] / rt_x[0];
}

static void
test_usl_published_raytracer (void)
{
  double s[G_N_ELEMENTS (rt_x)], alpha, beta;
  CsUslFit fit;

  raytracer_speedups (s);
  g_assert_true (cs_fit_usl_linearised (rt_n, s, 11, &alpha, &beta, NULL));
  g_assert_cmpfloat_with_epsilon (alpha, 0.05002394, 5e-9);
  assert_2_digits (beta, 0.00000471);

  g_assert_true (cs_fit_usl (rt_n, s, 11, CS_USL_FREE_SCALE, &fit, NULL));
  assert_2_digits (fit.alpha, 0.0578);
  g_assert_cmpfloat (fit.beta, <, 0.00005); /* printed as 0.0000 */
  assert_2_digits (fit.gamma * rt_x[0], 21.8488);
  /* in fact it agrees to the digits printed */
  g_assert_cmpfloat_with_epsilon (fit.alpha, 0.0578, 5e-5);
  g_assert_cmpfloat_with_epsilon (fit.gamma * rt_x[0], 21.8488, 5e-4);

  g_assert_true (cs_fit_usl (rt_n, s, 6, CS_USL_FREE_SCALE, &fit, NULL));
  assert_2_digits (fit.alpha, 0.02444);
  assert_2_digits (fit.beta, 0.00163);
  assert_2_digits (fit.gamma * rt_x[0], 20.85605);
  g_assert_cmpfloat_with_epsilon (fit.alpha, 0.02444, 5e-6);
  g_assert_cmpfloat_with_epsilon (fit.beta, 0.00163, 5e-6);
  g_assert_cmpfloat_with_epsilon (fit.gamma * rt_x[0], 20.85605, 5e-4);
}

static void
test_karp_flatt_constant (void)
{
  const double n[] = { 1, 2, 3, 4, 6, 8 };
  double s[G_N_ELEMENTS (n)], slope;
  CsKarpFlattTrend trend;

  for (guint i = 0; i < G_N_ELEMENTS (n); i++)
    s[i] = amdahl (0.15, n[i]);
  for (guint i = 1; i < G_N_ELEMENTS (n); i++)
    g_assert_cmpfloat_with_epsilon (cs_karp_flatt (n[i], s[i]), 0.15, 1e-12);
  g_assert_true (isnan (cs_karp_flatt (1, 1)));
  g_assert_true (cs_karp_flatt_trend (n, s, G_N_ELEMENTS (n), &trend, &slope, NULL));
  g_assert_cmpint (trend, ==, CS_KARP_FLATT_CONSTANT);
  g_assert_cmpfloat_with_epsilon (slope, 0, 1e-12);
}

static void
test_karp_flatt_growing (void)
{
  const double n[] = { 1, 2, 4, 8, 16 };
  double s[G_N_ELEMENTS (n)], slope;
  CsKarpFlattTrend trend;

  for (guint i = 0; i < G_N_ELEMENTS (n); i++)
    s[i] = usl (0.02, 0.01, n[i]);
  g_assert_true (cs_karp_flatt_trend (n, s, G_N_ELEMENTS (n), &trend, &slope, NULL));
  g_assert_cmpint (trend, ==, CS_KARP_FLATT_GROWING);
  g_assert_cmpfloat (slope, >, 0);
}

static void
test_too_few_points (void)
{
  const double n[] = { 1, 2, 1, 2 };
  const double s[] = { 1, 1.9, 1, 1.8 };
  double alpha, beta;
  CsAmdahlFit amdahl_fit;
  CsUslFit usl_fit;
  CsKarpFlattTrend trend;
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_fit_amdahl (n, s, 4, &amdahl_fit, &error));
  g_assert_error (error, CS_FIT_ERROR, CS_FIT_ERROR_TOO_FEW_POINTS);
  g_assert_nonnull (strstr (error->message, "at least 3"));
  g_clear_error (&error);
  g_assert_false (cs_fit_usl (n, s, 4, CS_USL_FIXED_SCALE, &usl_fit, &error));
  g_assert_error (error, CS_FIT_ERROR, CS_FIT_ERROR_TOO_FEW_POINTS);
  g_clear_error (&error);
  g_assert_false (cs_fit_usl_linearised (n, s, 4, &alpha, &beta, &error));
  g_assert_error (error, CS_FIT_ERROR, CS_FIT_ERROR_TOO_FEW_POINTS);
  g_clear_error (&error);
  g_assert_false (cs_karp_flatt_trend (n, s, 4, &trend, NULL, &error));
  g_assert_error (error, CS_FIT_ERROR, CS_FIT_ERROR_TOO_FEW_POINTS);
  g_clear_error (&error);
  g_assert_false (cs_fit_amdahl (n, s, 0, &amdahl_fit, &error));
  g_assert_error (error, CS_FIT_ERROR, CS_FIT_ERROR_TOO_FEW_POINTS);
}

static void
test_invalid_points (void)
{
  const double n[] = { 1, 2, 4 };
  const double s[] = { 1, NAN, 3 };
  CsAmdahlFit fit;
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_fit_amdahl (n, s, 3, &fit, &error));
  g_assert_error (error, CS_FIT_ERROR, CS_FIT_ERROR_INVALID_DATA);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fit/amdahl/exact", test_amdahl_exact);
  g_test_add_func ("/fit/amdahl/noisy", test_amdahl_noisy);
  g_test_add_func ("/fit/usl/exact", test_usl_exact);
  g_test_add_func ("/fit/usl/noisy", test_usl_noisy);
  g_test_add_func ("/fit/usl/bounds", test_usl_bounds);
  g_test_add_func ("/fit/usl/published-coef", test_usl_published_coef);
  g_test_add_func ("/fit/usl/published-raytracer", test_usl_published_raytracer);
  g_test_add_func ("/fit/karp-flatt/constant", test_karp_flatt_constant);
  g_test_add_func ("/fit/karp-flatt/growing", test_karp_flatt_growing);
  g_test_add_func ("/fit/too-few-points", test_too_few_points);
  g_test_add_func ("/fit/invalid-points", test_invalid_points);
  return g_test_run ();
}
