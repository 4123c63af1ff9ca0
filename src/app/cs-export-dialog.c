/* cs-export-dialog.c: Export… a chart as PNG/SVG/PDF, its data as CSV or a result as JSON
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-export"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-export-dialog.h"

static const struct
{
  const char *extension;
  const char *name;       /* translated when shown */
  gboolean    one_result;
  gboolean    has_size;
  gboolean    has_scale;
} formats[CS_N_EXPORT_FORMATS] = {
  [CS_EXPORT_PNG] = { "png", N_("Chart as PNG image"), FALSE, TRUE, TRUE },
  [CS_EXPORT_SVG] = { "svg", N_("Chart as SVG drawing"), FALSE, TRUE, FALSE },
  [CS_EXPORT_PDF] = { "pdf", N_("Chart as PDF document"), FALSE, TRUE, FALSE },
  [CS_EXPORT_CHART_CSV] = { "csv", N_("Chart data as CSV"), FALSE, FALSE, FALSE },
  [CS_EXPORT_RUNS_CSV] = { "csv", N_("Every run as CSV"), TRUE, FALSE, FALSE },
  [CS_EXPORT_JSON] = { "json", N_("Result file (JSON)"), TRUE, FALSE, FALSE },
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

/* ---- writing (thread) ---------------------------------------------------------------------- */

typedef struct
{
  GPtrArray     *results;  /* CsResult* copies */
  CsChartKind    kind;
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

static gboolean
write_chart_csv (ExportJob *job, GError **error)
{
  g_autoptr(CsChart) chart = cs_chart_new_from_results (job->results, job->kind,
                                                        CS_CHART_FIT_NONE, FALSE, error);
  g_autofree char *csv = NULL;

  if (chart == NULL)
    return FALSE;
  csv = cs_chart_to_csv (chart);
  return g_file_set_contents_full (job->path, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0666,
                                   error);
}

static gboolean
write_export (ExportJob *job, GError **error)
{
  static const CsChartFormat chart_formats[] = {
    [CS_EXPORT_PNG] = CS_CHART_FORMAT_PNG,
    [CS_EXPORT_SVG] = CS_CHART_FORMAT_SVG,
    [CS_EXPORT_PDF] = CS_CHART_FORMAT_PDF,
  };

  switch (job->format)
    {
    case CS_EXPORT_PNG:
    case CS_EXPORT_SVG:
    case CS_EXPORT_PDF:
      return cs_chart_export_results (job->results, job->kind, CS_CHART_FIT_NONE, job->path,
                                      chart_formats[job->format], job->width, job->height,
                                      job->scale, job->theme, error);
    case CS_EXPORT_CHART_CSV:
      return write_chart_csv (job, error);
    case CS_EXPORT_RUNS_CSV:
      return cs_result_save_csv (job->results->pdata[0], job->path, error);
    case CS_EXPORT_JSON:
      return cs_result_save (job->results->pdata[0], job->path, error);
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
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExportJob *job;

  g_return_if_fail (results != NULL);
  g_return_if_fail (format < CS_N_EXPORT_FORMATS);
  g_return_if_fail (path != NULL);

  g_task_set_source_tag (task, cs_export_to_file_async);
  if (results->len == 0 || (formats[format].one_result && results->len != 1))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("%s: this format holds exactly one result, not %u"), path,
                               results->len);
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->results = copy_results (results);
  job->kind = kind;
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

typedef struct
{
  GPtrArray      *results;      /* CsResult* copies */
  CsChartKind     kind;
  GtkWindow      *parent;
  GtkWindow      *window;       /* the options dialog */
  AdwComboRow    *format_row;
  GtkSpinButton  *width, *height, *scale;
  GtkWidget      *width_row, *height_row, *scale_row;
  CsExportFormat  shown[CS_N_EXPORT_FORMATS]; /* combo index -> format */
  guint           n_shown;
  GtkFileChooserNative *chooser;
  char           *path;
  gboolean        started;      /* the chooser was accepted: the window closing is not cancel */
} DialogData;

static void
dialog_data_free (DialogData *data)
{
  g_ptr_array_unref (data->results);
  g_clear_object (&data->parent);
  if (data->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (data->chooser));
  g_clear_object (&data->chooser);
  g_free (data->path);
  g_free (data);
}

static CsExportFormat
selected_format (DialogData *data)
{
  guint index = adw_combo_row_get_selected (data->format_row);

  return data->shown[MIN (index, data->n_shown - 1)];
}

static void
update_size_rows (DialogData *data)
{
  CsExportFormat format = selected_format (data);

  gtk_widget_set_visible (data->width_row, formats[format].has_size);
  gtk_widget_set_visible (data->height_row, formats[format].has_size);
  gtk_widget_set_visible (data->scale_row, formats[format].has_scale);
}

static void
on_format_selected (GObject *row, GParamSpec *pspec, gpointer user_data)
{
  GTask *task = user_data;

  update_size_rows (g_task_get_task_data (task));
}

static void
on_written (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  DialogData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (cs_export_to_file_finish (res, &error))
    g_task_return_pointer (task, g_strdup (data->path), g_free);
  else
    g_task_return_error (task, error);
}

static CsChartTheme
current_theme (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ()) ? CS_CHART_THEME_DARK
                                                                       : CS_CHART_THEME_LIGHT;
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  GTask *task = user_data;
  DialogData *data = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;

  gtk_native_dialog_hide (chooser);
  if (response != GTK_RESPONSE_ACCEPT)
    return;  /* back to the options */
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  data->path = file ? g_file_get_path (file) : NULL;
  if (data->path == NULL)
    return;
  data->started = TRUE;
  cs_export_to_file_async (data->results, data->kind, selected_format (data), data->path,
                           gtk_spin_button_get_value_as_int (data->width),
                           gtk_spin_button_get_value_as_int (data->height),
                           gtk_spin_button_get_value (data->scale), current_theme (),
                           g_task_get_cancellable (task), on_written, g_object_ref (task));
  gtk_window_destroy (data->window);
}

static char *
suggested_name (DialogData *data, CsExportFormat format)
{
  const CsResult *first = data->results->pdata[0];
  const char *preset = first->config && first->config->preset ? first->config->preset
                                                              : "corescope";
  const char *what = formats[format].has_size || format == CS_EXPORT_CHART_CSV
                     ? cs_chart_kind_to_string (data->kind) : "runs";

  if (format == CS_EXPORT_JSON)
    return g_strdup_printf ("%s.json", preset);
  return g_strdup_printf ("%s-%s.%s", preset, what, formats[format].extension);
}

static void
on_export_clicked (GtkButton *button, gpointer user_data)
{
  GTask *task = user_data;
  DialogData *data = g_task_get_task_data (task);
  g_autofree char *name = suggested_name (data, selected_format (data));

  if (data->chooser == NULL)
    {
      data->chooser = gtk_file_chooser_native_new (_("Export"), data->window,
                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                   _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);
      g_signal_connect (data->chooser, "response", G_CALLBACK (on_chooser_response), task);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser), name);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}

static void
on_window_destroyed (GtkWidget *window, gpointer user_data)
{
  GTask *task = user_data;  /* the dialog's reference */
  DialogData *data = g_task_get_task_data (task);

  if (!data->started)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  data->window = NULL;
  g_object_unref (task);
}

static GtkWidget *
spin_row (const char *title, const char *subtitle, GtkSpinButton **spin, double min, double max,
          double step, double value, guint digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_spin_button_new_with_range (min, max, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (button), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (button), value);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  *spin = GTK_SPIN_BUTTON (button);
  return row;
}

static GtkWidget *
build_format_row (DialogData *data)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (CsExportFormat f = 0; f < CS_N_EXPORT_FORMATS; f++)
    {
      /* A JSON file or a run table holds one result: offered when only one is shown. */
      if (formats[f].one_result && data->results->len != 1)
        continue;
      data->shown[data->n_shown++] = f;
      gtk_string_list_append (names, _(formats[f].name));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Format"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  data->format_row = ADW_COMBO_ROW (row);
  return row;
}

static GtkWidget *
build_options (DialogData *data)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *size = adw_preferences_group_new ();

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), build_format_row (data));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (size), _("Size"));
  data->width_row = spin_row (_("Width"), _("Pixels for PNG, points for SVG and PDF"),
                              &data->width, 200, 8000, 10, CS_CHART_DEFAULT_WIDTH, 0);
  data->height_row = spin_row (_("Height"), NULL, &data->height, 150, 8000, 10,
                               CS_CHART_DEFAULT_HEIGHT, 0);
  data->scale_row = spin_row (_("Scale"), _("Multiplies the PNG's pixels, for HiDPI screens"),
                              &data->scale, 0.5, 4, 0.5, 1, 1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (size), data->width_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (size), data->height_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (size), data->scale_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (size));
  return page;
}

static GtkWidget *
build_header (GTask *task, GtkWindow *window)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export…"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_widget_add_css_class (export, "suggested-action");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  g_signal_connect (export, "clicked", G_CALLBACK (on_export_clicked), task);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), export);
  gtk_window_set_default_widget (window, export);
  return header;
}

void
cs_export_dialog_present (GtkWindow *parent, GPtrArray *results, CsChartKind kind,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);  /* held by the window */
  DialogData *data = g_new0 (DialogData, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  g_return_if_fail (results != NULL && results->len > 0);

  g_task_set_source_tag (task, cs_export_dialog_present);
  data->results = copy_results (results);
  data->kind = kind;
  data->parent = parent ? g_object_ref (parent) : NULL;
  data->window = GTK_WINDOW (window);
  g_task_set_task_data (task, data, (GDestroyNotify) dialog_data_free);

  gtk_window_set_title (GTK_WINDOW (window), _("Export"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 460, 440);
  gtk_window_set_hide_on_close (GTK_WINDOW (window), FALSE);
  gtk_box_append (GTK_BOX (box), build_header (task, GTK_WINDOW (window)));
  gtk_box_append (GTK_BOX (box), build_options (data));
  adw_window_set_content (ADW_WINDOW (window), box);
  update_size_rows (data);
  g_signal_connect (data->format_row, "notify::selected", G_CALLBACK (on_format_selected),
                    task);
  g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroyed), task);
  gtk_window_present (GTK_WINDOW (window));
}

char *
cs_export_dialog_finish (GAsyncResult *res, GError **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (res)) == cs_export_dialog_present, NULL);
  return g_task_propagate_pointer (G_TASK (res), error);
}
