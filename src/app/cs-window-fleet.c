/* cs-window-fleet.c: the window's fleet folders: one result per machine, overlaid and compared
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-window"

#include <glib/gi18n.h>

#include "cs-result-dir.h"
#include "cs-window-private.h"

/* `corescope fleet` writes one result file per host into a folder. Opening the folder shows
 * the first machine's result and overlays the others, like ticking them in the history, and
 * goes to the Compare page, where machines can be hidden and put on a per-core axis. The
 * files are not imported into the history: a fleet is looked at as a whole. */

static gpointer
load_fleet (const char *path, GError **error)
{
  return cs_result_dir_load (path, error);
}

static void
toast (CsWindow *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* One line: how many machines, and the files that were skipped with why. */
static void
toast_skipped (CsWindow *self, const CsResultDir *dir)
{
  g_autofree char *skipped = cs_result_dir_skipped_summary (dir);
  g_autofree char *message = NULL;

  if (skipped == NULL)
    return;
  /* Translators: %u is a count of machines, %s the files skipped and why */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Opened %u machine; skipped %s",
                                          "Opened %u machines; skipped %s",
                                          dir->results->len),
                             dir->results->len, skipped);
  toast (self, message);
}

static void
show_fleet (CsWindow *self, const CsResultDir *dir)
{
  g_autoptr (GPtrArray) machines = g_ptr_array_new ();  /* borrowed: set_compared copies */

  /* Every machine is compared, the first one (on screen) too: two or more compared results
   * are shown exactly as they are (add_shown). */
  for (guint i = 0; i < dir->results->len; i++)
    g_ptr_array_add (machines, g_ptr_array_index (dir->results, i));
  _cs_window_show_result (self, cs_result_copy (g_ptr_array_index (dir->results, 0)));
  cs_window_set_compared (self, machines);
  if (machines->len > 1)
    cs_results_view_show_view (self->results_view, "compare");
}

static void
on_fleet_loaded (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (source);
  g_autoptr (GTask) outer = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResultDir) dir = g_task_propagate_pointer (G_TASK (res), &error);

  if (dir == NULL)
    {
      toast (self, error->message);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (self->job != NULL)
    {
      toast (self, _("Wait for the sweep to finish before opening a fleet folder"));
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("Wait for the sweep to finish before opening a fleet folder"));
      return;
    }
  show_fleet (self, dir);
  toast_skipped (self, dir);
  g_task_return_boolean (outer, TRUE);
}

void
cs_window_open_fleet_folder (CsWindow *self, GFile *folder, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  GTask *outer;

  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, cs_window_open_fleet_folder);
  /* Many hosts' files are many JSON parses: a thread does them. */
  _cs_window_load_file_async (self, folder, load_fleet, (GDestroyNotify) cs_result_dir_free,
                              "corescope-open-fleet", on_fleet_loaded, outer);
}

gboolean
cs_window_open_fleet_folder_finish (CsWindow *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, CsWindow *self)
{
  g_autoptr (GFile) folder = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (folder != NULL)
    cs_window_open_fleet_folder (self, folder, NULL, NULL);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
open_fleet_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Fleet Folder"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_cs_window_class_init_fleet (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-fleet", NULL, open_fleet_action);
}
