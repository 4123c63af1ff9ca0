/* cs-open-dialog.c: Open… result files from other machines into the history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-open-dialog.h"

/* The outer task reports to the caller; it carries the history and the chooser. */
typedef struct
{
  CsHistory            *history;
  GtkFileChooserNative *chooser;
  GPtrArray            *results;  /* CsResult*, once imported */
  GError               *error;    /* the failed files, when some were imported */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->history);
  if (data->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (data->chooser));
  g_clear_object (&data->chooser);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void
on_imported (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);

  cs_history_import_files_finish (CS_HISTORY (source), res, &data->results, &data->error);
  g_task_return_boolean (task, data->error == NULL);
}

static void
on_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  GTask *task = user_data;   /* the reference taken when the chooser was shown */
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_native_dialog_hide (chooser);
  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      g_object_unref (task);
      return;
    }
  files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  /* Reading and validating may take a while for big files: a thread does it. */
  cs_history_import_files_async (data->history, (GFile **) array->pdata, array->len,
                                 g_task_get_cancellable (task), on_imported, task);
}

static GtkFileFilter *
results_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Corescope results (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

void
cs_open_results_dialog_run (GtkWindow *parent, CsHistory *history,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  OpenData *data = g_new0 (OpenData, 1);
  g_autoptr(GtkFileFilter) filter = results_filter ();

  g_return_if_fail (CS_IS_HISTORY (history));

  g_task_set_source_tag (task, cs_open_results_dialog_run);
  data->history = g_object_ref (history);
  data->chooser = gtk_file_chooser_native_new (_("Open Results"), parent,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (data->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_signal_connect (data->chooser, "response", G_CALLBACK (on_response), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}

gboolean
cs_open_results_dialog_finish (GAsyncResult *res, GPtrArray **results, GError **error)
{
  GTask *task = G_TASK (res);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (g_task_get_source_tag (task) == cs_open_results_dialog_run, FALSE);

  if (!g_task_propagate_boolean (task, &local) && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (results != NULL)
    *results = g_steal_pointer (&data->results);
  if (data->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&data->error));
      return FALSE;
    }
  return TRUE;
}
