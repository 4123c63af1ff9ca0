/* bench-harness.c: what the harness itself costs on this machine (not a test: `meson test
 * --benchmark` or build-aux/bench-harness.sh)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cs-engine.h"
#include "cs-gil.h"

/* Every figure is a median over repetitions, so a stray slow one (another process running)
 * does not move it. The numbers tell how small a task may be before the harness's own costs
 * dominate a measurement: a run whose tasks take less than ~10× the dispatch cost of its mode
 * measures the dispatcher, not the workload. */

#define REPS 7

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof (double), compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static gpointer
noop (gpointer data)
{
  return data;
}

static double
thread_create_join_s (void)
{
  const guint n = 2000;
  double v[REPS];

  for (guint r = 0; r < REPS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        g_thread_join (g_thread_new ("bench", noop, NULL));
      v[r] = (g_get_monotonic_time () - t0) / 1e6 / n;
    }
  return median (v, REPS);
}

static CsWorkload *
io_workload (const char *tasks, guint n_workers)
{
  const CsPreset *preset = cs_presets_lookup ("io-wait", NULL);
  g_autoptr (CsParams) params = cs_params_new (preset);
  g_autofree char *assignment = g_strdup_printf ("tasks=%s", tasks);
  CsWorkload *wl;

  cs_params_parse_assignment (params, assignment, NULL);
  cs_params_parse_assignment (params, "latency=0", NULL);
  wl = cs_workload_new (params, CS_SCALING_STRONG, n_workers);
  if (!cs_engine_workload_setup (wl, NULL))
    g_error ("cannot set up io-wait");
  return wl;
}

/* One run of mode on wl with a pool lifetime, the process start method when it has one. */
static gboolean
run_mode (CsMode mode, CsStartMethod method, CsPoolLifetime pool, CsWorkload *wl, guint chunk,
          CsRun *run)
{
  g_autofree char *pool_option = g_strdup_printf ("pool=%s", cs_pool_to_string (pool));
  g_autofree char *start_option = g_strdup_printf ("start-method=%s",
                                                   cs_start_method_to_string (method));
  const char *options[] = { pool_option, mode == CS_MODE_PROCESS ? start_option : NULL, NULL };
  gint cancelled = 0;
  CsPassOptions pass = { .n_workers = 1, .chunk_size = chunk, .cancelled = &cancelled };

  return cs_engine_run (cs_mode_to_string (mode), options, wl, &pass, run);
}

/* Per-run pool of 1 worker with one empty task: the start-up latency (creation until the
 * worker is ready) and the whole run (start + one task + stop). */
static void
pool_start (CsMode mode, CsStartMethod method, double *startup_s, double *run_s)
{
  CsWorkload *wl = io_workload ("1", 1);
  double a[REPS], b[REPS];

  for (guint r = 0; r < REPS; r++)
    {
      g_autoptr (CsRun) run = cs_run_new ();
      if (!run_mode (mode, method, CS_POOL_PER_RUN, wl, 1, run))
        g_error ("%s run failed: %s", cs_mode_to_string (mode), run->reason);
      a[r] = run->startup_s;
      b[r] = run->wall_s;
    }
  *startup_s = median (a, REPS);
  *run_s = median (b, REPS);
  cs_engine_workload_teardown (wl);
  cs_workload_free (wl);
}

/* Persistent pool of 1 worker (started untimed), empty tasks: wall time per task is the
 * dispatch cost. */
static double
dispatch_s (CsMode mode, guint chunk, guint n_tasks)
{
  g_autofree char *tasks = g_strdup_printf ("%u", n_tasks);
  CsWorkload *wl = io_workload (tasks, 1);
  double v[REPS];

  for (guint r = 0; r < REPS; r++)
    {
      g_autoptr (CsRun) run = cs_run_new ();
      if (!run_mode (mode, CS_START_SPAWN, CS_POOL_PERSISTENT, wl, chunk, run))
        g_error ("%s pass failed: %s", cs_mode_to_string (mode), run->reason);
      v[r] = run->wall_s / n_tasks;
    }
  cs_engine_workload_teardown (wl);
  cs_workload_free (wl);
  return median (v, REPS);
}

/* GIL hand-over: two CPU-bound threads under a 1 ms switch interval; the latency is the time
 * from a forced drop until the waiting thread runs. */
typedef struct
{
  CsGil        *gil;
  CsTaskContext ctx;
  gint64        end;
} Spinner;

static gpointer
spin (gpointer data)
{
  Spinner *s = data;

  cs_gil_acquire (s->gil, s->ctx.gil_thread);
  while (g_get_monotonic_time () < s->end)
    cs_task_checkpoint (&s->ctx);
  cs_gil_release (s->gil, s->ctx.gil_thread);
  return NULL;
}

static void
gil_handover (double *latency_s, double *switches_per_s)
{
  static const gint never = 0;
  double lat[REPS], rate[REPS];

  for (guint r = 0; r < REPS; r++)
    {
      CsGil *gil = cs_gil_new (0.001);
      Spinner s[2];
      GThread *t[2];
      CsGilStats stats;
      gint64 end = g_get_monotonic_time () + 200 * 1000;

      for (guint i = 0; i < 2; i++)
        {
          s[i] = (Spinner) { gil, { .cancelled = &never, .gil = gil }, end };
          s[i].ctx.gil_thread = cs_gil_thread_new (gil);
          s[i].ctx.gil_drop_request = cs_gil_get_drop_request (gil);
          t[i] = g_thread_new ("spin", spin, &s[i]);
        }
      for (guint i = 0; i < 2; i++)
        {
          g_thread_join (t[i]);
          cs_gil_thread_free (s[i].ctx.gil_thread);
        }
      cs_gil_get_stats (gil, &stats);
      lat[r] = stats.handovers > 0 ? stats.handover_s / stats.handovers : 0;
      rate[r] = stats.switches / 0.2;
      cs_gil_free (gil);
    }
  *latency_s = median (lat, REPS);
  *switches_per_s = median (rate, REPS);
}

static void
row (const char *what, double seconds, const char *note)
{
  printf ("%-44s %10.2f µs  %s\n", what, seconds * 1e6, note);
}

int
main (int argc, char **argv)
{
  double startup, run, latency, rate;

  printf ("Corescope harness costs on this machine (%u CPUs), medians of %d\n\n",
          g_get_num_processors (), REPS);

  row ("thread create + join", thread_create_join_s (), "g_thread_new + g_thread_join");
  pool_start (CS_MODE_THREAD, CS_START_SPAWN, &startup, &run);
  row ("thread pool, 1 worker: start-up latency", startup, "creation until ready");
  row ("thread pool, 1 worker: whole per-run run", run, "start + 1 empty task + join");
  pool_start (CS_MODE_PROCESS, CS_START_SPAWN, &startup, &run);
  row ("spawn: start-up latency", startup, "posix_spawn until the worker is ready");
  row ("spawn: whole per-run run", run, "start + 1 empty task + stop and reap");
  pool_start (CS_MODE_PROCESS, CS_START_FORKSERVER, &startup, &run);
  row ("forkserver: start-up latency", startup, "fork request until the worker is ready");
  row ("forkserver: whole per-run run", run, "start + 1 empty task + stop and reap");

  row ("dispatch per task: thread", dispatch_s (CS_MODE_THREAD, 1, 200000),
       "atomic counter, chunk 1");
  row ("dispatch per task: gil", dispatch_s (CS_MODE_GIL, 1, 200000),
       "the same, plus dropping and retaking the GIL around each (empty) wait");
  row ("dispatch per task: process, chunk 1", dispatch_s (CS_MODE_PROCESS, 1, 20000),
       "one pipe round trip per task");
  row ("dispatch per task: process, chunk 64", dispatch_s (CS_MODE_PROCESS, 64, 200000),
       "64 tasks per message");

  gil_handover (&latency, &rate);
  row ("GIL hand-over latency", latency, "drop until the waiting thread holds it");
  printf ("%-44s %10.0f /s   %s\n", "GIL switches, 2 CPU-bound threads", rate,
          "switch interval 1 ms");
  return 0;
}
