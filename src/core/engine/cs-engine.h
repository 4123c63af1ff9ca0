/* cs-engine.h: one timed run of a workload with n workers in one execution mode
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-pool-private.h"
#include "cs-result.h"
#include "cs-workload.h"

G_BEGIN_DECLS

#define CS_ENGINE_ERROR (cs_engine_error_quark ())

typedef enum {
  CS_ENGINE_ERROR_SETUP,    /* prepare/attach/shared memory failed; message says which */
  CS_ENGINE_ERROR_THREADS   /* worker threads could not be created or bound */
} CsEngineError;

GQuark   cs_engine_error_quark (void);

/* Parent side of a workload's life, once per sweep point: the preset's prepare(), then a
 * zeroed shared region of wl->shared_size bytes in a memfd mapped MAP_SHARED (wl->shared,
 * wl->shared_fd: worker processes map the same fd), init_shared() and attach().
 * cs_engine_workload_teardown() undoes what was done (detach, finish, unmap, close). */
gboolean cs_engine_workload_setup (CsWorkload *wl, GError **error);
void     cs_engine_workload_teardown (CsWorkload *wl);

/* Workers of one mode at one sweep point. With CS_POOL_PERSISTENT the workers are started by
 * cs_engine_pool_new() (outside any timing) and every cs_engine_pool_run() times one pass; with
 * CS_POOL_PER_RUN each cs_engine_pool_run() creates the workers, runs the pass and joins them
 * inside the timed region, and records their start-up latency.
 *
 * options->cancelled is polled at least every 50 ms during a run (and seen by kernels through
 * their CsTaskContext); options->placements may be NULL. wl must have been set up. */
typedef struct _CsEnginePool CsEnginePool;

CsEnginePool *cs_engine_pool_new (CsWorkload          *wl,
                                  const CsPoolOptions *options,
                                  CsPoolLifetime       lifetime,
                                  GError             **error);
/* One timed run. Fills every measured field of run (mode, workers, status, reason, wall_s,
 * CPU times, context switches, RSS, startup_s, dispatch_s, tasks, checksum, GIL statistics);
 * leaves rep alone. Returns TRUE when run->status is CS_RUN_OK. */
gboolean      cs_engine_pool_run (CsEnginePool *pool, CsRun *run);
void          cs_engine_pool_free (CsEnginePool *pool);

/* Convenience: pool_new + pool_run + pool_free. A pool that cannot start yields a failed run
 * with the reason, not an error. */
gboolean      cs_engine_run (CsWorkload          *wl,
                             const CsPoolOptions *options,
                             CsPoolLifetime       lifetime,
                             CsRun               *run);

/* Tasks in one pass: n_tasks for strong scaling, n_tasks × n_workers for weak scaling. */
guint64       cs_engine_total_tasks (const CsWorkload *wl);

G_END_DECLS
