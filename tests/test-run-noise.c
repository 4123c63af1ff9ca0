/* test-run-noise.c: the per-run noise record (steal, the observer's CPU time, the kernel's
 * counters): filled by a sweep, saved and loaded, absent from old files; when a run counts as
 * disturbed; the observer's share
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-perf-counters.h"
#include "cs-run-noise.h"
#include "cs-stats.h"
#include "engine-test-util.h"

static CsRun *
ok_run (double cpu_s, double observer_s, double steal_pct)
{
  CsRun *run = cs_run_new ();

  run->wall_s = 1;
  run->user_s = cpu_s;
  run->observer_cpu_s = observer_s;
  run->steal_pct = steal_pct;
  return run;
}

static void
test_disturbed (void)
{
  g_autoptr (CsRun) quiet = ok_run (1.0, 0.01, 0.5);
  g_autoptr (CsRun) observer = ok_run (1.0, 0.05, 0.0);
  g_autoptr (CsRun) steal = ok_run (1.0, 0.0, 3.0);
  g_autoptr (CsRun) unknown = cs_run_new ();
  g_autoptr (CsRun) short_run = ok_run (0.001, 0.004, 0.0);
  g_autofree char *why = NULL;

  g_assert_false (cs_run_noise_is_disturbed (quiet, NULL));
  g_assert_true (cs_run_noise_is_disturbed (observer, &why));
  g_assert_cmpstr (why, ==, "Corescope itself used 5.0 % of the workers' CPU time");
  g_clear_pointer (&why, g_free);
  g_assert_true (cs_run_noise_is_disturbed (steal, &why));
  g_assert_cmpstr (why, ==, "steal 3.0 % of CPU time");
  /* 400 % of a millisecond run, but 4 ms: the fixed cost of starting workers. */
  g_assert_false (cs_run_noise_is_disturbed (short_run, NULL));
  /* Not measured (an old file) is not disturbed. */
  g_assert_false (cs_run_noise_is_disturbed (unknown, NULL));
  /* A failed run is not judged. */
  steal->status = CS_RUN_FAILED;
  g_assert_false (cs_run_noise_is_disturbed (steal, NULL));
}

static void
test_observer_share (void)
{
  g_autoptr (CsResult) result = cs_result_new (NULL, cs_sweep_config_new ());

  g_assert_cmpfloat (cs_result_observer_share (result), <, 0);
  cs_result_add_run (result, ok_run (0.9, 0.1, 0));   /* 0.1 of 1.0 */
  cs_result_add_run (result, ok_run (2.9, 0.1, 0));   /* 0.1 of 3.0 */
  cs_result_add_run (result, cs_run_new ());          /* not measured: left out */
  g_assert_cmpfloat_with_epsilon (cs_result_observer_share (result), 0.2 / 4.0, 1e-12);
}

static void
test_counter_get (void)
{
  g_autoptr (CsRun) run = cs_run_new ();
  double v = 0;

  g_assert_false (cs_run_get_perf_counter (run, "cycles", &v));
  cs_mode_config_set (&run->perf_counters, "task_clock_s", "0.25");
  cs_mode_config_set (&run->perf_counters, "cycles", "");
  cs_mode_config_set (&run->perf_counters, "cycles_x", "5");
  g_assert_true (cs_run_get_perf_counter (run, "task_clock_s", &v));
  g_assert_cmpfloat (v, ==, 0.25);
  g_assert_false (cs_run_get_perf_counter (run, "cycles", &v)); /* not exposed here */
  g_assert_false (cs_run_get_perf_counter (run, "cycle", &v));
}

/* A disturbed run measured again is kept, but the statistics use the new one. */
static void
test_remeasured_not_a_sample (void)
{
  const CsMode modes[] = { CS_MODE_THREAD };
  const guint workers[] = { 1 };
  g_autoptr (CsResult) result = cs_result_new (NULL, test_config_new ("cpu", NULL, modes, 1,
                                                                      workers, 1, 2));
  g_autoptr (CsResultStats) stats = NULL;
  CsRun *disturbed = ok_run (1, 0.5, 0);

  disturbed->wall_s = 100;
  disturbed->disturbed = disturbed->remeasured = TRUE;
  cs_result_add_run (result, disturbed);
  cs_result_add_run (result, ok_run (1, 0, 0));
  cs_result_add_run (result, ok_run (1, 0, 0));
  stats = cs_result_stats_new (result, NULL);
  const CsPointStats *p = cs_result_stats_lookup (stats, CS_MODE_THREAD, 1);
  g_assert_cmpuint (p->n, ==, 2);
  g_assert_cmpfloat (p->median_s, ==, 1.0);
  g_assert_cmpuint (p->n_failed, ==, 0);
}

static gboolean
perf_available (void)
{
  g_autoptr (CsPerfCounters) counters = cs_perf_counters_open ();

  cs_perf_counters_enable (counters);
  cs_perf_counters_disable (counters);
  return cs_perf_counters_get_task_clock_s (counters) >= 0;
}

static void
assert_record (const CsRun *run, gboolean counted)
{
  double task_clock = 0, cycles;
  double cpu = run->user_s + run->sys_s;

  g_assert_cmpint (run->status, ==, CS_RUN_OK);
  /* Steal needs a quarter second of ticks; shorter runs have none. */
  g_assert_cmpfloat (run->steal_pct, <=, 100);
  if (run->wall_s > 0.5)
    g_assert_cmpfloat (run->steal_pct, >=, 0);
  g_assert_cmpfloat (run->observer_cpu_s, >=, 0);
  g_assert_cmpfloat (run->observer_cpu_s, <=, run->wall_s * g_get_num_processors () + 0.05);
  if (!counted)
    return;
  g_assert_nonnull (run->perf_counters);
  g_assert_true (cs_run_get_perf_counter (run, "task_clock_s", &task_clock));
  /* The counters saw the workers: their task-clock is their CPU time (the waiting thread
   * adds little). */
  g_assert_cmpfloat (task_clock, >=, 0.5 * cpu);
  g_assert_true (cs_run_get_perf_counter (run, "context_switches", NULL) ||
                 g_strv_contains ((const char *const *) run->perf_counters, "context_switches="));
  /* Every counter has an entry, exposed or not. */
  for (guint i = 0; i < 7; i++)
    g_assert_nonnull (run->perf_counters[i]);
  if (!cs_run_get_perf_counter (run, "cycles", &cycles))
    g_assert_true (g_strv_contains ((const char *const *) run->perf_counters, "cycles="));
}

static void
assert_same_record (const CsRun *a, const CsRun *b)
{
  g_assert_cmpfloat_with_epsilon (a->steal_pct, b->steal_pct, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->observer_cpu_s, b->observer_cpu_s, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->avg_freq_mhz, b->avg_freq_mhz, 1e-6);
  g_assert_cmpint (a->disturbed, ==, b->disturbed);
  g_assert_cmpint (a->remeasured, ==, b->remeasured);
  g_assert_cmpuint (a->perf_counters ? g_strv_length (a->perf_counters) : 0, ==,
                    b->perf_counters ? g_strv_length (b->perf_counters) : 0);
  for (guint i = 0; a->perf_counters != NULL && a->perf_counters[i] != NULL; i++)
    {
      g_auto (GStrv) kv = g_strsplit (a->perf_counters[i], "=", 2);
      double x = 0, y = 0;
      gboolean known = cs_run_get_perf_counter (a, kv[0], &x);
      g_assert_cmpint (known, ==, cs_run_get_perf_counter (b, kv[0], &y));
      g_assert_cmpfloat_with_epsilon (x, y, 1e-6 * MAX (1, x));
    }
}

/* Thread mode (workers in this process) and process mode (children): every run has its
 * record, and a saved file gives it back. */
static void
test_sweep_fills_and_saves (void)
{
  const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_PROCESS };
  const guint workers[] = { 1, 2 };
  const char *const params[] = { "tasks=8", "numbers=2000", NULL };
  g_autoptr (CsSweepConfig) config = test_config_new ("cpu", params, modes, 2, workers, 2, 1);
  g_autoptr (CsResult) result = NULL, loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  gboolean counted = perf_available ();
  gsize length;

  if (!counted)
    g_test_message ("perf_event_open is not allowed here: the counters are not checked");
  result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, >=, 4);
  for (guint i = 0; i < result->runs->len; i++)
    assert_record (g_ptr_array_index (result->runs, i), counted);

  json = cs_result_to_json (result, &length);
  g_assert_nonnull (strstr (json, "\"observer_cpu_share\""));
  loaded = cs_result_from_json (json, length, "noise.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->runs->len, ==, result->runs->len);
  for (guint i = 0; i < result->runs->len; i++)
    assert_same_record (g_ptr_array_index (result->runs, i),
                        g_ptr_array_index (loaded->runs, i));
  g_assert_cmpfloat_with_epsilon (cs_result_observer_share (loaded),
                                  cs_result_observer_share (result), 1e-9);
}

/* Files written before the record load, with every run "not measured". */
static void
test_old_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "result-format-1.json",
                                                 NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = cs_result_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, >, 0);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);
      g_assert_cmpfloat (run->steal_pct, <, 0);
      g_assert_cmpfloat (run->observer_cpu_s, <, 0);
      g_assert_null (run->perf_counters);
      g_assert_false (run->disturbed);
      g_assert_false (run->remeasured);
    }
  g_assert_cmpfloat (cs_result_observer_share (result), <, 0);
}

static void
test_bad_noise_rejected (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "result-format-1.json",
                                                 NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) bad = NULL;
  g_autoptr (CsResult) result = NULL;
  char *at;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  bad = g_string_new (text);
  at = strstr (bad->str, "\"units\"");
  g_assert_nonnull (at);
  g_string_insert (bad, at - bad->str, "\"noise\": { \"steal_pct\": \"high\" }, ");
  result = cs_result_from_json (bad->str, bad->len, "bad.json", &error);
  g_assert_null (result);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "runs[0].noise.steal_pct"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/noise/disturbed", test_disturbed);
  g_test_add_func ("/noise/observer-share", test_observer_share);
  g_test_add_func ("/noise/counter-get", test_counter_get);
  g_test_add_func ("/noise/remeasured-not-a-sample", test_remeasured_not_a_sample);
  g_test_add_func ("/noise/sweep-fills-and-saves", test_sweep_fills_and_saves);
  g_test_add_func ("/noise/old-file", test_old_file);
  g_test_add_func ("/noise/bad-noise-rejected", test_bad_noise_rejected);
  return g_test_run ();
}
