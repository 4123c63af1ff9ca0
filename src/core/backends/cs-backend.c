/* cs-backend.c: sessions and runs of any backend, on top of the backends' own steps
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-backend"

#include "cs-backend-private.h"
#include "cs-run-probe.h"

const char *const _cs_backend_pool_choices[] = { "per-run", "persistent", NULL };

G_DEFINE_QUARK (cs-backend-error-quark, cs_backend_error)

CsParams *
cs_backend_options_new (const CsBackend *backend)
{
  g_return_val_if_fail (backend != NULL, NULL);
  return cs_params_new_for_specs (backend->name, backend->options, backend->n_options);
}

char *
cs_backend_check_available (const CsBackend *backend, const CsParams *options)
{
  g_autoptr (CsParams) defaults = NULL;

  g_return_val_if_fail (backend != NULL, NULL);
  if (backend->check_available == NULL)
    return NULL;
  if (options != NULL)
    return backend->check_available (backend, options);
  defaults = cs_backend_options_new (backend);
  return backend->check_available (backend, defaults);
}

gboolean
cs_backend_supports (const CsBackend *backend, const CsPreset *preset, GError **error)
{
  g_return_val_if_fail (backend != NULL && preset != NULL, FALSE);
  return backend->supports == NULL || backend->supports (backend, preset, error);
}

static void
session_free (CsBackendSession *session)
{
  g_clear_pointer (&session->options, cs_params_free);
  g_clear_pointer (&session->info, g_hash_table_unref);
  g_free (session);
}

CsBackendSession *
cs_backend_session_open (const CsBackend *backend, const CsParams *options, GError **error)
{
  CsBackendSession *session;

  g_return_val_if_fail (backend != NULL, NULL);

  session = g_malloc0 (MAX (backend->session_size, sizeof (CsBackendSession)));
  session->backend = backend;
  session->options = options != NULL ? cs_params_copy (options)
                                     : cs_backend_options_new (backend);
  session->info = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (backend->open != NULL && !backend->open (session, error))
    {
      session_free (session);
      return NULL;
    }
  return session;
}

void
cs_backend_session_close (CsBackendSession *session)
{
  if (session == NULL)
    return;
  if (session->backend->close != NULL)
    session->backend->close (session);
  session_free (session);
}

gpointer
_cs_backend_pool_new (gsize size, CsBackendSession *session, CsWorkload *wl,
                      const CsPassOptions *options)
{
  CsBackendPool *pool = g_malloc0 (MAX (size, sizeof (CsBackendPool)));

  pool->session = session;
  pool->wl = wl;
  pool->options = *options;
  pool->options.chunk_size = MAX (options->chunk_size, 1);
  return pool;
}

CsPoolLifetime
_cs_backend_get_lifetime (const CsBackendSession *session)
{
  CsPoolLifetime lifetime = CS_POOL_PER_RUN;

  if (cs_params_has (session->options, "pool"))
    cs_pool_from_string (cs_params_get_string (session->options, "pool"), &lifetime);
  return lifetime;
}

CsPoolOptions
_cs_backend_pool_options (const CsBackendPool *pool)
{
  CsPoolOptions options = {
    .n_workers = pool->options.n_workers,
    .start_method = CS_START_SPAWN,
    .placements = pool->options.placements,
    .chunk_size = pool->options.chunk_size,
    .timeout_s = pool->options.timeout_s,
    .cancelled = pool->options.cancelled,
  };
  return options;
}

gboolean
_cs_backend_default_for_c (const CsBackend *self, const CsPreset *preset)
{
  return _cs_backend_supports_c (self, preset, NULL);
}

gboolean
_cs_backend_supports_c (const CsBackend *self, const CsPreset *preset, GError **error)
{
  if (preset->run_task != NULL || preset->run_external != NULL)
    return TRUE;
  g_set_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNSUPPORTED,
               _("%s: preset '%s' runs Python code, which only the python-* modes run (use "
                 "python-thread or python-process)"), self->name, preset->name);
  return FALSE;
}

double
cs_backend_estimate_run_s (const CsBackend *backend, const CsParams *params, guint workers,
                           CsScaling scaling)
{
  guint cores = MAX (g_get_num_processors (), 1);
  CsRunShape shape = { .workers = MAX (workers, 1) };

  g_return_val_if_fail (backend != NULL && params != NULL, -1);
  shape.parallel = backend->concurrency == CS_CONCURRENCY_GIL_THREADS ? 1
                                                                       : MIN (shape.workers, cores);
  shape.slowdown = backend->slowdown > 0 ? backend->slowdown : 1;
  shape.work_factor = scaling == CS_SCALING_WEAK ? shape.workers : 1;
  return cs_preset_estimate_s (cs_params_get_preset (params), params, &shape);
}

static void
reset_measurements (CsRun *run, CsMode mode, guint n_workers)
{
  run->mode = mode;
  run->workers = n_workers;
  cs_run_clear_counters (run);
  g_clear_pointer (&run->perf_counters, g_strfreev); /* the probe's, or the backend's own */
  run->startup_s = 0;
  _cs_run_set_status (run, CS_RUN_OK, NULL);
}

gboolean
cs_backend_session_run (CsBackendSession *session, CsWorkload *wl,
                        const CsPassOptions *options, CsRun *run)
{
  const CsBackend *backend;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRunProbe) probe = NULL;
  CsBackendPool *pool;

  g_return_val_if_fail (session != NULL && wl != NULL && options != NULL, FALSE);
  g_return_val_if_fail (options->cancelled != NULL && options->n_workers > 0, FALSE);
  backend = session->backend;

  reset_measurements (run, cs_backend_get_mode (backend), options->n_workers);
  /* Before prepare, so that the counters follow the workers it starts. */
  probe = cs_run_probe_new ();
  pool = backend->prepare != NULL ? backend->prepare (session, wl, options, &error)
                                  : _cs_backend_pool_new (0, session, wl, options);
  if (pool == NULL)
    {
      _cs_run_set_status (run, g_atomic_int_get (options->cancelled) ? CS_RUN_CANCELLED
                                                                      : CS_RUN_FAILED,
                          error != NULL ? error->message : NULL);
      return FALSE;
    }
  if (backend->workers_pid != NULL && backend->workers_pid (pool) > 0)
    cs_run_probe_follow (probe, backend->workers_pid (pool));
  cs_run_probe_start (probe);
  backend->run_pass (pool, run);
  cs_run_probe_stop (probe);
  cs_run_probe_finish (probe, run, backend->workers_in_process);
  if (backend->stop != NULL)
    backend->stop (pool);
  else
    g_free (pool);
  if (run->status == CS_RUN_OK && wl->units_per_task > 0)
    run->units = wl->units_per_task * run->tasks;
  return run->status == CS_RUN_OK;
}
