/* cs-window-files.c: the window's files: open results, export charts and data, comparisons
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-window"

#include <glib/gi18n.h>

#include "cs-chart-data.h"
#include "cs-export-dialog.h"
#include "cs-open-dialog.h"
#include "cs-window-private.h"

/* Loading parses JSON and exporting renders and writes files: both run in a GTask thread, so a
 * big result or a slow disk never freezes the window. */

/* ---- open -------------------------------------------------------------------------------- */

/* Shows a finished or opened result instead of the last one (not while a sweep runs). */
void
_cs_window_show_result (CsWindow *self, CsResult *result)
{
  g_clear_pointer (&self->current, cs_result_free);
  self->current = result;
  g_clear_pointer (&self->compared, g_ptr_array_unref);
  _cs_window_refresh_results (self);
  _cs_window_update_comparison (self);
  _cs_window_update_actions (self);
  _cs_window_show_result_nodes (self, result);
  adw_view_stack_set_visible_child_name (self->stack, "results");
}

static void
on_result_loaded (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (source);
  g_autoptr (GTask) outer = user_data;
  g_autoptr (GError) error = NULL;
  CsResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (result == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (self->job != NULL)
    {
      cs_result_free (result);
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("Wait for the sweep to finish before opening a result"));
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Wait for the sweep to finish before "
                                                    "opening a result")));
      return;
    }
  _cs_window_show_result (self, result);
  g_task_return_boolean (outer, TRUE);
}

void
cs_window_open_result_file (CsWindow *self, GFile *file, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  GTask *outer;

  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, cs_window_open_result_file);
  _cs_window_load_file_async (self, file, (CsFileLoadFunc) cs_result_load,
                              (GDestroyNotify) cs_result_free, "corescope-open-result",
                              on_result_loaded, outer);
}

gboolean
cs_window_open_result_file_finish (CsWindow *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_imported (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (user_data);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;

  if (!cs_open_results_dialog_finish (res, &results, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  cs_history_panel_reload (self->history_panel);
  /* The last file opened is shown, unless a sweep is on screen. */
  if (results != NULL && results->len > 0 && self->job == NULL)
    _cs_window_show_result (self, cs_result_copy (g_ptr_array_index (results,
                                                                     results->len - 1)));
  g_object_unref (self);
}

/* Open… imports the files into the history (they are then listed there), in a thread. */
static void
open_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  cs_open_results_dialog_run (GTK_WINDOW (self), self->history, on_imported,
                              g_object_ref (self));
}

/* ---- export ------------------------------------------------------------------------------ */

typedef struct
{
  GFile       *file;
  GPtrArray   *results;   /* copies */
  CsChartKind  kind;
  CsChartTheme theme;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_free (job);
}

/* cs_window_export: the same files as the Export… dialog, without asking (tests, scripts). */
static gboolean
has_suffix (const char *path, const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, suffix);
}

static void
export_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autofree char *path = g_file_get_path (job->file);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be written"));
      return;
    }
  if (has_suffix (path, ".json"))
    ok = cs_result_save (g_ptr_array_index (job->results, 0), path, &error);
  else
    ok = cs_chart_export_results (job->results, job->kind,
                                  cs_results_view_fits_for (job->kind, job->results->len),
                                  path, CS_CHART_FORMAT_AUTO, 0, 0, 0, job->theme, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_exported (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (source);
  g_autoptr (GTask) outer = user_data;
  g_autoptr (GError) error = NULL;
  ExportJob *job = g_task_get_task_data (G_TASK (res));
  g_autofree char *name = g_file_get_basename (job->file);
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      message = g_strdup_printf (_("Could not export %s: %s"), name, error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Exported %s"), name);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  g_task_return_boolean (outer, TRUE);
}

static GPtrArray *copy_shown_results (CsWindow *self);

void
cs_window_export (CsWindow *self, GFile *file, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  CsChartView *view;
  ExportJob *job;
  GTask *outer;

  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, cs_window_export);
  if (self->current == NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no result to export yet"));
      g_object_unref (outer);
      return;
    }
  view = cs_results_view_get_visible_chart_view (self->results_view);
  job = g_new0 (ExportJob, 1);
  job->file = g_object_ref (file);
  job->kind = view != NULL ? cs_chart_view_get_kind (view) : CS_CHART_SPEEDUP;
  /* Files are shared: always the light theme, whatever the desktop's style. */
  job->theme = CS_CHART_THEME_LIGHT;
  /* Exactly the results on screen, so that the file is the chart the user sees. */
  job->results = copy_shown_results (self);
  if (job->results->len == 0)
    g_ptr_array_add (job->results, cs_result_copy (self->current));
  task = g_task_new (self, NULL, on_exported, outer);
  g_task_set_name (task, "corescope-export");
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_in_thread);
}

gboolean
cs_window_export_finish (CsWindow *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_export_dialog_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = cs_export_dialog_finish (res, &error);
  g_autofree char *name = path != NULL ? g_path_get_basename (path) : NULL;
  g_autofree char *message = NULL;

  if (path != NULL)
    /* Translators: %s is a file name */
    message = g_strdup_printf (_("Exported %s"), name);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (error->message);
  if (message != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  g_object_unref (self);
}

/* The results on screen, copied: the current one first, then those compared. */
static GPtrArray *
copy_shown_results (CsWindow *self)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  GPtrArray *shown = cs_results_view_get_results (self->results_view);

  for (guint i = 0; shown != NULL && i < shown->len; i++)
    g_ptr_array_add (results, cs_result_copy (g_ptr_array_index (shown, i)));
  return results;
}

/* On the Compare page, Export… writes what it shows: the ticked results, its chart's kind and
 * x axis (per core or not). */
static void
export_comparison (CsWindow *self)
{
  CsComparisonView *view = self->comparison_view;
  g_autoptr (GPtrArray) results = cs_comparison_view_copy_ticked (view);

  if (results->len == 0)
    return;
  cs_export_dialog_present_full (GTK_WINDOW (self), results, cs_comparison_view_get_kind (view),
                                 cs_comparison_view_get_per_core (view) ? CS_CHART_X_PER_CORE
                                                                        : CS_CHART_X_WORKERS,
                                 on_export_dialog_done, g_object_ref (self));
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CsWindow *self = CS_WINDOW (widget);
  g_autoptr (GPtrArray) results = NULL;
  CsChartView *view;

  if (gtk_widget_get_mapped (GTK_WIDGET (self->comparison_view)))
    {
      export_comparison (self);
      return;
    }
  results = copy_shown_results (self);
  view = cs_results_view_get_visible_chart_view (self->results_view);
  if (results->len == 0)
    return;
  cs_export_dialog_present (GTK_WINDOW (self), results,
                            view != NULL ? cs_chart_view_get_kind (view) : CS_CHART_SPEEDUP,
                            on_export_dialog_done, g_object_ref (self));
}

/* ---- comparison and history -------------------------------------------------------------- */

void
cs_window_set_compared (CsWindow *self, GPtrArray *results)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  g_clear_pointer (&self->compared, g_ptr_array_unref);
  if (results != NULL && results->len > 0)
    {
      self->compared = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
      for (guint i = 0; i < results->len; i++)
        g_ptr_array_add (self->compared, cs_result_copy (g_ptr_array_index (results, i)));
    }
  _cs_window_refresh_results (self);
  _cs_window_update_comparison (self);
}

/* The Compare page lists the results on the charts, while there are two or more. */
void
_cs_window_update_comparison (CsWindow *self)
{
  GPtrArray *shown = cs_results_view_get_results (self->results_view);
  gboolean comparing = self->compared != NULL && shown != NULL && shown->len >= 2;

  if (comparing)
    cs_comparison_view_set_results (self->comparison_view, shown);
  adw_view_stack_page_set_visible (self->comparison_page, comparing);
}

CsComparisonView *
cs_window_get_comparison_view (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->comparison_view;
}

CsHistoryPanel *
cs_window_get_history_panel (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->history_panel;
}

void
_cs_window_history_changed (CsWindow *self)
{
  cs_history_panel_reload (self->history_panel);
}

static void
on_history_result_activated (CsWindow *self, gpointer result, const char *path)
{
  if (self->job != NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Wait for the sweep to finish before "
                                                    "opening a result")));
      return;
    }
  _cs_window_show_result (self, cs_result_copy (result));
}

static void
on_history_compare_changed (CsWindow *self)
{
  g_autoptr (GPtrArray) results = cs_history_panel_get_compared (self->history_panel);

  /* The user may tick more rows: the charts and the Compare page follow, the list stays. */
  cs_window_set_compared (self, results);
}

static void
on_history_error (CsWindow *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, CsWindow *self)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  cs_window_open_result_file (self, g_value_get_object (value), NULL, NULL);
  return TRUE;
}

/* A result file dropped on the results opens like Open… does. */
void
_cs_window_init_files (CsWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->results_view), GTK_EVENT_CONTROLLER (target));
  cs_history_panel_set_history (self->history_panel, self->history);
  self->comparison_view = CS_COMPARISON_VIEW (cs_comparison_view_new ());
  self->comparison_page = cs_results_view_add_page (self->results_view,
                                                    GTK_WIDGET (self->comparison_view),
                                                    "compare", _("Compare"),
                                                    "view-dual-symbolic");
  adw_view_stack_page_set_visible (self->comparison_page, FALSE);
}

void
_cs_window_class_init_files (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_bind_template_callback (widget_class, on_history_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_history_compare_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_history_error);
}
