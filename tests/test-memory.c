/* test-memory.c: the memory a run's workers hold, per mode, against known allocations
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <string.h>

#include "cs-proc-memory.h"
#include "engine-test-util.h"

/* The kernel counts in pages and the C library adds its own bookkeeping: figures are compared
 * within this many KiB above, and LOSS_KB below (what the process freed during the run, e.g.
 * the previous run's leftovers, offsets its growth). */
#define SLACK_KB 2048
#define LOSS_KB 256

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
 * worker, and by little else (stacks). */
static void
test_thread_growth (void)
{
  for (guint n = 1; n <= 2; n++)
    {
      g_autoptr (CsRun) run = run_hash ("thread", n);

      if (run->mem_total_kb < 0)
        {
          g_test_skip ("the peak RSS cannot be reset here (/proc/self/clear_refs)");
          return;
        }
      g_assert_cmpint (run->mem_total_kb, >=, n * BUFFER_KB - LOSS_KB);
      g_assert_cmpint (run->mem_total_kb, <=, n * BUFFER_KB + SLACK_KB);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A fixed threshold: glibc would otherwise raise it after the first 16 MiB buffer is freed,
   * keep the next ones in its heap, and a second run's growth would be the heap's reuse. */
  mallopt (M_MMAP_THRESHOLD, 1 << 20);
  g_test_add_func ("/memory/proc-read", test_proc_read);
  g_test_add_func ("/memory/reset-peak", test_reset_peak);
  g_test_add_func ("/memory/thread-growth", test_thread_growth);
  g_test_add_func ("/memory/process-sum", test_process_sum);
  return g_test_run ();
}
