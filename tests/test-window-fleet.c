/* test-window-fleet.c: Open Fleet Folder: the machines overlaid, the selector and per core
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "cs-application.h"
#include "cs-window.h"
#include "fleet-test-util.h"
#include "gui-test-util.h"

/* Runs under Xvfb (see tests/meson.build): windows are really mapped and rendered. */

static CsApplication *app;
static char *tmp_dir;

typedef struct
{
  gboolean  done;
  GError   *error;
} Opened;

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Opened *opened = user_data;

  cs_window_open_fleet_folder_finish (CS_WINDOW (source), result, &opened->error);
  opened->done = TRUE;
}

/* Iterates the main loop until *flag, within 10 s. */
static void
wait_for (gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
wait_ready (CsComparisonView *view)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (cs_comparison_view_is_busy (view))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

/* NULL when the folder was opened, else the error. */
static GError *
open_folder_and_wait (CsWindow *window, const char *path)
{
  g_autoptr (GFile) folder = g_file_new_for_path (path);
  Opened opened = { FALSE, NULL };

  cs_window_open_fleet_folder (window, folder, on_opened, &opened);
  wait_for (&opened.done);
  wait_ready (cs_window_get_comparison_view (window));
  return opened.error;
}

static CsWindow *
open_window (void)
{
  CsWindow *window = cs_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* alpha (2 cores), beta (8 cores), gamma (4 cores), and a broken file. */
static char *
make_fleet (void)
{
  char *dir = fleet_test_make_dir ();

  fleet_test_save (dir, "gamma.json", fleet_test_result ("gamma", 4, (guint[]) { 1, 2, 4 }, 3));
  fleet_test_write (dir, "zz-broken.json", "{\"format\":");
  return dir;
}

/* The folder chooser GtkFileChooserNative falls back to without a portal (the test bus has
 * none), or NULL. */
static GtkFileChooser *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_FILE_CHOOSER (window);
    }
  return NULL;
}

/* The chooser loads folders asynchronously: its answer is only right once it shows it. */
static gboolean
chooser_shows (GtkFileChooser *chooser, GFile *folder)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL && g_file_equal (file, folder);
}

static gboolean
chooser_names (GtkFileChooser *chooser, const char *path)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (chooser);
  g_autofree char *chosen = file != NULL ? g_file_get_path (file) : NULL;

  return g_strcmp0 (chosen, path) == 0;
}

static gboolean
shows_result (gpointer window)
{
  return cs_window_get_result (window) != NULL;
}

/* win.open-fleet (Ctrl+Shift+O, the menu) asks for a folder and opens it. */
static void
test_action (void)
{
  g_autofree char *dir = make_fleet ();
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  CsWindow *window = open_window ();
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.open-fleet");
  GtkFileChooser *chooser;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Shift><Control>o");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-fleet", NULL));
  while ((chooser = find_chooser ()) == NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  /* In a folder chooser with nothing selected, the folder shown is the answer. */
  g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, NULL));
  while (!chooser_shows (chooser, folder))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  while (!shows_result (window))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  wait_ready (cs_window_get_comparison_view (window));
  g_assert_cmpuint (cs_comparison_view_get_n_machines (cs_window_get_comparison_view (window)),
                    ==, 3);
  close_window_and_check (window);
  fleet_test_remove_dir (dir);
}

static guint
n_series (CsComparisonView *view)
{
  return cs_chart_get_n_series (cs_chart_view_get_chart (cs_comparison_view_get_chart_view (view)));
}

static void
set_ticked (CsComparisonView *view, guint index, gboolean ticked)
{
  gtk_check_button_set_active (cs_comparison_view_get_machine_check (view, index), ticked);
  wait_ready (view);
}

/* Every machine is overlaid and compared; unticking hides it from the chart and the table. */
static void
test_selector (void)
{
  g_autofree char *dir = make_fleet ();
  CsWindow *window = open_window ();
  CsComparisonView *view = cs_window_get_comparison_view (window);
  g_autoptr (GError) error = open_folder_and_wait (window, dir);

  g_assert_no_error (error);
  g_assert_cmpuint (cs_comparison_view_get_n_machines (view), ==, 3);
  /* Named by their hosts: the fleet's files started at the same time. */
  g_assert_cmpstr (cs_comparison_view_get_machine_title (view, 0), ==, "alpha");
  g_assert_cmpstr (cs_comparison_view_get_machine_title (view, 1), ==, "beta");
  g_assert_cmpstr (cs_comparison_view_get_machine_title (view, 2), ==, "gamma");
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_check_button_get_active (cs_comparison_view_get_machine_check (view, i)));
  g_assert_cmpuint (cs_comparison_view_get_n_compared (view), ==, 3);
  /* thread at 1, 2, 4 and 8 workers across the machines */
  g_assert_cmpuint (cs_comparison_view_get_n_rows (view), ==, 4);
  g_assert_cmpuint (n_series (view), ==, 3);
  /* The results view overlays them too: the first shown, the others compared. */
  g_assert_cmpuint (cs_results_view_get_results (cs_window_get_results_view (window))->len, ==, 3);

  set_ticked (view, 1, FALSE);  /* beta: no 8-worker row any more */
  g_assert_cmpuint (cs_comparison_view_get_n_compared (view), ==, 2);
  g_assert_cmpuint (cs_comparison_view_get_n_rows (view), ==, 3);
  g_assert_cmpuint (n_series (view), ==, 2);
  /* gamma keeps the colour it had as the third series */
  g_assert_cmpuint (cs_chart_get_series (cs_chart_view_get_chart (
    cs_comparison_view_get_chart_view (view)), 1)->colour, ==, 2);
  g_assert_null (cs_comparison_view_get_message (view));

  set_ticked (view, 2, FALSE);  /* alpha alone: a chart, no table */
  g_assert_cmpuint (cs_comparison_view_get_n_compared (view), ==, 0);
  g_assert_cmpuint (n_series (view), ==, 1);
  g_assert_nonnull (strstr (cs_comparison_view_get_message (view), "two or more"));

  set_ticked (view, 0, FALSE);  /* nothing: the chart's placeholder */
  g_assert_false (cs_chart_has_data (cs_chart_view_get_chart (
    cs_comparison_view_get_chart_view (view))));

  for (guint i = 0; i < 3; i++)
    set_ticked (view, i, TRUE);
  g_assert_cmpuint (cs_comparison_view_get_n_compared (view), ==, 3);
  close_window_and_check (window);
  fleet_test_remove_dir (dir);
}

/* The comparison.per-core action (the switch) puts x at workers / each machine's cores. */
static void
test_per_core (void)
{
  g_autofree char *dir = make_fleet ();
  CsWindow *window = open_window ();
  CsComparisonView *view = cs_window_get_comparison_view (window);
  g_autoptr (GError) error = open_folder_and_wait (window, dir);
  CsChart *chart;
  const CsChartSeries *beta;

  g_assert_no_error (error);
  g_assert_false (cs_comparison_view_get_per_core (view));
  chart = cs_chart_view_get_chart (cs_comparison_view_get_chart_view (view));
  g_assert_cmpint (cs_chart_get_x_scale (chart), ==, CS_CHART_X_WORKERS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "comparison.per-core", NULL));
  g_assert_true (cs_comparison_view_get_per_core (view));
  wait_ready (view);
  chart = cs_chart_view_get_chart (cs_comparison_view_get_chart_view (view));
  g_assert_cmpint (cs_chart_get_x_scale (chart), ==, CS_CHART_X_PER_CORE);
  beta = cs_chart_get_series (chart, 1);
  g_assert_cmpfloat (g_array_index (beta->points, CsChartPoint, 0).x, ==, 1.0 / 8);
  g_assert_cmpfloat (g_array_index (beta->points, CsChartPoint, 3).x, ==, 1.0);
  g_assert_cmpuint (cs_comparison_view_get_n_rows (view), ==, 4);

  /* Hiding a machine keeps the axis per core. */
  set_ticked (view, 0, FALSE);
  chart = cs_chart_view_get_chart (cs_comparison_view_get_chart_view (view));
  g_assert_cmpint (cs_chart_get_x_scale (chart), ==, CS_CHART_X_PER_CORE);
  g_assert_cmpuint (cs_chart_get_n_series (chart), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "comparison.per-core", NULL));
  g_assert_false (cs_comparison_view_get_per_core (view));
  wait_ready (view);
  chart = cs_chart_view_get_chart (cs_comparison_view_get_chart_view (view));
  g_assert_cmpint (cs_chart_get_x_scale (chart), ==, CS_CHART_X_WORKERS);
  close_window_and_check (window);
  fleet_test_remove_dir (dir);
}

static GtkWindow *
find_titled (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *root, GType type, gboolean (*match) (GtkWidget *))
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (match == NULL || match (child)))
        return child;
      if ((found = find_widget (child, type, match)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_suggested (GtkWidget *widget)
{
  return gtk_widget_has_css_class (widget, "suggested-action");
}

static void
iterate_until_file (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

/* Export… on the Compare page writes what it shows: the ticked machines, per core. */
static void
test_export_comparison (void)
{
  g_autofree char *dir = make_fleet ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out_dir = g_get_current_dir ();
  g_autofree char *csv_path = g_build_filename (out_dir, "fleet.csv", NULL);
  g_autofree char *csv = NULL;
  CsWindow *window = open_window ();
  CsComparisonView *view = cs_window_get_comparison_view (window);
  GtkWindow *dialog;
  GtkFileChooser *chooser;
  GtkWidget *combo;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_null (open_folder_and_wait (window, dir));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "comparison.per-core", NULL));
  wait_ready (view);
  set_ticked (view, 2, FALSE);  /* gamma */
  while (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = find_titled ("Export");
  g_assert_nonnull (dialog);
  combo = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL);
  /* PNG, SVG, PDF, chart CSV, comparison CSV: two results */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (combo))),
                    ==, 5);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 3);
  g_signal_emit_by_name (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, is_suggested),
                         "clicked");
  chooser = find_chooser ();
  g_assert_nonnull (chooser);
  /* The save chooser starts in the working directory (main () made it a temporary one); the
   * name is set again until it sticks: loading the folder may reset it. */
  while (!chooser_names (chooser, csv_path))
    {
      gtk_file_chooser_set_current_name (chooser, "fleet.csv");
      for (int i = 0; i < 10; i++)
        g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  iterate_until_file (csv_path);
  /* The window's callback (a toast) drops the reference the dialog held. */
  while (find_titled ("Export") != NULL || g_main_context_pending (NULL))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "series,workers,per_core,"));
  g_assert_nonnull (strstr (csv, "\nThreads · beta,8,1,"));
  g_assert_null (strstr (csv, "gamma"));
  g_assert_cmpint (g_remove (csv_path), ==, 0);
  close_window_and_check (window);
  fleet_test_remove_dir (dir);
}

static void
test_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-fleet-XXXXXX", &error);
  CsWindow *window = open_window ();

  error = open_folder_and_wait (window, dir);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no result files"));
  g_clear_error (&error);

  fleet_test_write (dir, "bad.json", "[1, 2");
  error = open_folder_and_wait (window, dir);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad.json"));
  g_assert_null (strchr (error->message, '\n'));
  /* Nothing was shown instead. */
  g_assert_null (cs_window_get_result (window));
  close_window_and_check (window);
  fleet_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  GTestDBus *bus;
  g_autoptr (GError) error = NULL;
  int status;

  bus = cs_gui_test_init (&argc, &argv);
  app = cs_application_new ();
  /* No session bus in CI: don't try to be the unique instance. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  /* the save dialog starts in the working directory: keep its files out of the build tree */
  tmp_dir = g_dir_make_tmp ("cs-fleet-cwd-XXXXXX", NULL);
  g_assert_cmpint (g_chdir (tmp_dir), ==, 0);
  g_test_add_func ("/window-fleet/action", test_action);
  g_test_add_func ("/window-fleet/selector", test_selector);
  g_test_add_func ("/window-fleet/per-core", test_per_core);
  g_test_add_func ("/window-fleet/export-comparison", test_export_comparison);
  g_test_add_func ("/window-fleet/errors", test_errors);
  status = g_test_run ();
  g_clear_object (&app);
  g_rmdir (tmp_dir);
  return cs_gui_test_finish (bus, status);
}
