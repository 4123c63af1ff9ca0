/* test-window-python.c: the window with a user's Python function: modes that fit the preset,
 * failures the user sees, History rows that tell sweeps apart, a diagnostic run that leaves the
 * settings alone
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cs-application.h"
#include "cs-headline.h"
#include "cs-history-row.h"
#include "cs-window.h"
#include "gui-test-util.h"

/* Runs under Xvfb (see tests/meson.build). Every sweep is tiny (4 calls, 1–2 workers, one
 * repetition) but starts CPython: the bounds are generous for a busy 2-core machine. */

static CsApplication *app;
static char *data_home;
static char *py_dir;

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition condition, gpointer data, guint seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
idle (gpointer window)
{
  return !cs_window_is_checking (window) && !cs_window_is_running (window)
         && !cs_results_view_is_updating (cs_window_get_results_view (window));
}

static gboolean
history_idle (gpointer panel)
{
  return !cs_history_panel_is_busy (panel);
}

static char *
py_file (const char *name)
{
  return g_build_filename (py_dir, name, NULL);
}

static void
write_py (const char *name, const char *text)
{
  g_autofree char *path = py_file (name);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static CsWindow *
open_window (void)
{
  CsWindow *window = cs_window_new (app);
  g_autoptr (GError) error = NULL;
  CsTopology *topology = cs_application_get_topology (app, &error);

  g_assert_no_error (error);
  cs_window_set_topology (window, topology, "test");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static GStrv
ticked_modes (CsWindow *window)
{
  GStrv modes = NULL;

  g_object_get (cs_run_panel_get_sweep_options (cs_window_get_run_panel (window)), "modes",
                &modes, NULL);
  return modes;
}

/* The user's function preset with file and function, the preset's default modes. */
static void
fill_callable (CsWindow *window, const char *file, const char *function)
{
  CsRunPanel *panel = cs_window_get_run_panel (window);
  CsSweepOptions *options = cs_run_panel_get_sweep_options (panel);
  g_autofree char *path = file != NULL ? py_file (file) : g_strdup ("");
  const char *const modes[] = { "python-thread", "python-process", NULL };

  g_assert_true (cs_preset_list_select (cs_window_get_preset_list (window), "python-callable"));
  g_assert_true (cs_run_panel_set_param_text (panel, "file", path));
  g_assert_true (cs_run_panel_set_param_text (panel, "function", function));
  g_assert_true (cs_run_panel_set_param_text (panel, "tasks", "4"));
  cs_sweep_options_set_custom_workers (options, "1,2");
  /* The window remembers the last modes (test_modes_fit_preset left one): both, here. */
  g_object_set (options, "reps", 1u, "warmup", 0u, "modes", modes, NULL);
}

static void
run (CsWindow *window)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (cs_window_start_sweep (window, &error));
  g_assert_no_error (error);
  wait_until (idle, window, 120);
}

/* Issue 18, item 3: the C modes cannot run a Python function, so they are neither ticked nor
 * offered; the Python ones are. Each preset keeps its own form: back from another preset, the
 * file and the modes are as the user left them. */
static void
test_modes_fit_preset (void)
{
  CsWindow *window = open_window ();
  CsRunPanel *panel = cs_window_get_run_panel (window);
  CsSweepOptions *options = cs_run_panel_get_sweep_options (panel);
  g_autofree char *path = py_file ("mywork.py");
  g_auto (GStrv) python = NULL;
  g_auto (GStrv) c = NULL;
  g_auto (GStrv) again = NULL;

  g_assert_true (cs_preset_list_select (cs_window_get_preset_list (window), "python-callable"));
  python = ticked_modes (window);
  g_assert_true (g_strv_contains ((const char *const *) python, "python-thread"));
  g_assert_true (g_strv_contains ((const char *const *) python, "python-process"));
  for (CsMode m = CS_MODE_THREAD; m <= CS_MODE_PROCESS; m++)
    {
      g_assert_false (g_strv_contains ((const char *const *) python, cs_mode_to_string (m)));
      g_assert_nonnull (cs_sweep_options_get_unsupported (options, m));
    }
  /* The user picks a file and python-process only, visits the CPU preset, and comes back. */
  g_assert_true (cs_run_panel_set_param_text (panel, "file", path));
  g_assert_true (cs_run_panel_set_param_text (panel, "function", "nap"));
  for (guint i = 0; python[i] != NULL; i++)
    {
      CsMode mode;

      g_assert_true (cs_mode_from_string (python[i], &mode));
      cs_sweep_options_set_mode_enabled (options, mode, g_str_equal (python[i], "python-process"));
    }
  g_assert_true (cs_preset_list_select (cs_window_get_preset_list (window), "cpu"));
  c = ticked_modes (window);
  g_assert_cmpuint (g_strv_length (c), ==, 3);
  g_assert_cmpstr (c[0], ==, "thread");
  g_assert_cmpstr (c[1], ==, "gil");
  g_assert_cmpstr (c[2], ==, "process");
  g_assert_null (cs_sweep_options_get_unsupported (options, CS_MODE_THREAD));
  g_assert_true (cs_preset_list_select (cs_window_get_preset_list (window), "python-callable"));
  again = ticked_modes (window);
  g_assert_cmpuint (g_strv_length (again), ==, 1);
  g_assert_cmpstr (again[0], ==, "python-process");
  g_assert_cmpstr (cs_params_get_string (cs_run_panel_get_params (panel), "file"), ==, path);
  g_assert_cmpstr (cs_params_get_string (cs_run_panel_get_params (panel), "function"), ==, "nap");
  close_window_and_check (window);
}

static guint
n_history_entries (CsWindow *window)
{
  CsHistoryPanel *panel = cs_window_get_history_panel (window);

  cs_history_panel_reload (panel);
  wait_until (history_idle, panel, 20);
  return cs_history_panel_get_n_entries (panel);
}

/* Issue 18, item 1: what can be known before a sweep refuses it, with the reason, and starts
 * nothing (no result in the history). */
static void
test_refused_before_sweep (void)
{
  static const struct { const char *file, *function, *reason; } cases[] = {
    { NULL, "work", "Python file" },
    { "missing.py", "work", "missing.py: no such file" },
    { "bad_syntax.py", "work", "bad_syntax.py: cannot load: SyntaxError" },
    { "mywork.py", "nope", "mywork.py:nope: the module has no function 'nope'" },
  };
  CsWindow *window = open_window ();
  guint before = n_history_entries (window);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      fill_callable (window, cases[i].file, cases[i].function);
      run (window);
      g_assert_nonnull (cs_window_get_last_failure (window));
      if (strstr (cs_window_get_last_failure (window), cases[i].reason) == NULL)
        g_error ("“%s” does not say “%s”", cs_window_get_last_failure (window), cases[i].reason);
      g_assert_null (cs_window_get_result (window));
    }
  g_assert_cmpuint (n_history_entries (window), ==, before);
  close_window_and_check (window);
}

/* The label showing text lies wholly inside container, once laid out. */
static void
assert_label_inside (GtkWidget *container, const char *text)
{
  GtkWidget *label = cs_gui_test_find_widget (container, cs_gui_test_is_label_with, text);
  graphene_rect_t bounds;

  g_assert_nonnull (label);
  cs_gui_test_run_for (300);
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_true (gtk_widget_compute_bounds (label, container, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (container));
}

/* Issue 18, item 1: a function that raises fails every run: the toast says the first reason,
 * the Table gives it per point, the History row says "failed" with it. */
static void
test_failed_sweep_visible (void)
{
  CsWindow *window = open_window ();
  CsResultsView *view = cs_window_get_results_view (window);
  CsHistoryPanel *panel = cs_window_get_history_panel (window);
  g_autofree char *table = NULL;
  g_autofree char *subtitle = NULL;
  const CsHistoryEntry *entry;

  fill_callable (window, "mywork.py", "boom");
  run (window);
  g_assert_nonnull (cs_window_get_last_failure (window));
  g_test_message ("%s", cs_window_get_last_failure (window));
  g_assert_nonnull (cs_window_get_result (window));
  g_assert_nonnull (cs_window_get_last_failure (window));
  g_assert_true (g_str_has_prefix (cs_window_get_last_failure (window), "The sweep failed: "));
  g_assert_nonnull (strstr (cs_window_get_last_failure (window), "ZeroDivisionError"));

  cs_results_view_show_view (view, "table");
  /* two modes × two worker counts, each with its reason */
  table = cs_results_view_get_table_text (view);
  g_assert_cmpuint (cs_results_view_get_n_table_rows (view), ==, 4);
  g_test_message ("%s", table);
  /* as many failed runs a point as the sweep measured (an adaptive sweep's first rounds) */
  g_assert_nonnull (strstr (table, " failed: mywork.py:boom: ZeroDivisionError"));
  /* and the reason is on screen, not cut at the edge of a window of the default size */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  assert_label_inside (GTK_WIDGET (view), " failed: mywork.py:boom: ZeroDivisionError");

  n_history_entries (window);
  entry = cs_history_panel_get_entry (panel, 0);
  g_assert_cmpstr (entry->path, ==, cs_window_get_last_saved_path (window));
  g_assert_cmpuint (entry->n_failed, ==, entry->n_runs);
  subtitle = cs_history_row_subtitle (entry);
  g_assert_nonnull (strstr (subtitle, " · failed: mywork.py:boom: ZeroDivisionError"));
  close_window_and_check (window);
}

/* wait_until()'s condition: the progress on screen says text. */
typedef struct
{
  CsResultsView *view;
  const char    *text;
} ProgressWait;

static gboolean
progress_says (gpointer data)
{
  ProgressWait *wait = data;
  g_autofree char *shown = cs_results_view_get_progress_text (wait->view);

  return shown != NULL && strstr (shown, wait->text) != NULL;
}

static void
wait_for_progress (CsResultsView *view, const char *text, guint seconds)
{
  ProgressWait wait = { view, text };

  wait_until (progress_says, &wait, seconds);
}

/* Issue 18, item 2: a function that does not return shows how long its first run has been
 * going: there is no estimate before a run ends. */
static void
test_stuck_function (void)
{
  CsWindow *window = open_window ();
  CsSweepOptions *options = cs_run_panel_get_sweep_options (cs_window_get_run_panel (window));
  const char *const modes[] = { "python-thread", NULL };
  g_autoptr (GError) error = NULL;

  fill_callable (window, "mywork.py", "stuck");
  cs_sweep_options_set_custom_workers (options, "1");
  g_object_set (options, "modes", modes, NULL);
  g_assert_true (cs_window_start_sweep (window, &error));
  g_assert_no_error (error);
  wait_for_progress (cs_window_get_results_view (window), "the first has run for 5 s", 25);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  wait_until (idle, window, 30);
  close_window_and_check (window);
}

/* Issue 18, item 2: a function that never returns, with the form's time limit per run: the
 * progress says how long the first run (then the next) has gone on, each run is stopped at the limit and marked
 * timed out with the reason, the sweep goes on to its end, and the toast and the Table say so. */
static void
test_time_limit (void)
{
  CsWindow *window = open_window ();
  CsResultsView *view = cs_window_get_results_view (window);
  CsSweepOptions *options = cs_run_panel_get_sweep_options (cs_window_get_run_panel (window));
  const char *const modes[] = { "python-thread", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *table = NULL;
  const CsResult *result;

  fill_callable (window, "mywork.py", "spin");
  /* over the 5 s before a run's clock shows, with time to read it */
  g_object_set (options, "modes", modes, "adaptive", FALSE, "timeout", 8u, NULL);
  g_assert_true (cs_window_start_sweep (window, &error));
  g_assert_no_error (error);
  wait_for_progress (view, "the first has run for 5 s", 30);
  /* the first run stopped at its limit: the second point starts, with an estimate in seconds */
  wait_for_progress (view, "1 of 2 runs", 30);
  progress = cs_results_view_get_progress_text (view);
  g_test_message ("%s", progress);
  g_assert_null (strstr (progress, "µs"));
  g_assert_null (strstr (progress, "about 0 "));
  /* the second run hangs too: its clock replaces the estimate, which would go stale */
  wait_for_progress (view, "1 of 2 runs · the next has run for 5 s", 30);
  wait_until (idle, window, 60);

  result = cs_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_true (result->complete);
  g_assert_cmpuint (result->runs->len, ==, 2);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *r = g_ptr_array_index (result->runs, i);

      g_test_message ("run %u: %s: %s", i, cs_run_status_to_string (r->status), r->reason);
      g_assert_cmpint (r->status, ==, CS_RUN_TIMEOUT);
      g_assert_nonnull (strstr (r->reason, "timeout"));
    }
  g_test_message ("%s", cs_window_get_last_failure (window));
  g_assert_true (g_str_has_prefix (cs_window_get_last_failure (window),
                                   "The sweep failed: the run took longer than the timeout"));
  cs_results_view_show_view (view, "table");
  table = cs_results_view_get_table_text (view);
  g_assert_cmpuint (cs_results_view_get_n_table_rows (view), ==, 2);
  /* each point says why it has no value */
  g_assert_nonnull (strstr (strstr (table, "1 run failed: the run took longer than the timeout")
                            + 1, "1 run failed: the run took longer than the timeout"));

  /* Cancelled after a run timed out: the toast says it was cancelled and what is kept. */
  g_object_set (options, "timeout", 2u, NULL);
  cs_sweep_options_set_custom_workers (options, "1,2,3");
  g_assert_true (cs_window_start_sweep (window, &error));
  g_assert_no_error (error);
  wait_for_progress (view, "1 of 3 runs", 30);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  wait_until (idle, window, 30);
  g_test_message ("%s", cs_window_get_last_failure (window));
  g_assert_true (g_str_has_prefix (cs_window_get_last_failure (window), "Sweep cancelled: the "));
  g_assert_nonnull (strstr (cs_window_get_last_failure (window), " kept"));
  g_assert_false (cs_window_get_result (window)->complete);
  close_window_and_check (window);
}

/* Issue 18, item 6: runs of the user's function preset differ in History by the function, and
 * say their modes, workers and headline. */
static void
test_history_rows (void)
{
  CsWindow *window = open_window ();
  CsHistoryPanel *panel = cs_window_get_history_panel (window);
  g_autofree char *work_title = NULL, *nap_title = NULL, *subtitle = NULL;

  fill_callable (window, "mywork.py", "work");
  run (window);
  fill_callable (window, "mywork.py", "nap");
  run (window);
  g_assert_null (cs_window_get_last_failure (window));
  g_assert_cmpuint (n_history_entries (window), >=, 2);
  nap_title = cs_history_row_title (cs_history_panel_get_entry (panel, 0));
  work_title = cs_history_row_title (cs_history_panel_get_entry (panel, 1));
  g_assert_cmpstr (nap_title, ==, "Your Python function: mywork.py:nap");
  g_assert_cmpstr (work_title, ==, "Your Python function: mywork.py:work");
  subtitle = cs_history_row_subtitle (cs_history_panel_get_entry (panel, 0));
  g_test_message ("%s", subtitle);
  /* then the verdict's headline, the sentence the Summary and `corescope run` end with */
  g_assert_nonnull (strstr (subtitle, " · python-thread, python-process · 1–2 workers · "));
  {
    g_autofree char *headline = cs_headline_for_result (cs_window_get_result (window));

    g_assert_nonnull (strstr (subtitle, headline));
  }
  close_window_and_check (window);
}

static void
on_opened (GObject *source, GAsyncResult *res, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
open_result (CsWindow *window, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gboolean done = FALSE;

  cs_window_open_result_file (window, file, on_opened, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
shows_two (gpointer window)
{
  GPtrArray *results = cs_results_view_get_results (cs_window_get_results_view (window));

  return results != NULL && results->len == 2 && idle (window);
}

/* Sets the file parameter of a copy of result to path. */
static CsResult *
with_file (const CsResult *result, const char *path)
{
  CsResult *copy = cs_result_copy (result);

  for (guint i = 0; copy->config->params[i] != NULL; i++)
    if (g_str_has_prefix (copy->config->params[i], "file="))
      {
        g_free (copy->config->params[i]);
        copy->config->params[i] = g_strdup_printf ("file=%s", path);
      }
  return copy;
}

/* Issue 18, item 7: two ticked rows are compared alone, not with the result on screen as a
 * third; the legends name the function, not the placement they share; and one file named by
 * a relative and by an absolute path is no difference between two results. */
static void
test_compare_ticked (void)
{
  CsWindow *window = open_window ();
  CsHistoryPanel *panel = cs_window_get_history_panel (window);
  g_autofree char *cwd = g_get_current_dir ();
  GPtrArray *differences;
  g_autoptr (CsComparison) comparison = NULL;
  g_autoptr (GError) error = NULL;
  CsResult *pair[2];
  const char *names[] = { "a.json", "b.json" };
  GPtrArray *shown;

  /* history_rows left nap (newest), work, then failed_sweep_visible's boom */
  g_assert_cmpuint (n_history_entries (window), >=, 3);
  open_result (window, cs_history_panel_get_entry (panel, 2)->path);
  cs_history_panel_set_compared (panel, cs_history_panel_get_entry (panel, 0)->path, TRUE);
  cs_history_panel_set_compared (panel, cs_history_panel_get_entry (panel, 1)->path, TRUE);
  wait_until (shows_two, window, 20);
  shown = cs_results_view_get_results (cs_window_get_results_view (window));
  g_assert_true (g_str_has_suffix (((CsResult *) shown->pdata[0])->label, " · mywork.py:nap"));
  g_assert_true (g_str_has_suffix (((CsResult *) shown->pdata[1])->label, " · mywork.py:work"));

  g_assert_cmpint (g_chdir (py_dir), ==, 0);
  {
    g_autofree char *absolute = py_file ("mywork.py");

    pair[0] = with_file (shown->pdata[0], "mywork.py");
    pair[1] = with_file (shown->pdata[0], absolute);
  }
  comparison = cs_comparison_new ((const CsResult *const *) pair, names, 2, &error);
  g_assert_no_error (error);
  differences = cs_comparison_get_differences (comparison);
  for (guint i = 0; i < differences->len; i++)
    g_assert_null (strstr (differences->pdata[i], "parameter file"));
  g_clear_pointer (&comparison, cs_comparison_free);
  cs_result_free (pair[0]);
  cs_result_free (pair[1]);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  close_window_and_check (window);
}

static gboolean
autorun_done (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return window != NULL && cs_window_get_result (CS_WINDOW (window)) != NULL
         && cs_window_get_result (CS_WINDOW (window))->complete && idle (window);
}

/* Issue 18, item 12: CORESCOPE_AUTORUN=python-callable with CORESCOPE_AUTORUN_PARAMS runs the
 * user's function with the preset's modes, and the user's saved settings (GSettings) stay as
 * they were. main() set the environment before the application read its settings. */
static void
test_autorun_leaves_settings (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *function = NULL;
  const char *keys[] = { "last-preset", "last-params", "last-modes", "last-workers", "last-reps" };
  const CsResult *result;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  wait_until (autorun_done, NULL, 120);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  result = cs_window_get_result (CS_WINDOW (window));
  g_assert_cmpstr (result->config->preset, ==, "python-callable");
  g_assert_true (g_strv_contains ((const char *const *) result->config->params,
                                  "function=work"));
  g_assert_true (g_strv_contains ((const char *const *) result->config->params,
                                  "args=[1,2,3]"));
  g_assert_cmpuint (result->config->n_modes, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr (GVariant) value = g_settings_get_user_value (settings, keys[i]);

      if (value != NULL)
        g_error ("a diagnostic run changed the setting %s", keys[i]);
    }
  close_window_and_check (window);
}

int
main (int argc, char **argv)
{
  GTestDBus *bus;
  g_autoptr (GError) error = NULL;
  g_autofree char *params = NULL;
  int status;

  data_home = g_dir_make_tmp ("corescope-data-XXXXXX", NULL);
  py_dir = g_dir_make_tmp ("corescope-py-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  write_py ("mywork.py", "import time\n\n"
                         "def work(i):\n    return sum(range(2000)) + i\n\n"
                         "def nap(i):\n    time.sleep(0.002)\n    return i\n\n"
                         "def boom(i):\n    return 1 // 0\n\n"
                         "def stuck(i):\n    time.sleep(30)\n    return i\n\n"
                         "def spin(i):\n    while True:\n        pass\n");
  write_py ("bad_syntax.py", "def work(i)\n    return i\n");
  /* The diagnostic run of test_autorun_leaves_settings: read when the application first asks
   * for its settings, and when it is activated (only that test activates it). */
  params = g_strdup_printf ("file=%s/mywork.py,function=work,args=[1,2,3]", py_dir);
  g_setenv ("CORESCOPE_AUTORUN", "python-callable", TRUE);
  g_setenv ("CORESCOPE_AUTORUN_PARAMS", params, TRUE);
  g_setenv ("CORESCOPE_AUTORUN_WORKERS", "1,2", TRUE);
  g_setenv ("CORESCOPE_AUTORUN_REPS", "1", TRUE);
  g_setenv ("CORESCOPE_AUTORUN_QUIT", "0", TRUE);
  bus = cs_gui_test_init (&argc, &argv);
  app = cs_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/window-python/modes-fit-preset", test_modes_fit_preset);
  g_test_add_func ("/window-python/refused-before-sweep", test_refused_before_sweep);
  g_test_add_func ("/window-python/failed-sweep-visible", test_failed_sweep_visible);
  g_test_add_func ("/window-python/stuck-function", test_stuck_function);
  g_test_add_func ("/window-python/time-limit", test_time_limit);
  g_test_add_func ("/window-python/history-rows", test_history_rows);
  g_test_add_func ("/window-python/compare-ticked", test_compare_ticked);
  g_test_add_func ("/window-python/autorun-leaves-settings", test_autorun_leaves_settings);
  status = g_test_run ();
  g_object_unref (app);
  return cs_gui_test_finish (bus, status);
}
