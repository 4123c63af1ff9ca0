/* engine-test-util.h: workloads, runs and sweeps as the engine tests set them up
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-backend.h"
#include "cs-engine.h"
#include "cs-sweep.h"
#include "cs-workload.h"

/* A preset's parameters with these "name=value" assignments, which must be valid. */
static G_GNUC_UNUSED CsParams *
test_params_new (const char *preset_name, const char *const *assignments)
{
  g_autoptr (GError) error = NULL;
  const CsPreset *preset = cs_presets_lookup (preset_name, &error);
  CsParams *params;

  g_assert_no_error (error);
  params = cs_params_new (preset);
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      cs_params_parse_assignment (params, assignments[i], &error);
      g_assert_no_error (error);
    }
  return params;
}

/* A workload set up as a sweep point sets it up (prepare, shared region, attach). */
static G_GNUC_UNUSED CsWorkload *
test_workload_new (const char *preset_name, const char *const *assignments, CsScaling scaling,
                   guint n_workers)
{
  g_autoptr (CsParams) params = test_params_new (preset_name, assignments);
  g_autoptr (GError) error = NULL;
  CsWorkload *wl = cs_workload_new (params, scaling, n_workers);

  cs_engine_workload_setup (wl, &error);
  g_assert_no_error (error);
  return wl;
}

static G_GNUC_UNUSED void
test_workload_free (CsWorkload *wl)
{
  cs_engine_workload_teardown (wl);
  cs_workload_free (wl);
}

/* n workers, no binding, one task at a time, no timeout. */
static G_GNUC_UNUSED CsPassOptions
test_pass (guint n_workers, const gint *cancelled)
{
  CsPassOptions pass = { .n_workers = n_workers, .chunk_size = 1, .cancelled = cancelled };
  return pass;
}

/* The "pool=..." option of a lifetime, for cs_engine_run (). */
static G_GNUC_UNUSED const char *const *
test_lifetime (CsPoolLifetime lifetime)
{
  static const char *const per_run[] = { "pool=per-run", NULL };
  static const char *const persistent[] = { "pool=persistent", NULL };

  return lifetime == CS_POOL_PERSISTENT ? persistent : per_run;
}

/* One run of a built-in mode with a pool lifetime. */
static G_GNUC_UNUSED gboolean
test_run (CsMode mode, CsPoolLifetime lifetime, CsWorkload *wl, const CsPassOptions *pass,
          CsRun *run)
{
  return cs_engine_run (cs_mode_to_string (mode), test_lifetime (lifetime), wl, pass, run);
}

/* A sweep configuration of preset over these modes and worker counts, no warm-up. */
static G_GNUC_UNUSED CsSweepConfig *
test_config_new (const char *preset, const char *const *params, const CsMode *modes,
                 guint n_modes, const guint *workers, guint n_workers, guint reps)
{
  CsSweepConfig *config = cs_sweep_config_new ();

  g_free (config->preset);
  config->preset = g_strdup (preset);
  g_strfreev (config->params);
  config->params = g_strdupv ((char **) (params != NULL ? params : (const char *[]) { NULL }));
  cs_sweep_config_set_modes (config, modes, n_modes);
  g_free (config->workers);
  config->workers = g_memdup2 (workers, n_workers * sizeof (guint));
  config->n_workers = n_workers;
  config->reps = reps;
  config->warmup = 0;
  return config;
}

/* Sets an option on every mode of config whose backend has it, as the CLI's --pool does. */
static G_GNUC_UNUSED void
test_config_set_option (CsSweepConfig *config, const char *name, const char *value)
{
  for (guint i = 0; i < config->n_modes; i++)
    {
      const CsBackend *backend = cs_backend_for_mode (config->modes[i].mode);
      if (cs_param_specs_find (backend->options, backend->n_options, name) >= 0)
        cs_mode_config_set (&config->modes[i].options, name, value);
    }
}

/* Validates config (it must be valid) and runs the sweep. */
static G_GNUC_UNUSED CsResult *
test_sweep_run (const CsSweepConfig *config, CsSweepProgressFunc progress, gpointer data,
                GCancellable *cancellable, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (CsSweepRequest) request = cs_sweep_request_new (config, NULL, &local);

  g_assert_no_error (local);
  return cs_sweep_run (request, progress, data, cancellable, error);
}

/* Quick parameters: the smallest jobs that still exercise every code path. */
static G_GNUC_UNUSED const char *const *
test_quick_params (const char *preset)
{
  static const char *const quick[][6] = {
    { "cpu", "tasks=8", "numbers=200", NULL },
    { "hash", "tasks=8", "size=64KiB", NULL },
    { "mandelbrot", "width=64", "height=48", "rows-per-task=4", NULL },
    { "image-blur", "width=96", "height=64", "tile-rows=16", NULL },
    { "matmul", "size=64", "block=16", NULL },
    { "memory-stream", "array-size=2MiB", "chunk=256KiB", "passes=1", NULL },
    { "io-wait", "tasks=8", "latency=1ms", NULL },
    { "http-fetch", "requests=8", "delay=1ms", "body-size=3000", NULL },
    { "file-io", "files=4", "file-size=8KiB", "fsync=false", NULL },
    { "lock-contention", "tasks=4", "units=50", "unit-work=20", NULL },
    { "ipc-payload", "tasks=4", "payload-size=100KiB", NULL },
    { "tiny-tasks", "tasks=50", "task-time=5us", NULL },
    { "mixed", "tasks=6", "task-time=1ms", NULL },
    { "command", "command=true", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (quick); i++)
    if (g_str_equal (quick[i][0], preset))
      return quick[i] + 1;
  g_error ("no quick parameters for preset %s", preset);
}

/* The runs a sweep planned and measured, failed ones too: a disturbed run measured again
 * (cs-run-noise.h) is kept beside its re-measurement, so runs->len would count it twice. */
static G_GNUC_UNUSED guint
test_count_measurements (const CsResult *result)
{
  guint n = 0;

  for (guint i = 0; i < result->runs->len; i++)
    n += !((const CsRun *) g_ptr_array_index (result->runs, i))->remeasured;
  return n;
}
