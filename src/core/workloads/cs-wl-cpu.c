/* cs-wl-cpu.c: the "cpu" preset: count primes by trial division, pure computation
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cs-presets-private.h"

/* Task t tests the `numbers` consecutive integers that start at start + t * numbers. Far above
 * the range the tasks cover, the cost of a number hardly changes along it (√n grows by a
 * fraction of a per cent), so tasks cost the same and any split of them is fair. A prime near
 * 10⁹ costs √n / 2 ≈ 16 000 divisions, so the kernel calls the GIL checkpoint inside the
 * division loop every CHECK_EVERY divisions (about a microsecond), as often as CPython's eval
 * breaker would be polled. */

typedef struct
{
  guint64 start;
  guint64 numbers;
} CpuPriv;

static const CsParamSpec cpu_params[] = {
  { "tasks", CS_PARAM_INT, "64", 1, 1000000, N_("tasks"), N_("Tasks"),
    N_("How many tasks the job is split into (strong scaling) or each worker runs (weak)."),
    NULL },
  { "numbers", CS_PARAM_INT, "2500", 1, 100000000, N_("numbers"), N_("Numbers per task"),
    N_("How many consecutive integers each task tests for primality."), NULL },
  { "start", CS_PARAM_INT, "1000000000", 2, 1e15, NULL, N_("First number"),
    N_("The first integer tested; larger numbers cost more per test."), NULL },
};

static gboolean
cpu_prepare (CsWorkload *wl, GError **error)
{
  wl->n_tasks = (guint64) cs_params_get_int (wl->params, "tasks");
  wl->units_per_task = 0;
  return TRUE;
}

static gboolean
cpu_attach (CsWorkload *wl, GError **error)
{
  CpuPriv *priv = g_new0 (CpuPriv, 1);

  priv->start = (guint64) cs_params_get_int (wl->params, "start");
  priv->numbers = (guint64) cs_params_get_int (wl->params, "numbers");
  wl->priv = priv;
  return TRUE;
}

/* Trial division by odd numbers; the checkpoint every CHECK_EVERY divisions (about 1 µs). */
#define CHECK_EVERY 256

static gboolean
is_prime (guint64 n, CsTaskContext *ctx)
{
  guint steps = 0;

  if (n < 4)
    return n >= 2;
  if (n % 2 == 0)
    return FALSE;
  for (guint64 d = 3; d * d <= n; d += 2)
    {
      if (n % d == 0)
        return FALSE;
      if (++steps == CHECK_EVERY)
        {
          cs_task_checkpoint (ctx);
          steps = 0;
        }
    }
  return TRUE;
}

static gboolean
cpu_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
              CsTaskOutput *output, GError **error)
{
  const CpuPriv *priv = wl->priv;
  guint64 first = priv->start + task * priv->numbers;
  guint64 count = 0;

  for (guint64 n = first; n < first + priv->numbers; n++)
    {
      count += is_prime (n, ctx);
      cs_task_checkpoint (ctx);
    }
  /* Mix the task index in so that a lost or duplicated task changes the sum. */
  output->checksum = (count + 1) * 0x9E3779B97F4A7C15ull ^ (task + 1);
  return TRUE;
}

static void
cpu_detach (CsWorkload *wl)
{
  g_clear_pointer (&wl->priv, g_free);
}

/* About 0.26 s for the defaults (64 × 2500 numbers from 10⁹) on a 2020s core; trial division
 * up to √n makes a number's cost grow with the square root of where the range starts. */
static double
cpu_estimate_s (const CsParams *params, const CsRunShape *shape)
{
  double work = cs_params_get_int (params, "tasks") * (double) cs_params_get_int (params,
                                                                                 "numbers");
  double scale = sqrt ((double) cs_params_get_int (params, "start") / 1e9);

  return 0.26 * work / (64 * 2500.0) * scale * shape->work_factor * shape->slowdown
         / shape->parallel;
}

const CsPreset cs_preset_cpu = {
  .name = "cpu",
  .title = N_("CPU: count primes"),
  .summary = N_("Pure computation with no shared data: tests integers for primality."),
  .description = N_("Each task counts the primes in its own range of integers by trial "
                    "division. Nothing is shared, nothing waits: the only limits are the "
                    "number of cores and, in gil mode, the global interpreter lock."),
  .expected = N_("thread and process scale almost linearly up to the number of cores; gil "
                 "stays flat at 1× because only one thread computes at a time."),
  .icon_name = "speedometer-symbolic",
  .category = CS_CATEGORY_CPU,
  .work_unit = "tasks",
  .throughput_unit = NULL,
  .params = cpu_params,
  .n_params = G_N_ELEMENTS (cpu_params),
  .estimate_s = cpu_estimate_s,
  .prepare = cpu_prepare,
  .attach = cpu_attach,
  .run_task = cpu_run_task,
  .detach = cpu_detach,
};
