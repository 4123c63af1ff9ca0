/* test-export.c: Export… writes PNG, SVG, CSV and JSON; the comparison view tabulates results
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "corescope-resources.h"
#include "cs-comparison-view.h"
#include "cs-export-dialog.h"
#include "cs-results-view.h"
#include "history-test-util.h"
#include "gui-test-util.h"

static char *tmp_dir;

static GPtrArray *
make_results (guint n)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  static const char *const hosts[] = { "alpha", "beta", "gamma" };

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (results, htu_make_result ("cpu", hosts[i], "2026-11-21T10:00:00Z",
                                               1.0 + i));
  return results;
}

static void
on_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (res);
}

/* Exports synchronously for the test: the write itself runs in a GTask thread. */
static gboolean
export (GPtrArray *results, CsExportFormat format, const char *path, int width, int height,
        double scale, GError **error)
{
  GAsyncResult *res = NULL;
  gboolean ok;

  cs_export_to_file_async (results, CS_CHART_SPEEDUP, format, path, width, height, scale,
                           CS_CHART_THEME_LIGHT, NULL, on_done, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = cs_export_to_file_finish (res, error);
  g_object_unref (res);
  return ok;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* One mode at 1–4 workers that follows Amdahl's law with a 10 % serial part: enough points
 * for the results view to draw the fitted model. */
static GPtrArray *
make_scaling_results (void)
{
  GPtrArray *results = make_results (1);
  CsResult *result = g_ptr_array_index (results, 0);
  static const double jitter[] = { 1.0, 1.01, 0.99 };
  static const CsMode thread[] = { CS_MODE_THREAD };

  g_ptr_array_set_size (result->runs, 0);
  cs_sweep_config_set_modes (result->config, thread, 1);
  g_free (result->config->workers);
  result->config->workers = g_new (guint, 4);
  result->config->n_workers = 4;
  for (guint w = 1; w <= 4; w++)
    result->config->workers[w - 1] = w;
  for (guint rep = 0; rep < 3; rep++)
    for (guint w = 1; w <= 4; w++)
      {
        CsRun *r = cs_run_new ();

        r->mode = CS_MODE_THREAD;
        r->workers = w;
        r->rep = rep;
        r->wall_s = jitter[rep] * (0.1 + 0.9 / w);
        r->user_s = r->wall_s * w;
        r->tasks = 100;
        cs_result_add_run (result, r);
      }
  return results;
}

/* Issue 18, item 8: Export… writes the chart on screen, pixel for pixel at one size: the same
 * fitted models (one result: Amdahl's line) and so the same axes. The reference is the chart as
 * the results view builds it, drawn by the same painter. */
static void
test_png_is_screen (void)
{
  g_autoptr(GPtrArray) results = make_scaling_results ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = tmp_path ("exported.png");
  g_autofree char *screen = tmp_path ("screen.png");
  g_autofree char *a = NULL, *b = NULL;
  gsize la, lb;
  g_autoptr(CsChart) chart = cs_chart_new_from_results (results, CS_CHART_SPEEDUP,
                                                        cs_results_view_fits_for (
                                                          CS_CHART_SPEEDUP, 1),
                                                        FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (cs_results_view_fits_for (CS_CHART_SPEEDUP, 1), ==, CS_CHART_FIT_AMDAHL);
  g_assert_true (cs_chart_export (chart, screen, CS_CHART_FORMAT_PNG, 640, 400, 1,
                                  CS_CHART_THEME_LIGHT, &error));
  g_assert_no_error (error);
  g_assert_true (export (results, CS_EXPORT_PNG, exported, 640, 400, 1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (exported, &a, &la, NULL));
  g_assert_true (g_file_get_contents (screen, &b, &lb, NULL));
  g_assert_cmpmem (a, la, b, lb);
}

static void
test_png (void)
{
  g_autoptr(GPtrArray) results = make_results (2);
  g_autofree char *path = tmp_path ("chart.png");
  g_autoptr(GError) error = NULL;
  g_autofree guchar *data = NULL;
  gsize length = 0;
  static const guchar signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  g_assert_true (export (results, CS_EXPORT_PNG, path, 800, 500, 1.5, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (data, 8, signature, 8);
  /* IHDR: width and height in pixels, times the scale */
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (read_be32 (data + 16), ==, 1200);
  g_assert_cmpuint (read_be32 (data + 20), ==, 750);
  g_unlink (path);

  /* defaults: 1600 × 1000 */
  g_assert_true (export (results, CS_EXPORT_PNG, path, 0, 0, 0, &error));
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  g_assert_cmpuint (read_be32 (data + 16), ==, 1600);
  g_assert_cmpuint (read_be32 (data + 20), ==, 1000);
  g_unlink (path);
}

static void
on_start_element (GMarkupParseContext *context, const char *element, const char **names,
                  const char **values, gpointer user_data, GError **error)
{
  char **root = user_data;

  if (*root == NULL)
    *root = g_strdup (element);
}

static void
test_svg (void)
{
  g_autoptr(GPtrArray) results = make_results (1);
  g_autofree char *path = tmp_path ("chart.svg");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *root = NULL;
  GMarkupParser parser = { on_start_element, NULL, NULL, NULL, NULL };
  GMarkupParseContext *context;
  gsize length = 0;

  g_assert_true (export (results, CS_EXPORT_SVG, path, 640, 400, 1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  context = g_markup_parse_context_new (&parser, 0, &root, NULL);
  g_assert_true (g_markup_parse_context_parse (context, data, length, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_cmpstr (root, ==, "svg");
  g_assert_nonnull (strstr (data, "640"));
  g_unlink (path);
}

static void
test_csv (void)
{
  g_autoptr(GPtrArray) results = make_results (1);
  g_autofree char *chart_path = tmp_path ("chart.csv");
  g_autofree char *runs_path = tmp_path ("runs.csv");
  g_autoptr(GError) error = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *runs = NULL;
  g_auto(GStrv) chart_lines = NULL;
  g_auto(GStrv) run_lines = NULL;

  g_assert_true (export (results, CS_EXPORT_CHART_CSV, chart_path, 0, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (chart_path, &chart, NULL, NULL));
  chart_lines = g_strsplit (chart, "\n", -1);
  g_assert_true (g_str_has_prefix (chart_lines[0], "series,workers,"));
  /* two modes × two worker counts */
  g_assert_cmpuint (g_strv_length (chart_lines), >=, 5);

  g_assert_true (export (results, CS_EXPORT_RUNS_CSV, runs_path, 0, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (runs_path, &runs, NULL, NULL));
  run_lines = g_strsplit (runs, "\n", -1);
  g_assert_true (g_str_has_prefix (run_lines[0], "preset,mode,workers,"));
  g_assert_true (g_str_has_prefix (run_lines[1], "cpu,"));
  g_unlink (chart_path);
  g_unlink (runs_path);
}

static void
test_json (void)
{
  g_autoptr(GPtrArray) one = make_results (1);
  g_autoptr(GPtrArray) two = make_results (2);
  g_autofree char *path = tmp_path ("result.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) loaded = NULL;

  g_assert_true (export (one, CS_EXPORT_JSON, path, 0, 0, 0, &error));
  g_assert_no_error (error);
  loaded = cs_result_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->machine->hostname, ==, "alpha");
  g_assert_cmpuint (loaded->runs->len, ==, 12);
  g_unlink (path);

  /* a result file holds one result: two are refused, naming the file, and nothing is written */
  g_assert_false (export (two, CS_EXPORT_JSON, path, 0, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "result.json"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Two or more results: the comparison table, one row per (result, mode, workers). */
static void
test_comparison_csv (void)
{
  g_autoptr(GPtrArray) one = make_results (1);
  g_autoptr(GPtrArray) two = make_results (2);
  g_autofree char *path = tmp_path ("comparison.csv");
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (export (two, CS_EXPORT_COMPARISON_CSV, path, 0, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "result,preset,mode,workers,"));
  /* header + 2 results × 2 modes × 2 worker counts + the empty string after the last \n */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1);
  g_unlink (path);

  g_assert_false (export (one, CS_EXPORT_COMPARISON_CSV, path, 0, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_write_error (void)
{
  g_autoptr(GPtrArray) results = make_results (1);
  g_autoptr(GError) error = NULL;

  g_assert_false (export (results, CS_EXPORT_PNG, "/nonexistent-dir/chart.png", 0, 0, 0,
                          &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "chart.png"));
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

static void
test_comparison_view (void)
{
  g_autoptr(GPtrArray) one = make_results (1);
  g_autoptr(GPtrArray) three = make_results (3);
  GtkWidget *window = gtk_window_new ();
  CsComparisonView *view = CS_COMPARISON_VIEW (cs_comparison_view_new ());

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (cs_comparison_view_get_n_rows (view), ==, 0);
  g_assert_nonnull (cs_comparison_view_get_message (view));

  cs_comparison_view_set_results (view, three);
  g_assert_true (cs_comparison_view_is_busy (view));
  wait_ready (view);
  /* a row per (mode, workers): thread and process at 1 and 2 workers */
  g_assert_cmpuint (cs_comparison_view_get_n_rows (view), ==, 4);
  g_assert_null (cs_comparison_view_get_message (view));

  /* one result is not a comparison */
  cs_comparison_view_set_results (view, one);
  wait_ready (view);
  g_assert_cmpuint (cs_comparison_view_get_n_rows (view), ==, 0);
  g_assert_nonnull (cs_comparison_view_get_message (view));

  gtk_window_destroy (GTK_WINDOW (window));
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

/* Closing the options without choosing a file is a cancel, reported once. */
static void
test_dialog_cancel (void)
{
  g_autoptr(GPtrArray) results = make_results (2);
  g_autoptr(GError) error = NULL;
  GAsyncResult *res = NULL;
  GtkWindow *dialog;
  GtkWidget *combo;
  char *path;

  cs_export_dialog_present (NULL, results, CS_CHART_TIME, on_done, &res);
  dialog = find_toplevel ("Export");
  g_assert_nonnull (dialog);
  /* two results: no JSON file or run table, which hold one, but the comparison */
  combo = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (combo))),
                    ==, 5);
  gtk_window_destroy (dialog);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  path = cs_export_dialog_finish (res, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (res);
  g_assert_null (find_toplevel ("Export"));
}

static gboolean
is_suggested (GtkWidget *widget)
{
  return gtk_widget_has_css_class (widget, "suggested-action");
}

static GtkWindow *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* The whole dialog as a user goes through it: pick "Result file (JSON)", Export…, a name in the
 * chooser (the GtkFileChooserDialog fallback under Xvfb), and the file is written. */
static void
test_dialog_json (void)
{
  g_autoptr(GPtrArray) results = make_results (1);
  g_autofree char *expected = tmp_path ("saved.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) loaded = NULL;
  g_autofree char *path = NULL;
  GAsyncResult *res = NULL;
  GtkWindow *dialog, *chooser;
  GtkWidget *combo, *button;

  cs_export_dialog_present (NULL, results, CS_CHART_SPEEDUP, on_done, &res);
  dialog = find_toplevel ("Export");
  g_assert_nonnull (dialog);
  combo = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL);
  g_assert_nonnull (combo);
  /* PNG, SVG, PDF, chart CSV, runs CSV, JSON: one result offers all but the comparison */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (combo))),
                    ==, CS_N_EXPORT_FORMATS - 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), CS_EXPORT_JSON);
  button = find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, is_suggested);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  chooser = find_chooser ();
  if (chooser == NULL)
    {
      g_test_skip ("the file chooser is not a GtkFileChooserDialog here");
      gtk_window_destroy (dialog);
      return;
    }
  g_assert_cmpstr (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)), ==,
                   "cpu.json");
  /* the chooser starts in the working directory, which main() made the temporary one */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "saved.json");
  /* answer once the chooser names the file we expect */
  for (guint i = 0;; i++)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *chosen_path = chosen ? g_file_get_path (chosen) : NULL;

      if (g_strcmp0 (chosen_path, expected) == 0)
        break;
      g_assert_cmpuint (i, <, 5000);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  for (guint i = 0; res == NULL; i++)
    {
      g_assert_cmpuint (i, <, 5000);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  path = cs_export_dialog_finish (res, &error);
  g_object_unref (res);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
  loaded = cs_result_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->machine->hostname, ==, "alpha");
  g_assert_null (find_toplevel ("Export"));
  g_unlink (path);

  /* the next Export… offers the same format again */
  res = NULL;
  cs_export_dialog_present (NULL, results, CS_CHART_SPEEDUP, on_done, &res);
  dialog = find_toplevel ("Export");
  combo = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, CS_EXPORT_JSON);
  gtk_window_destroy (dialog);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (res);
}

int
main (int argc, char **argv)
{
  GTestDBus *bus;
  int status;

  bus = cs_gui_test_init (&argc, &argv);
  /* the bundle lives in a static library: referencing it links it in (and registers it) */
  g_assert_nonnull (corescope_get_resource ());
  tmp_dir = g_dir_make_tmp ("cs-export-XXXXXX", NULL);
  /* the save dialog starts in the working directory: keep its files out of the build tree */
  g_assert_cmpint (g_chdir (tmp_dir), ==, 0);
  g_test_add_func ("/export/png", test_png);
  g_test_add_func ("/export/png-is-screen", test_png_is_screen);
  g_test_add_func ("/export/svg", test_svg);
  g_test_add_func ("/export/csv", test_csv);
  g_test_add_func ("/export/json", test_json);
  g_test_add_func ("/export/comparison-csv", test_comparison_csv);
  g_test_add_func ("/export/write-error", test_write_error);
  g_test_add_func ("/export/dialog-cancel", test_dialog_cancel);
  g_test_add_func ("/export/dialog-json", test_dialog_json);
  g_test_add_func ("/comparison-view/rows", test_comparison_view);
  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return cs_gui_test_finish (bus, status);
}
