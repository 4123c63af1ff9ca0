/* test-window-sweep.c: the real window runs sweeps, shows their points, saves, compares, exports
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <sys/wait.h>
#include "cs-journal.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "cs-application.h"
#include "cs-history.h"
#include "cs-run-noise.h"
#include "cs-window.h"
#include "proc-test-util.h"
#include "gui-test-util.h"

/* Runs under Xvfb (see tests/meson.build). The sweeps are tiny (a few ms per run) so that each
 * test takes well under a few seconds; the bounds are generous for a busy 2-core machine. */

static CsApplication *app;
static char *data_home;

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main context until condition holds; fails after seconds. */
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
sweep_over (gpointer window)
{
  return !cs_window_is_running (window)
         && !cs_results_view_is_updating (cs_window_get_results_view (window));
}

static gboolean
memory_charted (gpointer window)
{
  CsResultsView *view = cs_window_get_results_view (window);
  CsChart *chart = cs_chart_view_get_chart (cs_results_view_get_chart_view (view,
                                                                            CS_CHART_MEMORY));

  return !cs_results_view_is_updating (view) && chart != NULL && cs_chart_has_data (chart);
}

static gboolean
has_runs (gpointer window)
{
  const CsResult *result = cs_window_get_result (window);

  return result != NULL && result->runs->len >= 2;
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

/* Picks preset and sets the sweep options like a user would, in the form. */
static void
fill_form (CsWindow *window, const char *preset, const char *workers, guint reps,
           gboolean thread, gboolean process)
{
  CsRunPanel *panel = cs_window_get_run_panel (window);
  CsSweepOptions *options = cs_run_panel_get_sweep_options (panel);

  g_assert_true (cs_preset_list_select (cs_window_get_preset_list (window), preset));
  g_assert_true (cs_run_panel_get_preset (panel) != NULL);
  g_assert_cmpstr (cs_run_panel_get_preset (panel)->name, ==, preset);
  cs_sweep_options_set_mode_enabled (options, CS_MODE_THREAD, thread);
  cs_sweep_options_set_mode_enabled (options, CS_MODE_GIL, FALSE);
  cs_sweep_options_set_mode_enabled (options, CS_MODE_PROCESS, process);
  cs_sweep_options_set_custom_workers (options, workers);
  g_object_set (options, "reps", reps, "warmup", 0u, "adaptive", FALSE, NULL);
}

static void
run_action (CsWindow *window, const char *name)
{
  gtk_widget_activate_action (GTK_WIDGET (window), name, NULL);
}

/* Counts runs of (mode, workers) in result. */
static guint
count_runs (const CsResult *result, CsMode mode, guint workers)
{
  guint n = 0;

  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);
      n += run->mode == mode && run->workers == workers && cs_run_is_measurement (run);
    }
  return n;
}

static gboolean
history_idle (gpointer panel)
{
  return !cs_history_panel_is_busy (panel);
}

static char *first_saved; /* a complete result in the history, for the later tests */

static GtkWidget *
find_switcher (GtkWidget *widget)
{
  if (ADW_IS_VIEW_SWITCHER (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_switcher (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
progress_settled (gpointer view)
{
  return !cs_results_view_is_animating (view);
}

/* Where a widget is in the window, once the pending layout is done. */
static graphene_rect_t
bounds_in_window (CsWindow *window, GtkWidget *widget)
{
  graphene_rect_t bounds;

  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));
  return bounds;
}

static void
assert_same_bounds (const graphene_rect_t *a, const graphene_rect_t *b)
{
  g_assert_cmpfloat (a->origin.x, ==, b->origin.x);
  g_assert_cmpfloat (a->origin.y, ==, b->origin.y);
  g_assert_cmpfloat (a->size.width, ==, b->size.width);
  g_assert_cmpfloat (a->size.height, ==, b->size.height);
}

/* The form's time limit per run is the sweep's, as the CLI's --timeout (issue #18). */
static void
test_timeout_row (void)
{
  CsWindow *window = open_window ();
  CsSweepOptions *options = cs_run_panel_get_sweep_options (cs_window_get_run_panel (window));
  g_autoptr (CsSweepConfig) config = cs_sweep_config_new ();
  g_autoptr (GError) error = NULL;
  guint timeout = 99;

  g_object_get (options, "timeout", &timeout, NULL);
  g_assert_cmpuint (timeout, ==, 0);
  g_assert_true (cs_sweep_options_fill_config (options, config, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (config->timeout_s, ==, 0);
  g_object_set (options, "timeout", 30u, NULL);
  g_assert_true (cs_sweep_options_fill_config (options, config, &error));
  g_assert_cmpfloat (config->timeout_s, ==, 30);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The progress appearing and going must not move the chart/table switcher under the pointer
 * (issue #18, a click missed because of it). */
static void
test_switcher_stays (void)
{
  CsWindow *window = open_window ();
  CsResultsView *view = cs_window_get_results_view (window);
  GtkWidget *switcher = find_switcher (GTK_WIDGET (view));
  GtkWidget *chart = GTK_WIDGET (cs_results_view_get_chart_view (view, CS_CHART_SPEEDUP));
  graphene_rect_t switcher_before, chart_before, now;

  g_assert_nonnull (switcher);
  fill_form (window, "cpu", "1,2", 1, TRUE, FALSE);
  g_assert_true (cs_run_panel_set_param_text (cs_window_get_run_panel (window), "tasks", "8"));
  run_action (window, "win.run");
  wait_until (sweep_over, window, 30);
  wait_until (progress_settled, view, 10);
  g_assert_true (gtk_widget_get_mapped (chart));
  switcher_before = bounds_in_window (window, switcher);
  chart_before = bounds_in_window (window, chart);
  /* The chart keeps its place and size too: the progress's room is kept (issue #18). */
  cs_results_view_set_progress (view, "Measuring", "about 1 s left", 0.5);
  wait_until (progress_settled, view, 10);
  now = bounds_in_window (window, switcher);
  assert_same_bounds (&now, &switcher_before);
  now = bounds_in_window (window, chart);
  assert_same_bounds (&now, &chart_before);
  cs_results_view_set_progress (view, NULL, NULL, 0);
  wait_until (progress_settled, view, 10);
  now = bounds_in_window (window, switcher);
  assert_same_bounds (&now, &switcher_before);
  now = bounds_in_window (window, chart);
  assert_same_bounds (&now, &chart_before);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Select a preset, change a parameter, run two modes × two worker counts, and see every point
 * on the charts, in the table and in the history. */
static void
test_run (void)
{
  CsWindow *window = open_window ();
  CsRunPanel *panel = cs_window_get_run_panel (window);
  CsResultsView *view = cs_window_get_results_view (window);
  g_autoptr (CsHistory) history = cs_history_new (NULL);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  const CsResult *result;
  CsChart *chart;

  g_auto (GStrv) run_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     "win.run");
  g_auto (GStrv) cancel_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                        "win.cancel");

  g_assert_cmpstr (run_accels[0], ==, "<Control>Return");
  g_assert_cmpstr (cancel_accels[0], ==, "Escape");
  fill_form (window, "cpu", "1,2", 2, TRUE, TRUE);
  g_assert_true (cs_run_panel_set_param_text (panel, "tasks", "8"));
  g_assert_true (cs_run_panel_set_param_text (panel, "numbers", "200"));
  g_assert_null (cs_run_panel_get_param_error (panel, "tasks"));
  g_assert_cmpstr (cs_params_get_string (cs_run_panel_get_params (panel), "tasks"), ==, "8");

  run_action (window, "win.run");
  g_assert_true (cs_window_is_running (window));
  /* A second Run while one runs is refused. */
  g_assert_false (cs_window_start_sweep (window, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  wait_until (sweep_over, window, 30);

  result = cs_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_true (result->complete);
  /* Runs the window disturbed anyway are kept as records, with the run that replaced them. */
  g_assert_cmpuint (result->runs->len, >=, 8);
  g_assert_cmpuint (count_runs (result, CS_MODE_THREAD, 2), ==, 2);
  g_assert_cmpuint (count_runs (result, CS_MODE_PROCESS, 1), ==, 2);

  /* The speed-up chart has one series per mode with both worker counts... */
  chart = cs_chart_view_get_chart (cs_results_view_get_chart_view (view, CS_CHART_SPEEDUP));
  g_assert_true (cs_chart_has_data (chart));
  g_assert_cmpuint (cs_chart_get_n_series (chart), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      CsChartSeries *series = cs_chart_get_series (chart, i);

      g_assert_cmpuint (series->points->len, ==, 2);
      g_assert_cmpfloat (g_array_index (series->points, CsChartPoint, 0).x, ==, 1);
      g_assert_cmpfloat (g_array_index (series->points, CsChartPoint, 1).x, ==, 2);
    }
  /* The Memory page: what the runs' workers held, per mode; C processes hold a program each. */
  cs_results_view_show_view (view, "memory");
  wait_until (memory_charted, window, 10);
  chart = cs_chart_view_get_chart (cs_results_view_get_chart_view (view, CS_CHART_MEMORY));
  g_assert_cmpuint (cs_chart_get_n_series (chart), ==, 2);
  g_assert_cmpfloat (g_array_index (cs_chart_get_series (chart, 1)->points, CsChartPoint, 1).y,
                     >, 0.1);
  g_assert_true (cs_results_view_get_visible_chart_view (view)
                 == cs_results_view_get_chart_view (view, CS_CHART_MEMORY));
  cs_results_view_show_view (view, "speedup");
  /* ...the table one row per point, and the summary an analysis. */
  g_assert_cmpuint (cs_results_view_get_n_table_rows (view), ==, 4);
  g_assert_nonnull (cs_results_view_get_analysis (view));
  /* The Summary renders the verdict the command line computes from the same runs. */
  {
    g_autoptr (CsAnalysis) again = cs_analysis_new (result, NULL);

    g_assert_cmpstr (cs_analysis_get_verdict (cs_results_view_get_analysis (view))->headline,
                     ==, cs_analysis_get_verdict (again)->headline);
  }

  /* Saved in the history (XDG_DATA_HOME is the test's directory). */
  g_assert_nonnull (cs_window_get_last_saved_path (window));
  g_assert_true (g_str_has_prefix (cs_window_get_last_saved_path (window), data_home));
  entries = cs_history_list (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((CsHistoryEntry *) entries->pdata[0])->preset, ==, "cpu");
  g_assert_true (((CsHistoryEntry *) entries->pdata[0])->complete);
  first_saved = g_strdup (cs_window_get_last_saved_path (window));
  /* The History page lists it. */
  wait_until (history_idle, cs_window_get_history_panel (window), 10);
  g_assert_cmpuint (cs_history_panel_get_n_entries (cs_window_get_history_panel (window)), ==, 1);
  g_assert_cmpstr (cs_history_panel_get_entry (cs_window_get_history_panel (window), 0)->path, ==,
                   first_saved);
  close_window_and_check (window);
}

/* What a poll of the main loop saw while a sweep ran. */
typedef struct
{
  CsWindow *window;
  guint     paints;          /* frames painted by the window's frame clock */
  gboolean  was_timing;
  guint     timed;           /* the run being timed at the previous poll */
  guint     seen_paints, seen_snapshots;
  guint     polls_in_timed;  /* polls that saw the same timed run twice */
  guint     runs_seen;       /* distinct timed runs polled */
  guint     drawn_in_timed;  /* frames or chart snapshots during a timed run */
} QuietWatch;

static void
on_paint (GdkFrameClock *clock, QuietWatch *w)
{
  w->paints++;
}

/* A frame or a chart snapshot between two polls that both saw the same run timed happened
 * while that run was timed: the job clears the flag before it posts the run's end. */
static gboolean
poll_quiet (gpointer data)
{
  QuietWatch *w = data;
  CsSweepJob *job = cs_window_get_sweep_job (w->window);
  gboolean timing = job != NULL && cs_sweep_job_is_timing (job);
  guint timed = job != NULL ? cs_sweep_job_get_n_timed (job) : 0;
  guint snapshots = cs_chart_view_get_n_snapshots ();

  if (timing && w->was_timing && timed == w->timed)
    {
      w->polls_in_timed++;
      if (w->paints != w->seen_paints || snapshots != w->seen_snapshots)
        {
          w->drawn_in_timed++;
          g_test_message ("timed run %u: %u frames, %u chart snapshots while it was timed", timed,
                          w->paints - w->seen_paints, snapshots - w->seen_snapshots);
        }
    }
  if (timing && timed != w->timed)
    w->runs_seen++;
  w->was_timing = timing;
  w->timed = timed;
  w->seen_paints = w->paints;
  w->seen_snapshots = snapshots;
  return G_SOURCE_CONTINUE;
}

/* The window draws nothing while a run is timed: progress and charts are applied between runs
 * (#16). The runs last tens of milliseconds so that the 1 ms poll sees each of them many
 * times; the charts must still have been drawn between runs, or the count proves nothing. */
static void
test_quiet_while_timed (void)
{
  CsWindow *window = open_window ();
  CsRunPanel *panel = cs_window_get_run_panel (window);
  QuietWatch w = { window };
  GdkFrameClock *clock;
  guint snapshots_before, poll;
  gulong paint_id;

  fill_form (window, "cpu", "1,2", 3, TRUE, FALSE);
  g_assert_true (cs_run_panel_set_param_text (panel, "tasks", "16"));
  g_assert_true (cs_run_panel_set_param_text (panel, "numbers", "4000"));
  /* Shown first: a page whose chart is drawn when it changes. */
  cs_window_show_page (window, "results");
  wait_until (sweep_over, window, 10);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_assert_nonnull (clock);
  paint_id = g_signal_connect (clock, "paint", G_CALLBACK (on_paint), &w);
  snapshots_before = cs_chart_view_get_n_snapshots ();
  poll = g_timeout_add_full (G_PRIORITY_HIGH, 1, poll_quiet, &w, NULL);

  run_action (window, "win.run");
  wait_until (sweep_over, window, 60);
  g_source_remove (poll);
  g_signal_handler_disconnect (clock, paint_id);

  g_test_message ("%u timed runs polled, %u polls inside them, %u chart snapshots, %u frames",
                  w.runs_seen, w.polls_in_timed,
                  cs_chart_view_get_n_snapshots () - snapshots_before, w.paints);
  g_assert_cmpuint (cs_window_get_result (window)->runs->len, >=, 6);
  g_assert_cmpuint (w.runs_seen, >=, 3);
  g_assert_cmpuint (w.polls_in_timed, >=, 10);
  /* The chart was drawn as runs came in... */
  g_assert_cmpuint (cs_chart_view_get_n_snapshots (), >, snapshots_before);
  /* ...but never while a run was timed. */
  g_assert_cmpuint (w.drawn_in_timed, ==, 0);
  /* The result says how much CPU the window itself took. */
  g_assert_cmpfloat (cs_result_observer_share (cs_window_get_result (window)), >=, 0);
  close_window_and_check (window);
}

static AdwMessageDialog *find_message_dialog (void);

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

/* win.check-system runs `corescope check` in a thread and shows every finding in a dialog. */
static void
test_check_system (void)
{
  CsWindow *window = open_window ();
  AdwMessageDialog *dialog;

  g_assert_null (find_message_dialog ());
  run_action (window, "win.check-system");
  /* It samples for half a second in a thread: the action returns at once, without a dialog. */
  g_assert_null (find_message_dialog ());
  wait_until (has_message_dialog, NULL, 20);
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Steal time"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Load average"));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "This Machine"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window_and_check (window);
}

/* An invalid form blocks Run. */
static void
test_invalid_form (void)
{
  CsWindow *window = open_window ();
  CsRunPanel *panel = cs_window_get_run_panel (window);

  fill_form (window, "cpu", "1,2", 2, TRUE, FALSE);
  g_assert_true (cs_run_panel_set_param_text (panel, "tasks", "0"));
  g_assert_nonnull (cs_run_panel_get_param_error (panel, "tasks"));
  run_action (window, "win.run");
  g_assert_false (cs_window_is_running (window));
  close_window_and_check (window);
}

static gboolean
weak_ref_cleared (gpointer data)
{
  g_autoptr (GObject) object = g_weak_ref_get (data);

  return object == NULL;
}

/* Children before any sweep: the private session bus's dbus-daemon and its watcher. */
static guint bus_children;

static gboolean
no_children (gpointer data)
{
  return count_children () == bus_children;
}

/* Cancel stops a process-mode sweep of long waits within about a second, keeps what was measured
 * (complete = FALSE, saved in the history), and leaves no worker process behind. */
static void
test_cancel (void)
{
  CsWindow *window = open_window ();
  CsRunPanel *panel = cs_window_get_run_panel (window);
  g_autoptr (CsResult) saved = NULL;
  g_autoptr (GError) error = NULL;
  const CsResult *result;
  gint64 start;
  guint kept;

  fill_form (window, "io-wait", "1,2", 10, FALSE, TRUE);
  g_assert_true (cs_run_panel_set_param_text (panel, "tasks", "4"));
  g_assert_true (cs_run_panel_set_param_text (panel, "latency", "50ms"));
  run_action (window, "win.run");
  g_assert_true (cs_window_is_running (window));
  wait_until (has_runs, window, 30);

  start = g_get_monotonic_time ();
  run_action (window, "win.cancel");
  wait_until (sweep_over, window, 10);
  /* One run lasts ≤ 200 ms here; "within a second" with room for a loaded machine. */
  g_test_message ("cancelled in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  result = cs_window_get_result (window);
  g_assert_false (result->complete);
  kept = result->runs->len;
  g_assert_cmpuint (kept, >=, 2);
  g_assert_cmpuint (kept, <, 20);
  saved = cs_result_load (cs_window_get_last_saved_path (window), &error);
  g_assert_no_error (error);
  g_assert_false (saved->complete);
  g_assert_cmpuint (saved->runs->len, ==, kept);
  /* Workers are reaped when the pool stops; allow a moment for their exit. */
  wait_until (no_children, NULL, 5);
  close_window_and_check (window);
}

/* Destroying the window while a sweep runs stops the sweep; the window is finalized once the
 * sweep's thread has returned, and the partial result still goes to the history. */
static void
test_destroy_while_running (void)
{
  CsWindow *window = open_window ();
  g_autoptr (CsHistory) history = cs_history_new (NULL);
  g_autoptr (GPtrArray) before = cs_history_list (history, NULL);
  g_autoptr (GPtrArray) after = NULL;
  GWeakRef ref;

  /* 32 waits of 50 ms: the whole sweep (2 counts × 10 runs) would last over 20 s. */
  fill_form (window, "io-wait", "1,2", 10, TRUE, FALSE);
  g_assert_true (cs_run_panel_set_param_text (cs_window_get_run_panel (window), "tasks", "32"));
  g_assert_true (cs_run_panel_set_param_text (cs_window_get_run_panel (window), "latency",
                                              "50ms"));
  run_action (window, "win.run");
  wait_until (has_runs, window, 30);
  g_weak_ref_init (&ref, window);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_until (weak_ref_cleared, &ref, 10);
  g_weak_ref_clear (&ref);
  after = cs_history_list (history, NULL);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_false (((CsHistoryEntry *) after->pdata[0])->complete);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (item))
        return ADW_MESSAGE_DIALOG (item);
    }
  return NULL;
}

/* Closing during a sweep asks first: "Keep Running" keeps the window and the sweep, "Stop and
 * Close" stops the sweep, saves what was measured and then closes the window. */
static void
test_close_asks (void)
{
  CsWindow *window = open_window ();
  g_autoptr (CsHistory) history = cs_history_new (NULL);
  g_autoptr (GPtrArray) before = cs_history_list (history, NULL);
  g_autoptr (GPtrArray) after = NULL;
  AdwMessageDialog *dialog;
  GWeakRef ref;

  fill_form (window, "io-wait", "1,2", 10, TRUE, FALSE);
  g_assert_true (cs_run_panel_set_param_text (cs_window_get_run_panel (window), "latency",
                                              "50ms"));
  run_action (window, "win.run");
  wait_until (has_runs, window, 30);
  g_weak_ref_init (&ref, window);

  gtk_window_close (GTK_WINDOW (window));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "continue");
  g_assert_true (cs_window_is_running (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_close (GTK_WINDOW (window));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "stop");
  wait_until (weak_ref_cleared, &ref, 10);
  g_weak_ref_clear (&ref);
  after = cs_history_list (history, NULL);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_false (((CsHistoryEntry *) after->pdata[0])->complete);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == cs_window_export)
    ok = cs_window_export_finish (CS_WINDOW (source), result, &error);
  else
    ok = cs_window_open_result_file_finish (CS_WINDOW (source), result, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
open_result (CsWindow *window, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gboolean done = FALSE;

  cs_window_open_result_file (window, file, on_done, &done);
  wait_until (is_true, &done, 10);
  wait_until (sweep_over, window, 10);
}

static void
export_to (CsWindow *window, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gboolean done = FALSE;

  cs_window_export (window, file, on_done, &done);
  wait_until (is_true, &done, 20);
}

/* Open a result file, then export the chart on screen as PNG and SVG, its values as CSV and the
 * result as JSON. */
static void
test_open_and_export (void)
{
  CsWindow *window = open_window ();
  g_autofree char *dir = g_dir_make_tmp ("corescope-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *csv = g_build_filename (dir, "chart.csv", NULL);
  g_autofree char *json = g_build_filename (dir, "result.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr (CsResult) reloaded = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  g_assert_nonnull (first_saved);
  open_result (window, first_saved);
  g_assert_cmpstr (cs_window_get_result (window)->config->preset, ==, "cpu");
  cs_results_view_show_view (cs_window_get_results_view (window), "time");
  export_to (window, png);
  export_to (window, svg);
  export_to (window, csv);
  export_to (window, json);

  g_assert_true (g_file_get_contents (png, &data, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (svg, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "<svg"));
  g_clear_pointer (&data, g_free);
  /* The time chart's values: a header, then one row per point (2 modes × 2 counts). */
  g_assert_true (g_file_get_contents (csv, &data, NULL, NULL));
  g_assert_true (g_str_has_prefix (data, "series,workers,value"));
  {
    g_auto (GStrv) lines = g_strsplit (g_strchomp (data), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 5);
  }
  reloaded = cs_result_load (json, &error);
  g_assert_no_error (error);
  /* the runs measured, and any disturbed one kept beside its re-measurement */
  {
    guint measurements = 0;

    for (guint i = 0; i < reloaded->runs->len; i++)
      measurements += cs_run_is_measurement (g_ptr_array_index (reloaded->runs, i));
    g_assert_cmpuint (measurements, ==, 8);
  }
  g_assert_cmpint (g_remove (png) | g_remove (svg) | g_remove (csv) | g_remove (json), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  close_window_and_check (window);
}

static gboolean
comparison_ready (gpointer view)
{
  return !cs_comparison_view_is_busy (view);
}

/* Two results overlaid: the charts get the series of both. */
static void
test_compare (void)
{
  CsWindow *window = open_window ();
  g_autoptr (GPtrArray) others = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  g_autoptr (GError) error = NULL;
  CsResultsView *view = cs_window_get_results_view (window);
  CsResult *other;

  open_result (window, first_saved);
  other = cs_result_load (first_saved, &error);
  g_assert_no_error (error);
  /* Ticking the result on screen does not draw it twice... */
  g_ptr_array_add (others, cs_result_copy (other));
  cs_window_set_compared (window, others);
  wait_until (sweep_over, window, 10);
  g_assert_cmpuint (cs_chart_get_n_series (cs_chart_view_get_chart (
                      cs_results_view_get_chart_view (view, CS_CHART_SPEEDUP))), ==, 2);
  /* ...another one is overlaid, and the Compare page lists both. */
  g_free (other->label);
  other->label = g_strdup ("again");
  {
    GDateTime *later = g_date_time_add_minutes (other->started, 5);
    g_date_time_unref (other->started);
    other->started = later;
  }
  g_ptr_array_add (others, other);
  g_ptr_array_remove_index (others, 0);
  cs_window_set_compared (window, others);
  wait_until (sweep_over, window, 10);
  g_assert_cmpuint (cs_chart_get_n_series (cs_chart_view_get_chart (
                      cs_results_view_get_chart_view (view, CS_CHART_SPEEDUP))), ==, 4);
  wait_until (comparison_ready, cs_window_get_comparison_view (window), 10);
  g_assert_cmpuint (cs_comparison_view_get_n_rows (cs_window_get_comparison_view (window)), ==,
                    4);
  cs_window_set_compared (window, NULL);
  wait_until (sweep_over, window, 10);
  g_assert_cmpuint (cs_chart_get_n_series (cs_chart_view_get_chart (
                      cs_results_view_get_chart_view (view, CS_CHART_SPEEDUP))), ==, 2);
  close_window_and_check (window);
}

static gboolean
shows_two_results (gpointer window)
{
  GPtrArray *results = cs_results_view_get_results (cs_window_get_results_view (window));

  return results != NULL && results->len == 2
         && !cs_results_view_is_updating (cs_window_get_results_view (window));
}

/* Ticking two rows of the History page overlays both results and fills the Compare page. */
static void
test_compare_from_history (void)
{
  CsWindow *window = open_window ();
  CsHistoryPanel *panel = cs_window_get_history_panel (window);
  CsResultsView *view = cs_window_get_results_view (window);
  CsChart *chart;

  cs_window_show_page (window, "history");
  wait_until (history_idle, panel, 10);
  /* The earlier tests saved at least the run, the cancelled and the closed sweeps. */
  g_assert_cmpuint (cs_history_panel_get_n_entries (panel), >=, 3);
  cs_history_panel_set_compared (panel, cs_history_panel_get_entry (panel, 0)->path, TRUE);
  cs_history_panel_set_compared (panel, cs_history_panel_get_entry (panel, 1)->path, TRUE);
  wait_until (shows_two_results, window, 10);
  chart = cs_chart_view_get_chart (cs_results_view_get_chart_view (view, CS_CHART_SPEEDUP));
  /* Both are io-wait sweeps of thread mode only (close-asks, destroy-while-running). */
  g_assert_cmpuint (cs_chart_get_n_series (chart), ==, 2);
  wait_until (comparison_ready, cs_window_get_comparison_view (window), 10);
  g_assert_cmpuint (cs_comparison_view_get_n_rows (cs_window_get_comparison_view (window)), >,
                    0);
  close_window_and_check (window);
}

static gboolean
has_recovered (gpointer window)
{
  return cs_window_get_recovered (window) != NULL;
}

/* A journal left by a process that died (SIGKILL, power loss): the window moves it into the
 * history at start-up and offers to show it. */
static void
test_recover_journal (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsSweepConfig) config = cs_sweep_config_new ();
  g_autofree char *dir = g_build_filename (data_home, "corescope", NULL);
  g_autofree char *path = NULL;
  const char *argv[] = { "true", NULL };
  CsJournal *journal;
  CsWindow *window;
  GPid dead;

  /* the PID of a process that is gone, so the journal is not someone's sweep in progress */
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &dead, &error));
  g_assert_cmpint (waitpid (dead, NULL, 0), ==, dead);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = g_strdup_printf ("%s/in-progress-%d.json", dir, dead);
  g_free (config->preset);
  config->preset = g_strdup ("io-wait");
  {
    g_autoptr (CsSweepRequest) request = cs_sweep_request_new (config, NULL, &error);
    g_autoptr (CsResult) initial = NULL;

    g_assert_no_error (error);
    initial = cs_sweep_result_new (request, NULL);
    journal = cs_journal_new (path, initial, &error);
  }
  g_assert_no_error (error);
  cs_journal_set_min_interval (journal, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (CsRun) run = cs_run_new ();
      run->workers = 1;
      run->rep = i;
      run->wall_s = 0.1 + i * 0.01;
      g_assert_true (cs_journal_add_run (journal, run, &error));
    }
  cs_journal_free (journal); /* as a crash would: the file stays */

  window = open_window ();
  wait_until (has_recovered, window, 10);
  g_assert_cmpuint (cs_window_get_recovered (window)->runs->len, ==, 3);
  g_assert_false (cs_window_get_recovered (window)->complete);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  run_action (window, "win.show-recovered");
  g_assert_nonnull (cs_window_get_result (window));
  g_assert_cmpuint (cs_window_get_result (window)->runs->len, ==, 3);
  close_window_and_check (window);
}

int
main (int argc, char **argv)
{
  GTestDBus *bus;
  g_autoptr (GError) error = NULL;
  int status;

  /* Before GLib reads it: the history goes to a directory of our own. */
  data_home = g_dir_make_tmp ("corescope-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  bus = cs_gui_test_init (&argc, &argv);
  bus_children = count_children ();
  app = cs_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/window-sweep/run", test_run);
  g_test_add_func ("/window-sweep/switcher-stays", test_switcher_stays);
  g_test_add_func ("/window-sweep/timeout-row", test_timeout_row);
  g_test_add_func ("/window-sweep/quiet-while-timed", test_quiet_while_timed);
  g_test_add_func ("/window-sweep/check-system", test_check_system);
  g_test_add_func ("/window-sweep/invalid-form", test_invalid_form);
  g_test_add_func ("/window-sweep/cancel", test_cancel);
  g_test_add_func ("/window-sweep/destroy-while-running", test_destroy_while_running);
  g_test_add_func ("/window-sweep/close-asks", test_close_asks);
  g_test_add_func ("/window-sweep/open-and-export", test_open_and_export);
  g_test_add_func ("/window-sweep/compare", test_compare);
  g_test_add_func ("/window-sweep/compare-from-history", test_compare_from_history);
  g_test_add_func ("/window-sweep/recover-journal", test_recover_journal);
  status = g_test_run ();
  g_clear_object (&app);
  g_free (first_saved);
  return cs_gui_test_finish (bus, status);
}
