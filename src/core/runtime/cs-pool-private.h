/* cs-pool-private.h: the C backends' pools: worker threads (thread, gil) and worker processes
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-model.h"
#include "cs-topology.h"
#include "cs-workload.h"

G_BEGIN_DECLS

typedef struct
{
  guint                    n_workers;
  CsStartMethod            start_method;    /* process pools */
  const CsWorkerPlacement *placements;      /* n_workers entries, or NULL: no binding */
  guint                    chunk_size;      /* tasks handed out at a time (>= 1) */
  gboolean                 gil;             /* thread pools: under the emulated GIL */
  double                   switch_interval_s; /* the GIL's */
  double                   timeout_s;       /* a pass that takes longer fails: 0 = none */
  const gint              *cancelled;       /* non-zero: stop as soon as possible; never NULL */
} CsPoolOptions;

/* Worker threads (cs-thread-pool.c). With CS_POOL_PERSISTENT the threads start in
 * _cs_thread_pool_new() (outside any timing) and wait for each pass; with CS_POOL_PER_RUN
 * every _cs_thread_pool_run() creates them, runs the pass and joins them inside the timed region,
 * and records their start-up latency. The run fills every measured field of run (wall_s, CPU
 * times, context switches, RSS, startup_s, dispatch_s, tasks, checksum, GIL statistics) and its
 * status. */
typedef struct _CsThreadPool CsThreadPool;

CsThreadPool  *_cs_thread_pool_new (CsWorkload          *wl,
                                    const CsPoolOptions *options,
                                    CsPoolLifetime       lifetime,
                                    GError             **error);
void           _cs_thread_pool_run (CsThreadPool *pool, CsRun *run);
void           _cs_thread_pool_free (CsThreadPool *pool);

/* A started pool of process workers (cs-process-pool.c). The process backend times the calls: for the per-run pool lifetime start + pass + stop are inside the timed region, for the
 * persistent lifetime only the pass is.
 *
 * A pass runs every task once: total = wl->n_tasks for strong scaling, wl->n_tasks * n_workers
 * for weak scaling; task t is run as wl task (t % wl->n_tasks), so a weak-scaling checksum is
 * n_workers times the single-worker one. Tasks are pulled dynamically, chunk_size at a time. */
typedef struct _CsProcessPool CsProcessPool;

/* Starts n_workers worker processes and waits until each is ready (its workload attached).
 * Sets run->startup_s (median start-to-ready latency). On failure nothing is left running. */
CsProcessPool *_cs_process_pool_start (CsWorkload          *wl,
                                       const CsPoolOptions *options,
                                       CsRun               *run,
                                       GError             **error);
/* One pass. Fills run->tasks, checksum, dispatch_s, user_s, sys_s, voluntary_cs,
 * involuntary_cs, max_rss_kb, and on failure status (failed/timeout/cancelled) and reason
 * ("worker 2 killed by SIGSEGV"). Returns FALSE when the pass did not complete. */
gboolean       _cs_process_pool_run_pass (CsProcessPool *pool, CsRun *run);
/* Asks workers to exit, then SIGTERM, then SIGKILL after a grace period; reaps every child.
 * Never leaves a zombie, file descriptor or shared-memory segment behind. */
void           _cs_process_pool_stop (CsProcessPool *pool);

G_END_DECLS
