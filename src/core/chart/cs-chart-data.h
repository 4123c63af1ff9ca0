/* cs-chart-data.h: charts built from sweep results (statistics, fitted models, topology)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-chart.h"
#include "cs-result.h"

G_BEGIN_DECLS

typedef enum {
  CS_CHART_FIT_NONE   = 0,
  CS_CHART_FIT_AMDAHL = 1 << 0,
  CS_CHART_FIT_USL    = 1 << 1
} CsChartFits;

/* "amdahl", "usl", "amdahl,usl", "" or "none"; FALSE on an unknown name. */
gboolean  cs_chart_fits_from_string (const char *str, CsChartFits *out);

/* One series per mode of each result (with the result's label or host in its name when there
 * are several), medians with 95 % intervals from cs-stats, optional Amdahl/USL curves (speedup
 * kind, extended 25 % past the largest worker count, parameters in the legend) and the
 * topology markers of the machine the results share. results holds CsResult*. Returns NULL
 * with an error only for bad arguments; results without any successful run give a chart that
 * draws its placeholder. */
CsChart  *cs_chart_new_from_results (GPtrArray *results, CsChartKind kind, CsChartFits fits,
                                     gboolean log_y, GError **error);

/* The same with the x axis chosen: CS_CHART_X_PER_CORE divides each result's worker counts by
 * its machine's physical cores (hardware threads when unknown; results with neither are left
 * out), draws a marker at 100 % instead of the topology's, and no ideal speed-up line (it
 * differs per machine). */
CsChart  *cs_chart_new_from_results_full (GPtrArray *results, CsChartKind kind,
                                          CsChartFits fits, gboolean log_y,
                                          CsChartXScale x_scale, GError **error);

/* Builds the chart and exports it in one call (for `corescope run --png` and the GUI).
 * format AUTO takes it from path; width/height <= 0 and scale <= 0 take the defaults. */
gboolean  cs_chart_export_results (GPtrArray *results, CsChartKind kind, CsChartFits fits,
                                   const char *path, CsChartFormat format, int width,
                                   int height, double scale, CsChartTheme theme,
                                   GError **error);

G_END_DECLS
