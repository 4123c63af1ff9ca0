/* test-counters-explain.c: sentences that explain a knee from the runs' kernel counters
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-counters-explain.h"

/* A run of thread mode whose counters are "name=value" pairs (NULL-terminated). */
static void
add_run (CsResult *result, guint workers, const char *const *counters)
{
  CsRun *run = cs_run_new ();

  run->workers = workers;
  run->wall_s = 1;
  for (guint i = 0; counters[i] != NULL; i += 2)
    cs_mode_config_set (&run->perf_counters, counters[i], counters[i + 1]);
  cs_result_add_run (result, run);
}

static CsResult *
new_result (void)
{
  return cs_result_new (NULL, cs_sweep_config_new ());
}

/* memory-stream on real hardware: IPC 1.3 at 1 worker, 0.65 at 2, LLC misses up. */
static void
test_ipc_drop (void)
{
  g_autoptr (CsResult) result = new_result ();
  g_autofree char *text = NULL;
  CsPointCounters c;

  for (guint rep = 0; rep < 3; rep++)
    {
      add_run (result, 1, (const char *[]) { "task_clock_s", "1", "cycles", "1000000",
                                             "instructions", "1300000", "llc_misses", "1300",
                                             "context_switches", "10", "cpu_migrations", "0",
                                             NULL });
      add_run (result, 2, (const char *[]) { "task_clock_s", "2", "cycles", "2000000",
                                             "instructions", "1300000", "llc_misses", "6500",
                                             "context_switches", "20", "cpu_migrations", "0",
                                             NULL });
    }
  cs_point_counters_get (result, CS_MODE_THREAD, 2, &c);
  g_assert_cmpfloat_with_epsilon (c.ipc, 0.65, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.llc_misses_per_kinstr, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c.switches_per_cpu_s, 10.0, 1e-9);
  text = cs_counters_explain_knee (result, CS_MODE_THREAD, 1, 2);
  g_assert_cmpstr (text, ==, "IPC falls from 1.30 to 0.65 at 2 workers: the workers wait on "
                             "memory (bandwidth or a shared cache), with 5.0 instead of 1.0 "
                             "last-level cache misses per 1000 instructions.");
}

/* Oversubscribed in a VM without a PMU: no IPC, but 3× the context switches. */
static void
test_switches_grow (void)
{
  g_autoptr (CsResult) result = new_result ();
  g_autofree char *text = NULL;
  CsPointCounters c;

  add_run (result, 2, (const char *[]) { "task_clock_s", "2", "context_switches", "400",
                                         "cpu_migrations", "4", "cycles", "",
                                         "instructions", "", NULL });
  add_run (result, 4, (const char *[]) { "task_clock_s", "2", "context_switches", "1200",
                                         "cpu_migrations", "6", "cycles", "",
                                         "instructions", "", NULL });
  cs_point_counters_get (result, CS_MODE_THREAD, 4, &c);
  g_assert_cmpfloat (c.ipc, <, 0); /* not exposed here */
  text = cs_counters_explain_knee (result, CS_MODE_THREAD, 2, 4);
  g_assert_cmpstr (text, ==, "3.0× the context switches per CPU-second at 4 workers: the "
                             "workers take turns (more workers than processing units, or a "
                             "lock).");
}

/* Nothing changed, or nothing counted: no sentence. A run measured again is not used. */
static void
test_nothing_to_say (void)
{
  g_autoptr (CsResult) flat = new_result ();
  g_autoptr (CsResult) uncounted = new_result ();
  const char *const same[] = { "task_clock_s", "1", "context_switches", "150", "cycles", "100",
                               "instructions", "130", NULL };
  const char *const wild[] = { "task_clock_s", "1", "context_switches", "90000", NULL };
  CsRun *run;

  add_run (flat, 1, same);
  add_run (flat, 2, same);
  add_run (flat, 2, wild);
  run = g_ptr_array_index (flat->runs, 2);
  run->disturbed = run->remeasured = TRUE;
  g_assert_null (cs_counters_explain_knee (flat, CS_MODE_THREAD, 1, 2));

  add_run (uncounted, 1, (const char *[]) { NULL });
  add_run (uncounted, 2, (const char *[]) { NULL });
  g_assert_null (cs_counters_explain_knee (uncounted, CS_MODE_THREAD, 1, 2));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/counters-explain/ipc-drop", test_ipc_drop);
  g_test_add_func ("/counters-explain/switches-grow", test_switches_grow);
  g_test_add_func ("/counters-explain/nothing-to-say", test_nothing_to_say);
  return g_test_run ();
}
