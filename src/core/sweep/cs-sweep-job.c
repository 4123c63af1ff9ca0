/* cs-sweep-job.c: a sweep in a thread of its own, with its journal, progress delivered to the
 * caller's main context, cancellation and saving to the history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-sweep"

#include <glib-unix.h>
#include <signal.h>

#include "cs-journal.h"
#include "cs-sweep-job.h"

/* The sweep (cs_sweep_run, which blocks) runs in a GTask thread. Its progress callback copies
 * each report into a queue under a mutex and posts one idle source at a time to the caller's
 * main context, which drains the queue and calls the progress function once per report: a burst
 * of millisecond runs costs the main loop one dispatch. The journal (crash recovery) and the
 * history file are written by the sweep's thread, never by the caller's. When the thread is
 * done, the reports still queued are delivered before the caller's callback runs, so a caller
 * sees every run before it sees the result. */

typedef struct
{
  CsSweepProgress  progress;
  CsRun           *run;      /* copy of last_run, or NULL */
  CsResult        *result;   /* copy of the initial result, start report only */
  int              quiet;    /* -1: progress; 1: a run's timed region starts; 0: it ended */
} Report;

struct _CsSweepJob
{
  GObject                 parent_instance;

  CsSweepRequest         *request;
  CsSweepJobFlags         flags;
  CsHistory              *history;
  GMainContext           *context;   /* where reports go */

  GMutex                  lock;      /* protects what follows up to journal */
  CsSweepJobProgressFunc  func;
  gpointer                func_data;
  GDestroyNotify          func_destroy;
  GQueue                  reports;
  gboolean                posted;
  CsSweepJobQuietFunc     quiet_func;
  gpointer                quiet_data;
  guint                   pending;   /* reports queued or being delivered */
  guint                   holds;
  GCond                   quiet_cond;  /* pending or holds fell to 0 */
  GCancellable           *cancellable; /* of the running sweep */
  gint                    timing;      /* atomic */
  gint                    n_timed;     /* atomic */

  CsJournal              *journal;   /* the sweep's thread only */
  char                   *journal_warning;
  char                   *kept_journal;
  int                     stop_signal;
  char                   *saved_path;
  GError                 *save_error;
};

G_DEFINE_FINAL_TYPE (CsSweepJob, cs_sweep_job, G_TYPE_OBJECT)

static void
report_free (Report *report)
{
  g_clear_pointer (&report->run, cs_run_free);
  g_clear_pointer (&report->result, cs_result_free);
  g_free (report);
}

static void
clear_func (CsSweepJob *self)
{
  GDestroyNotify destroy = self->func_destroy;
  gpointer data = self->func_data;

  self->func = NULL;
  self->func_data = NULL;
  self->func_destroy = NULL;
  if (destroy != NULL)
    destroy (data);
}

static void
cs_sweep_job_finalize (GObject *object)
{
  CsSweepJob *self = CS_SWEEP_JOB (object);

  clear_func (self);
  g_queue_clear_full (&self->reports, (GDestroyNotify) report_free);
  g_clear_pointer (&self->request, cs_sweep_request_unref);
  g_clear_object (&self->history);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->journal, cs_journal_free);
  g_free (self->journal_warning);
  g_free (self->kept_journal);
  g_free (self->saved_path);
  g_clear_error (&self->save_error);
  g_clear_object (&self->cancellable);
  g_cond_clear (&self->quiet_cond);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cs_sweep_job_parent_class)->finalize (object);
}

static void
cs_sweep_job_class_init (CsSweepJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_sweep_job_finalize;
}

static void
cs_sweep_job_init (CsSweepJob *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->quiet_cond);
  g_queue_init (&self->reports);
}

CsSweepJob *
cs_sweep_job_new (CsSweepRequest *request, CsSweepJobFlags flags)
{
  CsSweepJob *self;

  g_return_val_if_fail (request != NULL, NULL);

  self = g_object_new (CS_TYPE_SWEEP_JOB, NULL);
  self->request = cs_sweep_request_ref (request);
  self->flags = flags;
  return self;
}

void
cs_sweep_job_set_history (CsSweepJob *self, CsHistory *history)
{
  g_return_if_fail (CS_IS_SWEEP_JOB (self));
  g_set_object (&self->history, history);
}

void
cs_sweep_job_set_progress_func (CsSweepJob            *self,
                                CsSweepJobProgressFunc func,
                                gpointer               user_data,
                                GDestroyNotify         destroy)
{
  g_return_if_fail (CS_IS_SWEEP_JOB (self));

  g_mutex_lock (&self->lock);
  clear_func (self);
  self->func = func;
  self->func_data = user_data;
  self->func_destroy = destroy;
  g_mutex_unlock (&self->lock);
}

CsSweepRequest *
cs_sweep_job_get_request (CsSweepJob *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_JOB (self), NULL);
  return self->request;
}

/* ---- the caller's main context ----------------------------------------------------------- */

static Report *
pop_report (CsSweepJob *self, CsSweepJobProgressFunc *func, gpointer *data)
{
  Report *report;

  g_mutex_lock (&self->lock);
  report = g_queue_pop_head (&self->reports);
  *func = self->func;
  *data = self->func_data;
  g_mutex_unlock (&self->lock);
  return report;
}

static void
deliver_quiet (CsSweepJob *self, gboolean timed)
{
  CsSweepJobQuietFunc func;
  gpointer data;

  g_mutex_lock (&self->lock);
  func = self->quiet_func;
  data = self->quiet_data;
  g_mutex_unlock (&self->lock);
  if (func != NULL)
    func (self, timed, data);
}

static void
report_delivered (CsSweepJob *self)
{
  g_mutex_lock (&self->lock);
  if (--self->pending == 0)
    g_cond_broadcast (&self->quiet_cond);
  g_mutex_unlock (&self->lock);
}

/* The function is read again for every report: a window that goes away mid-batch stops them. */
static void
deliver_reports (CsSweepJob *self)
{
  CsSweepJobProgressFunc func;
  gpointer data;
  Report *report;

  while ((report = pop_report (self, &func, &data)) != NULL)
    {
      report->progress.last_run = report->run;
      report->progress.result = report->result;
      if (report->quiet >= 0)
        deliver_quiet (self, report->quiet);
      else if (func != NULL)
        func (self, &report->progress, data);
      report_free (report);
      report_delivered (self);
    }
}

static gboolean
on_reports_posted (gpointer data)
{
  CsSweepJob *self = data;

  g_mutex_lock (&self->lock);
  self->posted = FALSE;
  g_mutex_unlock (&self->lock);
  deliver_reports (self);
  return G_SOURCE_REMOVE;
}

/* ---- the sweep's thread ------------------------------------------------------------------ */

/* Called with the lock held. */
static void
post_locked (CsSweepJob *self)
{
  g_autoptr (GSource) source = NULL;

  if (self->posted)
    return;
  self->posted = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "corescope-sweep-progress");
  g_source_set_callback (source, on_reports_posted, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->context);
}

/* Without a journal the sweep still runs; only crash recovery is lost. */
static void
start_journal (CsSweepJob *self, const CsResult *initial)
{
  g_autoptr (GError) error = NULL;

  if (!(self->flags & CS_SWEEP_JOB_JOURNAL))
    return;
  self->journal = cs_journal_new (NULL, initial, &error);
  if (self->journal == NULL)
    self->journal_warning = g_strdup (error->message);
}

static void
push_report (CsSweepJob *self, Report *report)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->reports, report);
  self->pending++;
  post_locked (self);
  g_mutex_unlock (&self->lock);
}

static void
on_progress_in_thread (const CsSweepProgress *progress, gpointer data)
{
  CsSweepJob *self = data;
  Report *report = g_new0 (Report, 1);

  report->progress = *progress;
  report->progress.result = NULL;
  report->progress.last_run = NULL;
  if (progress->done == 0)
    {
      start_journal (self, progress->result);
      report->result = cs_result_copy (progress->result);
    }
  else if (self->journal != NULL)
    cs_journal_progress (progress, self->journal);
  if (progress->last_run != NULL)
    report->run = cs_run_copy (progress->last_run);
  report->quiet = -1;
  push_report (self, report);
}

/* ---- the observer's quiet ------------------------------------------------------------------ */

/* Waits until the caller has taken every report and released every hold, a bounded time. */
static void
wait_for_quiet (CsSweepJob *self)
{
  gint64 deadline = g_get_monotonic_time () + CS_SWEEP_JOB_QUIET_WAIT_S * G_USEC_PER_SEC;

  g_mutex_lock (&self->lock);
  while ((self->pending > 0 || self->holds > 0) && g_get_monotonic_time () < deadline &&
         !g_cancellable_is_cancelled (self->cancellable))
    /* Woken by a delivery or a release; a cancel is seen within 50 ms. */
    g_cond_wait_until (&self->quiet_cond, &self->lock,
                       MIN (deadline, g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND));
  if (self->pending > 0 || self->holds > 0)
    g_debug ("the observer was not quiet within %.0f s: the run starts anyway",
             CS_SWEEP_JOB_QUIET_WAIT_S);
  g_mutex_unlock (&self->lock);
}

/* The result is in the history, or in the caller's hands now: the journal has done its job,
 * unless the caller still has to save the result. */
static void
end_journal (CsSweepJob *self)
{
  g_autoptr (GError) error = NULL;

  if (self->journal == NULL)
    return;
  if (!(self->flags & CS_SWEEP_JOB_KEEP_JOURNAL))
    {
      g_clear_pointer (&self->journal, cs_journal_finish);
      return;
    }
  if (cs_journal_flush (self->journal, &error))
    self->kept_journal = g_strdup (cs_journal_get_path (self->journal));
  else
    g_warning ("%s", error->message);
  g_clear_pointer (&self->journal, cs_journal_free);
}

static void
on_gate_in_thread (gboolean timed, gpointer data)
{
  CsSweepJob *self = data;
  Report *report = g_new0 (Report, 1);

  report->quiet = timed;
  if (!timed)
    g_atomic_int_set (&self->timing, 0);
  push_report (self, report);
  if (timed)
    {
      wait_for_quiet (self);
      g_atomic_int_inc (&self->n_timed);
      g_atomic_int_set (&self->timing, 1);
    }
}

void
cs_sweep_job_set_quiet_func (CsSweepJob *self, CsSweepJobQuietFunc func, gpointer user_data)
{
  g_return_if_fail (CS_IS_SWEEP_JOB (self));

  g_mutex_lock (&self->lock);
  self->quiet_func = func;
  self->quiet_data = user_data;
  g_mutex_unlock (&self->lock);
}

void
cs_sweep_job_hold (CsSweepJob *self)
{
  g_return_if_fail (CS_IS_SWEEP_JOB (self));

  g_mutex_lock (&self->lock);
  self->holds++;
  g_mutex_unlock (&self->lock);
}

void
cs_sweep_job_release (CsSweepJob *self)
{
  g_return_if_fail (CS_IS_SWEEP_JOB (self));

  g_mutex_lock (&self->lock);
  if (self->holds > 0 && --self->holds == 0)
    g_cond_broadcast (&self->quiet_cond);
  g_mutex_unlock (&self->lock);
}

guint
cs_sweep_job_get_n_timed (CsSweepJob *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_JOB (self), 0);
  return g_atomic_int_get (&self->n_timed);
}

gboolean
cs_sweep_job_is_timing (CsSweepJob *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_JOB (self), FALSE);
  return g_atomic_int_get (&self->timing);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CsSweepJob *self = source;
  g_autoptr (GError) error = NULL;
  CsResult *result;

  result = cs_sweep_run_gated (self->request, on_progress_in_thread, on_gate_in_thread, self,
                               cancellable, &error);
  /* CsHistory only holds a path: saving from this thread is fine (see cs-history.h). */
  if (result != NULL && self->history != NULL)
    self->saved_path = cs_history_save (self->history, result, &self->save_error);
  end_journal (self);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) cs_result_free);
}

/* The thread is done: the reports it queued go out before the caller hears of the result. */
static void
on_thread_done (GObject *source, GAsyncResult *inner, gpointer data)
{
  g_autoptr (GTask) outer = data;
  CsSweepJob *self = CS_SWEEP_JOB (source);
  GError *error = NULL;
  CsResult *result;

  deliver_reports (self);
  result = g_task_propagate_pointer (G_TASK (inner), &error);
  if (result == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, result, (GDestroyNotify) cs_result_free);
}

void
cs_sweep_job_run_async (CsSweepJob          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *outer, *inner;

  g_return_if_fail (CS_IS_SWEEP_JOB (self));
  g_return_if_fail (self->context == NULL); /* once */

  self->context = g_main_context_ref_thread_default ();
  g_set_object (&self->cancellable, cancellable);
  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cs_sweep_job_run_async);
  inner = g_task_new (self, cancellable, on_thread_done, outer);
  g_task_set_name (inner, "corescope-sweep");
  /* A cancelled sweep still returns what it measured. */
  g_task_set_check_cancellable (outer, FALSE);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_run_in_thread (inner, run_in_thread);
  g_object_unref (inner);
}

CsResult *
cs_sweep_job_run_finish (CsSweepJob *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
cs_sweep_job_get_saved_path (CsSweepJob *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_JOB (self), NULL);
  return self->saved_path;
}

const GError *
cs_sweep_job_get_save_error (CsSweepJob *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_JOB (self), NULL);
  return self->save_error;
}

const char *
cs_sweep_job_get_journal_warning (CsSweepJob *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_JOB (self), NULL);
  return self->journal_warning;
}

const char *
cs_sweep_job_get_journal_path (CsSweepJob *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_JOB (self), NULL);
  return self->kept_journal;
}

int
cs_sweep_job_get_stop_signal (CsSweepJob *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_JOB (self), 0);
  return self->stop_signal;
}

/* ---- blocking, with signals -------------------------------------------------------------- */

typedef struct
{
  GMainLoop    *loop;
  CsResult     *result;
  GError       *error;
  CsSweepJob   *job;
  GCancellable *cancellable;
} BlockingRun;

typedef struct
{
  BlockingRun *run;
  int          signum;
} SignalWatch;

/* The first signal decides the exit status; later ones only repeat the cancellation. */
static gboolean
on_signal (gpointer data)
{
  SignalWatch *watch = data;

  if (watch->run->job->stop_signal == 0)
    watch->run->job->stop_signal = watch->signum;
  g_cancellable_cancel (watch->run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
on_blocking_done (GObject *source, GAsyncResult *res, gpointer data)
{
  BlockingRun *run = data;

  run->result = cs_sweep_job_run_finish (CS_SWEEP_JOB (source), res, &run->error);
  g_main_loop_quit (run->loop);
}

static GSource *
add_signal (GMainContext *context, int signum, BlockingRun *run)
{
  GSource *source = g_unix_signal_source_new (signum);
  SignalWatch *watch = g_new0 (SignalWatch, 1);

  watch->run = run;
  watch->signum = signum;
  g_source_set_callback (source, on_signal, watch, g_free);
  g_source_attach (source, context);
  return source;
}

CsResult *
cs_sweep_job_run_with_signals (CsSweepJob *self, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  BlockingRun run = { g_main_loop_new (context, FALSE), NULL, NULL, self, cancellable };
  const int signals[] = { SIGINT, SIGTERM, SIGHUP };
  GSource *sources[G_N_ELEMENTS (signals)];

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sources[i] = add_signal (context, signals[i], &run);
  cs_sweep_job_run_async (self, cancellable, on_blocking_done, &run);
  g_main_loop_run (run.loop);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_source_destroy (sources[i]);
      g_source_unref (sources[i]);
    }
  g_main_loop_unref (run.loop);
  if (run.error != NULL)
    g_propagate_error (error, run.error);
  return run.result;
}
