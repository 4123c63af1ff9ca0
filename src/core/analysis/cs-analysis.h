/* cs-analysis.h: what the numbers mean: recommendations for a result, comparisons of results
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-fit.h"
#include "cs-result.h"
#include "cs-stats.h"
#include "cs-verdict.h"

G_BEGIN_DECLS

#define CS_ANALYSIS_ERROR (cs_analysis_error_quark ())

typedef enum {
  CS_ANALYSIS_ERROR_NO_DATA,   /* nothing to analyse or compare */
} CsAnalysisError;

/* Notes that follow the verdict and decide nothing: the fitted model of the chosen mode, how
 * two GIL implementations compare, noisy and missing points. */
typedef struct
{
  GPtrArray *advice;        /* char*: translated sentences in reading order */
} CsRecommendation;

typedef struct _CsAnalysis CsAnalysis;

GQuark      cs_analysis_error_quark (void);

/* Statistics, a fit per mode and the recommendation for one result. Fails only when the result
 * has no successful run at all; missing points give a partial analysis. */
CsAnalysis *cs_analysis_new (const CsResult *result, GError **error);
/* The same, with the verdict's precision (<= 0: CS_VERDICT_DEFAULT_PRECISION). */
CsAnalysis *cs_analysis_new_full (const CsResult *result, double precision, GError **error);
void        cs_analysis_free (CsAnalysis *analysis);

const CsResultStats    *cs_analysis_get_stats (const CsAnalysis *analysis);
/* NULL when the mode could not be fitted; then cs_analysis_get_fit_problem says why. */
const CsSeriesFit      *cs_analysis_get_fit (const CsAnalysis *analysis, CsMode mode);
const char             *cs_analysis_get_fit_problem (const CsAnalysis *analysis, CsMode mode);
const CsRecommendation *cs_analysis_get_recommendation (const CsAnalysis *analysis);
/* The one answer: every view renders it, none decides on its own. */
const CsVerdict        *cs_analysis_get_verdict (const CsAnalysis *analysis);
/* A CsSweepJudgeFunc for adaptive sweeps (cs_sweep_request_set_judge): whether the verdict of
 * the runs so far is settled, and its precision. */
gboolean                cs_analysis_judge (const CsResult *result, double precision,
                                           double *reached, gpointer user_data);

/* ---- Comparing results ---------------------------------------------------------------------- */

/* One (mode, workers) line across the compared results; arrays have one entry per result,
 * with NULL points / NAN values where a result lacks the point. Ratios are relative to the
 * first result: time_ratio > 1 means slower than the first. */
typedef struct
{
  CsMode               mode;
  guint                workers;
  const CsPointStats **points;
  double              *time_ratio;
  double              *throughput_ratio;
  double              *efficiency_per_core; /* speed-up / min(workers, physical cores) */
} CsComparisonRow;

typedef struct _CsComparison CsComparison;

/* names label the results in messages (usually file names); results are borrowed and must
 * outlive the comparison. Fails when a result has no successful run (the message names it). */
CsComparison *cs_comparison_new (const CsResult *const *results, const char *const *names,
                                 guint n_results, GError **error);
void          cs_comparison_free (CsComparison *comparison);

guint                  cs_comparison_get_n_results (const CsComparison *comparison);
const char            *cs_comparison_get_name (const CsComparison *comparison, guint index);
const CsResultStats   *cs_comparison_get_stats (const CsComparison *comparison, guint index);
/* Rows by the first result's mode order, then workers ascending; the union of all points. */
guint                  cs_comparison_get_n_rows (const CsComparison *comparison);
const CsComparisonRow *cs_comparison_get_row (const CsComparison *comparison, guint index);
/* Translated lines: every configuration or machine property that differs, e.g.
 * "placement: none (a.json), compact (b.json)". Empty when the runs are alike. */
GPtrArray             *cs_comparison_get_differences (const CsComparison *comparison);
/* Translated advice drawn from the comparison (which placement or machine was faster). */
GPtrArray             *cs_comparison_get_advice (const CsComparison *comparison);
/* One row per (result, mode, workers) with the numbers of the table; locale-independent. */
char                  *cs_comparison_to_csv (const CsComparison *comparison);

/* "830 µs", "14.2 ms", "1.25 s", "2 min 5 s": for tables and sentences. */
char       *cs_format_seconds (double seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsAnalysis, cs_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsComparison, cs_comparison_free)

G_END_DECLS
