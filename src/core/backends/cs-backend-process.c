/* cs-backend-process.c: the process backend: one corescope-worker process per worker
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-backend"

#include "cs-backend-private.h"
#include "cs-engine.h"
#include "cs-worker-launch.h"

/* The pool (cs-process-pool.c) starts workers with posix_spawn or from the fork server, hands
 * them tasks over a socket pair each and collects their checksums; this file only decides what
 * is timed. A per-run pool is started and stopped inside the timed region, as a script that
 * opens a ProcessPoolExecutor per job pays; a persistent one is started in prepare, untimed. */

typedef struct
{
  CsBackendPool  base;
  CsProcessPool *processes;  /* persistent pools between prepare and stop */
  gboolean       external;
} ProcessBackendPool;

static const char *const start_methods[] = { "spawn", "forkserver", NULL };

static CsPoolOptions
process_pool_options (const CsBackendPool *pool)
{
  CsPoolOptions options = _cs_backend_pool_options (pool);

  cs_start_method_from_string (cs_params_get_string (pool->session->options, "start-method"),
                               &options.start_method);
  return options;
}

static gboolean
process_open (CsBackendSession *session, GError **error)
{
  CsStartMethod method = CS_START_SPAWN;

  /* Start the fork server now, before the sweep's thread runs anything, as Python's forkserver
   * start method does; it is exec'd, so this is tidiness rather than safety. */
  cs_start_method_from_string (cs_params_get_string (session->options, "start-method"), &method);
  return method != CS_START_FORKSERVER || _cs_forkserver_ensure (error);
}

static CsBackendPool *
process_prepare (CsBackendSession *session, CsWorkload *wl, const CsPassOptions *options,
                 GError **error)
{
  ProcessBackendPool *self = _cs_backend_pool_new (sizeof *self, session, wl, options);

  self->external = wl->preset->run_external != NULL;
  if (!self->external && _cs_backend_get_lifetime (session) == CS_POOL_PERSISTENT)
    {
      CsPoolOptions pool_options = process_pool_options (&self->base);
      g_autoptr (CsRun) scratch = cs_run_new ();

      self->processes = _cs_process_pool_start (wl, &pool_options, scratch, error);
      if (self->processes == NULL)
        g_clear_pointer (&self, g_free);
    }
  return (CsBackendPool *) self;
}

static void
set_pass_status (CsRun *run, gboolean started, gboolean ok, guint64 total_tasks,
                 const gint *cancelled, GError *start_error)
{
  if (!started)
    _cs_run_set_status (run, g_atomic_int_get (cancelled) ? CS_RUN_CANCELLED : CS_RUN_FAILED,
                        start_error != NULL ? start_error->message : NULL);
  else if (ok && run->tasks != total_tasks)
    _cs_run_set_status (run, CS_RUN_FAILED, _("not every task was run"));
  else if (ok)
    _cs_run_set_status (run, CS_RUN_OK, NULL);
  else if (run->status == CS_RUN_OK)
    _cs_run_set_status (run, CS_RUN_FAILED, _("the worker processes did not finish the pass"));
}

static gboolean
process_run_pass (CsBackendPool *pool, CsRun *run)
{
  ProcessBackendPool *self = (ProcessBackendPool *) pool;
  gboolean per_run = self->processes == NULL;
  CsPoolOptions options = process_pool_options (pool);
  g_autoptr (GError) error = NULL;
  gboolean started = TRUE;

  if (self->external)
    {
      _cs_backend_run_external (pool->wl, &pool->options, run);
      return run->status == CS_RUN_OK;
    }
  /* ---- timed region ---- */
  gint64 t0 = g_get_monotonic_time ();
  if (per_run)
    {
      self->processes = _cs_process_pool_start (pool->wl, &options, run, &error);
      started = self->processes != NULL;
    }
  gboolean ok = started && _cs_process_pool_run_pass (self->processes, run);
  if (per_run && started)
    g_clear_pointer (&self->processes, _cs_process_pool_stop);
  gint64 t1 = g_get_monotonic_time ();
  /* ---- end of timed region ---- */

  run->wall_s = (t1 - t0) / 1e6;
  if (!per_run)
    run->startup_s = 0;
  set_pass_status (run, started, ok, cs_engine_total_tasks (pool->wl), pool->options.cancelled,
                   error);
  return run->status == CS_RUN_OK;
}

static void
process_stop (CsBackendPool *pool)
{
  ProcessBackendPool *self = (ProcessBackendPool *) pool;

  g_clear_pointer (&self->processes, _cs_process_pool_stop);
  g_free (self);
}

static const CsParamSpec process_options[] = {
  { "start-method", CS_PARAM_CHOICE, "spawn", 0, 0, NULL, N_("Start method"),
    N_("spawn: posix_spawn a fresh corescope-worker for every worker; forkserver: fork it from a "
       "small single-threaded server started once."), start_methods },
  CS_BACKEND_POOL_OPTION,
};

const CsBackend cs_backend_process = {
  .name = "process",
  .label = N_("Processes"),
  .description = N_("One process per worker, tasks and results copied over pipes, as "
                    "multiprocessing does, with the C kernels."),
  .concurrency = CS_CONCURRENCY_PROCESSES,
  .runtime = "C",
  .supports = _cs_backend_supports_c,
  .options = process_options,
  .n_options = G_N_ELEMENTS (process_options),
  .open = process_open,
  .prepare = process_prepare,
  .run_pass = process_run_pass,
  .stop = process_stop,
};
