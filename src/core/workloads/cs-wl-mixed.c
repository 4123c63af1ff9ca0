/* cs-wl-mixed.c: each task computes, then waits: where threads and processes meet
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

#define ITERS_KEY "CS_MIXED_ITERATIONS"

typedef struct
{
  guint64 iterations; /* computation per task */
  double  wait_s;     /* wait per task */
} Mixed;

static const CsParamSpec params[] = {
  { "tasks", CS_PARAM_INT, "48", 1, 1000000, N_("tasks"), N_("Tasks"),
    N_("How many tasks make up one run.") },
  { "task-time", CS_PARAM_DURATION, "4ms", 10e-6, 10.0, "ms", N_("Time per task"),
    N_("Computation plus wait of one task on an idle core.") },
  { "compute-fraction", CS_PARAM_DOUBLE, "0.5", 0, 1, NULL, N_("Computing share"),
    N_("Share of each task spent computing (the rest is a blocking wait), from 0 to 1.") },
};

static gboolean
mixed_prepare (CsWorkload *wl, GError **error)
{
  double task_time = cs_params_get_duration (wl->params, "task-time");
  double fraction = cs_params_get_double (wl->params, "compute-fraction");

  wl->n_tasks = cs_params_get_int (wl->params, "tasks");
  _cs_wl_env_set_uint64 (wl, ITERS_KEY, (guint64) (fraction * task_time * _cs_wl_spin_rate ()));
  return TRUE;
}

static gboolean
mixed_attach (CsWorkload *wl, GError **error)
{
  Mixed *m = g_new0 (Mixed, 1);

  if (!_cs_wl_env_get_uint64 (wl, ITERS_KEY, &m->iterations, error))
    {
      g_free (m);
      return FALSE;
    }
  m->wait_s = (1 - cs_params_get_double (wl->params, "compute-fraction"))
              * cs_params_get_duration (wl->params, "task-time");
  g_free (wl->priv);
  wl->priv = m;
  return TRUE;
}

static gboolean
mixed_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
                CsTaskOutput *output, GError **error)
{
  const Mixed *m = wl->priv;

  output->checksum = _cs_wl_spin (ctx, m->iterations, _cs_wl_mix (task + 7));
  if (m->wait_s > 0)
    _cs_wl_blocking_sleep (ctx, m->wait_s);
  return TRUE;
}

static void
mixed_detach (CsWorkload *wl)
{
  g_clear_pointer (&wl->priv, g_free);
}

const CsPreset cs_preset_mixed = {
  .name = "mixed",
  .title = N_("Mixed: compute, then wait"),
  .summary = N_("Each task computes for a while and then blocks"),
  .description = N_("Each task computes for part of its time and waits (a blocking call that "
                    "releases the GIL) for the rest, like a request handler that parses data "
                    "and then calls a database. Under the GIL only the waits overlap, so the "
                    "computing share sets the limit, as Amdahl's law predicts; threads without "
                    "a GIL and processes overlap both parts. Move the computing share between "
                    "0 and 1 to go from the io-wait shape to the cpu shape."),
  .expected = N_("Thread and process modes scale while there are cores for the computing part "
                 "and beyond it for the waits; gil mode levels off near 1 / computing share."),
  .icon_name = "media-playlist-shuffle-symbolic",
  .category = CS_CATEGORY_CPU,
  .work_unit = N_("tasks"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = mixed_prepare,
  .attach = mixed_attach,
  .run_task = mixed_run_task,
  .detach = mixed_detach,
};
