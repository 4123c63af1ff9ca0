/* cs-sweep-job.h: a sweep in a thread of its own, with its journal, progress delivered to the
 * caller's main context, cancellation and saving to the history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-history.h"
#include "cs-sweep.h"

G_BEGIN_DECLS

#define CS_TYPE_SWEEP_JOB (cs_sweep_job_get_type ())

G_DECLARE_FINAL_TYPE (CsSweepJob, cs_sweep_job, CS, SWEEP_JOB, GObject)

typedef enum {
  CS_SWEEP_JOB_NONE    = 0,
  CS_SWEEP_JOB_JOURNAL = 1 << 0,  /* keep the sweep in a journal as it runs (crash recovery) */
  /* with JOURNAL: leave the journal, flushed, when the sweep ends; the caller removes it
   * (cs_journal_discard on cs_sweep_job_get_journal_path) once the result is saved elsewhere,
   * so a save that fails loses nothing */
  CS_SWEEP_JOB_KEEP_JOURNAL = 1 << 1
} CsSweepJobFlags;

/* Called on the main context that called cs_sweep_job_run_async(), in order: once with
 * progress->done == 0 when the sweep starts (progress->result: the empty result with machine,
 * configuration and what the backends reported; the only report with a result), then once per
 * run, warm-ups included (progress->last_run: the run, NULL for warm-ups). Everything the
 * progress points at is valid during the call only. A burst of short runs costs the main loop
 * one dispatch, not one per run. */
typedef void (*CsSweepJobProgressFunc) (CsSweepJob            *job,
                                        const CsSweepProgress *progress,
                                        gpointer               user_data);

CsSweepJob *cs_sweep_job_new (CsSweepRequest *request, CsSweepJobFlags flags);
/* The result is saved there by the job's thread when the sweep ends (CsHistory only holds a
 * path), before the job completes. */
void        cs_sweep_job_set_history (CsSweepJob *self, CsHistory *history);
/* May be called again (NULL: no more calls), e.g. when a window goes away before the sweep
 * does: callbacks already queued are then dropped. */
void        cs_sweep_job_set_progress_func (CsSweepJob            *self,
                                            CsSweepJobProgressFunc func,
                                            gpointer               user_data,
                                            GDestroyNotify         destroy);
CsSweepRequest *cs_sweep_job_get_request (CsSweepJob *self);

/* The observer must not disturb what it measures. Called on the caller's main context with
 * timed == TRUE when a run is about to be timed and FALSE when it has ended. Before a run starts,
 * the sweep's thread waits until every report queued before it has been delivered, this
 * function has returned and every hold has been released (at most
 * CS_SWEEP_JOB_QUIET_WAIT_S, so a caller that stops iterating its main context cannot stall
 * the sweep; a window's first charts can take seconds on a busy machine): a caller applies its updates between runs, and while a run is timed draws
 * nothing and starts no work. Reports are only posted between runs. */
#define CS_SWEEP_JOB_QUIET_WAIT_S 10.0
typedef void (*CsSweepJobQuietFunc) (CsSweepJob *job, gboolean timed, gpointer user_data);
void        cs_sweep_job_set_quiet_func (CsSweepJob *self, CsSweepJobQuietFunc func,
                                         gpointer user_data);
/* From the caller's main context: the next run waits until as many releases (a chart still
 * being built in a thread, a frame still to be drawn). */
void        cs_sweep_job_hold (CsSweepJob *self);
void        cs_sweep_job_release (CsSweepJob *self);
/* TRUE while a run is timed (from any thread), and how many runs have been timed so far. */
gboolean    cs_sweep_job_is_timing (CsSweepJob *self);
guint       cs_sweep_job_get_n_timed (CsSweepJob *self);

/* Runs the sweep in a GTask thread. Cancelling stops the run in progress within a fraction of
 * a second; the result keeps what was measured (complete == FALSE). */
void        cs_sweep_job_run_async (CsSweepJob          *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* The result (also when cancelled), or NULL when the sweep could not start. The history and
 * journal outcomes are available from the getters below once this returned. */
CsResult   *cs_sweep_job_run_finish (CsSweepJob *self, GAsyncResult *result, GError **error);
/* Where the history saved the result, or NULL (no history, or the save failed). */
const char *cs_sweep_job_get_saved_path (CsSweepJob *self);
const GError *cs_sweep_job_get_save_error (CsSweepJob *self);
/* Why the sweep was not kept in a journal (NULL when it was, or was not asked to be). */
const char *cs_sweep_job_get_journal_warning (CsSweepJob *self);

/* With CS_SWEEP_JOB_KEEP_JOURNAL, once the sweep returned: the journal left on disk (NULL when
 * there was none). */
const char *cs_sweep_job_get_journal_path (CsSweepJob *self);

/* Blocking, for a program without a main loop of its own to spare (the CLI): runs the job with
 * a main loop of its own on the thread-default main context, until the sweep ends; SIGINT,
 * SIGTERM and SIGHUP cancel it (what was measured is returned, as for a cancellation). */
CsResult   *cs_sweep_job_run_with_signals (CsSweepJob *self, GError **error);
/* The signal that cancelled cs_sweep_job_run_with_signals (), or 0. */
int         cs_sweep_job_get_stop_signal (CsSweepJob *self);

G_END_DECLS
