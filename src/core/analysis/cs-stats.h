/* cs-stats.h: statistics of every sweep point (mode × workers) of a result
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-result.h"

G_BEGIN_DECLS

#define CS_STATS_ERROR (cs_stats_error_quark ())

typedef enum {
  CS_STATS_ERROR_NO_DATA   /* the result has no successful run at all */
} CsStatsError;

/* A point is "noisy" when its coefficient of variation exceeds this. */
#define CS_STATS_NOISY_CV 0.05
/* Modified Z-score (Iglewicz & Hoaglin) above which a run is flagged as an outlier. */
#define CS_STATS_OUTLIER_Z 3.5
/* ...and that also lies more than this fraction of the median away from it. */
#define CS_STATS_OUTLIER_MIN_DEVIATION 0.02
#define CS_STATS_DEFAULT_SEED 20261122u
#define CS_STATS_DEFAULT_RESAMPLES 2000u

/* Why a point is noisy; several may apply. */
typedef enum {
  CS_NOISE_NONE          = 0,
  CS_NOISE_FEW_REPS      = 1 << 0, /* fewer than 5 successful runs */
  CS_NOISE_BUSY_MACHINE  = 1 << 1, /* wall time varied much more than CPU time: the process
                                    * was waiting for a CPU, i.e. something else ran */
  CS_NOISE_OUTLIERS      = 1 << 2, /* one or more runs are outliers */
  CS_NOISE_OVERSUBSCRIBED = 1 << 3 /* more workers than processing units */
} CsNoiseReason;

/* Statistics of one (mode, workers) point. Times are seconds. Values that cannot be computed
 * (no successful run, no 1-worker baseline, too few runs for an interval) are NAN: test with
 * isnan () before drawing. Only runs with status ok count; failed, timed-out and cancelled
 * runs are counted in n_failed/n_timeout and left out of every statistic. */
typedef struct
{
  CsMode   mode;
  guint    workers;

  guint    n;               /* successful runs used */
  guint    n_failed;        /* runs not ok (failed, timeout, cancelled): excluded */
  guint    n_timeout;       /* of which timed out */

  /* The successful runs, in the order measured: wall times, their index in result->runs,
   * and whether each is an outlier (flagged, never removed). Arrays of n elements. */
  double  *samples;
  guint   *run_index;
  gboolean *is_outlier;
  guint    n_outliers;

  double   median_s, mean_s, min_s, max_s, stddev_s; /* stddev: sample (n − 1) */
  double   cv;              /* stddev / mean */
  /* Distribution-free 95 % interval of the median from order statistics. With fewer than 6
   * runs no order-statistic interval reaches 95 %; then it is [min, max] and median_ci_level
   * gives its real coverage (93.75 % for 5 runs). NAN for n < 2. */
  double   median_ci_low_s, median_ci_high_s, median_ci_level;

  /* Speed-up of the median time: strong scaling T₁/T_N, weak scaling N·T₁/T_N (work per
   * second relative to one worker). speedup uses the same mode's 1-worker median,
   * speedup_vs_best the best 1-worker median of any mode in the result. */
  double   speedup;
  double   speedup_ci_low, speedup_ci_high; /* 95 % percentile bootstrap, seeded */
  double   speedup_vs_best;
  double   efficiency;      /* speedup / workers */

  double   throughput;      /* work units (result->work_unit) per second: median tasks/wall */
  double   unit_throughput; /* preset units per second (result->throughput_unit); NAN if none */

  /* Medians across the successful runs, for explanations. */
  double   cpu_s;           /* user + system */
  double   cpu_utilisation; /* cpu_s / wall: ~workers when CPU-bound, ~0 when waiting */
  double   startup_s;
  double   dispatch_s;
  double   gil_wait_s;      /* medians of the GIL counters (cs-gil.h); gil_wait_s NAN without it */
  double   gil_switches;
  double   involuntary_cs;
  gint64   max_rss_kb;      /* the largest of the runs */
  /* What the workers hold together (CsRun.mem_total_kb): median, least and most across the
   * runs that measured it, in KiB; NAN when none did (results from before it was measured). */
  double   mem_total_kb, mem_total_min_kb, mem_total_max_kb;

  gboolean      noisy;      /* cv > CS_STATS_NOISY_CV */
  CsNoiseReason noise;      /* likely reasons, set when noisy (OVERSUBSCRIBED always) */
} CsPointStats;

typedef struct _CsResultStats CsResultStats;

GQuark         cs_stats_error_quark (void);

/* Computes every point. Points are ordered by the configuration's modes, then by worker count
 * ascending; every configured (mode, workers) pair has a point, also when it has no
 * successful run (n == 0: a missing point), plus any pair found only in the runs. */
CsResultStats *cs_result_stats_new (const CsResult *result, GError **error);
/* Speed-up intervals bootstrap the runs of both points up to this many runs a point; past it
 * (huge hand-made or merged results) a normal approximation replaces the bootstrap, which
 * costs resamples × n log n. */
#define CS_STATS_BOOTSTRAP_MAX_RUNS 500

/* The same with an explicit bootstrap seed and number of resamples (reproducible). */
CsResultStats *cs_result_stats_new_full (const CsResult *result, guint32 seed, guint resamples,
                                         GError **error);
void           cs_result_stats_free (CsResultStats *stats);

guint               cs_result_stats_get_n_points (const CsResultStats *stats);
const CsPointStats *cs_result_stats_get_point (const CsResultStats *stats, guint index);
/* NULL when the result has no such point. */
const CsPointStats *cs_result_stats_lookup (const CsResultStats *stats, CsMode mode,
                                            guint workers);
/* The modes that have at least one point, in the configuration's order. */
const CsMode       *cs_result_stats_get_modes (const CsResultStats *stats, guint *n_modes);
/* One mode's points by ascending worker count (missing points included, n == 0). The array
 * belongs to stats. NULL (and *n_points = 0) when the mode was not measured. */
const CsPointStats *const *cs_result_stats_get_series (const CsResultStats *stats, CsMode mode,
                                                       guint *n_points);
/* The point with the shortest median time (highest throughput for weak scaling), NULL when
 * nothing succeeded. */
const CsPointStats *cs_result_stats_get_best (const CsResultStats *stats);
/* The best 1-worker point across modes (the baseline of speedup_vs_best), or NULL. */
const CsPointStats *cs_result_stats_get_best_baseline (const CsResultStats *stats);
/* Points that were configured but have no successful run. */
guint               cs_result_stats_get_n_missing (const CsResultStats *stats);
guint               cs_result_stats_get_n_failed (const CsResultStats *stats);
CsScaling           cs_result_stats_get_scaling (const CsResultStats *stats);

/* Translated one-line explanation of why a point is noisy ("CV 8.1 % (over 5 %); only 3 runs
 * (use 5 or more); the machine was busy (…)"); NULL when it is not noisy. */
char               *cs_point_stats_describe_noise (const CsPointStats *point);

/* Helpers on plain samples, also used by the fits and the tests. */
double cs_stats_median (const double *values, guint n);
double cs_stats_mean (const double *values, guint n);
double cs_stats_stddev (const double *values, guint n);        /* sample, n − 1 */
/* Median CI from order statistics; returns the achieved coverage (0 when n < 2). */
double cs_stats_median_ci (const double *values, guint n, double *low, double *high);
/* The coverage cs_stats_median_ci () reaches with n runs: 0.95 from 6 runs on, below that
 * the [min, max] interval's (0.75 for 3 runs); 0 for fewer than 2 runs. */
double cs_stats_median_ci_level (guint n);
/* The one name of the intervals drawn and printed for points of n runs: "95 % CI", or its real
 * coverage ("75 % CI") when n runs cannot reach 95 %. The speed-up's bootstrap interval gets
 * the same name: resampled medians of n runs never leave [min, max], so it cannot be surer
 * than the medians' own interval. Free with g_free (). */
char  *cs_stats_ci_label (guint n);
/* Modified Z-scores 0.6745·(x − median)/MAD into z (n elements). */
void   cs_stats_modified_z (const double *values, guint n, double *z);
/* Times measured in the same repetition are paired (the sweep interleaves its points, so a
 * pair shares the machine's state): returns median(a) / median(b), the ratio the tables show,
 * and in *low, *high its 95 % percentile bootstrap interval over resampled pairs (NAN when
 * n < 2), seeded for reproducibility. */
double cs_stats_paired_ratio (const double *a, const double *b, guint n, guint32 seed,
                              guint resamples, double *low, double *high);

/* The summary CSV (cs-summary-csv.c): one row per (mode, workers) with these statistics. */
char          *cs_result_summary_to_csv (const CsResult *result);
gboolean       cs_result_save_summary_csv (const CsResult *result, const char *path,
                                           GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsResultStats, cs_result_stats_free)

G_END_DECLS
