/* test-stats.c: per-point statistics on fixed samples and constructed results
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-stats.h"

static void
test_samples (void)
{
  const double v[] = { 4, 1, 100, 3, 2 };
  double z[5];

  g_assert_cmpfloat (cs_stats_median (v, 5), ==, 3);
  g_assert_cmpfloat (cs_stats_median (v, 4), ==, 3.5); /* 1 3 4 100 */
  g_assert_cmpfloat (cs_stats_mean (v, 5), ==, 22);
  g_assert_cmpfloat_with_epsilon (cs_stats_stddev (v, 5), sqrt (7610.0 / 4), 1e-12);
  g_assert_true (isnan (cs_stats_median (v, 0)));
  g_assert_cmpfloat (cs_stats_stddev (v, 1), ==, 0);

  /* |x − 3| = 1 2 97 0 1: MAD 1, so z = 0.6745·(x − 3) */
  cs_stats_modified_z (v, 5, z);
  g_assert_cmpfloat_with_epsilon (z[2], 0.6745 * 97, 1e-9);
  g_assert_cmpfloat_with_epsilon (z[1], -0.6745 * 2, 1e-9);
  g_assert_cmpfloat (fabs (z[2]), >, CS_STATS_OUTLIER_Z);
  g_assert_cmpfloat (fabs (z[0]), <, CS_STATS_OUTLIER_Z);
}

/* Order-statistic intervals of the median match the published tables (n = 10: ranks 2 and 9,
 * 97.9 %; n = 20: ranks 6 and 15, 95.9 %). */
static void
test_median_ci (void)
{
  double v[20], lo, hi, level;

  for (guint i = 0; i < 20; i++)
    v[i] = 20 - i; /* unsorted on purpose */
  level = cs_stats_median_ci (v, 20, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 6);
  g_assert_cmpfloat (hi, ==, 15);
  g_assert_cmpfloat_with_epsilon (level, 1 - 2 * 21700.0 / 1048576, 1e-12);

  for (guint i = 0; i < 10; i++)
    v[i] = i + 1;
  level = cs_stats_median_ci (v, 10, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 2);
  g_assert_cmpfloat (hi, ==, 9);
  g_assert_cmpfloat_with_epsilon (level, 1 - 2 * 11.0 / 1024, 1e-12);

  level = cs_stats_median_ci (v, 5, &lo, &hi);  /* too few for 95 %: the range, 93.75 % */
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 5);
  g_assert_cmpfloat (level, ==, 0.9375);

  g_assert_cmpfloat (cs_stats_median_ci (v, 1, &lo, &hi), ==, 0);
  g_assert_true (isnan (lo) && isnan (hi));
}

/* The interval as it was computed before issue #20: the CDF summed afresh for every k, O(n²). */
static double
quadratic_cdf (guint n, guint k)
{
  double sum = 0;

  for (guint j = 0; j <= k && j <= n; j++)
    sum += exp (lgamma (n + 1.0) - lgamma (j + 1.0) - lgamma (n - j + 1.0) - n * G_LN2);
  return MIN (sum, 1.0);
}

static guint
quadratic_rank (guint n, double *level)
{
  guint k = 1;

  while (k < n / 2 && quadratic_cdf (n, k) <= 0.025)
    k++;
  *level = 1 - 2 * quadratic_cdf (n, k - 1);
  return k;
}

/* The linear interval is the quadratic one, to the last bit, for every n up to 600; n = 100
 * matches the published table (ranks 40 and 61, 96.5 %); 10⁵ runs take O(n) terms. */
static void
test_median_ci_linear (void)
{
  g_autofree double *v = g_new (double, 100001);
  double lo, hi, level, expected_level;

  for (guint i = 0; i < 100001; i++)
    v[i] = i + 1;
  for (guint n = 2; n <= 600; n++)
    {
      guint k = quadratic_rank (n, &expected_level);
      level = cs_stats_median_ci (v, n, &lo, &hi);
      g_assert_cmpfloat (lo, ==, k);
      g_assert_cmpfloat (hi, ==, n - k + 1);
      g_assert_cmpfloat (level, ==, expected_level);
    }
  level = cs_stats_median_ci (v, 100, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 40);
  g_assert_cmpfloat (hi, ==, 61);
  g_assert_cmpfloat_with_epsilon (level, 0.9647997997822952, 1e-12);

  /* Large n: the normal approximation's ranks, n/2 ± 1.96·√n/2 (±310 at 10⁵). */
  level = cs_stats_median_ci (v, 100001, &lo, &hi);
  g_assert_cmpfloat (level, >=, 0.95);
  g_assert_cmpfloat (level, <, 0.9505);
  g_assert_cmpfloat (fabs (lo - (50001 - 310)), <=, 2);
  g_assert_cmpfloat (fabs (hi - (50001 + 310)), <=, 2);
}

static void
add_run (CsResult *result, CsMode mode, guint workers, double wall, double cpu)
{
  CsRun *r = cs_run_new ();

  r->mode = mode;
  r->workers = workers;
  r->wall_s = wall;
  r->user_s = cpu;
  r->tasks = 100;
  r->units = 2;
  cs_result_add_run (result, r);
}

static CsResult *
make_result (CsScaling scaling)
{
  CsSweepConfig *c = cs_sweep_config_new ();
  CsResult *result;
  static const double jitter[] = { 1.00, 1.01, 0.99, 1.02, 0.98 };

  cs_sweep_config_set_modes (c, (CsMode[]) { CS_MODE_GIL, CS_MODE_PROCESS }, 2);
  c->n_workers = 4;
  c->workers = g_renew (guint, c->workers, 4);
  c->workers[0] = 1, c->workers[1] = 2, c->workers[2] = 4, c->workers[3] = 8;
  c->scaling = scaling;
  result = cs_result_new (NULL, c);
  for (guint rep = 0; rep < 5; rep++)
    {
      double j = jitter[rep];
      add_run (result, CS_MODE_GIL, 1, 2.0 * j, 2.0 * j);
      add_run (result, CS_MODE_GIL, 2, 2.0 * j, 2.0 * j);
      add_run (result, CS_MODE_GIL, 4, 2.2 * j, 2.2 * j);
      add_run (result, CS_MODE_PROCESS, 1, 2.5 * j, 2.5 * j);
      add_run (result, CS_MODE_PROCESS, 2, 1.25 * j, 2.5 * j);
      add_run (result, CS_MODE_PROCESS, 4, (rep == 4 ? 5.0 : 0.625) * j, 2.5 * j);
    }
  /* two failures that must not count; 8 workers never succeeded */
  add_run (result, CS_MODE_PROCESS, 2, 99, 0);
  ((CsRun *) g_ptr_array_index (result->runs, result->runs->len - 1))->status = CS_RUN_FAILED;
  add_run (result, CS_MODE_PROCESS, 8, NAN, 0);
  ((CsRun *) g_ptr_array_index (result->runs, result->runs->len - 1))->status = CS_RUN_TIMEOUT;
  return result;
}

static void
test_result_points (void)
{
  g_autoptr(CsResult) result = make_result (CS_SCALING_STRONG);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResultStats) stats = cs_result_stats_new (result, &error);
  const CsPointStats *p, *const *series;
  const CsMode *modes;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpuint (cs_result_stats_get_n_points (stats), ==, 8);
  modes = cs_result_stats_get_modes (stats, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (modes[0], ==, CS_MODE_GIL);
  series = cs_result_stats_get_series (stats, CS_MODE_PROCESS, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (series[3]->workers, ==, 8);
  g_assert_null (cs_result_stats_get_series (stats, CS_MODE_THREAD, &n));
  g_assert_cmpuint (cs_result_stats_get_n_missing (stats), ==, 2); /* gil 8, process 8 */
  g_assert_cmpuint (cs_result_stats_get_n_failed (stats), ==, 2);

  p = cs_result_stats_lookup (stats, CS_MODE_PROCESS, 2);
  g_assert_cmpuint (p->n, ==, 5);
  g_assert_cmpuint (p->n_failed, ==, 1);
  g_assert_cmpfloat_with_epsilon (p->median_s, 1.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->speedup, 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->efficiency, 1, 1e-12);
  /* the best 1-worker time is the gil one (2.0 s) */
  g_assert_cmpfloat_with_epsilon (p->speedup_vs_best, 1.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->throughput, 100 / 1.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->unit_throughput, 2 / 1.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->cpu_utilisation, 2, 1e-9);
  g_assert_cmpfloat (p->speedup_ci_low, <=, p->speedup);
  g_assert_cmpfloat (p->speedup_ci_high, >=, p->speedup);
  g_assert_cmpfloat (p->median_ci_level, ==, 0.9375);

  p = cs_result_stats_lookup (stats, CS_MODE_PROCESS, 8);
  g_assert_cmpuint (p->n, ==, 0);
  g_assert_cmpuint (p->n_timeout, ==, 1);
  g_assert_true (isnan (p->median_s) && isnan (p->speedup));

  p = cs_result_stats_lookup (stats, CS_MODE_GIL, 4);
  g_assert_cmpfloat_with_epsilon (p->speedup, 2.0 / 2.2, 1e-12);
  g_assert_false (p->noisy);
  g_assert_null (cs_point_stats_describe_noise (p));

  p = cs_result_stats_get_best (stats);
  g_assert_cmpint (p->mode, ==, CS_MODE_PROCESS);
  g_assert_cmpuint (p->workers, ==, 4);
  g_assert_cmpint (cs_result_stats_get_best_baseline (stats)->mode, ==, CS_MODE_GIL);
}

/* The 5th process×4 run took 8× longer: flagged, kept, and the point is noisy; CPU time did
 * not change, so the likely reason is a busy machine. */
static void
test_outlier_and_noise (void)
{
  g_autoptr(CsResult) result = make_result (CS_SCALING_STRONG);
  g_autoptr(CsResultStats) stats = cs_result_stats_new (result, NULL);
  const CsPointStats *p = cs_result_stats_lookup (stats, CS_MODE_PROCESS, 4);
  g_autofree char *why = NULL;

  g_assert_cmpuint (p->n, ==, 5);
  g_assert_cmpuint (p->n_outliers, ==, 1);
  g_assert_true (p->is_outlier[4]);
  g_assert_false (p->is_outlier[0]);
  g_assert_cmpfloat (p->max_s, ==, 5.0 * 0.98);  /* not removed */
  g_assert_true (p->noisy);
  g_assert_true (p->noise & CS_NOISE_OUTLIERS);
  g_assert_true (p->noise & CS_NOISE_BUSY_MACHINE);
  g_assert_false (p->noise & CS_NOISE_FEW_REPS);
  why = cs_point_stats_describe_noise (p);
  g_assert_nonnull (strstr (why, "busy"));
  g_assert_nonnull (strstr (why, "1 outlier run"));
}

/* Past CS_STATS_BOOTSTRAP_MAX_RUNS runs a point the speed-up interval is the delta method's on
 * the log scale, from both medians' order-statistic intervals. */
static void
test_speedup_normal (void)
{
  g_autoptr(CsSweepConfig) c = cs_sweep_config_new ();
  g_autoptr(CsResult) result = cs_result_new (NULL, g_steal_pointer (&c));
  g_autoptr(CsResultStats) stats = NULL;
  const guint n = CS_STATS_BOOTSTRAP_MAX_RUNS + 101;
  const CsPointStats *p1, *p2;
  double se, s;

  for (guint i = 0; i < n; i++)
    {
      double jitter = 1 + 0.1 * ((i * 37) % n) / n;  /* a permutation of 1 … 1.1 */
      add_run (result, CS_MODE_THREAD, 1, 2.0 * jitter, 2.0);
      add_run (result, CS_MODE_THREAD, 2, 1.0 * jitter, 2.0);
    }
  stats = cs_result_stats_new (result, NULL);
  p1 = cs_result_stats_lookup (stats, CS_MODE_THREAD, 1);
  p2 = cs_result_stats_lookup (stats, CS_MODE_THREAD, 2);
  g_assert_cmpuint (p2->n, ==, n);
  s = p1->median_s / p2->median_s;
  g_assert_cmpfloat_with_epsilon (p2->speedup, 2.0, 1e-12);
  se = hypot (log (p1->median_ci_high_s / p1->median_ci_low_s),
              log (p2->median_ci_high_s / p2->median_ci_low_s)) / (2 * 1.959964);
  g_assert_cmpfloat (se, >, 0);
  g_assert_cmpfloat_with_epsilon (p2->speedup_ci_low, s * exp (-1.959964 * se), 1e-12);
  g_assert_cmpfloat_with_epsilon (p2->speedup_ci_high, s * exp (1.959964 * se), 1e-12);
  g_assert_cmpfloat (p2->speedup_ci_low, <, 2.0);
  g_assert_cmpfloat (p2->speedup_ci_high, >, 2.0);
  g_assert_cmpfloat (p2->speedup_ci_high - p2->speedup_ci_low, <, 0.05);
}

static void
test_few_reps (void)
{
  g_autoptr(CsSweepConfig) c = cs_sweep_config_new ();
  g_autoptr(CsResult) result = cs_result_new (NULL, g_steal_pointer (&c));
  g_autoptr(CsResultStats) stats = NULL;
  const CsPointStats *p;

  add_run (result, CS_MODE_THREAD, 1, 1.0, 0.01);
  add_run (result, CS_MODE_THREAD, 1, 1.3, 0.01);
  add_run (result, CS_MODE_THREAD, 1, 1.1, 0.01);
  stats = cs_result_stats_new (result, NULL);
  p = cs_result_stats_lookup (stats, CS_MODE_THREAD, 1);
  g_assert_true (p->noisy);
  g_assert_true (p->noise & CS_NOISE_FEW_REPS);
  /* CPU time is tiny compared to the wall time (waiting): no busy-machine verdict */
  g_assert_false (p->noise & CS_NOISE_BUSY_MACHINE);
}

static void
test_bootstrap_reproducible (void)
{
  g_autoptr(CsResult) result = make_result (CS_SCALING_STRONG);
  g_autoptr(CsResultStats) a = cs_result_stats_new_full (result, 42, 1000, NULL);
  g_autoptr(CsResultStats) b = cs_result_stats_new_full (result, 42, 1000, NULL);
  g_autoptr(CsResultStats) c = cs_result_stats_new_full (result, 43, 1000, NULL);
  const CsPointStats *pa = cs_result_stats_lookup (a, CS_MODE_GIL, 4);
  const CsPointStats *pb = cs_result_stats_lookup (b, CS_MODE_GIL, 4);
  const CsPointStats *pc = cs_result_stats_lookup (c, CS_MODE_GIL, 4);

  g_assert_true (isfinite (pa->speedup_ci_low) && isfinite (pa->speedup_ci_high));
  g_assert_cmpfloat (pa->speedup_ci_low, ==, pb->speedup_ci_low);
  g_assert_cmpfloat (pa->speedup_ci_high, ==, pb->speedup_ci_high);
  g_assert_cmpfloat (pa->speedup_ci_low, <, pa->speedup);
  g_assert_cmpfloat (pa->speedup_ci_high, >, pa->speedup);
  /* the interval is a ratio of medians of the ±2 % jittered runs */
  g_assert_cmpfloat (pa->speedup_ci_low, >, (2.0 * 0.98) / (2.2 * 1.02) - 1e-12);
  g_assert_cmpfloat (pa->speedup_ci_high, <, (2.0 * 1.02) / (2.2 * 0.98) + 1e-12);
  /* another seed gives another (but similar) interval */
  g_assert_true (pc->speedup_ci_low != pa->speedup_ci_low ||
                 pc->speedup_ci_high != pa->speedup_ci_high);
}

static void
test_weak_scaling (void)
{
  g_autoptr(CsResult) result = make_result (CS_SCALING_WEAK);
  g_autoptr(CsResultStats) stats = cs_result_stats_new (result, NULL);
  const CsPointStats *p = cs_result_stats_lookup (stats, CS_MODE_GIL, 2);

  /* twice the work in the same time: scaled speed-up 2, efficiency 1 */
  g_assert_cmpfloat_with_epsilon (p->speedup, 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->efficiency, 1, 1e-12);
}

static void
test_no_data (void)
{
  g_autoptr(CsSweepConfig) c = cs_sweep_config_new ();
  g_autoptr(CsResult) result = cs_result_new (NULL, g_steal_pointer (&c));
  g_autoptr(GError) error = NULL;

  add_run (result, CS_MODE_THREAD, 1, 1.0, 1.0);
  ((CsRun *) g_ptr_array_index (result->runs, 0))->status = CS_RUN_CANCELLED;
  g_assert_null (cs_result_stats_new (result, &error));
  g_assert_error (error, CS_STATS_ERROR, CS_STATS_ERROR_NO_DATA);
}

/* Pairs stay together: times that drift together (a load that came and went) give a ratio
 * known exactly, where resampling each side on its own would give a wide interval. */
static void
test_paired_ratio (void)
{
  const double a[] = { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 };
  const double b[] = { 2.0, 4.0, 6.0, 8.0, 10.0, 12.0 };
  const double c[] = { 2.2, 3.8, 6.3, 7.7, 10.4, 11.6 };
  double low, high, ratio;

  ratio = cs_stats_paired_ratio (a, b, 6, CS_STATS_DEFAULT_SEED, 2000, &low, &high);
  g_assert_cmpfloat_with_epsilon (ratio, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (low, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (high, 0.5, 1e-12);
  /* the ratio of the medians, as tables show it; an interval around it */
  ratio = cs_stats_paired_ratio (c, a, 6, CS_STATS_DEFAULT_SEED, 2000, &low, &high);
  g_assert_cmpfloat_with_epsilon (ratio, cs_stats_median (c, 6) / cs_stats_median (a, 6), 1e-12);
  g_assert_cmpfloat (low, <, ratio);
  g_assert_cmpfloat (high, >, ratio);
  g_assert_cmpfloat (low, >, 1.5);
  g_assert_cmpfloat (high, <, 2.5);
  /* one pair: an estimate, no interval */
  ratio = cs_stats_paired_ratio (a, b, 1, CS_STATS_DEFAULT_SEED, 2000, &low, &high);
  g_assert_cmpfloat_with_epsilon (ratio, 0.5, 1e-12);
  g_assert_true (isnan (low) && isnan (high));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/samples", test_samples);
  g_test_add_func ("/stats/median-ci", test_median_ci);
  g_test_add_func ("/stats/median-ci-linear", test_median_ci_linear);
  g_test_add_func ("/stats/speedup-normal", test_speedup_normal);
  g_test_add_func ("/stats/paired-ratio", test_paired_ratio);
  g_test_add_func ("/stats/result-points", test_result_points);
  g_test_add_func ("/stats/outlier-and-noise", test_outlier_and_noise);
  g_test_add_func ("/stats/few-reps", test_few_reps);
  g_test_add_func ("/stats/bootstrap-reproducible", test_bootstrap_reproducible);
  g_test_add_func ("/stats/weak-scaling", test_weak_scaling);
  g_test_add_func ("/stats/no-data", test_no_data);
  return g_test_run ();
}
