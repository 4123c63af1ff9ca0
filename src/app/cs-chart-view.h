/* cs-chart-view.h: a widget that shows a chart of sweep results, laid out on demand
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-chart.h"

G_BEGIN_DECLS

#define CS_TYPE_CHART_VIEW (cs_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (CsChartView, cs_chart_view, CS, CHART_VIEW, GtkWidget)

GtkWidget     *cs_chart_view_new (CsChartKind kind);
/* "kind" property (a CsChartKind as an int, so that .ui files can set it). */
void           cs_chart_view_set_kind (CsChartView *self, CsChartKind kind);
CsChartKind    cs_chart_view_get_kind (CsChartView *self);
/* Shows chart (a reference is kept; the chart must not change any more); NULL shows an empty
 * chart with a placeholder. The view's kind becomes the chart's. */
void           cs_chart_view_set_chart (CsChartView *self, CsChart *chart);
/* The chart shown (tests and exports). Never NULL. */
CsChart       *cs_chart_view_get_chart (CsChartView *self);
/* The layout for the current size, or NULL before the first allocation. */
CsChartLayout *cs_chart_view_get_layout (CsChartView *self);
/* The theme the view paints with: dark when the desktop style is dark. */
CsChartTheme   cs_chart_view_get_theme (CsChartView *self);

/* How many times any chart view was drawn (snapshot) in this process. */
guint          cs_chart_view_get_n_snapshots (void);

G_END_DECLS
