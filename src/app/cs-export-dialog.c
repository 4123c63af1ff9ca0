/* cs-export-dialog.c: Export… a chart as PNG/SVG/PDF, its data as CSV or a result as JSON
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-export"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-analysis.h"
#include "cs-export-dialog.h"
#include "cs-output.h"
#include "cs-history-row.h"
#include "cs-results-view.h"

static const struct
{
  const char *extension;
  const char *name;       /* translated when shown */
  gboolean    one_result;
  gboolean    several_results;
  gboolean    has_size;
  gboolean    has_scale;
} formats[CS_N_EXPORT_FORMATS] = {
  [CS_EXPORT_PNG] = { "png", N_("Chart as PNG image"), FALSE, FALSE, TRUE, TRUE },
  [CS_EXPORT_SVG] = { "svg", N_("Chart as SVG drawing"), FALSE, FALSE, TRUE, FALSE },
  [CS_EXPORT_PDF] = { "pdf", N_("Chart as PDF document"), FALSE, FALSE, TRUE, FALSE },
  [CS_EXPORT_CHART_CSV] = { "csv", N_("Chart data as CSV"), FALSE, FALSE, FALSE, FALSE },
  [CS_EXPORT_RUNS_CSV] = { "csv", N_("Every run as CSV"), TRUE, FALSE, FALSE, FALSE },
  [CS_EXPORT_JSON] = { "json", N_("Result file (JSON)"), TRUE, FALSE, FALSE, FALSE },
  [CS_EXPORT_COMPARISON_CSV] = { "csv", N_("Comparison table as CSV"), FALSE, TRUE, FALSE,
                                 FALSE },
};

const char *
cs_export_format_get_extension (CsExportFormat format)
{
  g_return_val_if_fail (format < CS_N_EXPORT_FORMATS, NULL);
  return formats[format].extension;
}

gboolean
cs_export_format_needs_one_result (CsExportFormat format)
{
  g_return_val_if_fail (format < CS_N_EXPORT_FORMATS, FALSE);
  return formats[format].one_result;
}

gboolean
cs_export_format_needs_several_results (CsExportFormat format)
{
  g_return_val_if_fail (format < CS_N_EXPORT_FORMATS, FALSE);
  return formats[format].several_results;
}

static gboolean
format_fits (CsExportFormat format, guint n_results)
{
  if (n_results == 0)
    return FALSE;
  if (formats[format].one_result)
    return n_results == 1;
  return !formats[format].several_results || n_results >= 2;
}

/* ---- writing (thread) ---------------------------------------------------------------------- */

typedef struct
{
  GPtrArray     *results;  /* CsResult* copies */
  CsChartKind    kind;
  CsChartXScale  x_scale;
  CsExportFormat format;
  char          *path;
  int            width, height;
  double         scale;
  CsChartTheme   theme;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_ptr_array_unref (job->results);
  g_free (job->path);
  g_free (job);
}

static CsChart *
job_chart (ExportJob *job, GError **error)
{
  /* The chart on screen: the same fitted models as the results view (the Compare page's
   * per-core charts draw none, and neither does it for several results). */
  CsChartFits fits = job->x_scale == CS_CHART_X_WORKERS
                       ? cs_results_view_fits_for (job->kind, job->results->len)
                       : CS_CHART_FIT_NONE;

  return cs_chart_new_from_results_full (job->results, job->kind, fits, FALSE, job->x_scale,
                                         error);
}

static gboolean
write_chart (ExportJob *job, CsChartFormat format, GError **error)
{
  g_autoptr(CsChart) chart = job_chart (job, error);

  if (chart == NULL)
    return FALSE;
  return cs_chart_export (chart, job->path, format, job->width, job->height, job->scale,
                          job->theme, error);
}

static gboolean
write_comparison_csv (ExportJob *job, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CsComparison) comparison = NULL;
  g_autofree char *csv = NULL;

  for (guint i = 0; i < job->results->len; i++)
    g_ptr_array_add (names, cs_result_get_display_name (job->results->pdata[i]));
  g_ptr_array_add (names, NULL);
  comparison = cs_comparison_new ((const CsResult *const *) job->results->pdata,
                                  (const char *const *) names->pdata, job->results->len, error);
  if (comparison == NULL)
    return FALSE;
  csv = cs_comparison_to_csv (comparison);
  return cs_output_write (job->path, csv, strlen (csv), error);
}

static gboolean
write_export (ExportJob *job, GError **error)
{
  static const CsChartFormat chart_formats[] = {
    [CS_EXPORT_PNG] = CS_CHART_FORMAT_PNG,
    [CS_EXPORT_SVG] = CS_CHART_FORMAT_SVG,
    [CS_EXPORT_PDF] = CS_CHART_FORMAT_PDF,
    [CS_EXPORT_CHART_CSV] = CS_CHART_FORMAT_CSV,
  };

  switch (job->format)
    {
    case CS_EXPORT_PNG:
    case CS_EXPORT_SVG:
    case CS_EXPORT_PDF:
    case CS_EXPORT_CHART_CSV:
      /* The command line's `corescope chart` writes through the same cs_chart_export. */
      return write_chart (job, chart_formats[job->format], error);
    case CS_EXPORT_RUNS_CSV:
      return cs_result_save_csv (job->results->pdata[0], job->path, error);
    case CS_EXPORT_JSON:
      return cs_result_save (job->results->pdata[0], job->path, error);
    case CS_EXPORT_COMPARISON_CSV:
      return write_comparison_csv (job, error);
    case CS_N_EXPORT_FORMATS:
    default:
      g_assert_not_reached ();
    }
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_export (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static GPtrArray *
copy_results (GPtrArray *results)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);

  for (guint i = 0; i < results->len; i++)
    g_ptr_array_add (copy, cs_result_copy (results->pdata[i]));
  return copy;
}

void
cs_export_to_file_async (GPtrArray *results, CsChartKind kind, CsExportFormat format,
                         const char *path, int width, int height, double scale,
                         CsChartTheme theme, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  cs_export_to_file_full_async (results, kind, CS_CHART_X_WORKERS, format, path, width, height,
                                scale, theme, cancellable, callback, user_data);
}

void
cs_export_to_file_full_async (GPtrArray *results, CsChartKind kind, CsChartXScale x_scale,
                              CsExportFormat format, const char *path, int width, int height,
                              double scale, CsChartTheme theme, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExportJob *job;

  g_return_if_fail (results != NULL);
  g_return_if_fail (format < CS_N_EXPORT_FORMATS);
  g_return_if_fail (path != NULL);

  g_task_set_source_tag (task, cs_export_to_file_async);
  if (!format_fits (format, results->len))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               formats[format].several_results
                               ? _("%s: a comparison needs two or more results, not %u")
                               : _("%s: this format holds exactly one result, not %u"),
                               path, results->len);
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->results = copy_results (results);
  job->kind = kind;
  job->x_scale = x_scale;
  job->format = format;
  job->path = g_strdup (path);
  job->width = width > 0 ? width : CS_CHART_DEFAULT_WIDTH;
  job->height = height > 0 ? height : CS_CHART_DEFAULT_HEIGHT;
  job->scale = scale > 0 ? scale : 1;
  job->theme = theme;
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
cs_export_to_file_finish (GAsyncResult *res, GError **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (res)) == cs_export_to_file_async, FALSE);
  return g_task_propagate_boolean (G_TASK (res), error);
}

/* ---- the dialog ---------------------------------------------------------------------------- */

#define CS_TYPE_EXPORT_DIALOG (cs_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CsExportDialog, cs_export_dialog, CS, EXPORT_DIALOG, AdwWindow)

struct _CsExportDialog
{
  AdwWindow       parent_instance;

  AdwComboRow    *format_row;
  GtkWidget      *size_group;
  GtkWidget      *width_row, *height_row, *scale_row;
  GtkSpinButton  *width, *height, *scale;

  GTask          *task;         /* reports to cs_export_dialog_present's caller */
  GPtrArray      *results;      /* CsResult* copies */
  CsChartKind     kind;
  CsChartXScale   x_scale;
  CsExportFormat  shown[CS_N_EXPORT_FORMATS]; /* combo index -> format */
  guint           n_shown;
  GtkFileChooserNative *chooser;
  char           *path;
};

G_DEFINE_FINAL_TYPE (CsExportDialog, cs_export_dialog, ADW_TYPE_WINDOW)

static CsExportFormat
selected_format (CsExportDialog *self)
{
  guint index = adw_combo_row_get_selected (self->format_row);

  return self->shown[MIN (index, self->n_shown - 1)];
}

/* What the last export used, offered again while the application runs (main thread only). */
static struct
{
  gboolean       set;
  CsExportFormat format;
  double         width, height, scale;
} last;

static void
remember_choices (CsExportDialog *self)
{
  last.set = TRUE;
  last.format = selected_format (self);
  last.width = gtk_spin_button_get_value (self->width);
  last.height = gtk_spin_button_get_value (self->height);
  last.scale = gtk_spin_button_get_value (self->scale);
}

static void
restore_choices (CsExportDialog *self)
{
  if (!last.set)
    return;
  for (guint i = 0; i < self->n_shown; i++)
    if (self->shown[i] == last.format)
      adw_combo_row_set_selected (self->format_row, i);
  gtk_spin_button_set_value (self->width, last.width);
  gtk_spin_button_set_value (self->height, last.height);
  gtk_spin_button_set_value (self->scale, last.scale);
}

static void
on_format_selected (CsExportDialog *self)
{
  CsExportFormat format = selected_format (self);

  gtk_widget_set_visible (self->size_group, formats[format].has_size);
  gtk_widget_set_visible (self->scale_row, formats[format].has_scale);
}

/* A JSON file or a run table holds one result, a comparison two or more: each is offered only
 * when it fits. */
static void
fill_formats (CsExportDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->n_shown = 0;
  for (CsExportFormat f = 0; f < CS_N_EXPORT_FORMATS; f++)
    {
      if (!format_fits (f, self->results->len))
        continue;
      self->shown[self->n_shown++] = f;
      gtk_string_list_append (names, _(formats[f].name));
    }
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));
  on_format_selected (self);
}

static void
on_written (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (cs_export_to_file_finish (res, &error))
    g_task_return_pointer (task, g_strdup (g_task_get_task_data (task)), g_free);
  else
    g_task_return_error (task, error);
}

/* The destination is known: the write starts and the dialog closes; the task now belongs to
 * the write, so closing is no longer a cancel. */
static void
start_export (CsExportDialog *self, const char *path)
{
  GTask *task = g_steal_pointer (&self->task);

  remember_choices (self);
  g_task_set_task_data (task, g_strdup (path), g_free);
  cs_export_to_file_full_async (self->results, self->kind, self->x_scale,
                                selected_format (self), path,
                                gtk_spin_button_get_value_as_int (self->width),
                                gtk_spin_button_get_value_as_int (self->height),
                                gtk_spin_button_get_value (self->scale),
                                /* exports go into reports and slides: light, whatever the
                                 * app's style */
                                CS_CHART_THEME_LIGHT,
                                NULL, on_written, task);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, CsExportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  gtk_native_dialog_hide (chooser);
  if (response != GTK_RESPONSE_ACCEPT)
    return;  /* back to the options */
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path != NULL)
    start_export (self, path);
}

/* "python-callable-mywork-work": the preset and what tells the result apart (the user's
 * function), in characters every file system takes, so that exports of two functions do not
 * overwrite each other. */
static char *
file_stem (const CsResult *result)
{
  const char *preset = result->config && result->config->preset ? result->config->preset
                                                                : "corescope";
  g_autofree char *key = result->config != NULL ? cs_result_key_params (result) : NULL;
  GString *stem = g_string_new (preset);
  gboolean dash = TRUE;

  if (key != NULL)
    g_string_append_c (stem, '-');
  for (const char *c = key; c != NULL && *c != '\0'; c++)
    {
      gboolean keep = g_ascii_isalnum (*c) || *c == '_';

      if (keep)
        g_string_append_c (stem, *c);
      else if (!dash)
        g_string_append_c (stem, '-');
      dash = !keep;
    }
  while (stem->len > 0 && stem->str[stem->len - 1] == '-')
    g_string_truncate (stem, stem->len - 1);
  return g_string_free (stem, FALSE);
}

static char *
suggested_name (CsExportDialog *self, CsExportFormat format)
{
  g_autofree char *preset = file_stem (self->results->pdata[0]);
  const char *what = formats[format].has_size || format == CS_EXPORT_CHART_CSV
                     ? cs_chart_kind_to_string (self->kind) : "runs";

  if (format == CS_EXPORT_JSON)
    return g_strdup_printf ("%s.json", preset);
  if (format == CS_EXPORT_COMPARISON_CSV)
    return g_strdup_printf ("%s-comparison.csv", preset);
  return g_strdup_printf ("%s-%s.%s", preset, what, formats[format].extension);
}

static void
choose_file_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  CsExportDialog *self = CS_EXPORT_DIALOG (widget);
  g_autofree char *name = suggested_name (self, selected_format (self));

  if (self->chooser == NULL)
    {
      self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                   _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response),
                               self, 0);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cs_export_dialog_dispose (GObject *object)
{
  CsExportDialog *self = CS_EXPORT_DIALOG (object);

  /* Closed before a file was chosen: the caller hears of it once. */
  if (self->task != NULL)
    g_task_return_new_error (self->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  g_clear_object (&self->task);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (cs_export_dialog_parent_class)->dispose (object);
}

static void
cs_export_dialog_finalize (GObject *object)
{
  CsExportDialog *self = CS_EXPORT_DIALOG (object);

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self->path);
  G_OBJECT_CLASS (cs_export_dialog_parent_class)->finalize (object);
}

static void
cs_export_dialog_class_init (CsExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_export_dialog_dispose;
  object_class->finalize = cs_export_dialog_finalize;
  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL,
                                   choose_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, size_group);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, width);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, height);
  gtk_widget_class_bind_template_child (widget_class, CsExportDialog, scale);
  gtk_widget_class_bind_template_callback (widget_class, on_format_selected);
}

static void
cs_export_dialog_init (CsExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
cs_export_dialog_present (GtkWindow *parent, GPtrArray *results, CsChartKind kind,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  cs_export_dialog_present_full (parent, results, kind, CS_CHART_X_WORKERS, callback,
                                 user_data);
}

void
cs_export_dialog_present_full (GtkWindow *parent, GPtrArray *results, CsChartKind kind,
                               CsChartXScale x_scale, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  CsExportDialog *self;

  g_return_if_fail (results != NULL && results->len > 0);

  self = g_object_new (CS_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (self->task, cs_export_dialog_present);
  self->results = copy_results (results);
  self->kind = kind;
  self->x_scale = x_scale;
  fill_formats (self);
  restore_choices (self);
  gtk_window_present (GTK_WINDOW (self));
}

char *
cs_export_dialog_finish (GAsyncResult *res, GError **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (res)) == cs_export_dialog_present, NULL);
  return g_task_propagate_pointer (G_TASK (res), error);
}
