/* test-stall-monitor.c: the heartbeat sees a blocked main loop; percentiles are nearest-rank
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-stall-monitor.h"

static void
test_percentiles (void)
{
  g_autoptr (CsStallMonitor) monitor = cs_stall_monitor_new (1000);
  g_autofree char *report = NULL;

  g_assert_cmpfloat (cs_stall_monitor_get_percentile_ms (monitor, 99), ==, 0);
  /* 1, 2, ..., 100 ms in shuffled order. */
  for (guint i = 0; i < 100; i++)
    cs_stall_monitor_add_sample (monitor, (i * 37) % 100 + 1);
  g_assert_cmpuint (cs_stall_monitor_get_n_samples (monitor), ==, 100);
  g_assert_cmpfloat (cs_stall_monitor_get_percentile_ms (monitor, 99), ==, 99);
  g_assert_cmpfloat (cs_stall_monitor_get_percentile_ms (monitor, 50), ==, 50);
  g_assert_cmpfloat (cs_stall_monitor_get_percentile_ms (monitor, 100), ==, 100);
  g_assert_cmpfloat (cs_stall_monitor_get_percentile_ms (monitor, 0), ==, 1);
  g_assert_cmpfloat (cs_stall_monitor_get_max_ms (monitor), ==, 100);
  report = cs_stall_monitor_format_report (monitor);
  g_assert_cmpstr (report, ==,
                   "main-loop stalls: 100 beats of 1000 ms, p99 99.0 ms, max 100.0 ms");
}

static gboolean
block_loop (gpointer data)
{
  /* What a file write or a fit on the UI thread would do. */
  g_usleep (80 * 1000);
  return G_SOURCE_REMOVE;
}

static gboolean
on_done (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_loop_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_heartbeat_sees_block (void)
{
  g_autoptr (CsStallMonitor) monitor = cs_stall_monitor_new (5);

  run_loop_for (100);
  g_assert_cmpuint (cs_stall_monitor_get_n_samples (monitor), >, 5);
  /* The 80 ms block delays the beat that was due during it by at least 80 - 5 ms; a generous
   * bound, since the machine may be busy (but a block can only make a beat later). */
  g_idle_add (block_loop, NULL);
  run_loop_for (100);
  g_assert_cmpfloat (cs_stall_monitor_get_max_ms (monitor), >=, 70);

  /* Not recording: beats pass unrecorded. */
  cs_stall_monitor_set_recording (monitor, FALSE);
  {
    guint n = cs_stall_monitor_get_n_samples (monitor);
    run_loop_for (50);
    g_assert_cmpuint (cs_stall_monitor_get_n_samples (monitor), ==, n);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stall-monitor/percentiles", test_percentiles);
  g_test_add_func ("/stall-monitor/heartbeat-sees-block", test_heartbeat_sees_block);
  return g_test_run ();
}
