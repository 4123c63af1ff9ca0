/* test-history-panel.c: the history panel lists, compares, renames, deletes and reopens results
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "corescope-resources.h"
#include "cs-history-panel.h"
#include "cs-open-dialog.h"
#include "history-test-util.h"
#include "gui-test-util.h"

/* Runs under Xvfb; XDG_DATA_HOME points into a temporary directory (set in main). */

static char *data_home;

typedef struct
{
  CsHistory      *history;
  CsHistoryPanel *panel;
  GtkWidget      *window;
  char           *old_path, *new_path;
  guint           compare_changed;
  char           *error;
  CsResult       *activated;
  char           *activated_path;
} Fixture;

static void
wait_until_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* one iteration more than needed: the listing started by "changed" must have begun */
  do
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  while (cs_history_panel_is_busy (f->panel));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_compare_changed (CsHistoryPanel *panel, Fixture *f)
{
  f->compare_changed++;
}

static void
on_error (CsHistoryPanel *panel, const char *message, Fixture *f)
{
  g_free (f->error);
  f->error = g_strdup (message);
}

static void
on_activated (CsHistoryPanel *panel, CsResult *result, const char *path, Fixture *f)
{
  g_clear_pointer (&f->activated, cs_result_free);
  f->activated = cs_result_copy (result);
  g_free (f->activated_path);
  f->activated_path = g_strdup (path);
}

static char *
write_result (const char *dir, const char *name, const char *host, const char *started)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = htu_make_result ("cpu", host, started, 1.0);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (cs_result_save (r, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = cs_history_default_dir ();

  /* the default location, under this test's XDG_DATA_HOME */
  g_assert_true (g_str_has_prefix (dir, data_home));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  f->old_path = write_result (dir, "old.json", "alpha", "2026-11-20T09:00:00Z");
  f->new_path = write_result (dir, "new.json", "beta", "2026-11-21T10:00:00Z");
  f->history = cs_history_new (NULL);
  f->panel = CS_HISTORY_PANEL (cs_history_panel_new ());
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->panel));
  gtk_window_present (GTK_WINDOW (f->window));
  g_signal_connect (f->panel, "compare-changed", G_CALLBACK (on_compare_changed), f);
  g_signal_connect (f->panel, "error", G_CALLBACK (on_error), f);
  g_signal_connect (f->panel, "result-activated", G_CALLBACK (on_activated), f);
  cs_history_panel_set_history (f->panel, f->history);
  wait_until_idle (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = cs_history_default_dir ();
  g_autoptr(GDir) d = NULL;
  const char *name;

  wait_until_idle (f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (f->history);
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_free (f->old_path);
  g_free (f->new_path);
  g_free (f->error);
  g_clear_pointer (&f->activated, cs_result_free);
  g_free (f->activated_path);
}

static void
test_list (Fixture *f, gconstpointer data)
{
  g_autoptr(CsResult) r = htu_make_result ("matmul", "gamma", "2026-11-22T01:00:00Z", 1.0);

  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 2);
  /* newest first, with the machine */
  g_assert_cmpstr (cs_history_panel_get_entry (f->panel, 0)->path, ==, f->new_path);
  g_assert_cmpstr (cs_history_panel_get_entry (f->panel, 0)->hostname, ==, "beta");
  g_assert_cmpstr (cs_history_panel_get_entry (f->panel, 1)->hostname, ==, "alpha");

  /* adding saves in a thread, and the list follows */
  cs_history_panel_add (f->panel, r);
  wait_until_idle (f);
  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 3);
  g_assert_cmpstr (cs_history_panel_get_entry (f->panel, 0)->preset, ==, "matmul");
  g_assert_null (f->error);
}

static GtkWidget *
find_widget (GtkWidget *root, GType type, guint skip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          if (skip == 0)
            return child;
          skip--;
          continue;
        }
      found = find_widget (child, type, skip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_compare (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) none = cs_history_panel_get_compared (f->panel);
  g_autoptr(GPtrArray) both = NULL;
  g_autoptr(GPtrArray) one = NULL;
  GtkWidget *first_check = find_widget (GTK_WIDGET (f->panel), GTK_TYPE_CHECK_BUTTON, 0);

  g_assert_cmpuint (none->len, ==, 0);
  /* tick the older row by code and the newer one by its check button */
  cs_history_panel_set_compared (f->panel, f->old_path, TRUE);
  wait_until_idle (f);
  g_assert_cmpuint (f->compare_changed, ==, 1);
  g_assert_nonnull (first_check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (first_check), TRUE);
  wait_until_idle (f);
  g_assert_cmpuint (f->compare_changed, ==, 2);
  both = cs_history_panel_get_compared (f->panel);
  g_assert_cmpuint (both->len, ==, 2);
  /* in the order ticked */
  g_assert_cmpstr (((CsResult *) both->pdata[0])->machine->hostname, ==, "alpha");
  g_assert_cmpstr (((CsResult *) both->pdata[1])->machine->hostname, ==, "beta");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (first_check), FALSE);
  wait_until_idle (f);
  g_assert_cmpuint (f->compare_changed, ==, 3);
  one = cs_history_panel_get_compared (f->panel);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (((CsResult *) one->pdata[0])->machine->hostname, ==, "alpha");
}

static void
test_rename (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) loaded = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "history.rename", "(ss)", f->old_path,
                              "quiet machine");
  wait_until_idle (f);
  loaded = cs_result_load (f->old_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->label, ==, "quiet machine");
  g_assert_cmpstr (cs_history_panel_get_entry (f->panel, 1)->label, ==, "quiet machine");
  g_assert_null (f->error);

  /* a file that is gone: the error names it */
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "history.rename", "(ss)",
                              "/nonexistent/gone.json", "x");
  wait_until_idle (f);
  g_assert_nonnull (f->error);
  g_assert_nonnull (strstr (f->error, "gone.json"));
}

/* A compared result that is renamed is loaded again, so charts show the new label. */
static void
test_rename_compared (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) compared = NULL;

  cs_history_panel_set_compared (f->panel, f->old_path, TRUE);
  wait_until_idle (f);
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "history.rename", "(ss)", f->old_path,
                              "after");
  wait_until_idle (f);
  g_assert_cmpuint (f->compare_changed, ==, 2);
  compared = cs_history_panel_get_compared (f->panel);
  g_assert_cmpuint (compared->len, ==, 1);
  g_assert_cmpstr (((CsResult *) compared->pdata[0])->label, ==, "after");
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) compared = NULL;

  cs_history_panel_set_compared (f->panel, f->new_path, TRUE);
  wait_until_idle (f);
  g_assert_cmpuint (f->compare_changed, ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (f->panel), "history.delete", "s", f->new_path);
  wait_until_idle (f);
  g_assert_false (g_file_test (f->new_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (f->old_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 1);
  /* a deleted row is no longer compared */
  g_assert_cmpuint (f->compare_changed, ==, 2);
  compared = cs_history_panel_get_compared (f->panel);
  g_assert_cmpuint (compared->len, ==, 0);
  g_assert_null (f->error);
}

static void
test_activate (Fixture *f, gconstpointer data)
{
  GtkWidget *row = find_widget (GTK_WIDGET (f->panel), ADW_TYPE_ACTION_ROW, 1);

  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  wait_until_idle (f);
  g_assert_nonnull (f->activated);
  g_assert_cmpstr (f->activated_path, ==, f->old_path);
  g_assert_cmpstr (f->activated->machine->hostname, ==, "alpha");
}

static void
on_imported (GObject *source, GAsyncResult *res, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (res);
}

static void
test_import_invalid (Fixture *f, gconstpointer data)
{
  g_autofree char *bad = g_build_filename (data_home, "b.json", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  GAsyncResult *res = NULL;

  g_assert_true (g_file_set_contents (bad, "{ \"format\": \"corescope-result\", \"runs\": 1 }",
                                      -1, NULL));
  file = g_file_new_for_path (bad);
  cs_history_import_files_async (f->history, &file, 1, NULL, on_imported, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cs_history_import_files_finish (f->history, res, &results, &error));
  g_object_unref (res);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "b.json: "));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (results->len, ==, 0);
  wait_until_idle (f);
  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 2);
  g_unlink (bad);
}

/* Dropped files: the good one is listed, the bad one reported on its own line. */
static void
test_import_files (Fixture *f, gconstpointer data)
{
  g_autoptr(CsResult) r = htu_make_result ("matmul", "remote", "2026-11-19T08:00:00Z", 1.0);
  g_autofree char *good = g_build_filename (data_home, "good.json", NULL);
  g_autofree char *bad = g_build_filename (data_home, "bad.json", NULL);
  GFile *files[2];

  g_assert_true (cs_result_save (r, good, NULL));
  g_assert_true (g_file_set_contents (bad, "[1, 2", -1, NULL));
  files[0] = g_file_new_for_path (good);
  files[1] = g_file_new_for_path (bad);
  cs_history_panel_import_files (f->panel, files, 2);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  wait_until_idle (f);
  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 3);
  g_assert_cmpstr (cs_history_panel_get_entry (f->panel, 2)->hostname, ==, "remote");
  g_assert_nonnull (f->error);
  g_assert_true (g_str_has_prefix (f->error, "bad.json: "));
  g_assert_null (strchr (f->error, '\n'));
  g_unlink (good);
  g_unlink (bad);
}

/* Files dropped on the panel are imported. */
static void
test_drop (Fixture *f, gconstpointer data)
{
  g_autoptr(CsResult) r = htu_make_result ("matmul", "dropped", "2026-11-19T08:00:00Z", 1.0);
  g_autofree char *path = g_build_filename (data_home, "dropped.json", NULL);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->panel));
  GtkDropTarget *target = NULL;
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_assert_true (cs_result_save (r, path, NULL));
  files = g_slist_append (files, g_file_new_for_path (path));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  wait_until_idle (f);
  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 3);
  g_assert_cmpstr (cs_history_panel_get_entry (f->panel, 2)->hostname, ==, "dropped");
  g_unlink (path);
}

static GtkWindow *
find_toplevel (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Open… shows a GtkFileChooserDialog, which the test answers like a user who picked one file. */
static void
test_open_dialog (Fixture *f, gconstpointer data)
{
  g_autoptr(CsResult) r = htu_make_result ("matmul", "remote", "2026-11-19T08:00:00Z", 1.0);
  g_autofree char *path = g_build_filename (data_home, "picked.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  GAsyncResult *res = NULL;
  GtkWindow *chooser;

  g_assert_true (cs_result_save (r, path, NULL));
  cs_open_results_dialog_run (GTK_WINDOW (f->window), f->history, on_imported, &res);
  chooser = find_toplevel ("Open Results");
  g_assert_true (GTK_IS_FILE_CHOOSER_DIALOG (chooser));
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  /* the dialog loads the folder asynchronously and refuses to answer before it selected it */
  for (guint i = 0;; i++)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      if (g_list_model_get_n_items (chosen) == 1)
        break;
      g_assert_cmpuint (i, <, 5000);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cs_open_results_dialog_finish (res, &results, &error));
  g_object_unref (res);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (((CsResult *) results->pdata[0])->machine->hostname, ==, "remote");
  wait_until_idle (f);
  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 3);
  g_unlink (path);
}

/* Iterates the main loop until *res is set, for at most 10 s. */
static void
wait_for_result (GAsyncResult **res)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (*res == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Open…: a full path typed into the location entry (typing "/" opens it), then a click on Open,
 * which moves the focus from the entry to the button: the typed file is imported. GTK 4.8's
 * chooser alone reads only the selected files then, and nothing happened (issue #18). */
static void
test_open_typed_path (Fixture *f, gconstpointer data)
{
  g_autoptr(CsResult) r = htu_make_result ("matmul", "typed", "2026-11-19T08:00:00Z", 1.0);
  g_autofree char *path = g_build_filename (data_home, "typed.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  GAsyncResult *res = NULL;
  GtkWidget *widget, *open_button, *entry = NULL;
  GtkWindow *chooser;

  g_assert_true (cs_result_save (r, path, NULL));
  cs_open_results_dialog_run (GTK_WINDOW (f->window), f->history, on_imported, &res);
  chooser = find_toplevel ("Open Results");
  g_assert_true (GTK_IS_FILE_CHOOSER_DIALOG (chooser));
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  widget = cs_gui_test_find_widget (GTK_WIDGET (chooser), cs_gui_test_is_type_named,
                                    "GtkFileChooserWidget");
  g_assert_nonnull (widget);
  /* what typing the path does: the location entry opens with the text in it */
  g_signal_emit_by_name (widget, "location-popup", path);
  for (guint i = 0; entry == NULL || !gtk_widget_get_mapped (entry); i++)
    {
      g_assert_cmpuint (i, <, 5000);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      entry = cs_gui_test_find_widget (widget, cs_gui_test_is_type_named, "GtkFileChooserEntry");
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, path);
  open_button = gtk_dialog_get_widget_for_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_nonnull (open_button);
  /* what a click does: the button takes the focus, then is clicked */
  gtk_widget_grab_focus (open_button);
  g_signal_emit_by_name (open_button, "clicked");
  wait_for_result (&res);
  g_assert_nonnull (res);
  g_assert_true (cs_open_results_dialog_finish (res, &results, &error));
  g_object_unref (res);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (((CsResult *) results->pdata[0])->machine->hostname, ==, "typed");
  /* the dialog is gone with the finished task */
  g_assert_null (chooser);
  wait_until_idle (f);
  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 3);
  g_unlink (path);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* The rows' buttons ask first: cancelling keeps the file, confirming deletes it. */
static void
test_ask_delete (Fixture *f, gconstpointer data)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "history.ask-delete", "s", f->old_path);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_heading (dialog), "Delete “CPU"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until_idle (f);
  g_assert_true (g_file_test (f->old_path, G_FILE_TEST_EXISTS));

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "history.ask-delete", "s", f->old_path);
  dialog = find_message_dialog ();
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until_idle (f);
  g_assert_false (g_file_test (f->old_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (cs_history_panel_get_n_entries (f->panel), ==, 1);
}

/* The rename dialog's entry starts with the current label and its text becomes the label. */
static void
test_ask_rename (Fixture *f, gconstpointer data)
{
  g_autoptr(CsResult) loaded = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  gtk_widget_activate_action (GTK_WIDGET (f->panel), "history.ask-rename", "s", f->new_path);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  gtk_editable_set_text (entry, "with turbo off");
  adw_message_dialog_response (dialog, "rename");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until_idle (f);
  loaded = cs_result_load (f->new_path, NULL);
  g_assert_cmpstr (loaded->label, ==, "with turbo off");
  g_assert_cmpstr (cs_history_panel_get_entry (f->panel, 0)->label, ==, "with turbo off");
}

int
main (int argc, char **argv)
{
  GTestDBus *bus;
  g_autofree char *tmp = g_dir_make_tmp ("cs-history-panel-XXXXXX", NULL);
  int status;

  /* before GLib caches the user directories */
  data_home = g_build_filename (tmp, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  bus = cs_gui_test_init (&argc, &argv);
  /* the bundle lives in a static library: referencing it links it in (and registers it) */
  g_assert_nonnull (corescope_get_resource ());
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/history-panel/list", test_list);
  ADD ("/history-panel/compare", test_compare);
  ADD ("/history-panel/rename", test_rename);
  ADD ("/history-panel/rename-compared", test_rename_compared);
  ADD ("/history-panel/delete", test_delete);
  ADD ("/history-panel/ask-delete", test_ask_delete);
  ADD ("/history-panel/ask-rename", test_ask_rename);
  ADD ("/history-panel/activate", test_activate);
  ADD ("/history-panel/import-invalid", test_import_invalid);
  ADD ("/history-panel/import-files", test_import_files);
  ADD ("/history-panel/open-dialog", test_open_dialog);
  ADD ("/history-panel/open-typed-path", test_open_typed_path);
  ADD ("/history-panel/drop", test_drop);
#undef ADD
  status = g_test_run ();
  {
    g_autofree char *dir = g_build_filename (data_home, "corescope", "history", NULL);
    g_autofree char *parent = g_build_filename (data_home, "corescope", NULL);

    g_rmdir (dir);
    g_rmdir (parent);
    g_rmdir (data_home);
    g_rmdir (tmp);
  }
  g_free (data_home);
  return cs_gui_test_finish (bus, status);
}
