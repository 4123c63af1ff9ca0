/* cs-backend-thread.c: the thread and gil backends: C worker threads, with or without the GIL
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-backend"

#include "cs-backend-private.h"
#include "cs-gil.h"
#include "cs-engine.h"

/* Both run the kernels on GThreads of this process (cs-thread-pool.c); gil puts them under the
 * emulation of CPython's GIL (cs-gil.c). External presets (the user's command) run the command
 * instead, whatever the mode. */

typedef struct
{
  CsBackendPool  base;
  CsThreadPool  *threads;  /* NULL for external presets */
} ThreadBackendPool;

static CsBackendPool *
threads_prepare (CsBackendSession *session, CsWorkload *wl, const CsPassOptions *options,
                 gboolean gil, GError **error)
{
  ThreadBackendPool *self = _cs_backend_pool_new (sizeof *self, session, wl, options);
  CsPoolOptions pool_options = _cs_backend_pool_options (&self->base);

  if (wl->preset->run_external != NULL)
    return &self->base;
  pool_options.gil = gil;
  if (gil)
    pool_options.switch_interval_s = cs_params_get_duration (session->options,
                                                             "switch-interval");
  self->threads = _cs_thread_pool_new (wl, &pool_options, _cs_backend_get_lifetime (session),
                                       error);
  if (self->threads == NULL)
    g_clear_pointer (&self, g_free);
  return (CsBackendPool *) self;
}

static CsBackendPool *
thread_prepare (CsBackendSession *session, CsWorkload *wl, const CsPassOptions *options,
                GError **error)
{
  return threads_prepare (session, wl, options, FALSE, error);
}

static CsBackendPool *
gil_prepare (CsBackendSession *session, CsWorkload *wl, const CsPassOptions *options,
             GError **error)
{
  return threads_prepare (session, wl, options, TRUE, error);
}

static gboolean
threads_run_pass (CsBackendPool *pool, CsRun *run)
{
  ThreadBackendPool *self = (ThreadBackendPool *) pool;

  if (self->threads == NULL)
    _cs_backend_run_external (pool->wl, &pool->options, run);
  else
    _cs_thread_pool_run (self->threads, run);
  return run->status == CS_RUN_OK;
}

static void
threads_stop (CsBackendPool *pool)
{
  ThreadBackendPool *self = (ThreadBackendPool *) pool;

  g_clear_pointer (&self->threads, _cs_thread_pool_free);
  g_free (self);
}

static const CsParamSpec thread_options[] = {
  CS_BACKEND_POOL_OPTION,
};

static const CsParamSpec gil_options[] = {
  CS_BACKEND_SWITCH_INTERVAL_OPTION,
  CS_BACKEND_POOL_OPTION,
};

const CsBackend cs_backend_thread = {
  .name = "thread",
  .label = N_("Threads"),
  .description = N_("Threads in one process, truly parallel: what C, Rust, free-threaded Python "
                    "or C extensions that release the GIL get."),
  .concurrency = CS_CONCURRENCY_THREADS,
  .workers_in_process = TRUE,
  .runtime = "C",
  .supports = _cs_backend_supports_c,
  .default_for = _cs_backend_default_for_c,
  .options = thread_options,
  .n_options = G_N_ELEMENTS (thread_options),
  .prepare = thread_prepare,
  .run_pass = threads_run_pass,
  .stop = threads_stop,
};

static const char *const gil_counters[] = { CS_GIL_COUNTER_SWITCHES, CS_GIL_COUNTER_WAIT_S,
                                            NULL };

const CsBackend cs_backend_gil = {
  .name = "gil",
  .label = N_("GIL threads"),
  .description = N_("The same threads under an emulation of CPython's GIL: one computes at a "
                    "time, blocking calls let go of it. What standard CPython gets."),
  .concurrency = CS_CONCURRENCY_GIL_THREADS,
  .workers_in_process = TRUE,
  .runtime = "C",
  .counters = gil_counters,
  .supports = _cs_backend_supports_c,
  .default_for = _cs_backend_default_for_c,
  .options = gil_options,
  .n_options = G_N_ELEMENTS (gil_options),
  .prepare = gil_prepare,
  .run_pass = threads_run_pass,
  .stop = threads_stop,
};
