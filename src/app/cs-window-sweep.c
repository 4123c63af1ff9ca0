/* cs-window-sweep.c: the window's sweep: Run and Cancel, progress, results, saving to history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-window"

#include <glib/gi18n.h>

#include "cs-history.h"
#include "cs-journal.h"
#include "cs-machine.h"
#include "cs-sweep.h"
#include "cs-window-private.h"

/* The sweep runs in a GTask thread (cs_sweep_run blocks). Its progress callback never touches a
 * widget: it queues a copy of each run under a mutex and posts one idle source at a time to the
 * main context, which drains the queue. A burst of millisecond runs thus costs the main loop
 * one dispatch, not one per run. The charts are rebuilt from a copy of the runs so far at most
 * every REFRESH_MS, in a thread (see cs-results-view.c). The journal (crash recovery) and the
 * history file are written by the sweep's thread too: the UI thread never writes files. */

#define REFRESH_MS 250

struct _CsSweepJob
{
  CsSweepConfig *config;
  CsTopology    *topology;
  GMainContext  *context;
  GWeakRef       window;       /* a drain may come after the window is gone */
  CsHistory     *history;

  GMutex         lock;
  CsResult      *initial;      /* an empty result with machine and configuration, once */
  GPtrArray     *pending;      /* CsRun* measured since the last drain */
  CsSweepProgress latest;      /* last_run == NULL */
  gboolean       has_latest;
  gboolean       posted;       /* an idle source is on its way */

  char          *saved_path;   /* history file, written by the thread */
  GError        *save_error;
};

static void
job_clear (CsSweepJob *job)
{
  g_clear_pointer (&job->config, cs_sweep_config_free);
  g_clear_pointer (&job->topology, cs_topology_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->initial, cs_result_free);
  g_clear_pointer (&job->pending, g_ptr_array_unref);
  g_mutex_clear (&job->lock);
  g_clear_object (&job->history);
  g_free (job->saved_path);
  g_clear_error (&job->save_error);
  g_weak_ref_clear (&job->window);
}

/* The task and every idle source hold a reference: a drain may outlive the task. */
static void
job_unref (CsSweepJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

/* ---- history ----------------------------------------------------------------------------- */

static void
save_to_history (CsSweepJob *job, const CsResult *result)
{
  /* CsHistory only holds a path: saving from this thread is fine (see cs-history.h). */
  job->saved_path = cs_history_save (job->history, result, &job->save_error);
}

/* ---- the sweep's thread ------------------------------------------------------------------ */

static gboolean drain_progress (gpointer data);

/* Called with the lock held. */
static void
post_locked (CsSweepJob *job)
{
  g_autoptr (GSource) source = NULL;

  if (job->posted)
    return;
  job->posted = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_name (source, "corescope-sweep-progress");
  g_source_set_callback (source, drain_progress, g_atomic_rc_box_acquire (job),
                         (GDestroyNotify) job_unref);
  g_source_attach (source, job->context);
}

static void
on_sweep_progress (const CsSweepProgress *progress, gpointer data)
{
  CsSweepJob *job = data;

  g_mutex_lock (&job->lock);
  if (progress->last_run != NULL)
    g_ptr_array_add (job->pending, cs_run_copy (progress->last_run));
  job->latest = *progress;
  job->latest.last_run = NULL;
  job->has_latest = TRUE;
  post_locked (job);
  g_mutex_unlock (&job->lock);
}

typedef struct
{
  CsSweepJob *job;
  CsJournal  *journal;
} ThreadState;

static void
on_progress_in_thread (const CsSweepProgress *progress, gpointer data)
{
  ThreadState *state = data;

  if (state->journal != NULL)
    cs_journal_progress (progress, state->journal);
  on_sweep_progress (progress, state->job);
}

static CsResult *
make_initial (CsSweepJob *job, CsJournal *journal)
{
  if (journal != NULL)
    return cs_result_copy (cs_journal_get_result (journal));
  return cs_result_new (cs_machine_new_local (job->topology), cs_sweep_config_copy (job->config));
}

static void
run_sweep_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CsSweepJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) journal_error = NULL;
  ThreadState state = { job, NULL };
  CsResult *result;

  /* Without a journal the sweep still runs; only crash recovery is lost. */
  state.journal = cs_journal_new (NULL, job->config, job->topology, &journal_error);
  if (state.journal == NULL)
    g_warning ("No crash recovery for this sweep: %s", journal_error->message);
  g_mutex_lock (&job->lock);
  job->initial = make_initial (job, state.journal);
  post_locked (job);
  g_mutex_unlock (&job->lock);

  result = cs_sweep_run (job->config, job->topology, on_progress_in_thread, &state, cancellable,
                         &error);
  if (result != NULL)
    save_to_history (job, result);
  /* The result is in the history now (or the user is told it could not be saved): the journal
   * has done its job either way. */
  g_clear_pointer (&state.journal, cs_journal_finish);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) cs_result_free);
}

/* ---- the main thread --------------------------------------------------------------------- */

static char *
format_progress (const CsSweepProgress *progress, guint reps)
{
  g_autofree char *workers = g_strdup_printf (ngettext ("%u worker", "%u workers",
                                                           progress->workers),
                                              progress->workers);

  if (progress->warmup)
    /* Translators: "process · 4 workers · warm-up" */
    return g_strdup_printf (_("%s · %s · warm-up"), cs_mode_to_string (progress->mode), workers);
  /* Translators: "process · 4 workers · rep 2/5" */
  return g_strdup_printf (_("%s · %s · rep %u/%u"), cs_mode_to_string (progress->mode), workers,
                          progress->rep + 1, reps);
}

static char *
format_eta (const CsSweepProgress *progress)
{
  g_autofree char *left = NULL;

  if (progress->eta_s < 0)
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
  if (progress->workers != self->shown_workers)
    {
      /* The Topology page shows where the workers of the point being measured run. */
      self->shown_workers = progress->workers;
      cs_topology_page_show_placement (self->topology_page, self->current->config->placement,
                                       progress->workers);
    }
}

/* The same sweep: same start time, preset and host (a result and its copy in the history). */
static gboolean
same_result (const CsResult *a, const CsResult *b)
{
  if (a == NULL || b == NULL || a->started == NULL || b->started == NULL)
    return FALSE;
  return g_date_time_equal (a->started, b->started)
         && g_strcmp0 (a->config->preset, b->config->preset) == 0
         && a->runs->len == b->runs->len;
}

/* Overlaid results need names in the legend: "00:27:14 · compact" for one without a label. */
static void
name_unlabelled (CsResult *result)
{
  g_autofree char *time = NULL;

  if (result->label != NULL || result->started == NULL)
    return;
  time = g_date_time_format (result->started, "%H:%M:%S");
  result->label = g_strdup_printf ("%s · %s", time,
                                   cs_placement_to_string (result->config->placement));
}

/* Hands the views an immutable copy of what is measured so far, plus any compared results. */
void
_cs_window_refresh_results (CsWindow *self)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);

  if (self->current != NULL)
    g_ptr_array_add (results, cs_result_copy (self->current));
  for (guint i = 0; self->compared != NULL && i < self->compared->len; i++)
    {
      const CsResult *other = g_ptr_array_index (self->compared, i);

      /* Ticking the result on screen in the history must not draw it twice. */
      if (!same_result (self->current, other))
        g_ptr_array_add (results, cs_result_copy (other));
    }
  for (guint i = 0; results->len > 1 && i < results->len; i++)
    name_unlabelled (g_ptr_array_index (results, i));
  cs_results_view_set_results (self->results_view, results);
}

static gboolean
on_refresh_timeout (gpointer data)
{
  CsWindow *self = data;

  self->refresh_source = 0;
  _cs_window_refresh_results (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (CsWindow *self)
{
  if (self->refresh_source != 0)
    return;
  self->refresh_source = g_timeout_add (REFRESH_MS, on_refresh_timeout, self);
  g_source_set_name_by_id (self->refresh_source, "corescope-sweep-refresh");
}

static gboolean
drain_progress (gpointer data)
{
  CsSweepJob *job = data;
  g_autoptr (CsWindow) self = g_weak_ref_get (&job->window);
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (CsResult) initial = NULL;
  CsSweepProgress progress;
  gboolean has_progress;

  g_mutex_lock (&job->lock);
  runs = g_steal_pointer (&job->pending);
  job->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_run_free);
  initial = g_steal_pointer (&job->initial);
  progress = job->latest;
  has_progress = job->has_latest;
  job->posted = FALSE;
  g_mutex_unlock (&job->lock);

  if (self == NULL || self->job != job || self->disposed) /* a late message */
    return G_SOURCE_REMOVE;
  if (initial != NULL)
    {
      g_clear_pointer (&self->current, cs_result_free);
      self->current = g_steal_pointer (&initial);
      _cs_window_refresh_results (self);
    }
  for (guint i = 0; self->current != NULL && i < runs->len; i++)
    cs_result_add_run (self->current, cs_run_copy (g_ptr_array_index (runs, i)));
  if (runs->len > 0)
    schedule_refresh (self);
  if (has_progress && self->current != NULL)
    show_progress (self, &progress);
  return G_SOURCE_REMOVE;
}

static void
set_running (CsWindow *self, CsSweepJob *job)
{
  gboolean running = job != NULL;

  self->job = job;
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
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (job->save_error != NULL)
    g_warning ("Could not save the result to the history: %s", job->save_error->message);
  if (job->save_error != NULL)
    message = g_strdup_printf (_("Could not save the result to the history: %s"),
                               job->save_error->message);
  else if (result->complete)
    message = g_strdup (_("Sweep finished and saved to the history"));
  else
    message = g_strdup_printf (ngettext ("Sweep cancelled: the run measured so far is kept",
                                         "Sweep cancelled: the %u runs measured so far are kept",
                                         result->runs->len),
                               result->runs->len);
  toast = adw_toast_new (message);
  if (job->save_error == NULL)
    {
      adw_toast_set_button_label (toast, _("_History"));
      adw_toast_set_action_name (toast, "win.show-history");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_sweep_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (source);
  CsSweepJob *job = g_task_get_task_data (G_TASK (res));
  g_autoptr (GError) error = NULL;
  CsResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (self->disposed)
    {
      /* Destroyed without asking (tests, the application quitting): the result is saved. */
      g_clear_pointer (&result, cs_result_free);
      self->job = NULL;
      return;
    }
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  /* The final result is built in full (every chart, the table and the summary). */
  cs_results_view_set_live (self->results_view, FALSE);
  if (result != NULL)
    {
      g_clear_pointer (&self->current, cs_result_free);
      self->current = result;
      g_free (self->last_saved_path);
      self->last_saved_path = g_strdup (job->saved_path);
      toast_finished (self, job, result);
      _cs_window_refresh_results (self);
      _cs_window_history_changed (self);
    }
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
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
  g_autoptr (GTask) task = NULL;
  g_autoptr (CsSweepConfig) config = NULL;
  CsTopology *topology;
  CsSweepJob *job;

  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  if (self->job != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A sweep is running already"));
      return FALSE;
    }
  config = cs_run_panel_build_config (self->run_panel, error);
  topology = config != NULL ? get_topology (self, error) : NULL;
  if (topology == NULL)
    return FALSE;
  job = g_atomic_rc_box_new0 (CsSweepJob);
  job->config = g_steal_pointer (&config);
  job->topology = cs_topology_ref (topology);
  job->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&job->window, self);
  job->history = g_object_ref (self->history);
  job->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_run_free);
  g_mutex_init (&job->lock);

  self->sweep_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->sweep_cancellable, on_sweep_done, NULL);
  g_task_set_source_tag (task, cs_window_start_sweep);
  g_task_set_name (task, "corescope-sweep");
  g_task_set_task_data (task, job, (GDestroyNotify) job_unref);
  /* A cancelled sweep still returns what it measured. */
  g_task_set_check_cancellable (task, FALSE);
  set_running (self, job);
  g_clear_pointer (&self->compared, g_ptr_array_unref);
  _cs_window_update_comparison (self);
  adw_view_stack_set_visible_child_name (self->stack, "results");
  g_task_run_in_thread (task, run_sweep_in_thread);
  return TRUE;
}

void
cs_window_cancel_sweep (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  if (self->sweep_cancellable != NULL)
    {
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
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
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
                                 !running && cs_run_panel_is_valid (self->run_panel)
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

gboolean
cs_window_autorun (CsWindow *self, const char *preset, const char *workers, const char *modes,
                   gboolean quit_when_done, GError **error)
{
  CsSweepOptions *options = cs_run_panel_get_sweep_options (self->run_panel);
  g_auto (GStrv) names = g_strsplit (modes != NULL ? modes : "process", ",", -1);

  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  if (!cs_preset_list_select (self->preset_list, preset))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No preset is called “%s”"),
                   preset);
      return FALSE;
    }
  for (CsMode m = 0; m < CS_N_MODES; m++)
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
  _cs_window_update_actions (self);
}
