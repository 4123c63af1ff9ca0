/* cs-stats.c: per-point statistics: robust centre, spread, intervals, speed-ups, outliers
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs-gil.h"
#include "cs-stats.h"

G_DEFINE_QUARK (cs-stats-error-quark, cs_stats_error)

struct _CsResultStats
{
  GPtrArray *points;               /* CsPointStats*, owned */
  GPtrArray *series[CS_MAX_MODES];   /* borrowed from points, by ascending workers */
  CsMode     modes[CS_MAX_MODES];
  guint      n_modes;
  CsScaling  scaling;
  guint      n_pus;                /* 0 when the result has no machine */
  guint      n_failed;
};

/* ---- Plain sample helpers ------------------------------------------------------------------ */

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double *
sorted_copy (const double *values, guint n)
{
  double *copy = g_memdup2 (values, sizeof (double) * MAX (n, 1));
  qsort (copy, n, sizeof (double), compare_doubles);
  return copy;
}

static double
median_of_sorted (const double *sorted, guint n)
{
  if (n == 0)
    return NAN;
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

double
cs_stats_median (const double *values, guint n)
{
  g_autofree double *sorted = NULL;

  if (n == 0)
    return NAN;
  sorted = sorted_copy (values, n);
  return median_of_sorted (sorted, n);
}

double
cs_stats_mean (const double *values, guint n)
{
  double sum = 0;

  if (n == 0)
    return NAN;
  for (guint i = 0; i < n; i++)
    sum += values[i];
  return sum / n;
}

double
cs_stats_stddev (const double *values, guint n)
{
  double mean, sum = 0;

  if (n < 2)
    return n == 1 ? 0 : NAN;
  mean = cs_stats_mean (values, n);
  for (guint i = 0; i < n; i++)
    sum += (values[i] - mean) * (values[i] - mean);
  return sqrt (sum / (n - 1));
}

/* P(X = j) for X ~ Binomial(n, 1/2), in log space so that large n does not underflow. */
static double
binomial_half_pmf (guint n, guint j)
{
  return exp (lgamma (n + 1.0) - lgamma (j + 1.0) - lgamma (n - j + 1.0) - n * G_LN2);
}

/* The number of runs below the true median is Binomial(n, 1/2), so [x_(k), x_(n−k+1)] covers
 * the median with probability 1 − 2·P(X ≤ k−1), whatever the distribution of the times. We
 * take the narrowest such interval that still reaches 95 %. The CDF is summed once as k
 * grows (the same terms in the same order as summing it afresh for every k, so the same
 * figures): O(n) terms, where a fresh sum per k made 10⁵ runs take a minute (issue #20). */
double
cs_stats_median_ci (const double *values, guint n, double *low, double *high)
{
  g_autofree double *sorted = NULL;
  double below, at;  /* P(X ≤ k−1) and P(X ≤ k) */
  guint k = 1;

  *low = *high = NAN;
  if (n < 2)
    return 0;
  sorted = sorted_copy (values, n);
  below = binomial_half_pmf (n, 0);
  at = below + binomial_half_pmf (n, 1);
  while (k < n / 2 && MIN (at, 1.0) <= 0.025)
    {
      k++;
      below = at;
      at += binomial_half_pmf (n, k);
    }
  *low = sorted[k - 1];
  *high = sorted[n - k];
  return 1 - 2 * MIN (below, 1.0);
}

double
cs_stats_median_ci_level (guint n)
{
  g_autofree double *ranks = g_new0 (double, MAX (n, 1));
  double low, high;

  for (guint i = 0; i < n; i++)
    ranks[i] = i;
  return cs_stats_median_ci (ranks, n, &low, &high);
}

char *
cs_stats_ci_label (guint n)
{
  double level = cs_stats_median_ci_level (n);

  /* From 6 runs on the interval is the narrowest reaching 95 %: that is what it promises. Below,
   * %.0f of 0.9375 would round up to a 94 % that is not there: floor the percentage. */
  if (level >= 0.95)
    return g_strdup (_("95 % CI"));
  if (!(level > 0))
    return g_strdup (_("CI")); /* the number of runs is unknown */
  return g_strdup_printf (_("%.0f %% CI"), floor (level * 100 + 1e-9));
}

/* Iglewicz and Hoaglin's modified Z-score, robust because both centre and scale are medians.
 * When more than half the runs are identical the MAD is 0; they then scale by the mean
 * absolute deviation (×1.253314 makes both estimate σ for normal data). */
void
cs_stats_modified_z (const double *values, guint n, double *z)
{
  g_autofree double *dev = g_new0 (double, MAX (n, 1));
  double median = cs_stats_median (values, n);
  double mad, mean_ad, scale;

  for (guint i = 0; i < n; i++)
    dev[i] = fabs (values[i] - median);
  mad = cs_stats_median (dev, n);
  mean_ad = cs_stats_mean (dev, n);
  scale = mad > 0 ? mad / 0.6745 : 1.253314 * mean_ad;
  for (guint i = 0; i < n; i++)
    z[i] = scale > 0 ? (values[i] - median) / scale : 0;
}

/* ---- One point ----------------------------------------------------------------------------- */

static void
point_free (CsPointStats *p)
{
  g_free (p->samples);
  g_free (p->run_index);
  g_free (p->is_outlier);
  g_free (p);
}

static CsPointStats *
point_new (CsMode mode, guint workers)
{
  CsPointStats *p = g_new0 (CsPointStats, 1);

  p->mode = mode;
  p->workers = workers;
  p->median_s = p->mean_s = p->min_s = p->max_s = p->stddev_s = p->cv = NAN;
  p->median_ci_low_s = p->median_ci_high_s = p->median_ci_level = NAN;
  p->speedup = p->speedup_ci_low = p->speedup_ci_high = p->speedup_vs_best = NAN;
  p->efficiency = p->throughput = p->unit_throughput = NAN;
  p->cpu_s = p->cpu_utilisation = p->startup_s = p->dispatch_s = NAN;
  p->gil_wait_s = p->gil_switches = p->involuntary_cs = NAN;
  p->mem_total_kb = p->mem_total_min_kb = p->mem_total_max_kb = NAN;
  return p;
}

/* The median of one field across the point's runs. */
typedef double (*RunField) (const CsRun *run);

static double field_cpu (const CsRun *r) { return r->user_s + r->sys_s; }
static double field_util (const CsRun *r) { return r->wall_s > 0 ? (r->user_s + r->sys_s) / r->wall_s : NAN; }
static double field_startup (const CsRun *r) { return r->startup_s; }
static double field_dispatch (const CsRun *r) { return r->dispatch_s; }
/* NAN where the backend does not count it, so a mode without a GIL reads "not measured" */
static double field_gil_wait (const CsRun *r) { return cs_run_has_counter (r, CS_GIL_COUNTER_WAIT_S) ? cs_run_get_counter (r, CS_GIL_COUNTER_WAIT_S) : NAN; }
static double field_gil_switches (const CsRun *r) { return cs_run_get_counter (r, CS_GIL_COUNTER_SWITCHES); }
static double field_invcs (const CsRun *r) { return (double) r->involuntary_cs; }
static double field_rate (const CsRun *r) { return r->wall_s > 0 ? r->tasks / r->wall_s : NAN; }
static double field_mem_total (const CsRun *r) { return r->mem_total_kb >= 0 ? (double) r->mem_total_kb : NAN; }
static double field_unit_rate (const CsRun *r) { return r->wall_s > 0 && r->units > 0 ? r->units / r->wall_s : NAN; }

static double
median_field (const CsResult *result, const CsPointStats *p, RunField field, double *cv)
{
  g_autofree double *v = g_new0 (double, MAX (p->n, 1));
  guint m = 0;

  for (guint i = 0; i < p->n; i++)
    {
      double x = field (g_ptr_array_index (result->runs, p->run_index[i]));
      if (isfinite (x))
        v[m++] = x;
    }
  if (cv != NULL)
    *cv = m > 1 && cs_stats_mean (v, m) > 0 ? cs_stats_stddev (v, m) / cs_stats_mean (v, m) : NAN;
  return cs_stats_median (v, m);
}

static void
collect_runs (const CsResult *result, CsPointStats *p)
{
  p->samples = g_new0 (double, result->runs->len + 1);
  p->run_index = g_new0 (guint, result->runs->len + 1);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *r = g_ptr_array_index (result->runs, i);

      if (r->mode != p->mode || r->workers != p->workers)
        continue;
      /* A disturbed run measured again is a record, not a sample (cs-run-noise.h). */
      if (r->status == CS_RUN_OK && r->remeasured)
        continue;
      if (r->status != CS_RUN_OK || !isfinite (r->wall_s))
        {
          p->n_failed++;
          p->n_timeout += r->status == CS_RUN_TIMEOUT;
          continue;
        }
      p->samples[p->n] = r->wall_s;
      p->run_index[p->n++] = i;
    }
  p->is_outlier = g_new0 (gboolean, MAX (p->n, 1));
}

/* When runs agree to a fraction of a percent the MAD is tiny and the modified Z-score flags
 * differences nobody cares about (timer and scheduler jitter): a run must also be more than
 * CS_STATS_OUTLIER_MIN_DEVIATION away from the median to count as an outlier. */
static void
flag_outliers (CsPointStats *p)
{
  g_autofree double *z = g_new0 (double, MAX (p->n, 1));

  if (p->n < 3)
    return;
  cs_stats_modified_z (p->samples, p->n, z);
  for (guint i = 0; i < p->n; i++)
    {
      p->is_outlier[i] = fabs (z[i]) > CS_STATS_OUTLIER_Z &&
                         fabs (p->samples[i] - p->median_s) >
                         CS_STATS_OUTLIER_MIN_DEVIATION * p->median_s;
      p->n_outliers += p->is_outlier[i];
    }
}

static void
describe_spread (CsPointStats *p)
{
  g_autofree double *sorted = sorted_copy (p->samples, p->n);

  p->median_s = median_of_sorted (sorted, p->n);
  p->mean_s = cs_stats_mean (sorted, p->n);
  p->min_s = sorted[0];
  p->max_s = sorted[p->n - 1];
  p->stddev_s = cs_stats_stddev (sorted, p->n);
  p->cv = p->mean_s > 0 ? p->stddev_s / p->mean_s : NAN;
  if (p->n >= 2)
    p->median_ci_level = cs_stats_median_ci (sorted, p->n, &p->median_ci_low_s,
                                             &p->median_ci_high_s);
}

/* Noise diagnosis. CPU time measures work done and hardly depends on contention for the
 * CPUs, while wall time grows whenever another process runs instead of ours: if wall times
 * vary much more than CPU times, the machine was busy. */
static void
diagnose_noise (const CsResult *result, CsPointStats *p, guint n_pus)
{
  double wall_cv = p->cv, cpu_cv = NAN;

  if (n_pus > 0 && p->workers > n_pus)
    p->noise |= CS_NOISE_OVERSUBSCRIBED;
  p->noisy = isfinite (p->cv) && p->cv > CS_STATS_NOISY_CV;
  if (!p->noisy)
    return;
  if (p->n < 5)
    p->noise |= CS_NOISE_FEW_REPS;
  if (p->n_outliers > 0)
    p->noise |= CS_NOISE_OUTLIERS;
  median_field (result, p, field_cpu, &cpu_cv);
  if (isfinite (cpu_cv) && p->cpu_s > 0.05 * p->median_s && cpu_cv < wall_cv / 2)
    p->noise |= CS_NOISE_BUSY_MACHINE;
}

static void
describe_runs (const CsResult *result, CsPointStats *p)
{
  p->cpu_s = median_field (result, p, field_cpu, NULL);
  p->cpu_utilisation = median_field (result, p, field_util, NULL);
  p->startup_s = median_field (result, p, field_startup, NULL);
  p->dispatch_s = median_field (result, p, field_dispatch, NULL);
  p->gil_wait_s = median_field (result, p, field_gil_wait, NULL);
  p->gil_switches = median_field (result, p, field_gil_switches, NULL);
  p->involuntary_cs = median_field (result, p, field_invcs, NULL);
  p->throughput = median_field (result, p, field_rate, NULL);
  p->unit_throughput = median_field (result, p, field_unit_rate, NULL);
  p->mem_total_kb = median_field (result, p, field_mem_total, NULL);
  for (guint i = 0; i < p->n; i++)
    {
      const CsRun *r = g_ptr_array_index (result->runs, p->run_index[i]);
      double mem = field_mem_total (r);

      p->max_rss_kb = MAX (p->max_rss_kb, r->max_rss_kb);
      if (isfinite (mem))
        {
          p->mem_total_min_kb = isfinite (p->mem_total_min_kb) ? MIN (p->mem_total_min_kb, mem)
                                                               : mem;
          p->mem_total_max_kb = isfinite (p->mem_total_max_kb) ? MAX (p->mem_total_max_kb, mem)
                                                               : mem;
        }
    }
}

static CsPointStats *
point_compute (const CsResult *result, CsMode mode, guint workers, guint n_pus)
{
  CsPointStats *p = point_new (mode, workers);

  collect_runs (result, p);
  if (p->n > 0)
    {
      describe_spread (p);
      flag_outliers (p);
      describe_runs (result, p);
    }
  diagnose_noise (result, p, n_pus);
  return p;
}

/* ---- Speed-ups ----------------------------------------------------------------------------- */

static double
scaled (CsScaling scaling, guint workers, double t1, double tn)
{
  double s = t1 / tn;
  return scaling == CS_SCALING_WEAK ? s * workers : s;
}

static double
resampled_median (GRand *rand, const double *samples, guint n, double *scratch)
{
  for (guint i = 0; i < n; i++)
    scratch[i] = samples[g_rand_int_range (rand, 0, (gint32) n)];
  qsort (scratch, n, sizeof (double), compare_doubles);
  return median_of_sorted (scratch, n);
}

/* The standard error of log(median) from the order-statistic interval: the median is
 * asymptotically normal, and its 95 % interval is then ±1.96 standard errors. */
static double
log_median_se (const CsPointStats *p)
{
  return (log (p->median_ci_high_s) - log (p->median_ci_low_s)) / (2 * 1.959964);
}

/* Past CS_STATS_BOOTSTRAP_MAX_RUNS runs a point, the bootstrap (resamples × n log n) would
 * take minutes; by then both medians are normal to a good approximation, so the ratio's
 * interval is the delta method's on the log scale, from each median's distribution-free
 * interval. */
static void
normal_speedup (CsPointStats *p, const CsPointStats *base, CsScaling scaling)
{
  double s = scaled (scaling, p->workers, base->median_s, p->median_s);
  double se = hypot (log_median_se (base), log_median_se (p));

  p->speedup_ci_low = s * exp (-1.959964 * se);
  p->speedup_ci_high = s * exp (1.959964 * se);
}

/* Resamples repetitions, not runs: both sides of a pair stay together, so a disturbance that
 * hit one repetition moves numerator and denominator alike. */
static double
resampled_paired_ratio (GRand *rand, const double *a, const double *b, guint n, double *sa,
                        double *sb)
{
  for (guint i = 0; i < n; i++)
    {
      guint k = g_rand_int_range (rand, 0, (gint32) n);
      sa[i] = a[k];
      sb[i] = b[k];
    }
  qsort (sa, n, sizeof (double), compare_doubles);
  qsort (sb, n, sizeof (double), compare_doubles);
  return median_of_sorted (sa, n) / median_of_sorted (sb, n);
}

double
cs_stats_paired_ratio (const double *a, const double *b, guint n, guint32 seed, guint resamples,
                       double *low, double *high)
{
  g_autoptr(GRand) rand = NULL;
  g_autofree double *sa = g_new (double, MAX (n, 1));
  g_autofree double *sb = g_new (double, MAX (n, 1));
  g_autofree double *ratios = NULL;

  *low = *high = NAN;
  if (n == 0)
    return NAN;
  if (n < 2 || resamples < 2)
    return cs_stats_median (a, n) / cs_stats_median (b, n);
  rand = g_rand_new_with_seed (seed);
  ratios = g_new (double, resamples);
  for (guint r = 0; r < resamples; r++)
    ratios[r] = resampled_paired_ratio (rand, a, b, n, sa, sb);
  qsort (ratios, resamples, sizeof (double), compare_doubles);
  *low = ratios[(guint) floor (0.025 * (resamples - 1))];
  *high = ratios[(guint) ceil (0.975 * (resamples - 1))];
  return cs_stats_median (a, n) / cs_stats_median (b, n);
}

/* Percentile bootstrap: resample both points' runs with replacement and take the ratio of the
 * medians. The generator is seeded from the seed and the point, so every point's interval is
 * reproducible and independent of the order points are computed in. */
static void
bootstrap_speedup (CsPointStats *p, const CsPointStats *base, CsScaling scaling, guint32 seed,
                   guint resamples)
{
  g_autoptr(GRand) rand = NULL;
  g_autofree double *ratios = NULL;
  g_autofree double *s1 = NULL;
  g_autofree double *sn = NULL;

  if (base->n < 2 || p->n < 2 || resamples < 2)
    return;
  if (base->n > CS_STATS_BOOTSTRAP_MAX_RUNS && p->n > CS_STATS_BOOTSTRAP_MAX_RUNS &&
      base->median_ci_low_s > 0 && p->median_ci_low_s > 0)
    {
      normal_speedup (p, base, scaling);
      return;
    }
  rand = g_rand_new_with_seed (seed ^ (p->mode * 0x9e3779b9u) ^ (p->workers * 0x85ebca6bu));
  ratios = g_new (double, resamples);
  s1 = g_new (double, base->n);
  sn = g_new (double, p->n);
  for (guint b = 0; b < resamples; b++)
    {
      double t1 = resampled_median (rand, base->samples, base->n, s1);
      double tn = resampled_median (rand, p->samples, p->n, sn);
      ratios[b] = scaled (scaling, p->workers, t1, tn);
    }
  qsort (ratios, resamples, sizeof (double), compare_doubles);
  p->speedup_ci_low = ratios[(guint) floor (0.025 * (resamples - 1))];
  p->speedup_ci_high = ratios[(guint) ceil (0.975 * (resamples - 1))];
}

static void
compute_speedups (CsResultStats *stats, guint32 seed, guint resamples)
{
  const CsPointStats *best = cs_result_stats_get_best_baseline (stats);

  for (guint i = 0; i < stats->points->len; i++)
    {
      CsPointStats *p = g_ptr_array_index (stats->points, i);
      const CsPointStats *base = cs_result_stats_lookup (stats, p->mode, 1);

      if (p->n == 0)
        continue;
      if (base != NULL && base->n > 0)
        {
          p->speedup = scaled (stats->scaling, p->workers, base->median_s, p->median_s);
          p->efficiency = p->speedup / p->workers;
          bootstrap_speedup (p, base, stats->scaling, seed, resamples);
        }
      if (best != NULL)
        p->speedup_vs_best = scaled (stats->scaling, p->workers, best->median_s, p->median_s);
    }
}

/* ---- The whole result ---------------------------------------------------------------------- */

static int
compare_points (gconstpointer a, gconstpointer b)
{
  const CsPointStats *x = *(CsPointStats **) a, *y = *(CsPointStats **) b;
  return (x->workers > y->workers) - (x->workers < y->workers);
}

static void
add_mode (CsResultStats *stats, CsMode mode)
{
  if (stats->series[mode] != NULL)
    return;
  stats->series[mode] = g_ptr_array_new ();
  stats->modes[stats->n_modes++] = mode;
}

static void
add_point (CsResultStats *stats, const CsResult *result, CsMode mode, guint workers)
{
  CsPointStats *p;

  if ((guint) mode >= CS_MAX_MODES || cs_result_stats_lookup (stats, mode, workers) != NULL)
    return;
  add_mode (stats, mode);
  p = point_compute (result, mode, workers, stats->n_pus);
  g_ptr_array_add (stats->series[mode], p);
  g_ptr_array_sort (stats->series[mode], compare_points);
  stats->n_failed += p->n_failed;
}

/* Configured points first (so that missing ones show up), then any others found in the runs
 * (hand-edited or merged files). The flat list follows the series. */
static void
collect_points (CsResultStats *stats, const CsResult *result)
{
  const CsSweepConfig *c = result->config;

  for (guint m = 0; m < c->n_modes; m++)
    for (guint w = 0; w < c->n_workers; w++)
      add_point (stats, result, c->modes[m].mode, c->workers[w]);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *r = g_ptr_array_index (result->runs, i);
      add_point (stats, result, r->mode, r->workers);
    }
  for (guint m = 0; m < stats->n_modes; m++)
    {
      GPtrArray *series = stats->series[stats->modes[m]];
      for (guint i = 0; i < series->len; i++)
        g_ptr_array_add (stats->points, g_ptr_array_index (series, i));
    }
}

CsResultStats *
cs_result_stats_new_full (const CsResult *result, guint32 seed, guint resamples, GError **error)
{
  g_autoptr(CsResultStats) stats = NULL;
  gboolean any_ok = FALSE;

  g_return_val_if_fail (result != NULL && result->config != NULL, NULL);

  stats = g_new0 (CsResultStats, 1);
  stats->points = g_ptr_array_new_with_free_func ((GDestroyNotify) point_free);
  stats->scaling = result->config->scaling;
  stats->n_pus = result->machine ? result->machine->n_pus : 0;
  collect_points (stats, result);
  for (guint i = 0; i < stats->points->len; i++)
    any_ok |= ((CsPointStats *) g_ptr_array_index (stats->points, i))->n > 0;
  if (!any_ok)
    {
      g_set_error (error, CS_STATS_ERROR, CS_STATS_ERROR_NO_DATA,
                   _("the result has no successful run to analyse"));
      return NULL;
    }
  compute_speedups (stats, seed, resamples);
  return g_steal_pointer (&stats);
}

CsResultStats *
cs_result_stats_new (const CsResult *result, GError **error)
{
  return cs_result_stats_new_full (result, CS_STATS_DEFAULT_SEED, CS_STATS_DEFAULT_RESAMPLES,
                                   error);
}

void
cs_result_stats_free (CsResultStats *stats)
{
  if (stats == NULL)
    return;
  for (guint m = 0; m < CS_MAX_MODES; m++)
    g_clear_pointer (&stats->series[m], g_ptr_array_unref);
  g_clear_pointer (&stats->points, g_ptr_array_unref);
  g_free (stats);
}

guint
cs_result_stats_get_n_points (const CsResultStats *stats)
{
  g_return_val_if_fail (stats != NULL, 0);
  return stats->points->len;
}

const CsPointStats *
cs_result_stats_get_point (const CsResultStats *stats, guint index)
{
  g_return_val_if_fail (stats != NULL, NULL);
  g_return_val_if_fail (index < stats->points->len, NULL);
  return g_ptr_array_index (stats->points, index);
}

const CsPointStats *
cs_result_stats_lookup (const CsResultStats *stats, CsMode mode, guint workers)
{
  GPtrArray *series;

  g_return_val_if_fail (stats != NULL, NULL);
  if ((guint) mode >= CS_MAX_MODES || (series = stats->series[mode]) == NULL)
    return NULL;
  for (guint i = 0; i < series->len; i++)
    {
      const CsPointStats *p = g_ptr_array_index (series, i);
      if (p->workers == workers)
        return p;
    }
  return NULL;
}

const CsMode *
cs_result_stats_get_modes (const CsResultStats *stats, guint *n_modes)
{
  g_return_val_if_fail (stats != NULL, NULL);
  *n_modes = stats->n_modes;
  return stats->modes;
}

const CsPointStats *const *
cs_result_stats_get_series (const CsResultStats *stats, CsMode mode, guint *n_points)
{
  g_return_val_if_fail (stats != NULL, NULL);
  *n_points = 0;
  if ((guint) mode >= CS_MAX_MODES || stats->series[mode] == NULL)
    return NULL;
  *n_points = stats->series[mode]->len;
  return (const CsPointStats *const *) stats->series[mode]->pdata;
}

/* Work per second relative to one worker's share: comparable across worker counts for both
 * kinds of scaling (for weak scaling N workers do N times the work). */
static double
point_rate (const CsResultStats *stats, const CsPointStats *p)
{
  return (stats->scaling == CS_SCALING_WEAK ? p->workers : 1) / p->median_s;
}

const CsPointStats *
cs_result_stats_get_best (const CsResultStats *stats)
{
  const CsPointStats *best = NULL;

  g_return_val_if_fail (stats != NULL, NULL);
  for (guint i = 0; i < stats->points->len; i++)
    {
      const CsPointStats *p = g_ptr_array_index (stats->points, i);
      if (p->n > 0 && (best == NULL || point_rate (stats, p) > point_rate (stats, best)))
        best = p;
    }
  return best;
}

const CsPointStats *
cs_result_stats_get_best_baseline (const CsResultStats *stats)
{
  const CsPointStats *best = NULL;

  g_return_val_if_fail (stats != NULL, NULL);
  for (guint m = 0; m < stats->n_modes; m++)
    {
      const CsPointStats *p = cs_result_stats_lookup (stats, stats->modes[m], 1);
      if (p != NULL && p->n > 0 && (best == NULL || p->median_s < best->median_s))
        best = p;
    }
  return best;
}

guint
cs_result_stats_get_n_missing (const CsResultStats *stats)
{
  guint missing = 0;

  g_return_val_if_fail (stats != NULL, 0);
  for (guint i = 0; i < stats->points->len; i++)
    missing += ((CsPointStats *) g_ptr_array_index (stats->points, i))->n == 0;
  return missing;
}

guint
cs_result_stats_get_n_failed (const CsResultStats *stats)
{
  g_return_val_if_fail (stats != NULL, 0);
  return stats->n_failed;
}

CsScaling
cs_result_stats_get_scaling (const CsResultStats *stats)
{
  g_return_val_if_fail (stats != NULL, CS_SCALING_STRONG);
  return stats->scaling;
}

char *
cs_point_stats_describe_noise (const CsPointStats *p)
{
  GString *s;

  g_return_val_if_fail (p != NULL, NULL);
  if (!p->noisy)
    return NULL;
  /* TRANSLATORS: CV is the coefficient of variation of the run times */
  s = g_string_new (NULL);
  g_string_append_printf (s, _("CV %.1f %% (over 5 %%)"), p->cv * 100);
  if (p->noise & CS_NOISE_FEW_REPS)
    g_string_append_printf (s, _("; only %u runs (use 5 or more)"), p->n);
  if (p->noise & CS_NOISE_BUSY_MACHINE)
    g_string_append (s, _("; the machine was busy (wall time varied much more than CPU time)"));
  if (p->noise & CS_NOISE_OVERSUBSCRIBED)
    g_string_append (s, _("; more workers than processing units"));
  if (p->noise & CS_NOISE_OUTLIERS)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "; %u outlier run",
                                            "; %u outlier runs", p->n_outliers),
                            p->n_outliers);
  return g_string_free (s, FALSE);
}
