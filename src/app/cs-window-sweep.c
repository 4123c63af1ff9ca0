/* cs-window-sweep.c: the window's sweep: Run and Cancel, progress, results, saving to history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-window"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-backend.h"
#include "cs-history-row.h"
#include "cs-history.h"
#include "cs-machine.h"
#include "cs-run-noise.h"
#include "cs-sweep-job.h"
#include "cs-window-private.h"

/* The sweep runs in a CsSweepJob (cs-sweep-job.c): a thread of its own that also writes the
 * journal (crash recovery) and the history file, so the UI thread never writes files, and that
 * hands each run to the main context, a burst of runs in one dispatch. The charts are rebuilt
 * from a copy of the runs so far at most every REFRESH_MS, in a thread (see cs-results-view.c).
 * The job holds a reference on the window until it is done: a destroyed window cancels it (see
 * cs_window_unrealize) and is finalized when the partial result is saved.
 *
 * The window must not disturb what it measures: on a 2-core machine every frame drawn while a
 * run is timed is CPU time taken from its workers (a window sweep gave 1.50× where the CLI gave
 * 1.98×). So the views are refreshed only between runs: when the job says a run is about to be
 * timed, the window starts the refresh that is due, holds the run back until the results view
 * has built and a frame is painted, and pauses the topology's live load; while the run is timed
 * nothing is scheduled, so nothing is drawn. */

#define REFRESH_MS 250

/* ---- the main thread --------------------------------------------------------------------- */

static char *
format_progress (const CsSweepProgress *progress, guint reps)
{
  g_autofree char *toward = cs_sweep_progress_describe_precision (progress);
  g_autofree char *workers = g_strdup_printf (ngettext ("%u worker", "%u workers",
                                                           progress->workers),
                                              progress->workers);

  if (progress->warmup)
    /* Translators: "process · 4 workers · warm-up" */
    return g_strdup_printf (_("%s · %s · warm-up"), cs_mode_to_string (progress->mode), workers);
  if (toward != NULL)
    /* Translators: "process · 4 workers · rep 7 · interval ±8 % → 5 %" */
    return g_strdup_printf (_("%s · %s · rep %u · %s"), cs_mode_to_string (progress->mode),
                            workers, progress->rep + 1, toward);
  /* Translators: "process · 4 workers · rep 2/5" */
  return g_strdup_printf (_("%s · %s · rep %u/%u"), cs_mode_to_string (progress->mode), workers,
                          progress->rep + 1, reps);
}

static char *
format_eta (const CsSweepProgress *progress)
{
  g_autofree char *left = NULL;

  /* Under a second is no estimate worth reading ("about 0 µs left" was): just the count. */
  if (progress->eta_s < 1)
    return g_strdup_printf (_("%u of %u runs"), progress->done, progress->total);
  left = cs_format_seconds (progress->eta_s);
  /* Translators: "12 of 40 runs · about 8.2 s left" */
  return g_strdup_printf (_("%u of %u runs · about %s left"), progress->done, progress->total,
                          left);
}

static void
show_progress (CsWindow *self, const CsSweepProgress *progress)
{
  g_autofree char *text = format_progress (progress, self->current->config->reps);
  g_autofree char *eta = format_eta (progress);

  cs_results_view_set_progress (self->results_view, text, eta,
                                progress->total > 0 ? (double) progress->done / progress->total
                                                    : 0);
  g_free (self->run_text);
  self->run_text = g_steal_pointer (&text);
  if (progress->workers != self->shown_workers)
    {
      /* The Topology page shows where the workers of the point being measured run. */
      self->shown_workers = progress->workers;
      cs_topology_page_show_placement (self->topology_page, self->current->config->placement,
                                       progress->workers);
    }
}

static const char *
hostname_of (const CsResult *result)
{
  return result->machine != NULL ? result->machine->hostname : NULL;
}

/* The same sweep: same start time, preset and host (a result and its copy in the history).
 * The host matters: a fleet's machines start the same sweep at the same second. */
static gboolean
same_result (const CsResult *a, const CsResult *b)
{
  if (a == NULL || b == NULL || a->started == NULL || b->started == NULL)
    return FALSE;
  return g_date_time_equal (a->started, b->started)
         && g_strcmp0 (a->config->preset, b->config->preset) == 0
         && g_strcmp0 (hostname_of (a), hostname_of (b)) == 0
         && a->runs->len == b->runs->len;
}

/* TRUE when every result has a host name and no two share one: a fleet. */
static gboolean
hosts_tell_apart (GPtrArray *results)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < results->len; i++)
    {
      const char *host = hostname_of (g_ptr_array_index (results, i));

      if (host == NULL || *host == '\0' || !g_hash_table_add (seen, (gpointer) host))
        return FALSE;
    }
  return TRUE;
}

/* TRUE when the results were not all run with one placement. */
static gboolean
placements_differ (GPtrArray *results)
{
  for (guint i = 1; i < results->len; i++)
    if (((CsResult *) results->pdata[i])->config->placement
        != ((CsResult *) results->pdata[0])->config->placement)
      return TRUE;
  return FALSE;
}

/* Overlaid results need names in the legend: the host when each ran on another machine (a
 * fleet), else what tells it apart: "09:05:14 · mywork.py:work", with the placement only when
 * the placements differ. */
static void
name_unlabelled (CsResult *result, gboolean by_host, gboolean by_placement)
{
  g_autofree char *time = NULL;
  g_autofree char *key = NULL;
  GString *label;

  if (result->label != NULL || result->started == NULL)
    return;
  if (by_host)
    {
      result->label = g_strdup (hostname_of (result));
      return;
    }
  time = g_date_time_format (result->started, "%H:%M:%S");
  label = g_string_new (time);
  if ((key = cs_result_key_params (result)) != NULL)
    g_string_append_printf (label, " · %s", key);
  if (by_placement)
    g_string_append_printf (label, " · %s", cs_placement_to_string (result->config->placement));
  result->label = g_string_free (label, FALSE);
}

/* Ticking two or more rows in History compares exactly those; one ticked row is compared with
 * the result on screen. */
static void
add_shown (CsWindow *self, GPtrArray *results)
{
  gboolean exact = self->job == NULL && self->compared != NULL && self->compared->len >= 2;

  if (self->current != NULL && !exact)
    g_ptr_array_add (results, cs_result_copy (self->current));
  for (guint i = 0; self->compared != NULL && i < self->compared->len; i++)
    {
      const CsResult *other = g_ptr_array_index (self->compared, i);

      /* Ticking the result on screen in the history must not draw it twice. */
      if (exact || !same_result (self->current, other))
        g_ptr_array_add (results, cs_result_copy (other));
    }
}

/* Hands the views an immutable copy of what is measured so far, plus any compared results. */
void
_cs_window_refresh_results (CsWindow *self)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  gboolean by_host;

  add_shown (self, results);
  by_host = hosts_tell_apart (results);
  for (guint i = 0; results->len > 1 && i < results->len; i++)
    name_unlabelled (g_ptr_array_index (results, i), by_host, placements_differ (results));
  cs_results_view_set_results (self->results_view, results);
}

/* ---- quiet while a run is timed ------------------------------------------------------------ */

/* The run may start: from now on the views start and show nothing until it has ended. */
static void
release_hold (CsWindow *self)
{
  if (!self->holding)
    return;
  self->holding = FALSE;
  if (self->job == NULL)
    return;
  cs_results_view_set_quiet (self->results_view, TRUE);
  cs_topology_view_pause_live_load (cs_topology_page_get_view (self->topology_page), TRUE);
  cs_sweep_job_release (self->job);
}

static void maybe_release (CsWindow *self);

/* A transition (the Run button turning into Cancel, the progress bar sliding in) draws a frame
 * after frame for a quarter of a second. */
static gboolean
is_animating (CsWindow *self)
{
  return gtk_stack_get_transition_running (self->run_stack) ||
         cs_results_view_is_animating (self->results_view);
}

/* A frame with no transition running may still have queued one more (the last step of a
 * transition, a label that changed size): that frame would be drawn while the run is timed
 * (1 run in 6 in /window-sweep/quiet-while-timed). So the run starts once the frame clock has
 * stayed idle for two frame intervals. */
#define SETTLE_MS 35

static gboolean
on_settled (gpointer data)
{
  CsWindow *self = data;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  gint64 frame = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : 0;

  self->settle_id = 0;
  if (frame != self->settle_frame && !self->disposed)
    {
      self->settle_frame = frame;
      self->settle_id = g_timeout_add (SETTLE_MS, on_settled, self);
      return G_SOURCE_REMOVE;
    }
  release_hold (self);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock, CsWindow *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (is_animating (self))
    {
      maybe_release (self);
      return;
    }
  self->settle_frame = gdk_frame_clock_get_frame_counter (clock);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (SETTLE_MS, on_settled, self);
}

/* The run starts once the results view has applied its build, that has been painted and no
 * transition is running. */
static void
maybe_release (CsWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (!self->holding || self->after_paint_id != 0 || self->settle_id != 0 ||
      cs_results_view_is_updating (self->results_view))
    return;
  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      release_hold (self);
      return;
    }
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint),
                                           self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static void
on_sweep_quiet (CsSweepJob *job, gboolean timed, gpointer data)
{
  CsWindow *self = data;
  gint64 now = g_get_monotonic_time ();

  if (self->job != job || self->disposed)
    return;
  if (!timed)
    {
      cs_results_view_set_quiet (self->results_view, FALSE);
      cs_topology_view_pause_live_load (cs_topology_page_get_view (self->topology_page), FALSE);
      return;
    }
  if (self->refresh_pending && now - self->last_refresh_us >= REFRESH_MS * 1000)
    {
      self->refresh_pending = FALSE;
      self->last_refresh_us = now;
      _cs_window_refresh_results (self);
    }
  if (!self->holding)
    {
      self->holding = TRUE;
      cs_sweep_job_hold (job);
    }
  maybe_release (self);
}

/* Before the first run ends the sweep knows neither the pace nor the time left (the engine
 * estimates only presets it knows): say how long the first run has been going, so a
 * function that never returns shows as such; its elapsed time sets the estimate after.
 * A later run that hangs would leave the last estimate on screen, stale ("about 7 s left"
 * for ever): it gets the same clock. Runs are timed with the window quiet (on_sweep_quiet):
 * nothing is drawn before a run has gone on for RUN_QUIET_S, which short runs never reach. */
#define RUN_QUIET_S 5

static gboolean
on_run_tick (gpointer data)
{
  CsWindow *self = data;
  double elapsed = (g_get_monotonic_time () - self->run_start_us) / 1e6;
  g_autofree char *remark = NULL;

  if (elapsed < RUN_QUIET_S)
    return G_SOURCE_CONTINUE;
  if (self->run_done == 0)
    {
      /* Translators: "0 of 40 runs · the first has run for 12 s" */
      remark = g_strdup_printf (_("0 of %u runs · the first has run for %u s"), self->run_total,
                                (guint) floor (elapsed));
      cs_results_view_set_progress (self->results_view, _("Measuring the first run"), remark, 0);
      return G_SOURCE_CONTINUE;
    }
  /* Translators: "12 of 40 runs · the next has run for 9 s" */
  remark = g_strdup_printf (_("%u of %u runs · the next has run for %u s"), self->run_done,
                            self->run_total, (guint) floor (elapsed));
  cs_results_view_set_progress (self->results_view, self->run_text, remark, -1);
  return G_SOURCE_CONTINUE;
}

/* The clock of the run that starts now, after done runs. */
static void
restart_run_clock (CsWindow *self, const CsSweepProgress *progress)
{
  self->run_start_us = g_get_monotonic_time ();
  self->run_done = progress->done;
  self->run_total = progress->total;
  g_clear_handle_id (&self->run_tick, g_source_remove);
  self->run_tick = g_timeout_add_seconds (1, on_run_tick, self);
  g_source_set_name_by_id (self->run_tick, "[corescope] run clock");
}

static void
on_sweep_progress (CsSweepJob *job, const CsSweepProgress *progress, gpointer data)
{
  CsWindow *self = data;

  if (self->job != job || self->disposed) /* a late message */
    return;
  restart_run_clock (self, progress);
  if (progress->done == 0)
    {
      g_clear_pointer (&self->current, cs_result_free);
      self->current = cs_result_copy (progress->result);
      _cs_window_refresh_results (self);
      return;
    }
  if (progress->last_run != NULL && self->current != NULL)
    {
      cs_result_add_run (self->current, cs_run_copy (progress->last_run));
      /* Applied between runs (on_sweep_quiet), or when the sweep is over. */
      self->refresh_pending = TRUE;
    }
  if (self->current != NULL)
    show_progress (self, progress);
}

static void
set_running (CsWindow *self, CsSweepJob *job)
{
  gboolean running = job != NULL;


  if (!running)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
      if (clock != NULL)
        g_clear_signal_handler (&self->after_paint_id, clock);
      self->after_paint_id = 0;
      g_clear_handle_id (&self->settle_id, g_source_remove);
      release_hold (self);
      cs_results_view_set_quiet (self->results_view, FALSE);
      cs_topology_view_pause_live_load (cs_topology_page_get_view (self->topology_page), FALSE);
    }
  self->job = job;
  self->refresh_pending = FALSE;
  self->shown_workers = 0;
  cs_results_view_set_live (self->results_view, running);
  gtk_stack_set_visible_child_name (self->run_stack, running ? "cancel" : "run");
  _cs_window_update_actions (self);
  cs_topology_view_set_live_load (cs_topology_page_get_view (self->topology_page), running);
  if (!running)
    {
      cs_results_view_set_progress (self->results_view, NULL, NULL, 0);
      _cs_window_update_placement_preview (self);
    }
  g_object_notify (G_OBJECT (self), "running");
}

static void
toast_finished (CsWindow *self, CsSweepJob *job, const CsResult *result)
{
  const GError *save_error = cs_sweep_job_get_save_error (job);
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (save_error != NULL)
    g_warning ("Could not save the result to the history: %s", save_error->message);
  if (cs_sweep_job_get_journal_warning (job) != NULL)
    g_warning ("No crash recovery for this sweep: %s", cs_sweep_job_get_journal_warning (job));
  if (save_error != NULL)
    message = g_strdup_printf (_("Could not save the result to the history: %s"),
                               save_error->message);
  else if ((message = _cs_window_describe_failures (result)) != NULL)
    {
      _cs_window_show_failure (self, message);
      return;
    }
  else if (result->complete && cs_result_observer_share (result) >= 0)
    /* The window's own cost, so a user can tell whether it disturbed the runs (#16). */
    message = g_strdup_printf (_("Sweep finished and saved to the history · the window used "
                                 "%.2f %% of the CPU while runs were timed"),
                               100 * cs_result_observer_share (result));
  else if (result->complete)
    message = g_strdup (_("Sweep finished and saved to the history"));
  else if (result->runs->len == 0)
    message = g_strdup (_("Sweep cancelled before its first run ended: nothing was measured"));
  else
    message = g_strdup_printf (ngettext ("Sweep cancelled: the run measured so far is kept",
                                         "Sweep cancelled: the %u runs measured so far are kept",
                                         result->runs->len),
                               result->runs->len);
  toast = adw_toast_new (message);
  if (save_error == NULL)
    {
      adw_toast_set_button_label (toast, _("_History"));
      adw_toast_set_action_name (toast, "win.show-history");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_sweep_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr (CsWindow) self = user_data;
  /* The reference cs_window_start_sweep () made; the task held its own while it ran. */
  g_autoptr (CsSweepJob) job = CS_SWEEP_JOB (source);
  g_autoptr (GError) error = NULL;
  CsResult *result = cs_sweep_job_run_finish (job, res, &error);

  cs_sweep_job_set_progress_func (job, NULL, NULL, NULL);
  cs_sweep_job_set_quiet_func (job, NULL, NULL);
  g_clear_handle_id (&self->run_tick, g_source_remove);
  if (self->disposed)
    {
      /* Destroyed without asking (tests, the application quitting): the result is saved. */
      g_clear_pointer (&result, cs_result_free);
      self->job = NULL;
      return;
    }
  /* The final result is built in full (every chart, the table and the summary). */
  cs_results_view_set_live (self->results_view, FALSE);
  if (result != NULL)
    {
      g_clear_pointer (&self->current, cs_result_free);
      self->current = result;
      g_free (self->last_saved_path);
      self->last_saved_path = g_strdup (cs_sweep_job_get_saved_path (job));
      toast_finished (self, job, result);
      _cs_window_refresh_results (self);
      _cs_window_history_changed (self);
      _cs_window_show_result_nodes (self, result);
    }
  else
    _cs_window_show_failure (self, error->message);
  g_clear_object (&self->sweep_cancellable);
  set_running (self, NULL);
  if (self->close_after_sweep)
    gtk_window_destroy (GTK_WINDOW (self));
}

static CsTopology *
get_topology (CsWindow *self, GError **error)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The window belongs to no application"));
      return NULL;
    }
  return cs_application_get_topology (CS_APPLICATION (app), error);
}

gboolean
cs_window_start_sweep (CsWindow *self, GError **error)
{
  g_autoptr (CsSweepConfig) config = NULL;
  g_autoptr (CsSweepRequest) request = NULL;
  CsTopology *topology;

  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  if (self->job != NULL || self->checking)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A sweep is running already"));
      return FALSE;
    }
  config = cs_run_panel_build_config (self->run_panel, error);
  topology = config != NULL ? get_topology (self, error) : NULL;
  if (topology == NULL || (request = cs_sweep_request_new (config, topology, error)) == NULL)
    return FALSE;
  cs_sweep_request_set_judge (request, cs_analysis_judge, NULL);
  _cs_window_check_and_start (self, g_steal_pointer (&request));
  return TRUE;
}

void
_cs_window_start_job (CsWindow *self, CsSweepRequest *request)
{
  CsSweepJob *job;

  job = cs_sweep_job_new (request, CS_SWEEP_JOB_JOURNAL);
  cs_sweep_job_set_history (job, self->history);
  cs_sweep_job_set_progress_func (job, on_sweep_progress, self, NULL);
  cs_sweep_job_set_quiet_func (job, on_sweep_quiet, self);
  self->sweep_cancellable = g_cancellable_new ();
  set_running (self, job);
  g_clear_pointer (&self->compared, g_ptr_array_unref);
  _cs_window_update_comparison (self);
  adw_view_stack_set_visible_child_name (self->stack, "results");
  /* The job and its callback keep the window alive until the sweep has ended. */
  cs_sweep_job_run_async (job, self->sweep_cancellable, on_sweep_done, g_object_ref (self));
}

void
cs_window_cancel_sweep (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  if (self->sweep_cancellable != NULL)
    {
      g_clear_handle_id (&self->run_tick, g_source_remove);
      g_cancellable_cancel (self->sweep_cancellable);
      cs_results_view_set_progress (self->results_view, _("Stopping…"), NULL, -1);
    }
}

gboolean
cs_window_is_running (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);
  return self->job != NULL;
}

CsSweepJob *
cs_window_get_sweep_job (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->job;
}

const CsResult *
cs_window_get_result (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->current;
}

const char *
cs_window_get_last_saved_path (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->last_saved_path;
}

/* ---- actions ----------------------------------------------------------------------------- */

static void
run_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CsWindow *self = CS_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!cs_window_start_sweep (self, &error))
    _cs_window_show_failure (self, error->message);
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cs_window_cancel_sweep (CS_WINDOW (widget));
}

/* Run needs a valid form and no sweep; Cancel needs a sweep. */
void
_cs_window_update_actions (CsWindow *self)
{
  gboolean running = self->job != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.run",
                                 !running && !self->checking && cs_run_panel_is_valid (self->run_panel)
                                   && cs_run_panel_get_preset (self->run_panel) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", self->current != NULL);
}

/* ---- closing during a sweep -------------------------------------------------------------- */

static void
on_close_response (AdwMessageDialog *dialog, const char *response, CsWindow *self)
{
  if (g_strcmp0 (response, "stop") != 0)
    return;
  /* The window goes when the sweep has stopped and its partial result is saved. */
  self->close_after_sweep = TRUE;
  cs_window_cancel_sweep (self);
}

gboolean
_cs_window_confirm_close (CsWindow *self)
{
  GtkWidget *dialog;

  if (self->job == NULL || self->close_after_sweep)
    return self->job != NULL;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop the Sweep?"),
                                   _("A sweep is running. Closing the window stops it; the "
                                     "runs measured so far are saved to the history."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "continue", _("_Keep Running"),
                                    "stop", _("_Stop and Close"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* ---- auto-run (benchmarks) --------------------------------------------------------------- */

static void
on_autorun_running (CsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->job == NULL && app != NULL)
    g_application_quit (G_APPLICATION (app));
}

static gboolean
autorun_set_params (CsWindow *self, const char *const *params, GError **error)
{
  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (params[i], "=", 2);

      if (pair[1] == NULL || !cs_run_panel_set_param_text (self->run_panel, pair[0], pair[1]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s”: not a parameter of the preset (name=value)"), params[i]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cs_window_autorun (CsWindow *self, const char *preset, const char *const *params,
                   const char *workers, const char *modes, gboolean quit_when_done,
                   GError **error)
{
  CsSweepOptions *options = cs_run_panel_get_sweep_options (self->run_panel);
  g_auto (GStrv) names = modes != NULL ? g_strsplit (modes, ",", -1) : NULL;
  const CsPreset *chosen = cs_presets_lookup (preset, NULL);
  guint n_modes;

  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  if (chosen == NULL || !cs_preset_list_select (self->preset_list, preset))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No preset is called “%s”"),
                   preset);
      return FALSE;
    }
  if (!autorun_set_params (self, params, error))
    return FALSE;
  cs_backends_get_all (&n_modes);
  /* Without a list, the preset's default modes, which selecting it ticked: the rule of the
   * command line and the form (cs_backends_get_default_modes). */
  for (CsMode m = 0; names != NULL && m < n_modes; m++)
    cs_sweep_options_set_mode_enabled (options, m,
                                       g_strv_contains ((const char *const *) names,
                                                        cs_mode_to_string (m)));
  cs_sweep_options_set_custom_workers (options, workers);
  if (!cs_window_start_sweep (self, error))
    return FALSE;
  if (quit_when_done)
    g_signal_connect (self, "notify::running", G_CALLBACK (on_autorun_running), NULL);
  return TRUE;
}

static void
show_history_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cs_window_show_page (CS_WINDOW (widget), "history");
}

void
_cs_window_class_init_sweep (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-history", NULL, show_history_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
}

void
_cs_window_init_sweep (CsWindow *self)
{
  g_signal_connect_object (self->run_panel, "notify::valid",
                           G_CALLBACK (_cs_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_view, "updated", G_CALLBACK (maybe_release), self,
                           G_CONNECT_SWAPPED);
  _cs_window_update_actions (self);
}
