/* cs-results-view.h: the results of a sweep: progress, five charts, a table and a summary
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-analysis.h"
#include "cs-chart-data.h"
#include "cs-chart-view.h"
#include "cs-result.h"

G_BEGIN_DECLS

#define CS_TYPE_RESULTS_VIEW (cs_results_view_get_type ())
G_DECLARE_FINAL_TYPE (CsResultsView, cs_results_view, CS, RESULTS_VIEW, GtkWidget)

/* results holds CsResult*: the first is the one shown in the table and the summary, the others
 * are overlaid on the charts (comparison). The view keeps a reference to the array, whose
 * results must not change any more (hand it copies). NULL or empty shows the empty state.
 * Charts, statistics and analysis are computed in a thread; the "updated" signal says when the
 * view shows the latest results. New results while a build runs are coalesced. */
void          cs_results_view_set_results (CsResultsView *self, GPtrArray *results);
GPtrArray    *cs_results_view_get_results (CsResultsView *self);
/* While live (a sweep runs and new results come several times a second), only what is on
 * screen is computed; the other pages catch up when shown or when live ends. */
void          cs_results_view_set_live (CsResultsView *self, gboolean live);
/* TRUE while the view does not yet show the latest results. */
gboolean      cs_results_view_is_updating (CsResultsView *self);
/* Shows a progress line ("process · 4 workers · rep 2/5"), a right-aligned remark (the ETA) and
 * the fraction done (< 0 keeps it); text NULL hides the progress. */
void          cs_results_view_set_progress (CsResultsView *self, const char *text,
                                            const char *remark, double fraction);
/* The progress line and its remark as shown ("line · remark"), NULL when hidden. */
char         *cs_results_view_get_progress_text (CsResultsView *self);
CsChartView  *cs_results_view_get_chart_view (CsResultsView *self, CsChartKind kind);
/* The chart view on screen, or NULL when the table or the summary is shown. */
CsChartView  *cs_results_view_get_visible_chart_view (CsResultsView *self);
/* "speedup", "efficiency", "time", "throughput", "overhead", "memory", "table", "summary" */
void          cs_results_view_show_view (CsResultsView *self, const char *name);
/* Points listed in the table (tests). */
guint         cs_results_view_get_n_table_rows (CsResultsView *self);
/* Every cell of the table as shown, one a line (tests). */
char         *cs_results_view_get_table_text (CsResultsView *self);
/* The analysis of the first result, NULL before it is computed or when it has no data. */
const CsAnalysis *cs_results_view_get_analysis (CsResultsView *self);
/* Adds a page after Summary (the comparison table); hide it with adw_view_stack_page_set_visible. */
AdwViewStackPage *cs_results_view_add_page (CsResultsView *self, GtkWidget *child,
                                            const char *name, const char *title,
                                            const char *icon_name);

/* The fitted models a chart of kind over n_results draws on screen: exports draw the same. */
CsChartFits   cs_results_view_fits_for (CsChartKind kind, guint n_results);
/* While quiet (a run is being timed), no build starts and none is shown: nothing is drawn.
 * What arrived meanwhile is built and shown when quiet ends. */
void              cs_results_view_set_quiet (CsResultsView *self, gboolean quiet);
/* TRUE while a transition (the progress bar sliding in, a page cross-fading) draws frames. */
gboolean          cs_results_view_is_animating (CsResultsView *self);

G_END_DECLS
