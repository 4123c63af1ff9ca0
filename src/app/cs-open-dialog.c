/* cs-open-dialog.c: Open… result files from other machines into the history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-open-dialog.h"

/* A GtkFileChooserDialog rather than a GtkFileChooserNative, because GTK 4.8's chooser drops a
 * typed location as soon as the Open button has the focus (a click gives it the focus): the
 * widget then reads only the selected files, finds none and the dialog stays open with no word
 * (issue #18). Only the dialog lets us reach the location entry and take the path from it. */

/* The outer task reports to the caller; it carries the history and the chooser. */
typedef struct
{
  CsHistory *history;
  GtkWidget *chooser;   /* GtkFileChooserDialog */
  gboolean   answered;  /* the chooser gave its response */
  GPtrArray *results;   /* CsResult*, once imported */
  GError    *error;     /* the failed files, when some were imported */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->history);
  if (data->chooser != NULL)
    gtk_window_destroy (GTK_WINDOW (data->chooser));
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

/* Hides the chooser and imports the files; takes the task's reference. */
static void
import_files (GTask *task, GFile **files, guint n_files)
{
  OpenData *data = g_task_get_task_data (task);

  data->answered = TRUE;
  gtk_widget_set_visible (data->chooser, FALSE);
  /* Reading and validating may take a while for big files: a thread does it. */
  cs_history_import_files_async (data->history, files, n_files, g_task_get_cancellable (task),
                                 on_imported, task);
}

static void
on_response (GtkDialog *chooser, int response, gpointer user_data)
{
  GTask *task = user_data;   /* the reference taken when the chooser was shown */
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (data->answered)
    return;
  if (response != GTK_RESPONSE_ACCEPT)
    {
      data->answered = TRUE;
      gtk_widget_set_visible (data->chooser, FALSE);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      g_object_unref (task);
      return;
    }
  files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  import_files (task, (GFile **) array->pdata, array->len);
}

/* ---- a typed location -------------------------------------------------------------------- */

/* The chooser's location entry, while it is on screen (a private GTK type: found by name). */
static GtkEditable *
find_location_entry (GtkWidget *widget)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkFileChooserEntry"))
    return gtk_widget_get_mapped (widget) ? GTK_EDITABLE (widget) : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = find_location_entry (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What the user typed, as a file: a full path, "~/…", a URI, or a name in the folder shown. */
static GFile *
typed_location (GtkFileChooser *chooser)
{
  GtkEditable *entry = find_location_entry (GTK_WIDGET (chooser));
  g_autofree char *text = entry != NULL ? g_strstrip (g_strdup (gtk_editable_get_text (entry)))
                                        : NULL;
  g_autoptr(GFile) folder = NULL;

  if (text == NULL || *text == '\0')
    return NULL;
  if (g_path_is_absolute (text))
    return g_file_new_for_path (text);
  if (g_str_has_prefix (text, "~/"))
    return g_file_new_build_filename (g_get_home_dir (), text + 2, NULL);
  if (g_uri_peek_scheme (text) != NULL)
    return g_file_new_for_uri (text);
  folder = gtk_file_chooser_get_current_folder (chooser);
  return folder != NULL ? g_file_resolve_relative_path (folder, text) : NULL;
}

/* Runs after the dialog's own handling of the click: when the chooser did not answer, the
 * typed location is what the user meant. A folder is opened in the chooser, as Enter does;
 * anything else is imported, so a wrong path ends in a message naming it, never in silence. */
static void
on_open_clicked (GtkButton *button, gpointer user_data)
{
  GTask *task = user_data;
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GFile) typed = NULL;

  if (data->answered || (typed = typed_location (GTK_FILE_CHOOSER (data->chooser))) == NULL)
    return;
  if (g_file_query_file_type (typed, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (data->chooser), typed, NULL);
      return;
    }
  import_files (task, &typed, 1);
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
  GtkWidget *open_button;

  g_return_if_fail (CS_IS_HISTORY (history));

  g_task_set_source_tag (task, cs_open_results_dialog_run);
  data->history = g_object_ref (history);
  data->chooser = g_object_ref_sink (
    gtk_file_chooser_dialog_new (_("Open Results"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                 _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Open"),
                                 GTK_RESPONSE_ACCEPT, NULL));
  gtk_dialog_set_default_response (GTK_DIALOG (data->chooser), GTK_RESPONSE_ACCEPT);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (data->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), filter);
  gtk_window_set_modal (GTK_WINDOW (data->chooser), TRUE);
  gtk_window_set_hide_on_close (GTK_WINDOW (data->chooser), TRUE);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_signal_connect (data->chooser, "response", G_CALLBACK (on_response), task);
  open_button = gtk_dialog_get_widget_for_response (GTK_DIALOG (data->chooser),
                                                    GTK_RESPONSE_ACCEPT);
  /* After the dialog's own handler, and gone with the task. */
  g_signal_connect_object (open_button, "clicked", G_CALLBACK (on_open_clicked), task, 0);
  gtk_window_present (GTK_WINDOW (data->chooser));
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
