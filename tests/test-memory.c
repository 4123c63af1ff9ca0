/* test-memory.c: the memory a run's workers hold, per mode, against known allocations
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-memory-explain.h"
#include "cs-proc-memory.h"
#include "cs-verdict.h"
#include "engine-test-util.h"

/* The kernel counts in pages and the C library adds its own bookkeeping: figures are compared
 * within this many KiB above, and LOSS_KB below (what the process lost meanwhile offsets its
 * growth: memory it freed, pages of its program the kernel reclaimed on a busy machine). */
#define SLACK_KB 2048
#define LOSS_KB 1024

#define BUFFER_KB 16384
static const char *const hash_16m[] = { "tasks=2", "size=16MiB", NULL };

static void
test_proc_read (void)
{
  CsProcMemory before, after;
  gsize size = 32 << 20;
  guint8 *block;

  g_assert_true (cs_proc_memory_read (0, TRUE, &before));
  g_assert_cmpint (before.pss_kb, >, 0);
  g_assert_cmpint (before.rss_kb, >=, before.pss_kb);
  g_assert_cmpint (before.hwm_kb, >=, before.rss_kb);
  block = g_malloc (size);
  memset (block, 1, size);
  g_assert_true (cs_proc_memory_read (0, TRUE, &after));
  g_test_message ("PSS %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " kB", before.pss_kb,
                  after.pss_kb);
  g_assert_cmpint (after.pss_kb - before.pss_kb, >=, 32768 - LOSS_KB);
  g_assert_cmpint (after.pss_kb - before.pss_kb, <=, 32768 + SLACK_KB);
  g_free (block);
  g_assert_false (cs_proc_memory_read (G_MAXINT32, TRUE, &after)); /* no such process */
}

/* clear_refs forgets a peak that is over: what thread modes measure from. */
static void
test_reset_peak (void)
{
  CsProcMemory m;
  gsize size = 64 << 20;
  guint8 *block = g_malloc (size);

  memset (block, 1, size);
  g_free (block);
  g_assert_true (cs_proc_memory_read (0, FALSE, &m));
  g_assert_cmpint (m.hwm_kb - m.rss_kb, >=, 65536 - SLACK_KB);
  if (!cs_proc_memory_reset_peak ())
    {
      g_test_skip ("/proc/self/clear_refs is not writable here");
      return;
    }
  g_assert_true (cs_proc_memory_read (0, FALSE, &m));
  g_assert_cmpint (m.hwm_kb - m.rss_kb, <, SLACK_KB);
}

static CsRun *
run_hash (const char *mode, guint n_workers)
{
  static const char *const per_run[] = { "pool=per-run", NULL };
  CsWorkload *wl = test_workload_new ("hash", hash_16m, CS_SCALING_STRONG, n_workers);
  gint cancelled = 0;
  CsPassOptions pass = test_pass (n_workers, &cancelled);
  CsRun *run = cs_run_new ();

  if (!cs_engine_run (mode, per_run, wl, &pass, run))
    g_error ("hash %s ×%u: %s", mode, n_workers, run->reason);
  test_workload_free (wl);
  g_test_message ("%s ×%u: mem_total_kb %" G_GINT64_FORMAT ", mem_peak_kb %" G_GINT64_FORMAT
                  ", max_rss_kb %" G_GINT64_FORMAT, mode, n_workers, run->mem_total_kb,
                  run->mem_peak_kb, run->max_rss_kb);
  return run;
}

/* Each thread holds a 16 MiB buffer while the run lasts: the process grows by that much per
 * worker, and by little else (stacks), run after run (the preset maps its buffers, so no
 * allocator keeps them resident from one run to the next). What else the process does only
 * pushes one way per bound (memory freed or reclaimed meanwhile hides growth, its own
 * bookkeeping adds to it), so each bound is checked on the best of three runs: one run that
 * fits shows the allocation is measured, three that miss show it is not. */
static void
test_thread_growth (void)
{
  for (guint n = 1; n <= 3; n++)
    {
      gint64 most = G_MININT64, least = G_MAXINT64;

      for (guint rep = 0; rep < 3; rep++)
        {
          g_autoptr (CsRun) run = run_hash ("thread", n);

          if (run->mem_total_kb < 0)
            {
              g_test_skip ("the peak RSS cannot be reset here (/proc/self/clear_refs)");
              return;
            }
          most = MAX (most, run->mem_total_kb);
          least = MIN (least, run->mem_total_kb);
        }
      /* each worker may reuse what the last run's threads left (a stack, an arena) */
      g_assert_cmpint (most, >=, n * (BUFFER_KB - LOSS_KB));
      g_assert_cmpint (least, <=, n * BUFFER_KB + SLACK_KB);
    }
}

/* Processes each hold their buffer and their own program: the sum is more than the threads'
 * growth at 2 workers, and the largest worker's peak is a worker's, not this process's. */
static void
test_process_sum (void)
{
  g_autoptr (CsRun) threads = run_hash ("thread", 2);
  g_autoptr (CsRun) processes = run_hash ("process", 2);

  g_assert_cmpint (processes->mem_total_kb, >=, 2 * BUFFER_KB);
  g_assert_cmpint (processes->mem_total_kb, <=, 2 * (BUFFER_KB + 8192));
  g_assert_cmpint (processes->mem_peak_kb, >=, processes->mem_total_kb);
  g_assert_cmpint (processes->max_rss_kb, >=, BUFFER_KB);
  g_assert_cmpint (processes->max_rss_kb, <=, BUFFER_KB + 8192);
  if (threads->mem_total_kb >= 0)
    g_assert_cmpint (processes->mem_total_kb, >, threads->mem_total_kb);
}

/* A sweep of two modes at 1, 2 and 4 workers, 3 runs each, whose runs held kb (workers) KiB. */
static CsResult *
memory_result (const char *threads, const char *processes, gint64 (*kb) (guint, gboolean))
{
  static const guint workers[] = { 1, 2, 4 };
  CsMode modes[2];
  g_autoptr (CsSweepConfig) config = NULL;
  CsResult *result;

  g_assert_true (cs_mode_from_string (threads, &modes[0]));
  g_assert_true (cs_mode_from_string (processes, &modes[1]));
  config = test_config_new ("cpu", NULL, modes, 2, workers, 3, 3);
  result = cs_result_new (cs_machine_new (), g_steal_pointer (&config));
  for (guint m = 0; m < 2; m++)
    for (guint w = 0; w < 3; w++)
      for (guint rep = 0; rep < 3; rep++)
        {
          CsRun *run = cs_run_new ();

          run->mode = modes[m];
          run->workers = workers[w];
          run->rep = rep;
          run->wall_s = 1.0 + 0.01 * rep;
          run->tasks = 8;
          run->mem_total_kb = kb (workers[w], m == 1) + rep;
          cs_result_add_run (result, run);
        }
  return result;
}

/* An interpreter of 10 MiB; each thread adds 512 KiB, each process an interpreter. */
static gint64
python_kb (guint workers, gboolean processes)
{
  return processes ? 10240 * (workers + 1) : 10240 + 512 * workers;
}

/* The static C worker: 400 KiB per process; threads 100 KiB each. */
static gint64
c_kb (guint workers, gboolean processes)
{
  return processes ? 400 * workers : 100 * workers;
}

static char *
explain (const char *threads, const char *processes, gint64 (*kb) (guint, gboolean))
{
  g_autoptr (CsResult) result = memory_result (threads, processes, kb);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResultStats) stats = cs_result_stats_new (result, &error);

  g_assert_no_error (error);
  return cs_memory_explain (stats);
}

static void
test_explain (void)
{
  g_autofree char *python = explain ("python-thread", "python-process", python_kb);
  g_autofree char *c = explain ("thread", "process", c_kb);
  g_autofree char *unrelated = explain ("thread", "python-process", python_kb);

  /* 4 processes: 50 MiB; 4 threads: 12 MiB */
  g_assert_cmpstr (python, ==, "4 Python processes hold 50 MiB together, 4 Python threads "
                   "12 MiB.");
  /* 1.6 MiB against 0.4 MiB: four times as much, but not 4 MiB more */
  g_assert_null (c);
  /* C threads and Python processes are not the same runtime */
  g_assert_null (unrelated);
}

/* The verdict says what the modes hold when it matters, once, among its reasons. */
static void
test_in_verdict (void)
{
  g_autoptr (CsResult) result = memory_result ("python-thread", "python-process", python_kb);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResultStats) stats = cs_result_stats_new (result, &error);
  CsVerdict *verdict;
  guint found = 0;

  g_assert_no_error (error);
  verdict = cs_verdict_new (result, stats, 0);
  for (guint i = 0; i < verdict->reasons->len; i++)
    found += g_strcmp0 (g_ptr_array_index (verdict->reasons, i),
                        "4 Python processes hold 50 MiB together, 4 Python threads 12 MiB.") == 0;
  g_assert_cmpuint (found, ==, 1);
  cs_verdict_free (verdict);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/memory/proc-read", test_proc_read);
  g_test_add_func ("/memory/reset-peak", test_reset_peak);
  g_test_add_func ("/memory/thread-growth", test_thread_growth);
  g_test_add_func ("/memory/process-sum", test_process_sum);
  g_test_add_func ("/memory/explain", test_explain);
  g_test_add_func ("/memory/in-verdict", test_in_verdict);
  return g_test_run ();
}
