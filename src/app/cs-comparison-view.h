/* cs-comparison-view.h: a comparison of two or more results: table, differences and advice
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-analysis.h"
#include "cs-chart-view.h"

G_BEGIN_DECLS

/* The comparison is computed in a GTask thread; the "ready" signal (no arguments) is emitted on
 * the main thread when the view shows it (or its error). */
#define CS_TYPE_COMPARISON_VIEW (cs_comparison_view_get_type ())
G_DECLARE_FINAL_TYPE (CsComparisonView, cs_comparison_view, CS, COMPARISON_VIEW, GtkWidget)

GtkWidget *cs_comparison_view_new (void);
/* results: CsResult*, copied. Fewer than two show a hint to tick results in the history. The
 * results are named by their label, else "preset · host · date". */
void       cs_comparison_view_set_results (CsComparisonView *self, GPtrArray *results);
/* For tests: table rows shown (one per (mode, workers)); 0 while computing or on error. */
guint      cs_comparison_view_get_n_rows (CsComparisonView *self);
/* The message shown instead of the table ("Tick two or more results…", an error), or NULL. */
const char *cs_comparison_view_get_message (CsComparisonView *self);
gboolean   cs_comparison_view_is_busy (CsComparisonView *self);

/* The machine selector: one check button per result given, in order, all ticked by
 * set_results; unticking one hides it from the chart and the table (recomputed in a thread,
 * "ready" follows). The title is the result's name. */
guint           cs_comparison_view_get_n_machines (CsComparisonView *self);
GtkCheckButton *cs_comparison_view_get_machine_check (CsComparisonView *self, guint index);
const char     *cs_comparison_view_get_machine_title (CsComparisonView *self, guint index);
/* Results in the table: the ticked ones, or 0 when fewer than two are ticked. */
guint           cs_comparison_view_get_n_compared (CsComparisonView *self);
/* Copies of the ticked results (CsResult*, transfer full), what the chart and table show. */
GPtrArray      *cs_comparison_view_copy_ticked (CsComparisonView *self);
/* The kind of the comparison chart, as chosen in the view (speedup by default). */
CsChartKind     cs_comparison_view_get_kind (CsComparisonView *self);
/* The chart of the ticked results (its kind chosen in the view). */
CsChartView    *cs_comparison_view_get_chart_view (CsComparisonView *self);
/* "per-core" property (the comparison.per-core action): x as the share of each machine's
 * physical cores instead of workers. */
void            cs_comparison_view_set_per_core (CsComparisonView *self, gboolean per_core);
gboolean        cs_comparison_view_get_per_core (CsComparisonView *self);

G_END_DECLS
