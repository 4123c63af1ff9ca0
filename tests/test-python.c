/* test-python.c: the CPython backends: same checksums as the C kernels, the user's function,
 * errors, cancellation and what they leave behind, and the articles' claims on the real GIL
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs-free-threaded.h"
#include "cs-run-noise.h"
#include "cs-stats.h"
#include "cs-gil.h"
#include "engine-test-util.h"
#include "proc-test-util.h"
#include "timing-test-util.h"

/* Assumes Debian's python3 (3.11) on PATH, which setup.sh installs; no free-threaded build. */

static char *scratch;

static CsMode
mode_named (const char *name)
{
  CsMode mode = 0;

  g_assert_true (cs_mode_from_string (name, &mode));
  return mode;
}

/* One run of a mode (with option assignments) on a fresh workload; must succeed. */
static guint64
checksum_of (const char *mode, const char *const *options, const char *preset,
             const char *const *params, CsScaling scaling, guint n_workers)
{
  CsWorkload *wl = test_workload_new (preset, params, scaling, n_workers);
  gint cancelled = 0;
  CsPassOptions pass = test_pass (n_workers, &cancelled);
  g_autoptr (CsRun) run = cs_run_new ();

  pass.chunk_size = 1 + n_workers % 2;
  if (!cs_engine_run (mode, options, wl, &pass, run))
    g_error ("%s %s ×%u: %s", preset, mode, n_workers, run->reason);
  g_assert_cmpuint (run->tasks, ==, cs_engine_total_tasks (wl));
  g_assert_cmpfloat (run->wall_s, >, 0);
  test_workload_free (wl);
  return run->checksum;
}

static void
test_available (void)
{
  g_autofree char *thread = cs_backend_check_available (cs_backends_lookup ("python-thread",
                                                                           NULL), NULL);
  g_autofree char *ft = cs_backend_check_available (cs_backends_lookup ("python-thread-ft",
                                                                       NULL), NULL);
  const CsBackend *process = cs_backends_lookup ("python-process", NULL);
  g_autoptr (CsParams) missing = cs_backend_options_new (process);
  g_autofree char *reason = NULL;

  g_assert_null (thread);
  /* python3.13t is not a bookworm package: build-aux/setup.sh builds one into a cache; without
   * it, unavailable, with where it looked */
  g_test_message ("python-thread-ft: %s", ft ? ft : "available");
  if (ft != NULL)
    g_assert_true (strstr (ft, "/var/cache/corescope/python3.13t") != NULL ||
                   strstr (ft, "GIL") != NULL);
  g_assert_true (cs_params_set (missing, "python", "python9.99", NULL));
  reason = cs_backend_check_available (process, missing);
  g_assert_cmpstr (reason, ==, "python9.99 not found");
}

/* Every preset with a Python port gives the C kernels' checksum, in both Python modes, at 1
 * and 2 workers, strong and weak. */
static void
test_same_checksums (void)
{
  static const char *const fork_persistent[] = { "start-method=fork", "pool=persistent", NULL };
  guint n;
  const CsPreset *const *all = cs_presets_get_all (&n);
  guint ported = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *name = all[i]->name;
      const char *const *params;

      if (!cs_backend_supports (cs_backends_lookup ("python-thread", NULL), all[i], NULL) ||
          all[i]->run_task == NULL)
        continue;
      ported++;
      params = test_quick_params (name);
      for (guint scaling = 0; scaling < 2; scaling++)
        for (guint w = 1; w <= 2; w++)
          {
            guint64 c = checksum_of ("thread", NULL, name, params, scaling, w);
            guint64 t = checksum_of ("python-thread", NULL, name, params, scaling, w);
            guint64 p = checksum_of ("python-process", fork_persistent, name, params, scaling,
                                     w);

            g_test_message ("%s %s ×%u: C %016" G_GINT64_MODIFIER "x, python-thread %016"
                            G_GINT64_MODIFIER "x, python-process %016" G_GINT64_MODIFIER "x",
                            name, cs_scaling_to_string (scaling), w, c, t, p);
            g_assert_cmpuint (t, ==, c);
            g_assert_cmpuint (p, ==, c);
          }
    }
  /* the list: cpu, mandelbrot, matmul, io-wait, http-fetch, file-io, lock-contention,
   * ipc-payload, tiny-tasks, mixed */
  g_assert_cmpuint (ported, >=, 10);
}

/* Python's three start methods, per-run pools: the same work, the same checksum. */
static void
test_start_methods (void)
{
  static const char *const params[] = { "tasks=6", "numbers=50", NULL };
  static const char *const methods[] = { "fork", "forkserver", "spawn" };
  guint64 reference = checksum_of ("thread", NULL, "cpu", params, CS_SCALING_STRONG, 2);

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree char *option = g_strdup_printf ("start-method=%s", methods[m]);
      const char *options[] = { option, NULL };

      g_assert_cmpuint (checksum_of ("python-process", options, "cpu", params,
                                     CS_SCALING_STRONG, 2), ==, reference);
    }
}

/* ---- the user's own function -------------------------------------------------------------- */

static char *
write_script (const char *name, const char *code)
{
  char *path = g_build_filename (scratch, name, NULL);

  g_assert_true (g_file_set_contents (path, code, -1, NULL));
  return path;
}

static const char job_py[] =
  "import time\n"
  "def square(i):\n"
  "    return i * i\n"
  "def describe(item):\n"
  "    return {'name': item['name'], 'len': len(item['name'])}\n"
  "def divide(i):\n"
  "    return 1 // (i - 3)\n"
  "def lamb(i):\n"
  "    return lambda: i\n"
  "def noisy(i):\n"
  "    print('hello from task', i)\n"
  "    return i\n"
  "def slow(i):\n"
  "    time.sleep(0.2)\n"
  "    return i\n";

static CsSweepConfig *
callable_config (const char *file, const char *function, const char *extra)
{
  static const guint workers[] = { 1, 2 };
  g_autofree char *file_param = g_strdup_printf ("file=%s", file);
  g_autofree char *function_param = g_strdup_printf ("function=%s", function);
  const char *params[] = { file_param, function_param, extra, NULL };
  CsMode modes[] = { mode_named ("python-thread"), mode_named ("python-process") };

  return test_config_new ("python-callable", params, modes, 2, workers, 2, 1);
}

/* Every run must end as expected; returns the first run's reason. */
static char *
sweep_reason (const CsSweepConfig *config, CsRunStatus expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = test_sweep_run (config, NULL, NULL, NULL, &error);
  const CsRun *first;

  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, ==, 4);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);
      if (run->status != expected)
        g_error ("%s ×%u: %s (%s)", cs_mode_to_string (run->mode), run->workers,
                 cs_run_status_to_string (run->status), run->reason);
    }
  first = g_ptr_array_index (result->runs, 0);
  return g_strdup (first->reason);
}

static void
test_callable (void)
{
  g_autofree char *file = write_script ("job.py", job_py);
  g_autoptr (CsSweepConfig) squares = callable_config (file, "square", "tasks=20");
  g_autoptr (CsSweepConfig) items = callable_config (
    file, "describe", "args=[{\"name\": \"a\"}, {\"name\": \"bb\"}, {\"name\": \"ccc\"}]");
  g_autoptr (CsSweepConfig) printing = callable_config (file, "noisy", "tasks=4");
  g_autofree char *r1 = sweep_reason (squares, CS_RUN_OK);
  g_autofree char *r2 = sweep_reason (items, CS_RUN_OK);
  /* print() in user code goes to stderr: the protocol on stdout stays intact */
  g_autofree char *r3 = sweep_reason (printing, CS_RUN_OK);
}

/* A function that raises, a result that cannot be pickled, a missing file or function: one
 * line naming the file and the exception; the sweep keeps going. */
static void
test_callable_errors (void)
{
  g_autofree char *file = write_script ("job.py", job_py);
  g_autofree char *missing = g_build_filename (scratch, "nope.py", NULL);
  g_autoptr (CsSweepConfig) raises = callable_config (file, "divide", "tasks=6");
  g_autoptr (CsSweepConfig) absent = callable_config (file, "no_such_function", "tasks=2");
  g_autofree char *raised = sweep_reason (raises, CS_RUN_FAILED);
  g_autofree char *not_there = sweep_reason (absent, CS_RUN_FAILED);
  g_autoptr (CsSweepConfig) no_file = callable_config (missing, "square", "tasks=2");
  g_autofree char *no_file_reason = sweep_reason (no_file, CS_RUN_FAILED);
  CsMode process[] = { mode_named ("python-process") };
  g_autoptr (CsSweepConfig) pickle = callable_config (file, "lamb", "tasks=2");
  g_autofree char *unpicklable = NULL;

  g_test_message ("raises: %s", raised);
  g_assert_nonnull (strstr (raised, "job.py"));
  g_assert_nonnull (strstr (raised, "ZeroDivisionError"));
  g_assert_null (strchr (raised, '\n'));
  g_test_message ("no function: %s", not_there);
  g_assert_nonnull (strstr (not_there, "no_such_function"));
  g_test_message ("no file: %s", no_file_reason);
  g_assert_nonnull (strstr (no_file_reason, "nope.py"));

  cs_sweep_config_set_modes (pickle, process, 1);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CsResult) result = test_sweep_run (pickle, NULL, NULL, NULL, &error);
    const CsRun *run = g_ptr_array_index (result->runs, 0);

    unpicklable = g_strdup (run->reason);
    g_assert_cmpint (run->status, ==, CS_RUN_FAILED);
  }
  g_test_message ("unpicklable: %s", unpicklable);
  g_assert_nonnull (strstr (unpicklable, "pickle"));
}

/* The C modes cannot run Python code: the request says so, naming the mode. */
static void
test_callable_needs_python (void)
{
  g_autofree char *file = write_script ("job.py", job_py);
  g_autoptr (CsSweepConfig) config = callable_config (file, "square", "tasks=2");
  CsMode thread[] = { CS_MODE_THREAD };
  g_autoptr (GError) error = NULL;
  g_autoptr (CsSweepRequest) request = NULL;

  cs_sweep_config_set_modes (config, thread, 1);
  request = cs_sweep_request_new (config, NULL, &error);
  g_assert_null (request);
  g_assert_nonnull (strstr (error->message, "thread"));
  g_assert_nonnull (strstr (error->message, "python-thread"));
}

/* ---- cancellation and clean-up ------------------------------------------------------------ */

typedef struct
{
  gint  *flag;
  gulong delay_us;
} Canceller;

static gpointer
cancel_later (gpointer data)
{
  Canceller *c = data;

  g_usleep (c->delay_us);
  g_atomic_int_set (c->flag, 1);
  return NULL;
}

/* A long run of every start method, cancelled: back within a second and a half, no process of
 * the driver's group left, nothing new in /dev/shm (multiprocessing's semaphores). */
static void
test_cancel_cleans_up (void)
{
  static const char *const methods[] = { "fork", "forkserver", "spawn" };
  static const char *const slow[] = { "tasks=200", "latency=50ms", NULL };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree char *option = g_strdup_printf ("start-method=%s", methods[m]);
      const char *options[] = { option, NULL };
      CsWorkload *wl = test_workload_new ("io-wait", slow, CS_SCALING_STRONG, 2);
      guint shm_before = count_dir ("/dev/shm"), children_before = count_children ();
      gint cancelled = 0;
      Canceller canceller = { &cancelled, 1500 * 1000 };
      CsPassOptions pass = test_pass (2, &cancelled);
      g_autoptr (CsRun) run = cs_run_new ();
      GThread *thread = g_thread_new ("canceller", cancel_later, &canceller);
      gint64 start = g_get_monotonic_time (), stopped;

      g_assert_false (cs_engine_run ("python-process", options, wl, &pass, run));
      stopped = g_get_monotonic_time ();
      g_thread_join (thread);
      g_test_message ("%s: cancelled after %.2f s", methods[m], (stopped - start) / 1e6);
      g_assert_cmpint (run->status, ==, CS_RUN_CANCELLED);
      g_assert_cmpint (stopped - start, <, 3 * G_USEC_PER_SEC);
      g_assert_cmpuint (count_children (), ==, children_before);
      g_assert_cmpuint (count_dir ("/dev/shm"), <=, shm_before);
      test_workload_free (wl);
    }
}

static void
test_timeout (void)
{
  static const char *const slow[] = { "tasks=100", "latency=50ms", NULL };
  CsWorkload *wl = test_workload_new ("io-wait", slow, CS_SCALING_STRONG, 2);
  gint cancelled = 0;
  CsPassOptions pass = test_pass (2, &cancelled);
  g_autoptr (CsRun) run = cs_run_new ();
  gint64 start = g_get_monotonic_time ();

  pass.timeout_s = 0.5;
  g_assert_false (cs_engine_run ("python-thread", NULL, wl, &pass, run));
  g_assert_cmpint (run->status, ==, CS_RUN_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  test_workload_free (wl);
}

/* The memory of a run on the real interpreter: the driver's (and its workers') own, not that of
 * the process that started it. The peak was getrusage's ru_maxrss, which exec keeps from the
 * spawning process: the window's every-run CSV showed its own 274308 kB on every Python row
 * (#18). Here this process grows to 200 MiB first. Every worker of the hash preset holds its
 * own 8 MiB buffer; processes hold more than threads, the pages of an interpreter each. */
static void
test_memory (void)
{
  static const char *const hash[] = { "tasks=4", "size=8MiB", NULL };
  static const char *const fork_method[] = { "start-method=fork", NULL };
  gsize size = 200 << 20;
  guint8 *ballast = g_malloc (size);
  CsWorkload *wl = test_workload_new ("hash", hash, CS_SCALING_STRONG, 2);
  gint cancelled = 0;
  CsPassOptions pass = test_pass (2, &cancelled);
  g_autoptr (CsRun) threads = cs_run_new ();
  g_autoptr (CsRun) processes = cs_run_new ();

  memset (ballast, 1, size);
  g_assert_true (cs_engine_run ("python-thread", NULL, wl, &pass, threads));
  g_assert_true (cs_engine_run ("python-process", fork_method, wl, &pass, processes));
  g_free (ballast);
  test_workload_free (wl);
  g_test_message ("python-thread ×2: max_rss_kb %" G_GINT64_FORMAT ", mem_total_kb %"
                  G_GINT64_FORMAT "; python-process ×2: max_rss_kb %" G_GINT64_FORMAT
                  ", mem_total_kb %" G_GINT64_FORMAT, threads->max_rss_kb,
                  threads->mem_total_kb, processes->max_rss_kb, processes->mem_total_kb);
  g_assert_cmpint (threads->max_rss_kb, <, 100 << 10);
  g_assert_cmpint (processes->max_rss_kb, <, 100 << 10);
  /* one interpreter (several MiB) and two buffers */
  g_assert_cmpint (threads->mem_total_kb, >, 2 * 8192 + 4096);
  g_assert_cmpint (threads->mem_total_kb, <, 100 << 10);
  /* two buffers too, and what each forked interpreter does not share */
  g_assert_cmpint (processes->mem_total_kb, >, threads->mem_total_kb);
}

/* ---- the articles' claims, on the real interpreter ---------------------------------------- */

static CsBackendSession *
open_session (const char *mode, const char *const *options)
{
  g_autoptr (CsParams) opts = cs_backend_options_new (cs_backends_lookup (mode, NULL));
  g_autoptr (GError) error = NULL;
  CsBackendSession *session;

  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_assert_true (cs_params_parse_assignment (opts, options[i], NULL));
  session = cs_backend_session_open (cs_backends_lookup (mode, NULL), opts, &error);
  g_assert_no_error (error);
  return session;
}

/* One run of n workers on a prepared workload: its time, and what the threads waited. */
static double
time_run (CsBackendSession *session, CsWorkload *wl, guint n, double *gil_wait_s)
{
  gint cancelled = 0;
  CsPassOptions pass = test_pass (n, &cancelled);
  g_autoptr (CsRun) run = cs_run_new ();

  g_assert_true (cs_backend_session_run (session, wl, &pass, run));
  if (gil_wait_s != NULL)
    *gil_wait_s = cs_run_get_counter (run, CS_GIL_COUNTER_WAIT_S);
  return run->wall_s;
}

/* One mode's 1-worker and n-worker runs of a preset in one session: each repetition runs both,
 * back to back, and gives one pair (t₁, tₙ) whose ratio is that repetition's speed-up. */
typedef struct
{
  const char       *mode;
  CsBackendSession *session;
  CsWorkload       *one, *many;
  gint              cancelled;
  CsPassOptions     p1, pn;
} SpeedupPair;

static void
speedup_pair_init (SpeedupPair *s, const char *mode, const char *const *options,
                   const char *preset, const char *const *params, guint n)
{
  g_autoptr (CsParams) opts = cs_backend_options_new (cs_backends_lookup (mode, NULL));

  s->mode = mode;
  s->cancelled = 0;
  s->one = test_workload_new (preset, params, CS_SCALING_STRONG, 1);
  s->many = test_workload_new (preset, params, CS_SCALING_STRONG, n);
  s->p1 = test_pass (1, &s->cancelled);
  s->pn = test_pass (n, &s->cancelled);
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_assert_true (cs_params_parse_assignment (opts, options[i], NULL));
  s->session = cs_backend_session_open (cs_backends_lookup (mode, NULL), opts, NULL);
  g_assert_nonnull (s->session);
}

static void
speedup_pair_clear (SpeedupPair *s)
{
  g_clear_pointer (&s->session, cs_backend_session_close);
  test_workload_free (s->one);
  test_workload_free (s->many);
}

/* A TimingPairFunc: t₁ over tₙ is the speed-up. */
static void
measure_speedup (gpointer data, double *t1, double *tn)
{
  SpeedupPair *s = data;
  g_autoptr (CsRun) a = cs_run_new ();
  g_autoptr (CsRun) b = cs_run_new ();

  g_assert_true (cs_backend_session_run (s->session, s->one, &s->p1, a));
  g_assert_true (cs_backend_session_run (s->session, s->many, &s->pn, b));
  *t1 = a->wall_s;
  *tn = b->wall_s;
  g_test_message ("%s ×%u: %.4f s → %.4f s, speed-up %.2f", s->mode, s->pn.n_workers, *t1, *tn,
                  *t1 / *tn);
}

/* Claims low <= speed-up <= high of mode at n workers. */
static gboolean
claim_speedup (const char *mode, const char *const *options, const char *preset,
               const char *const *params, guint n, double low, double high,
               const TimingWindow *window)
{
  g_autofree char *what = g_strdup_printf ("%s speed-up of %s at %u workers", preset, mode, n);
  SpeedupPair s;
  gboolean holds;

  speedup_pair_init (&s, mode, options, preset, params, n);
  holds = timing_claim (what, measure_speedup, &s, low, high, window);
  speedup_pair_clear (&s);
  return holds;
}

/* A claim on the median of paired measurements, decided from its 95 % interval
 * (cs_stats_median_ci): it holds when the interval lies within [lo, hi], fails when the
 * interval lies wholly outside, and otherwise the machine was too noisy to tell: skipped, with
 * the interval. Six values give the interval [min, max] at 97 %. */
static gboolean
claim_within (const char *what, const double *values, guint n, double lo, double hi)
{
  double low, high, level = cs_stats_median_ci (values, n, &low, &high);

  g_test_message ("%s: median %.3f, %.0f %% interval %.3f–%.3f; the claim: %.3f–%.3f", what,
                  cs_stats_median (values, n), level * 100, low, high, lo, hi);
  if (low >= lo && high <= hi)
    return TRUE;
  if (high < lo || low > hi)
    g_test_fail_printf ("%s: interval %.3f–%.3f excludes the claim %.3f–%.3f", what, low, high,
                        lo, hi);
  else
    g_test_skip_printf ("inconclusive (a noisy machine): %s interval %.3f–%.3f straddles the "
                        "claim %.3f–%.3f", what, low, high, lo, hi);
  return FALSE;
}

static const char *const waits[] = { "tasks=32", "latency=10ms", NULL };

/* Trial division is mostly 64-bit division, which costs Python little more than C: 16 tasks of
 * 120 numbers are only about 35 ms of Python, and a per-run pool's fork, first dispatch and join (about
 * 5 ms at 2 workers) would cap the speed-up of processes near 1.5 even on an idle machine.
 * A job four times larger keeps the pool's own cost out of the claim. */
static const char *const cpu_python[] = { "tasks=16", "numbers=1000", NULL };

/* One repetition of "threads or processes": both kinds at the same worker count, back to back. */
typedef struct
{
  SpeedupPair threads, processes;
} KindsPair;

/* A TimingPairFunc: the threads' time over the processes'. */
static void
measure_kinds (gpointer data, double *thread_s, double *process_s)
{
  KindsPair *p = data;
  g_autoptr (CsRun) a = cs_run_new ();
  g_autoptr (CsRun) b = cs_run_new ();

  g_assert_true (cs_backend_session_run (p->threads.session, p->threads.many, &p->threads.pn, a));
  g_assert_true (cs_backend_session_run (p->processes.session, p->processes.many,
                                         &p->processes.pn, b));
  *thread_s = a->wall_s;
  *process_s = b->wall_s;
  g_test_message ("×%u: python-thread %.4f s, python-process %.4f s (%.2f×)",
                  p->threads.pn.n_workers, *thread_s, *process_s, *thread_s / *process_s);
}

/* A TimingPairFunc: a run's CPU time (user + system) over its wall time, the CPUs it kept busy. */
static void
measure_busy (gpointer data, double *cpu_s, double *wall_s)
{
  SpeedupPair *s = data;
  g_autoptr (CsRun) run = cs_run_new ();

  g_assert_true (cs_backend_session_run (s->session, s->many, &s->pn, run));
  *cpu_s = run->user_s + run->sys_s;
  *wall_s = run->wall_s;
  g_test_message ("%s ×%u: %.4f s of CPU in %.4f s", s->mode, s->pn.n_workers, *cpu_s, *wall_s);
}

/* CPU-bound Python code does not run in parallel in threads under the GIL; processes do. Both
 * halves look at 2 workers only, not at a speed-up over one worker: on this VM the two vCPUs run
 * the same task in 0.37 s or 0.58 s, so a one-worker time depends on which it lands on, and a
 * fresh clone's CI refuted "processes reach 1.6×" (1.51–1.58) and "threads stay under 1.2×"
 * (1.26–1.31) while its second core was the slow one. Two threads under the GIL keep one CPU
 * busy whatever the cores' speeds; and at 2 workers both kinds use both cores. */
static void
test_cpu_claims (void)
{
  static const char *const fork_method[] = { "start-method=fork", NULL };
  TimingWindow window;
  KindsPair kinds;

  gboolean holds;

  if (!need_idle_cores ())
    return;
  timing_window_open (&window);
  speedup_pair_init (&kinds.threads, "python-thread", NULL, "cpu", cpu_python, 2);
  speedup_pair_init (&kinds.processes, "python-process", fork_method, "cpu", cpu_python, 2);
  holds = timing_claim ("cpu at 2 workers: the CPUs python-thread keeps busy (user + system "
                        "time over wall time)", measure_busy, &kinds.threads, -INFINITY, 1.2,
                        &window);
  if (holds)
    timing_claim ("cpu at 2 workers: python-thread's time over python-process's", measure_kinds,
                  &kinds, 1.3, INFINITY, &window);
  speedup_pair_clear (&kinds.threads);
  speedup_pair_clear (&kinds.processes);
}

/* hashlib releases the GIL while it hashes (more than 2047 bytes): two Python threads hashing
 * keep both CPUs busy (at least 1.6 of 2), where on cpu they keep one (test_cpu_claims). Busy
 * CPUs, not the speed-up over one worker, for the reason test_cpu_claims gives: this VM's two
 * vCPUs differ in speed from time to time, and a one-worker time depends on which it lands on.
 * 96 tasks of 4 MiB are about 260 ms of OpenSSL's SHA-256 here, so a per-run pool's own serial
 * part (threads started, each worker's buffer mapped and filled: about 20 ms) leaves room. */
static void
test_hash_claims (void)
{
  static const char *const hash[] = { "tasks=96", "size=4MiB", NULL };
  TimingWindow window;
  SpeedupPair s;

  if (!need_idle_cores ())
    return;
  timing_window_open (&window);
  speedup_pair_init (&s, "python-thread", NULL, "hash", hash, 2);
  timing_claim ("hash at 2 workers: the CPUs python-thread keeps busy (user + system time over "
                "wall time)", measure_busy, &s, 1.6, INFINITY, &window);
  speedup_pair_clear (&s);
}

/* Waiting releases the real GIL too. */
static void
test_io_claims (void)
{
  if (!need_two_cores ())
    return;
  claim_speedup ("python-thread", NULL, "io-wait", waits, 8, 5.5, INFINITY, NULL);
}

/* Both speed-ups of one repetition: the emulation's over the real interpreter's. */
typedef struct
{
  SpeedupPair emulated, real;
} AgreementPair;

static void
measure_agreement (gpointer data, double *emulated, double *real)
{
  AgreementPair *p = data;
  double t1, tn;

  measure_speedup (&p->emulated, &t1, &tn);
  *emulated = t1 / tn;
  measure_speedup (&p->real, &t1, &tn);
  *real = t1 / tn;
}

/* The emulated speed-up over the real one lies within [1 / (1 + tolerance), 1 + tolerance]. */
static gboolean
claim_agreement (const char *preset, const char *const *params, guint n, double tolerance,
                 const TimingWindow *window)
{
  g_autofree char *what = g_strdup_printf ("%s at %u workers: gil speed-up over python-thread's",
                                           preset, n);
  AgreementPair p;
  gboolean holds;

  speedup_pair_init (&p.emulated, "gil", NULL, preset, params, n);
  speedup_pair_init (&p.real, "python-thread", NULL, preset, params, n);
  holds = timing_claim (what, measure_agreement, &p, 1 / (1 + tolerance), 1 + tolerance,
                       window);
  speedup_pair_clear (&p.emulated);
  speedup_pair_clear (&p.real);
  return holds;
}

/* The emulation and the real interpreter tell the same story: their speed-ups agree within
 * 15 % (about 0.15 of a speed-up near 1 on cpu, 0.6 of one near 7 on io-wait, the tolerances
 * this claim had as fixed differences of two medians, which failed on noise alone). On the cpu
 * preset's defaults: the C kernels need a job of many switch intervals (5 ms) for the emulated
 * GIL to switch at all (16 tasks of 120 numbers are 4 ms of C, which one thread finishes before
 * the other asks for the lock), and the defaults are 0.25 s of C, about 0.75 s of Python. */
static void
test_gil_emulation_agrees (void)
{
  TimingWindow window;

  if (!need_idle_cores ())
    return;
  timing_window_open (&window);
  if (claim_agreement ("cpu", NULL, 2, 0.15, &window))
    claim_agreement ("io-wait", waits, 8, 0.15, &window);
}

/* ---- free-threaded Python ------------------------------------------------------------------ */

static char *
make_executable (const char *dir, const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "#!/bin/sh\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

/* rmdir dir, then its parents up to and with top, each as soon as it is empty. */
static void
remove_dirs_up_to (const char *dir, const char *top)
{
  g_autofree char *d = g_strdup (dir);

  while (g_str_has_prefix (d, top) && g_rmdir (d) == 0 && strcmp (d, top) != 0)
    {
      char *parent = g_path_get_dirname (d);

      g_free (d);
      d = parent;
    }
}

static void
set_or_unset (const char *variable, const char *value)
{
  if (value != NULL)
    g_setenv (variable, value, TRUE);
  else
    g_unsetenv (variable);
}

/* Where the default interpreter of python-thread-ft is found: the cache setup.sh builds into
 * before the ones uv manages; none: the places it looked, named. */
static void
test_free_threaded_lookup (void)
{
  static const char *const vars[] = { "PATH", "HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
                                      "UV_PYTHON_INSTALL_DIR", "PYENV_ROOT" };
  g_autofree char *home = g_build_filename (scratch, "home", NULL);
  g_autofree char *cache_bin = g_build_filename (home, ".cache/corescope/python3.13t/bin", NULL);
  g_autofree char *uv_bin = g_build_filename (
    home, ".local/share/uv/python/cpython-3.14.0+freethreaded-linux-x86_64-gnu/bin", NULL);
  const char *machine = "/var/cache/corescope/python3.13t/bin/python3.13t";
  gboolean machine_built = g_file_test (machine, G_FILE_TEST_IS_EXECUTABLE);
  char *saved[G_N_ELEMENTS (vars)];
  g_autofree char *looked = NULL;
  g_autofree char *none = NULL;
  g_autofree char *uv = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *uv_exe = make_executable (uv_bin, "python3.14t");

  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      saved[i] = g_strdup (g_getenv (vars[i]));
      g_unsetenv (vars[i]);
    }
  g_setenv ("PATH", home, TRUE);
  g_setenv ("HOME", home, TRUE);
  uv = cs_free_threaded_find (NULL);
  /* the machine's cache comes before uv's */
  g_assert_cmpstr (uv, ==, machine_built ? machine : uv_exe);
  {
    g_autofree char *cache_exe = make_executable (cache_bin, "python3.13t");

    cached = cs_free_threaded_find (NULL);
    g_assert_cmpstr (cached, ==, cache_exe);
    g_unlink (cache_exe);
  }
  g_unlink (uv_exe);
  none = cs_free_threaded_find (&looked);
  g_test_message ("looked for %s", looked ? looked : "(found one)");
  if (!machine_built)
    {
      g_assert_null (none);
      g_assert_nonnull (strstr (looked, "python3.13t on PATH"));
      g_assert_nonnull (strstr (looked, cache_bin));
      g_assert_nonnull (strstr (looked, machine));
      g_assert_nonnull (strstr (looked, "uv/python/cpython-3.*+freethreaded*"));
      g_assert_nonnull (strstr (looked, ".pyenv/versions/3.*t"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      set_or_unset (vars[i], saved[i]);
      g_free (saved[i]);
    }
  remove_dirs_up_to (cache_bin, home);
  remove_dirs_up_to (uv_bin, home);
  g_assert_false (g_file_test (home, G_FILE_TEST_EXISTS));
}

/* What ran, not the mode's name: a python-thread sweep whose interpreter reported gil=disabled
 * is labelled free-threaded; the free-threaded mode needs no such label. */
static void
test_mode_title (void)
{
  g_autoptr (CsSweepConfig) config = cs_sweep_config_new ();
  CsMode modes[] = { mode_named ("python-thread"), mode_named ("python-thread-ft") };
  g_autofree char *unknown = NULL;
  g_autofree char *with_gil = NULL;
  g_autofree char *without = NULL;
  g_autofree char *ft = NULL;

  cs_sweep_config_set_modes (config, modes, 2);
  unknown = cs_sweep_config_mode_title (config, modes[0]);
  g_assert_cmpstr (unknown, ==, "python-thread");
  cs_mode_config_set (&config->modes[0].info, "gil", "enabled");
  with_gil = cs_sweep_config_mode_title (config, modes[0]);
  g_assert_cmpstr (with_gil, ==, "python-thread");
  cs_mode_config_set (&config->modes[0].info, "gil", "disabled");
  without = cs_sweep_config_mode_title (config, modes[0]);
  g_assert_cmpstr (without, ==, "python-thread (free-threaded)");
  cs_mode_config_set (&config->modes[1].info, "gil", "disabled");
  ft = cs_sweep_config_mode_title (config, modes[1]);
  g_assert_cmpstr (ft, ==, "python-thread-ft");
}

#define CLAIM_REPS 6

/* The real GIL's wait, from each thread's CPU time against its wall time in tasks (the
 * driver's gil_wait_s, DRIVERS.md): one CPU-bound thread never waits, two wait about half the
 * time each. Processes have a GIL each: nothing is reported. */
static void
test_gil_wait_share (void)
{
  static const char *const fork_method[] = { "start-method=fork", NULL };
  CsWorkload *one = test_workload_new ("cpu", cpu_python, CS_SCALING_STRONG, 1);
  CsWorkload *two = test_workload_new ("cpu", cpu_python, CS_SCALING_STRONG, 2);
  g_autoptr (CsBackendSession) processes = open_session ("python-process", fork_method);
  g_autoptr (CsBackendSession) threads = open_session ("python-thread", NULL);
  double share1[CLAIM_REPS], share2[CLAIM_REPS], process_wait = -1;
  TimingWindow window;
  gboolean disturbed;

  time_run (processes, two, 2, &process_wait);
  g_assert_cmpfloat (process_wait, ==, 0);
  if (!need_idle_cores ())
    {
      test_workload_free (one);
      test_workload_free (two);
      return;
    }
  timing_window_open (&window);
  for (guint r = 0; r < CLAIM_REPS; r++)
    {
      double wait1, wait2, t1 = time_run (threads, one, 1, &wait1);
      double t2 = time_run (threads, two, 2, &wait2);

      share1[r] = wait1 / t1;
      share2[r] = wait2 / (2 * t2);
      g_test_message ("rep %u: 1 thread %.4f s, waited %.4f s; 2 threads %.4f s, waited %.4f s",
                      r, t1, wait1, t2, wait2);
    }
  disturbed = timing_window_disturbed (&window);
  test_workload_free (one);
  test_workload_free (two);
  if (disturbed)
    return;
  if (claim_within ("share of time 1 thread waited for the GIL", share1, CLAIM_REPS, 0, 0.1))
    claim_within ("share of time 2 threads waited for the GIL", share2, CLAIM_REPS, 0.35, 0.65);
}

/* ---- the kernel's counters --------------------------------------------------------------- */

/* The run's kernel counters are the workers' (issue #17 item 5): they follow the driver's
 * threads and its pool's processes, so their task-clock accounts for at least half the CPU time
 * the driver reports for the run (the probe drops counters that see less: only the waiting
 * thread), and the page faults of workers that start (their stacks, a forked copy's writes)
 * are counted; a persistent pool's second run may fault no page at all. */
static void
assert_counted (const char *what, const CsRun *run, gboolean workers_started)
{
  double cpu = run->user_s + run->sys_s, task_clock = -1, faults = -1;

  gboolean recorded = cs_run_get_perf_counter (run, "task_clock_s", &task_clock);

  g_assert_cmpint (run->status, ==, CS_RUN_OK);
  g_test_message ("%s: user+sys %.3f s, task-clock %.3f s%s", what, cpu, task_clock,
                  recorded ? "" : " (not recorded)");
  g_assert_true (recorded);
  g_assert_cmpfloat (cpu, >, 0.05);
  g_assert_cmpfloat (task_clock, >=, 0.5 * cpu);
  g_assert_true (cs_run_get_perf_counter (run, "page_faults", &faults));
  g_assert_cmpfloat (faults, >=, workers_started ? 1 : 0);
}

/* Two runs in one session: the first starts its workers (and a fork server), the second finds
 * them running when the pool is persistent. */
static void
check_counters (const char *mode, const char *const *options)
{
  g_autoptr (CsBackendSession) session = open_session (mode, options);
  CsWorkload *wl = test_workload_new ("cpu", cpu_python, CS_SCALING_STRONG, 2);
  g_autofree char *what = g_strjoinv (" ", (char **) options);

  for (guint r = 0; r < 2; r++)
    {
      gint cancelled = 0;
      CsPassOptions pass = test_pass (2, &cancelled);
      g_autoptr (CsRun) run = cs_run_new ();
      g_autofree char *label = g_strdup_printf ("%s %s, run %u", mode, what, r + 1);

      g_assert_true (cs_backend_session_run (session, wl, &pass, run));
      assert_counted (label, run, r == 0 || !g_strv_contains (options, "pool=persistent"));
    }
  test_workload_free (wl);
}

static void
test_perf_counters (void)
{
  static const char *const per_run[] = { "pool=per-run", NULL };
  static const char *const persistent[] = { "pool=persistent", NULL };
  static const char *const fork_per_run[] = { "start-method=fork", "pool=per-run", NULL };
  static const char *const forkserver[] = { "start-method=forkserver", "pool=persistent",
                                            NULL };
  static const char *const spawn[] = { "start-method=spawn", "pool=per-run", NULL };

  check_counters ("python-thread", per_run);
  check_counters ("python-thread", persistent);
  check_counters ("python-process", fork_per_run);
  check_counters ("python-process", forkserver);
  check_counters ("python-process", spawn);
}

/* Without a GIL, CPU-bound Python threads scale (issue #17): python-thread-ft's speed-up at 2
 * workers is measurably above python-thread's, both measured in the same rounds. What the
 * free-threaded build costs one thread is reported. */
static void
test_free_threaded_claims (void)
{
  g_autofree char *missing = cs_backend_check_available (cs_backends_lookup ("python-thread-ft",
                                                                            NULL), NULL);
  CsWorkload *one, *two;
  g_autoptr (CsBackendSession) gil = NULL;
  g_autoptr (CsBackendSession) free = NULL;
  double gain[CLAIM_REPS], cost[CLAIM_REPS], low, high, ms_gil[CLAIM_REPS], ms_free[CLAIM_REPS];
  TimingWindow window;
  gboolean disturbed;

  if (missing != NULL)
    {
      g_test_skip_printf ("python-thread-ft: %s", missing);
      return;
    }
  free = open_session ("python-thread-ft", NULL);
  g_test_message ("python-thread-ft runs %s (Python %s, gil=%s)",
                  (char *) g_hash_table_lookup (free->info, "executable"),
                  (char *) g_hash_table_lookup (free->info, "version"),
                  (char *) g_hash_table_lookup (free->info, "gil"));
  g_assert_cmpstr (g_hash_table_lookup (free->info, "gil"), ==, "disabled");
  {
    /* python-thread on that interpreter records what ran: no GIL */
    g_autofree char *option = g_strdup_printf ("python=%s",
                                               (char *) g_hash_table_lookup (free->info,
                                                                             "executable"));
    const char *options[] = { option, NULL };
    g_autoptr (CsBackendSession) threads = open_session ("python-thread", options);

    g_assert_cmpstr (g_hash_table_lookup (threads->info, "gil"), ==, "disabled");
    g_assert_cmpstr (g_hash_table_lookup (threads->info, "build"), ==, "free-threaded");
  }
  {
    static const char *const small[] = { "tasks=6", "numbers=50", NULL };
    guint64 c = checksum_of ("thread", NULL, "cpu", small, CS_SCALING_STRONG, 2);
    guint64 f = checksum_of ("python-thread-ft", NULL, "cpu", small, CS_SCALING_STRONG, 2);

    g_test_message ("cpu ×2: C %016" G_GINT64_MODIFIER "x, python-thread-ft %016"
                    G_GINT64_MODIFIER "x", c, f);
    g_assert_cmpuint (f, ==, c);
  }
  if (!need_idle_cores ())
    return;
  gil = open_session ("python-thread", NULL);
  one = test_workload_new ("cpu", cpu_python, CS_SCALING_STRONG, 1);
  two = test_workload_new ("cpu", cpu_python, CS_SCALING_STRONG, 2);
  timing_window_open (&window);
  for (guint r = 0; r < CLAIM_REPS; r++)
    {
      double g1 = time_run (gil, one, 1, NULL), g2 = time_run (gil, two, 2, NULL);
      double f1 = time_run (free, one, 1, NULL), f2 = time_run (free, two, 2, NULL);

      gain[r] = (f1 / f2) / (g1 / g2);
      cost[r] = f1 / g1;
      ms_gil[r] = g1 * 1000;
      ms_free[r] = f1 * 1000;
      g_test_message ("rep %u: python-thread %.4f → %.4f s (%.2f×), python-thread-ft %.4f → "
                      "%.4f s (%.2f×)", r, g1, g2, g1 / g2, f1, f2, f1 / f2);
    }
  disturbed = timing_window_disturbed (&window);
  test_workload_free (one);
  test_workload_free (two);
  cs_stats_median_ci (cost, CLAIM_REPS, &low, &high);
  g_test_message ("free-threaded single-thread overhead: %+.0f %% (interval %+.0f to %+.0f %%): "
                  "%.0f ms at 1 worker against python-thread's %.0f ms",
                  (cs_stats_median (cost, CLAIM_REPS) - 1) * 100, (low - 1) * 100,
                  (high - 1) * 100, cs_stats_median (ms_free, CLAIM_REPS),
                  cs_stats_median (ms_gil, CLAIM_REPS));
  if (disturbed)
    return;
  claim_within ("python-thread-ft speed-up at 2 workers over python-thread's", gain, CLAIM_REPS,
                1.1, INFINITY);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  scratch = g_dir_make_tmp ("test-python-XXXXXX", NULL);
  g_test_add_func ("/python/available", test_available);
  g_test_add_func ("/python/same-checksums", test_same_checksums);
  g_test_add_func ("/python/start-methods", test_start_methods);
  g_test_add_func ("/python/callable", test_callable);
  g_test_add_func ("/python/callable-errors", test_callable_errors);
  g_test_add_func ("/python/callable-needs-python", test_callable_needs_python);
  g_test_add_func ("/python/cancel-cleans-up", test_cancel_cleans_up);
  g_test_add_func ("/python/timeout", test_timeout);
  g_test_add_func ("/python/memory", test_memory);
  g_test_add_func ("/python/cpu-claims", test_cpu_claims);
  g_test_add_func ("/python/io-claims", test_io_claims);
  g_test_add_func ("/python/hash-claims", test_hash_claims);
  g_test_add_func ("/python/gil-emulation-agrees", test_gil_emulation_agrees);
  g_test_add_func ("/python/free-threaded-lookup", test_free_threaded_lookup);
  g_test_add_func ("/python/mode-title", test_mode_title);
  g_test_add_func ("/python/gil-wait-share", test_gil_wait_share);
  g_test_add_func ("/python/free-threaded-claims", test_free_threaded_claims);
  g_test_add_func ("/python/perf-counters", test_perf_counters);
  status = g_test_run ();
  {
    g_autofree char *job = g_build_filename (scratch, "job.py", NULL);
    g_autofree char *cache = g_build_filename (scratch, "__pycache__", NULL);
    g_autoptr (GDir) dir = g_dir_open (cache, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (cache, name, NULL);
        g_unlink (p);
      }
    g_rmdir (cache);
    g_unlink (job);
    g_rmdir (scratch);
  }
  return status;
}
