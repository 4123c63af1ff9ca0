/* cs-export-dialog.h: Export… a chart as PNG/SVG/PDF, its data as CSV or a result as JSON
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-chart-data.h"
#include "cs-result.h"

G_BEGIN_DECLS

typedef enum {
  CS_EXPORT_PNG,        /* the chart, width × height × scale pixels */
  CS_EXPORT_SVG,        /* the chart, width × height points */
  CS_EXPORT_PDF,
  CS_EXPORT_CHART_CSV,  /* the plotted values (cs_chart_to_csv) */
  CS_EXPORT_RUNS_CSV,   /* every run of one result (cs_result_to_csv) */
  CS_EXPORT_JSON,       /* one result file (cs_result_save) */
  CS_EXPORT_COMPARISON_CSV, /* two or more results: the comparison table (cs_comparison_to_csv) */
  CS_N_EXPORT_FORMATS
} CsExportFormat;

/* "png", "svg", "pdf", "csv", "csv", "json", "csv" */
const char *cs_export_format_get_extension (CsExportFormat format);
/* TRUE when the format writes one result only (runs CSV, JSON). */
gboolean    cs_export_format_needs_one_result (CsExportFormat format);
/* TRUE when the format needs two or more results (comparison CSV). */
gboolean    cs_export_format_needs_several_results (CsExportFormat format);

/* Writes in a GTask thread, atomically. results holds CsResult* and is copied (the caller may
 * free it at once); formats that need one result fail with G_IO_ERROR_INVALID_ARGUMENT when
 * given several, and the comparison when given one. width/height <= 0 and scale <= 0 take 1600 × 1000 at 1. Errors name the file. */
void     cs_export_to_file_async (GPtrArray *results, CsChartKind kind, CsExportFormat format,
                                  const char *path, int width, int height, double scale,
                                  CsChartTheme theme, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
/* The same with the charts' x axis chosen (CS_CHART_X_PER_CORE: the comparison's per-core
 * chart); finish it with cs_export_to_file_finish. */
void     cs_export_to_file_full_async (GPtrArray *results, CsChartKind kind,
                                       CsChartXScale x_scale, CsExportFormat format,
                                       const char *path, int width, int height, double scale,
                                       CsChartTheme theme, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean cs_export_to_file_finish (GAsyncResult *res, GError **error);

/* Asks for the format (and size), then the destination with a GtkFileChooserNative, then
 * writes it with cs_export_to_file_async. The theme follows the style manager (dark/light).
 * finish: the written path (transfer full); NULL with G_IO_ERROR_CANCELLED when the user
 * cancelled, or the write's error. */
void     cs_export_dialog_present (GtkWindow *parent, GPtrArray *results, CsChartKind kind,
                                   GAsyncReadyCallback callback, gpointer user_data);
/* The same with the charts' x axis chosen; finish it with cs_export_dialog_finish. */
void     cs_export_dialog_present_full (GtkWindow *parent, GPtrArray *results, CsChartKind kind,
                                        CsChartXScale x_scale, GAsyncReadyCallback callback,
                                        gpointer user_data);
char    *cs_export_dialog_finish (GAsyncResult *res, GError **error);

G_END_DECLS
