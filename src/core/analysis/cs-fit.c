/* cs-fit.c: least-squares fits of Amdahl's law and the Universal Scalability Law; Karp–Flatt
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-fit"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cs-fit.h"

G_DEFINE_QUARK (cs-fit-error-quark, cs_fit_error)

/* ---- Shared checks ------------------------------------------------------------------------- */

static guint
count_distinct (const double *n, guint count)
{
  guint distinct = 0;

  for (guint i = 0; i < count; i++)
    {
      gboolean seen = FALSE;
      for (guint j = 0; j < i && !seen; j++)
        seen = n[j] == n[i];
      distinct += !seen;
    }
  return distinct;
}

/* Two-parameter models pass through any two points: with fewer than three worker counts the
 * "fit" would be an artefact, so we say so instead. */
static gboolean
check_points (const double *n, const double *speedup, guint count, GError **error)
{
  guint distinct;

  for (guint i = 0; i < count; i++)
    if (!(n[i] >= 1) || !isfinite (n[i]) || !(speedup[i] > 0) || !isfinite (speedup[i]))
      {
        g_set_error (error, CS_FIT_ERROR, CS_FIT_ERROR_INVALID_DATA,
                     _("cannot fit a model: point %u has %g workers and a speed-up of %g"),
                     i + 1, n[i], speedup[i]);
        return FALSE;
      }
  distinct = count_distinct (n, count);
  if (distinct < CS_FIT_MIN_WORKER_COUNTS)
    {
      g_set_error (error, CS_FIT_ERROR, CS_FIT_ERROR_TOO_FEW_POINTS,
                   _("a scaling model needs at least %d different worker counts; only %u were "
                     "measured"), CS_FIT_MIN_WORKER_COUNTS, distinct);
      return FALSE;
    }
  return TRUE;
}

static double
r_squared (const double *y, const double *fitted, guint count)
{
  double mean = 0, ss_tot = 0, ss_res = 0;

  for (guint i = 0; i < count; i++)
    mean += y[i] / count;
  for (guint i = 0; i < count; i++)
    {
      ss_tot += (y[i] - mean) * (y[i] - mean);
      ss_res += (y[i] - fitted[i]) * (y[i] - fitted[i]);
    }
  return ss_tot > 0 ? 1 - ss_res / ss_tot : NAN;
}

/* ---- Amdahl -------------------------------------------------------------------------------- */

double
cs_amdahl_predict (const CsAmdahlFit *fit, double n)
{
  return 1 / (fit->s + (1 - fit->s) / n);
}

static double
amdahl_cost (double s, const double *n, const double *y, guint count)
{
  CsAmdahlFit fit = { .s = s };
  double cost = 0;

  for (guint i = 0; i < count; i++)
    {
      double r = y[i] - cs_amdahl_predict (&fit, n[i]);
      cost += r * r;
    }
  return cost;
}

/* One parameter on [0, 1]: a grid finds the right valley (the cost need not be convex), then a
 * golden-section search polishes it to machine precision. */
static double
amdahl_minimise (const double *n, const double *y, guint count)
{
  const double phi = (sqrt (5) - 1) / 2;
  const guint steps = 1000;
  double best = 0, best_cost = INFINITY, a, b;

  for (guint i = 0; i <= steps; i++)
    {
      double c = amdahl_cost ((double) i / steps, n, y, count);
      if (c < best_cost)
        best_cost = c, best = (double) i / steps;
    }
  a = MAX (0, best - 1.0 / steps);
  b = MIN (1, best + 1.0 / steps);
  for (guint it = 0; it < 200 && b - a > 1e-15; it++)
    {
      double c = b - phi * (b - a), d = a + phi * (b - a);
      if (amdahl_cost (c, n, y, count) < amdahl_cost (d, n, y, count))
        b = d;
      else
        a = c;
    }
  return (a + b) / 2;
}

gboolean
cs_fit_amdahl (const double *n, const double *speedup, guint count, CsAmdahlFit *fit,
               GError **error)
{
  g_autofree double *fitted = g_new0 (double, MAX (count, 1));

  g_return_val_if_fail (fit != NULL, FALSE);
  if (!check_points (n, speedup, count, error))
    return FALSE;

  fit->s = amdahl_minimise (n, speedup, count);
  for (guint i = 0; i < count; i++)
    fitted[i] = cs_amdahl_predict (fit, n[i]);
  fit->r2 = r_squared (speedup, fitted, count);
  fit->max_speedup = fit->s > 0 ? 1 / fit->s : INFINITY;
  return TRUE;
}

/* ---- USL ----------------------------------------------------------------------------------- */

enum { P_ALPHA, P_BETA, P_GAMMA, N_PARAMS };

double
cs_usl_predict (const CsUslFit *fit, double n)
{
  return fit->gamma * n / (1 + fit->alpha * (n - 1) + fit->beta * n * (n - 1));
}

static double
usl_cost (const double *p, const double *n, const double *y, guint count)
{
  CsUslFit fit = { .alpha = p[P_ALPHA], .beta = p[P_BETA], .gamma = p[P_GAMMA] };
  double cost = 0;

  for (guint i = 0; i < count; i++)
    {
      double r = y[i] - cs_usl_predict (&fit, n[i]);
      cost += r * r;
    }
  return cost;
}

gboolean
cs_fit_usl_linearised (const double *n, const double *speedup, guint count, double *alpha,
                       double *beta, GError **error)
{
  double s2 = 0, s3 = 0, s4 = 0, t1 = 0, t2 = 0, det;

  if (!check_points (n, speedup, count, error))
    return FALSE;
  /* Normal equations of y = b·x² + c·x (no intercept: C(1) = 1 means y = 0 at x = 0). */
  for (guint i = 0; i < count; i++)
    {
      double x = n[i] - 1, y = n[i] / speedup[i] - 1;
      s2 += x * x, s3 += x * x * x, s4 += x * x * x * x;
      t1 += x * y, t2 += x * x * y;
    }
  det = s4 * s2 - s3 * s3;
  if (!(fabs (det) > 0))
    {
      g_set_error (error, CS_FIT_ERROR, CS_FIT_ERROR_INVALID_DATA,
                   _("cannot fit a model: the worker counts do not vary enough"));
      return FALSE;
    }
  *beta = (t2 * s2 - s3 * t1) / det;
  *alpha = (s4 * t1 - s3 * t2) / det - *beta;
  return TRUE;
}

/* Gaussian elimination with partial pivoting on a system of at most N_PARAMS unknowns. */
static gboolean
solve_small (double a[N_PARAMS][N_PARAMS], double *b, guint dim)
{
  for (guint c = 0; c < dim; c++)
    {
      guint pivot = c;
      for (guint r = c + 1; r < dim; r++)
        if (fabs (a[r][c]) > fabs (a[pivot][c]))
          pivot = r;
      if (!(fabs (a[pivot][c]) > 1e-300))
        return FALSE;
      for (guint k = 0; k < dim; k++)
        {
          double t = a[c][k]; a[c][k] = a[pivot][k]; a[pivot][k] = t;
        }
      { double t = b[c]; b[c] = b[pivot]; b[pivot] = t; }
      for (guint r = c + 1; r < dim; r++)
        {
          double f = a[r][c] / a[c][c];
          for (guint k = c; k < dim; k++)
            a[r][k] -= f * a[c][k];
          b[r] -= f * b[c];
        }
    }
  for (int r = dim - 1; r >= 0; r--)
    {
      for (guint k = r + 1; k < dim; k++)
        b[r] -= a[r][k] * b[k];
      b[r] /= a[r][r];
    }
  return TRUE;
}

/* JᵀJ and Jᵀr of the model at p, for the parameters being fitted. */
static void
usl_normal_equations (const double *p, guint np, const double *n, const double *y, guint count,
                      double jtj[N_PARAMS][N_PARAMS], double *jtr)
{
  memset (jtj, 0, sizeof (double) * N_PARAMS * N_PARAMS);
  memset (jtr, 0, sizeof (double) * N_PARAMS);
  for (guint i = 0; i < count; i++)
    {
      double d = 1 + p[P_ALPHA] * (n[i] - 1) + p[P_BETA] * n[i] * (n[i] - 1);
      double f = p[P_GAMMA] * n[i] / d;
      double j[N_PARAMS] = {
        -f * (n[i] - 1) / d,
        -f * n[i] * (n[i] - 1) / d,
        n[i] / d,
      };
      for (guint a = 0; a < np; a++)
        {
          jtr[a] += j[a] * (y[i] - f);
          for (guint b = 0; b < np; b++)
            jtj[a][b] += j[a] * j[b];
        }
    }
}

/* One Levenberg–Marquardt step projected onto α, β >= 0. A parameter sitting on its bound whose
 * step points outwards is held there (an active set), so the others keep moving instead of
 * the whole step being cut off by the projection. */
static gboolean
usl_step (const double *p, guint np, double lambda, double jtj[N_PARAMS][N_PARAMS],
          const double *jtr, double *next)
{
  gboolean held[N_PARAMS] = { FALSE };

  for (guint attempt = 0; attempt <= np; attempt++)
    {
      double a[N_PARAMS][N_PARAMS] = { { 0 } }, b[N_PARAMS] = { 0 };
      guint idx[N_PARAMS], dim = 0;
      gboolean changed = FALSE;

      for (guint k = 0; k < np; k++)
        if (!held[k])
          idx[dim++] = k;
      for (guint r = 0; r < dim; r++)
        {
          for (guint c = 0; c < dim; c++)
            a[r][c] = jtj[idx[r]][idx[c]];
          a[r][r] += lambda * (jtj[idx[r]][idx[r]] + 1e-12);
          b[r] = jtr[idx[r]];
        }
      if (dim > 0 && !solve_small (a, b, dim))
        return FALSE;
      memcpy (next, p, sizeof (double) * N_PARAMS);
      for (guint r = 0; r < dim; r++)
        next[idx[r]] += b[r];
      for (guint k = P_ALPHA; k <= P_BETA; k++)
        if (!held[k] && p[k] <= 0 && next[k] < 0)
          held[k] = changed = TRUE;
      if (!changed)
        break;
    }
  next[P_ALPHA] = MAX (next[P_ALPHA], 0);
  next[P_BETA] = MAX (next[P_BETA], 0);
  next[P_GAMMA] = MAX (next[P_GAMMA], 1e-12);
  return TRUE;
}

static guint
usl_minimise (double *p, guint np, const double *n, const double *y, guint count)
{
  double lambda = 1e-3, cost = usl_cost (p, n, y, count);
  guint it;

  for (it = 0; it < 500 && lambda < 1e15; it++)
    {
      double jtj[N_PARAMS][N_PARAMS], jtr[N_PARAMS], next[N_PARAMS], next_cost;

      usl_normal_equations (p, np, n, y, count, jtj, jtr);
      if (!usl_step (p, np, lambda, jtj, jtr, next))
        {
          lambda *= 10;
          continue;
        }
      next_cost = usl_cost (next, n, y, count);
      if (next_cost < cost)
        {
          gboolean done = cost - next_cost <= 1e-15 * cost + 1e-300;
          memcpy (p, next, sizeof next);
          cost = next_cost;
          lambda = MAX (lambda / 3, 1e-12);
          if (done)
            break;
        }
      else
        lambda *= 4;
    }
  return it;
}

/* γ that minimises the squared error for given α and β: a linear least-squares problem. */
static double
usl_best_gamma (double alpha, double beta, const double *n, const double *y, guint count)
{
  double num = 0, den = 0;

  for (guint i = 0; i < count; i++)
    {
      double g = n[i] / (1 + alpha * (n[i] - 1) + beta * n[i] * (n[i] - 1));
      num += y[i] * g, den += g * g;
    }
  return den > 0 ? num / den : 1;
}

static void
usl_finish (CsUslFit *fit, const double *n, const double *y, guint count)
{
  g_autofree double *fitted = g_new0 (double, MAX (count, 1));

  for (guint i = 0; i < count; i++)
    fitted[i] = cs_usl_predict (fit, n[i]);
  fit->r2 = r_squared (y, fitted, count);
  if (fit->beta > 0)
    {
      fit->peak_n = fit->alpha < 1 ? sqrt ((1 - fit->alpha) / fit->beta) : 1;
      fit->peak_speedup = cs_usl_predict (fit, fit->peak_n);
    }
  else
    {
      fit->peak_n = INFINITY;
      fit->peak_speedup = fit->alpha > 0 ? fit->gamma / fit->alpha : INFINITY;
    }
}

gboolean
cs_fit_usl (const double *n, const double *speedup, guint count, CsUslFlags flags, CsUslFit *fit,
            GError **error)
{
  guint np = flags & CS_USL_FREE_SCALE ? 3 : 2;
  double lin_alpha = 0, lin_beta = 0, best_cost = INFINITY;
  CsAmdahlFit amdahl;
  double starts[3][2];

  g_return_val_if_fail (fit != NULL, FALSE);
  if (!cs_fit_usl_linearised (n, speedup, count, &lin_alpha, &lin_beta, error) ||
      !cs_fit_amdahl (n, speedup, count, &amdahl, error))
    return FALSE;

  /* The linearised fit is usually close; Amdahl's s and the origin are fall-backs for data
   * where it is not (it weights large N heavily and may come out negative). */
  starts[0][0] = MAX (lin_alpha, 0), starts[0][1] = MAX (lin_beta, 0);
  starts[1][0] = amdahl.s, starts[1][1] = 0;
  starts[2][0] = 0, starts[2][1] = 0;
  memset (fit, 0, sizeof *fit);
  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    {
      double p[N_PARAMS] = { starts[s][0], starts[s][1], 1 };
      guint iterations;
      double cost;

      if (np == 3)
        p[P_GAMMA] = usl_best_gamma (p[P_ALPHA], p[P_BETA], n, speedup, count);
      iterations = usl_minimise (p, np, n, speedup, count);
      cost = usl_cost (p, n, speedup, count);
      if (cost < best_cost)
        {
          best_cost = cost;
          fit->alpha = p[P_ALPHA], fit->beta = p[P_BETA], fit->gamma = p[P_GAMMA];
          fit->iterations = iterations;
        }
    }
  if (!isfinite (best_cost))
    {
      g_set_error (error, CS_FIT_ERROR, CS_FIT_ERROR_NO_CONVERGENCE,
                   _("the Universal Scalability Law fit did not converge"));
      return FALSE;
    }
  usl_finish (fit, n, speedup, count);
  return TRUE;
}

/* ---- Karp–Flatt ---------------------------------------------------------------------------- */

double
cs_karp_flatt (double n, double speedup)
{
  if (!(n > 1) || !(speedup > 0))
    return NAN;
  return (1 / speedup - 1 / n) / (1 - 1 / n);
}

/* A change of e across the measured range smaller than this is "constant": e is a difference
 * of reciprocals and so amplifies noise in the speed-ups, mostly at small N. */
#define KF_ABS_TOLERANCE 0.02
#define KF_REL_TOLERANCE 0.5

gboolean
cs_karp_flatt_trend (const double *n, const double *speedup, guint count,
                     CsKarpFlattTrend *trend, double *slope, GError **error)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0, lo = INFINITY, hi = -INFINITY, b, change;

  g_return_val_if_fail (trend != NULL, FALSE);
  if (!check_points (n, speedup, count, error))
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      double e = cs_karp_flatt (n[i], speedup[i]);
      if (isnan (e))
        continue;
      sx += n[i], sy += e, sxx += n[i] * n[i], sxy += n[i] * e, m++;
      lo = MIN (lo, n[i]), hi = MAX (hi, n[i]);
    }
  b = m * sxx - sx * sx > 0 ? (m * sxy - sx * sy) / (m * sxx - sx * sx) : 0;
  change = b * (hi - lo);
  if (fabs (change) <= MAX (KF_ABS_TOLERANCE, KF_REL_TOLERANCE * fabs (sy / m)))
    *trend = CS_KARP_FLATT_CONSTANT;
  else
    *trend = change > 0 ? CS_KARP_FLATT_GROWING : CS_KARP_FLATT_SHRINKING;
  if (slope != NULL)
    *slope = b;
  return TRUE;
}

/* ---- A whole series ------------------------------------------------------------------------ */

gboolean
cs_fit_series (const CsPointStats *const *series, guint n_points, CsSeriesFit *fit,
               GError **error)
{
  g_autofree double *n = g_new0 (double, MAX (n_points, 1));
  g_autofree double *s = g_new0 (double, MAX (n_points, 1));
  guint m = 0;

  g_return_val_if_fail (fit != NULL, FALSE);
  memset (fit, 0, sizeof *fit);
  fit->mode = n_points > 0 ? series[0]->mode : CS_MODE_THREAD;
  for (guint i = 0; i < n_points; i++)
    if (series[i]->n > 0 && isfinite (series[i]->speedup) && series[i]->speedup > 0)
      {
        n[m] = series[i]->workers;
        s[m++] = series[i]->speedup;
      }
  fit->n_points = m;
  if (!check_points (n, s, m, error))
    return FALSE;
  fit->has_amdahl = cs_fit_amdahl (n, s, m, &fit->amdahl, NULL);
  fit->has_usl = cs_fit_usl (n, s, m, CS_USL_FIXED_SCALE, &fit->usl, NULL);
  fit->has_karp_flatt = cs_karp_flatt_trend (n, s, m, &fit->karp_flatt, &fit->karp_flatt_slope,
                                             NULL);
  return TRUE;
}
