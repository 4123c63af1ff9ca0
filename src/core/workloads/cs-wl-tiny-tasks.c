/* cs-wl-tiny-tasks.c: many very short tasks, to show start-up and dispatch overhead
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

#define ITERS_KEY "CS_TINY_TASKS_ITERATIONS"

static const CsParamSpec params[] = {
  { "tasks", CS_PARAM_INT, "2000", 1, 10000000, N_("tasks"), N_("Tasks"),
    N_("How many tasks make up one run.") },
  { "task-time", CS_PARAM_DURATION, "20us", 1e-6, 1.0, "µs", N_("Work per task"),
    N_("Computation in each task, measured once on this machine and then fixed.") },
};

static gboolean
tiny_prepare (CsWorkload *wl, GError **error)
{
  double task_time = cs_params_get_duration (wl->params, "task-time");

  wl->n_tasks = cs_params_get_int (wl->params, "tasks");
  _cs_wl_env_set_uint64 (wl, ITERS_KEY, MAX (1, (guint64) (task_time * _cs_wl_spin_rate ())));
  return TRUE;
}

static gboolean
tiny_attach (CsWorkload *wl, GError **error)
{
  guint64 iterations;

  if (!_cs_wl_env_get_uint64 (wl, ITERS_KEY, &iterations, error))
    return FALSE;
  g_free (wl->priv);
  wl->priv = g_memdup2 (&iterations, sizeof iterations);
  return TRUE;
}

static gboolean
tiny_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
               CsTaskOutput *output, GError **error)
{
  guint64 iterations = *(const guint64 *) wl->priv;

  output->checksum = _cs_wl_spin (ctx, iterations, _cs_wl_mix (task + 1));
  return TRUE;
}

static void
tiny_detach (CsWorkload *wl)
{
  g_clear_pointer (&wl->priv, g_free);
}

const CsPreset cs_preset_tiny_tasks = {
  .name = "tiny-tasks",
  .title = N_("Tiny tasks: dispatch overhead"),
  .summary = N_("Thousands of tasks of a few microseconds each"),
  .description = N_("Each task computes for only a few microseconds, so the cost of handing "
                    "tasks to workers and of starting the workers dominates. Threads pass a "
                    "task with a few atomic operations; processes must be started and every "
                    "task crosses a pipe. This is the case behind the advice not to use "
                    "processes for small tasks: batch them (a larger chunk size) or keep them "
                    "in threads."),
  .expected = N_("Thread mode scales a little; process mode with the per-run pool is slower "
                 "than threads at every worker count, and can be slower than one thread."),
  .icon_name = "view-grid-symbolic",
  .category = CS_CATEGORY_OVERHEAD,
  .work_unit = N_("tasks"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = tiny_prepare,
  .attach = tiny_attach,
  .run_task = tiny_run_task,
  .detach = tiny_detach,
};
