/* test-system-check.c: the parsers of /proc and sysfs files behind `corescope check`, and the
 * findings on fixture trees
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "cs-system-check.h"
#include "tree-test-util.h"

static void
test_proc_stat (void)
{
  CsCpuTicks a, b;

  /* user nice system idle iowait irq softirq steal guest guest_nice */
  g_assert_true (cs_proc_stat_parse_total ("cpu  10 20 30 40 50 60 70 80 5 5\ncpu0 1 2 3 4\n",
                                           &a));
  g_assert_cmpuint (a.total, ==, 360);
  g_assert_cmpuint (a.idle, ==, 90);
  g_assert_cmpuint (a.steal, ==, 80);
  /* An old kernel without steal: four fields are enough. */
  g_assert_true (cs_proc_stat_parse_total ("cpu  1 2 3 4\n", &b));
  g_assert_cmpuint (b.total, ==, 10);
  g_assert_cmpuint (b.steal, ==, 0);
  g_assert_false (cs_proc_stat_parse_total ("cpu0 1 2 3 4\n", &b));
  g_assert_false (cs_proc_stat_parse_total ("cpu  1 2\n", &b));
  g_assert_false (cs_proc_stat_parse_total (NULL, &b));

  /* +200 ticks of which +20 stolen: 10 %. */
  b = a;
  b.total += 200;
  b.steal += 20;
  g_assert_cmpfloat_with_epsilon (cs_cpu_ticks_steal_percent (&a, &b), 10.0, 1e-9);
  g_assert_cmpfloat (cs_cpu_ticks_steal_percent (&a, &a), ==, 0);
  /* Counters going backwards read as no steal, not as nonsense. */
  g_assert_cmpfloat (cs_cpu_ticks_steal_percent (&b, &a), ==, 0);
}

static void
test_loadavg (void)
{
  double load[3];

  g_assert_true (cs_loadavg_parse ("0.52 1.25 3.00 2/345 6789\n", load));
  g_assert_cmpfloat (load[0], ==, 0.52);
  g_assert_cmpfloat (load[1], ==, 1.25);
  g_assert_cmpfloat (load[2], ==, 3.0);
  g_assert_false (cs_loadavg_parse ("garbage", load));
  g_assert_false (cs_loadavg_parse (NULL, load));
}

static void
test_pid_stat (void)
{
  g_autofree char *comm = NULL;
  guint64 ticks = 0;

  /* A name with spaces and parentheses; utime 1500, stime 250. */
  g_assert_true (cs_proc_pid_stat_parse ("42 (my (odd) proc) R 1 42 42 0 -1 4194560 100 0 0 0 "
                                         "1500 250 0 0 20 0 1 0 100 1000 50\n", &comm, &ticks));
  g_assert_cmpstr (comm, ==, "my (odd) proc");
  g_assert_cmpuint (ticks, ==, 1750);
  g_assert_false (cs_proc_pid_stat_parse ("42 (truncated) R 1 2", NULL, &ticks));
  g_assert_false (cs_proc_pid_stat_parse ("no parentheses", NULL, &ticks));
}

static void
test_cpu_list (void)
{
  g_assert_cmpint (cs_cpu_list_count ("0-3,8,10-11\n"), ==, 7);
  g_assert_cmpint (cs_cpu_list_count ("5"), ==, 1);
  g_assert_cmpint (cs_cpu_list_count ("\n"), ==, 0);
  g_assert_cmpint (cs_cpu_list_count (""), ==, 0);
  g_assert_cmpint (cs_cpu_list_count ("3-1"), ==, -1);
  g_assert_cmpint (cs_cpu_list_count ("a-b"), ==, -1);
  g_assert_cmpint (cs_cpu_list_count ("1,"), ==, -1);
}

/* ---- whole checks on fixture trees -------------------------------------------------------- */

static void
put (const char *root, const char *path, const char *text)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autofree char *dir = g_path_get_dirname (full);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (full, text, -1, NULL));
}

static const CsCheckFinding *
find (const CsSystemCheck *check, const char *id)
{
  for (guint i = 0; i < check->findings->len; i++)
    {
      const CsCheckFinding *f = g_ptr_array_index (check->findings, i);
      if (g_str_equal (f->id, id))
        return f;
    }
  g_assert_not_reached ();
}

/* A busy, noisy machine: every finding that can warn does. */
static void
test_noisy_fixture (void)
{
  g_autofree char *root = g_dir_make_tmp ("cs-check-XXXXXX", NULL);
  g_autoptr (CsSystemCheck) check = NULL;
  const CsCheckFinding *f;

  put (root, "proc/stat", "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 0 0 1\ncpu1 1 0 0 1\n");
  put (root, "proc/loadavg", "3.50 2.00 1.00 3/100 999\n");
  put (root, "sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "powersave\n");
  put (root, "sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave\n");
  put (root, "sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "3000000\n");
  put (root, "sys/devices/system/cpu/cpu1/cpufreq/scaling_cur_freq", "1500000\n");
  put (root, "sys/devices/system/cpu/cpufreq/boost", "1\n");
  put (root, "sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count", "7\n");
  put (root, "sys/devices/system/cpu/smt/active", "1\n");
  put (root, "sys/devices/system/cpu/isolated", "\n");
  put (root, "sys/devices/system/cpu/nohz_full", "1\n");

  check = cs_system_check_run (root, 0.01);
  f = find (check, "load");
  g_assert_cmpint (f->severity, ==, CS_CHECK_WARNING); /* 3.5 on 2 CPUs */
  g_assert_nonnull (strstr (f->summary, "3.50"));
  g_assert_nonnull (f->advice);
  g_assert_cmpint (find (check, "steal")->severity, ==, CS_CHECK_OK); /* no time passed */
  f = find (check, "governor");
  g_assert_cmpint (f->severity, ==, CS_CHECK_NOTE);
  g_assert_nonnull (strstr (f->summary, "powersave"));
  g_assert_null (strstr (f->summary, "powersave, powersave")); /* listed once */
  g_assert_cmpint (find (check, "boost")->severity, ==, CS_CHECK_NOTE);
  f = find (check, "frequency");
  g_assert_cmpint (f->severity, ==, CS_CHECK_NOTE);
  g_assert_nonnull (strstr (f->summary, "1500–3000 MHz"));
  f = find (check, "throttle");
  g_assert_cmpint (f->severity, ==, CS_CHECK_NOTE); /* 7 since boot, none now */
  g_assert_nonnull (strstr (f->summary, "7 since boot, 0 during"));
  g_assert_cmpint (find (check, "smt")->severity, ==, CS_CHECK_NOTE);
  g_assert_cmpint (find (check, "isolated")->severity, ==, CS_CHECK_NOTE);
  g_assert_cmpint (find (check, "nohz_full")->severity, ==, CS_CHECK_OK);
  g_assert_cmpint (cs_system_check_get_worst (check), ==, CS_CHECK_WARNING);
  test_remove_tree (root);
}

/* A container with almost nothing: "not exposed here", never an error. */
static void
test_bare_fixture (void)
{
  g_autofree char *root = g_dir_make_tmp ("cs-check-XXXXXX", NULL);
  g_autoptr (CsSystemCheck) check = NULL;
  const char *ids[] = { "load", "steal", "governor", "boost", "frequency", "throttle", "smt",
                        "isolated", "nohz_full" };

  put (root, "proc/version", "Linux\n");
  check = cs_system_check_run (root, 0.01);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const CsCheckFinding *f = find (check, ids[i]);
      g_assert_cmpint (f->severity, ==, CS_CHECK_NOT_EXPOSED);
      g_assert_nonnull (strstr (f->summary, "not exposed here"));
    }
  /* No processes listed: nothing used CPU. */
  g_assert_cmpint (find (check, "processes")->severity, ==, CS_CHECK_OK);
  g_assert_cmpint (cs_system_check_get_worst (check), ==, CS_CHECK_OK);
  test_remove_tree (root);
}

/* A quiet tuned machine: nothing to do. */
static void
test_quiet_fixture (void)
{
  g_autofree char *root = g_dir_make_tmp ("cs-check-XXXXXX", NULL);
  g_autoptr (CsSystemCheck) check = NULL;

  put (root, "proc/stat", "cpu  1 0 1 8 0 0 0 0 0 0\ncpu0 1 0 0 1\ncpu1 1 0 0 1\n");
  put (root, "proc/loadavg", "0.10 0.05 0.01 1/100 999\n");
  put (root, "sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
  put (root, "sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "performance\n");
  put (root, "sys/devices/system/cpu/intel_pstate/no_turbo", "1\n");
  put (root, "sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "2000000\n");
  put (root, "sys/devices/system/cpu/cpu1/cpufreq/scaling_cur_freq", "2050000\n");
  put (root, "sys/devices/system/cpu/smt/active", "0\n");
  put (root, "sys/devices/system/cpu/isolated", "1\n");
  put (root, "sys/devices/system/cpu/nohz_full", "1\n");
  check = cs_system_check_run (root, 0.01);
  g_assert_cmpint (cs_system_check_get_worst (check), ==, CS_CHECK_OK);
  g_assert_cmpint (find (check, "governor")->severity, ==, CS_CHECK_OK);
  g_assert_cmpint (find (check, "boost")->severity, ==, CS_CHECK_OK);
  g_assert_cmpint (find (check, "frequency")->severity, ==, CS_CHECK_OK);
  g_assert_nonnull (strstr (find (check, "isolated")->summary, "(1 CPUs)"));
  test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/check/proc-stat", test_proc_stat);
  g_test_add_func ("/check/loadavg", test_loadavg);
  g_test_add_func ("/check/pid-stat", test_pid_stat);
  g_test_add_func ("/check/cpu-list", test_cpu_list);
  g_test_add_func ("/check/noisy-fixture", test_noisy_fixture);
  g_test_add_func ("/check/bare-fixture", test_bare_fixture);
  g_test_add_func ("/check/quiet-fixture", test_quiet_fixture);
  return g_test_run ();
}
