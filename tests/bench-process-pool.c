/* bench-process-pool.c: what process mode itself costs: worker start-up and per-task dispatch
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cs-engine.h"
#include "cs-pool-private.h"
#include "cs-worker-launch.h"

/* Prints, for each start method:
 *   start-up   median over N pools of the per-worker start-to-ready latency (run->startup_s:
 *              spawn/fork until the worker has rebuilt its workload and said so);
 *   start+stop median wall time of _cs_process_pool_start + _cs_process_pool_stop;
 *   dispatch   median cost per task of a pass of tasks that do (almost) nothing, chunk size 1,
 *              one round trip per task.
 * Usage: bench-process-pool [N_STARTS] [N_WORKERS]   (defaults 20 and 1). Run it on an idle
 * machine: meson test -C build --benchmark --verbose, or directly with CORESCOPE_WORKER set. */

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, compare_double);
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static CsWorkload *
tiny_workload (guint n_workers, const char *tasks)
{
  g_autoptr(GError) error = NULL;
  const CsPreset *preset = cs_presets_lookup ("cpu", &error);
  g_autoptr(CsParams) params = cs_params_new (preset);
  CsWorkload *wl;

  /* One number per task: the task itself costs well under a microsecond. */
  if (!cs_params_set (params, "tasks", tasks, &error)
      || !cs_params_set (params, "numbers", "1", &error))
    g_error ("%s", error->message);
  wl = cs_workload_new (params, CS_SCALING_STRONG, n_workers);
  if (!cs_engine_workload_setup (wl, &error))
    g_error ("%s", error->message);
  return wl;
}

static void
bench_method (CsStartMethod method, guint n_starts, guint n_workers)
{
  g_autoptr(GError) error = NULL;
  gint cancelled = 0;
  CsPoolOptions options = { .n_workers = n_workers,
                            .start_method = method, .chunk_size = 1,
                            .cancelled = &cancelled };
  CsWorkload *wl = tiny_workload (n_workers, "2000");
  g_autofree double *startup = g_new (double, n_starts);
  g_autofree double *cycle = g_new (double, n_starts);
  g_autofree double *dispatch = g_new (double, n_starts);

  if (method == CS_START_FORKSERVER && !_cs_forkserver_ensure (&error))
    g_error ("%s", error->message);
  for (guint i = 0; i < n_starts; i++)
    {
      g_autoptr(CsRun) run = cs_run_new ();
      gint64 t0 = g_get_monotonic_time (), t1;
      CsProcessPool *pool = _cs_process_pool_start (wl, &options, run, &error);

      if (pool == NULL)
        g_error ("%s", error->message);
      t1 = g_get_monotonic_time ();
      startup[i] = run->startup_s;
      if (!_cs_process_pool_run_pass (pool, run))
        g_error ("pass failed: %s", run->reason);
      t1 = g_get_monotonic_time () - t1;
      dispatch[i] = t1 / 1e6 / run->tasks;
      _cs_process_pool_stop (pool);
      cycle[i] = (g_get_monotonic_time () - t0 - t1) / 1e6;
    }
  printf ("%-10s  workers %u  start-up %8.3f ms  start+stop %8.3f ms  dispatch %6.2f µs/task"
          "  (median of %u)\n",
          cs_start_method_to_string (method), n_workers, median (startup, n_starts) * 1e3,
          median (cycle, n_starts) * 1e3, median (dispatch, n_starts) * 1e6, n_starts);
  cs_engine_workload_teardown (wl);
  cs_workload_free (wl);
}

int
main (int argc, char **argv)
{
  guint n_starts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 20;
  guint n_workers = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 1;

  n_starts = MAX (n_starts, 1);
  n_workers = MAX (n_workers, 1);
  bench_method (CS_START_SPAWN, n_starts, n_workers);
  bench_method (CS_START_FORKSERVER, n_starts, n_workers);
  _cs_forkserver_shutdown ();
  return 0;
}
