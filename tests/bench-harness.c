/* bench-harness.c: what the harness itself costs on this machine (not a test: `meson test
 * --benchmark` or build-aux/bench-harness.sh)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-backend.h"
#include "cs-engine.h"
#include "cs-gil.h"
#include "cs-worker-launch.h"

extern char **environ;

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

/* Start-up costs next to their OS floors. Each cost is sampled in pairs with its floor,
 * alternating which of the two goes first, so that both see the same load in the same minute;
 * the ratio is the median of the pairs' ratios. */

#define START_PAIRS  41
#define START_WARMUP 3

typedef double (*SampleFunc) (gpointer data);

typedef struct
{
  double v[START_PAIRS];
} Samples;

static double
percentile (const Samples *s, double p)
{
  double sorted[START_PAIRS];

  memcpy (sorted, s->v, sizeof sorted);
  qsort (sorted, START_PAIRS, sizeof (double), compare_double);
  return sorted[(guint) (p * (START_PAIRS - 1) + 0.5)];
}

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
sample_pairs (SampleFunc ours, gpointer ours_data, SampleFunc floor, gpointer floor_data,
              Samples *ours_s, Samples *floor_s)
{
  for (guint i = 0; i < START_WARMUP; i++)
    ours (ours_data), floor (floor_data);
  for (guint i = 0; i < START_PAIRS; i++)
    if (i % 2 == 0)
      {
        ours_s->v[i] = ours (ours_data);
        floor_s->v[i] = floor (floor_data);
      }
    else
      {
        floor_s->v[i] = floor (floor_data);
        ours_s->v[i] = ours (ours_data);
      }
}

/* Floors */

static void *
noop_pthread (void *data)
{
  return data;
}

static double
pthread_create_join_s (gpointer data)
{
  double t0 = now_s ();
  pthread_t thread;

  if (pthread_create (&thread, NULL, noop_pthread, NULL) != 0)
    g_error ("pthread_create failed");
  pthread_join (thread, NULL);
  return now_s () - t0;
}

static double
spawn_true_s (gpointer data)
{
  char *argv[] = { (char *) "/bin/true", NULL };
  double t0 = now_s ();
  pid_t pid;
  int status;

  if (posix_spawn (&pid, argv[0], NULL, NULL, argv, environ) != 0)
    g_error ("cannot start /bin/true");
  waitpid (pid, &status, 0);
  return now_s () - t0;
}

/* name: bench-floor, or bench-floor-static (built where corescope-worker is linked statically) */
static char *
floor_helper_path (const char *name)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : g_strdup (".");

  return g_build_filename (dir, name, NULL);
}

/* Starts bench-floor ROLE with fd_in on stdin, fd_out on stdout and fd3 on fd 3 (-1: none). */
static pid_t
spawn_floor (const char *exe, const char *role, int fd_in, int fd_out, int fd3)
{
  char *argv[] = { (char *) exe, (char *) role, NULL };
  posix_spawn_file_actions_t actions;
  pid_t pid;
  int err;

  posix_spawn_file_actions_init (&actions);
  if (fd_in >= 0)
    posix_spawn_file_actions_adddup2 (&actions, fd_in, STDIN_FILENO);
  if (fd_out >= 0)
    posix_spawn_file_actions_adddup2 (&actions, fd_out, STDOUT_FILENO);
  if (fd3 >= 0)
    posix_spawn_file_actions_adddup2 (&actions, fd3, 3);
  err = posix_spawn (&pid, exe, &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&actions);
  if (err != 0)
    g_error ("cannot start %s: %s", exe, g_strerror (err));
  return pid;
}

/* posix_spawn of a libc-only program until the one byte it writes arrives; reaped untimed. */
static double
spawn_byte_s (gpointer data)
{
  int fds[2];
  char byte;
  double t0, t;
  pid_t pid;
  int status;

  if (pipe2 (fds, O_CLOEXEC) != 0)
    g_error ("pipe2 failed");
  t0 = now_s ();
  pid = spawn_floor (data, "byte", -1, -1, fds[1]);
  close (fds[1]);
  if (read (fds[0], &byte, 1) != 1)
    g_error ("bench-floor byte wrote nothing");
  t = now_s () - t0;
  close (fds[0]);
  waitpid (pid, &status, 0);
  return t;
}

typedef struct
{
  pid_t pid;
  int   to, from;
} ForkFloor;

static void
fork_floor_start (ForkFloor *f, const char *exe)
{
  int in[2], out[2];

  if (pipe2 (in, O_CLOEXEC) != 0 || pipe2 (out, O_CLOEXEC) != 0)
    g_error ("pipe2 failed");
  f->pid = spawn_floor (exe, "fork-server", in[0], out[1], -1);
  close (in[0]);
  close (out[1]);
  f->to = in[1];
  f->from = out[0];
}

static void
fork_floor_stop (ForkFloor *f)
{
  int status;

  close (f->to);
  close (f->from);
  waitpid (f->pid, &status, 0);
}

/* fork+wait as the small process itself times it. */
static double
fork_wait_s (gpointer data)
{
  ForkFloor *f = data;
  guint64 ns;

  if (write (f->to, "f", 1) != 1 || read (f->from, &ns, sizeof ns) != sizeof ns)
    g_error ("bench-floor fork-server does not answer");
  return ns / 1e9;
}

/* Ours: a per-run pool of 1 worker with one empty task; the start-up latency (creation until
 * the worker is ready) is what is compared; the whole run (start + task + stop) is kept too. */

typedef struct
{
  CsMode        mode;
  CsStartMethod method;
  CsWorkload   *wl;
  Samples       whole;
  guint         n;
  guint         n_spare;  /* forkserver: samples that found the server's spare forked */
  guint         n_sampled;
} PoolStart;

/* Whether the fork server has its spare (a child named cs-spare-ready once it waits, see
 * cs-forkserver.c) ready: the server forks it once it has answered a request, and a start
 * that finds none ready forks instead, so the count says whose figure it is. */
static gboolean
server_has_spare (void)
{
  GPid server = _cs_forkserver_get_pid ();
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/children", server, server);
  g_autofree char *children = NULL;
  g_auto (GStrv) pids = NULL;

  if (server <= 0 || !g_file_get_contents (path, &children, NULL, NULL))
    return FALSE;
  pids = g_strsplit (g_strstrip (children), " ", -1);
  for (guint i = 0; pids[i] != NULL; i++)
    {
      g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", pids[i]);
      g_autofree char *comm = NULL;

      if (*pids[i] != '\0' && g_file_get_contents (comm_path, &comm, NULL, NULL)
          && g_str_equal (g_strchomp (comm), "cs-spare-ready"))
        return TRUE;
    }
  return FALSE;
}

/* Gives the fork server up to 5 ms to have its spare ready, as the run between two per-run
 * pools of a sweep does; untimed. Also called after a start, so that the refill (a fork and
 * its page faults) is over before the pair's floor sample: it must not slow the floor. */
static gboolean
wait_for_spare (void)
{
  gint64 end = g_get_monotonic_time () + 5000;

  while (!server_has_spare ())
    {
      if (g_get_monotonic_time () >= end)
        return FALSE;
      g_usleep (100);
    }
  return TRUE;
}

static double
pool_startup_s (gpointer data)
{
  PoolStart *p = data;
  g_autoptr (CsRun) run = cs_run_new ();
  gboolean forkserver = p->method == CS_START_FORKSERVER && p->mode == CS_MODE_PROCESS;

  if (forkserver)
    {
      p->n_sampled++;
      p->n_spare += wait_for_spare ();
    }
  if (!run_mode (p->mode, p->method, CS_POOL_PER_RUN, p->wl, 1, run))
    g_error ("%s run failed: %s", cs_mode_to_string (p->mode), run->reason);
  if (forkserver)
    wait_for_spare ();
  p->whole.v[p->n++ % START_PAIRS] = run->wall_s;
  return run->startup_s;
}

static void
print_spread (const Samples *s)
{
  printf (" %8.1f [%7.1f–%7.1f]", percentile (s, 0.5) * 1e6, percentile (s, 0.1) * 1e6,
          percentile (s, 0.9) * 1e6);
}

/* The median of the pairs' ratios: a pair's two samples are taken one after the other, so a
 * burst of load that slows one mostly slows the other too, and cancels out of its ratio. */
static double
paired_ratio (const Samples *ours, const Samples *floor)
{
  Samples ratios;

  for (guint i = 0; i < START_PAIRS; i++)
    ratios.v[i] = ours->v[i] / floor->v[i];
  return percentile (&ratios, 0.5);
}

static void
print_comparison (const char *what, const Samples *ours, const Samples *floor, double goal)
{
  double ratio = paired_ratio (ours, floor);

  printf ("%-24s", what);
  print_spread (ours);
  print_spread (floor);
  printf ("  %5.2f×", ratio);
  if (goal > 0)
    printf ("  ≤ %.1f× %s", goal, ratio <= goal ? "met" : "NOT MET");
  printf ("\n");
}

/* Compares a per-run pool's start-up with one floor (and a second one, when floor2 is set). */
static void
compare_startup (const char *what, CsMode mode, CsStartMethod method, SampleFunc floor,
                 gpointer floor_data, double goal, SampleFunc floor2, gpointer floor2_data)
{
  PoolStart p = { mode, method, io_workload ("1", 1), { { 0 } }, 0, 0, 0 };
  Samples ours, floor_s, ours2, floor2_s;

  sample_pairs (pool_startup_s, &p, floor, floor_data, &ours, &floor_s);
  print_comparison (what, &ours, &floor_s, goal);
  if (floor2 != NULL)
    {
      sample_pairs (pool_startup_s, &p, floor2, floor2_data, &ours2, &floor2_s);
      print_comparison ("  vs the second floor", &ours2, &floor2_s, 0);
    }
  printf ("%-24s", "  whole per-run run");
  print_spread (&p.whole);
  printf ("   start + 1 empty task + stop and reap\n");
  if (mode == CS_MODE_PROCESS && method == CS_START_FORKSERVER)
    printf ("  the server's spare was ready at %u of %u starts\n", p.n_spare,
            p.n_sampled);
  cs_engine_workload_teardown (p.wl);
  cs_workload_free (p.wl);
}

/* The 1-minute load average: other runnable processes make every start wait for a CPU, which
 * inflates ours and the floors alike and pulls the ratios towards 1. */
static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

static void
startup_costs (void)
{
  g_autofree char *helper = floor_helper_path ("bench-floor");
  g_autofree char *static_helper = floor_helper_path ("bench-floor-static");
  gboolean have_static = g_file_test (static_helper, G_FILE_TEST_IS_EXECUTABLE);
  ForkFloor fork_floor, static_floor;
  double load = load_average ();

  printf ("Start-up next to its OS floor: %d interleaved pairs, median [p10–p90] µs\n",
          START_PAIRS);
  printf ("(load average %.2f on %u CPUs%s)\n", load, g_get_num_processors (),
          load > 0.5 ? ": the machine is busy, ratios drift towards 1" : "");
  printf ("%-24s %26s %26s %7s  %s\n", "", "ours", "floor", "ratio", "goal");
  compare_startup ("thread pool, 1 worker", CS_MODE_THREAD, CS_START_SPAWN,
                   pthread_create_join_s, NULL, 1.5, NULL, NULL);
  compare_startup ("spawn", CS_MODE_PROCESS, CS_START_SPAWN, spawn_true_s, NULL, 1.5,
                   spawn_byte_s, helper);
  fork_floor_start (&fork_floor, helper);
  if (have_static)
    fork_floor_start (&static_floor, static_helper);
  compare_startup ("forkserver", CS_MODE_PROCESS, CS_START_FORKSERVER, fork_wait_s,
                   &fork_floor, 1.2, have_static ? fork_wait_s : NULL,
                   have_static ? &static_floor : NULL);
  if (have_static)
    fork_floor_stop (&static_floor);
  fork_floor_stop (&fork_floor);
  printf ("\n"
          "ours:  creation of the pool until its worker has rebuilt the workload and said it\n"
          "       is ready (thread: the thread runs; spawn: posix_spawn of corescope-worker;\n"
          "       forkserver: the fork request to the server, which keeps one worker forked\n"
          "       ahead, the spare: it forks it once it has answered and no request waits,\n"
          "       and a request hands it the channel; with no spare it forks as before;\n"
          "       untimed, the harness gives it up to 5 ms to be ready before a start, as\n"
          "       a sweep's run between two pools does, and after, so that no refill\n"
          "       overlaps the floor's sample).\n"
          "floor: thread: pthread_create + pthread_join of a function that returns at once;\n"
          "       spawn: posix_spawn(/bin/true) + waitpid, from this process; the second floor\n"
          "       is posix_spawn of a libc-only program until the one byte it writes to a pipe\n"
          "       arrives (launch until it can talk, as ours);\n"
          "       forkserver: fork + waitpid of a child that exits at once, timed inside a\n"
          "       small libc-only process (the fork server's own floor); the second floor,\n"
          "       for information, is the same program linked statically, as\n"
          "       corescope-worker is here: fork copies fewer mappings (no ld.so, libc.so).\n"
          "ratio: the median over the pairs of ours / floor, each pair sampled back to back\n"
          "       (which goes first alternates), so that load slows both sides alike.\n\n");
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
  double latency, rate;

  printf ("Corescope harness costs on this machine (%u CPUs)\n\n", g_get_num_processors ());
  startup_costs ();

  printf ("Dispatch and the GIL, medians of %d\n", REPS);
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
