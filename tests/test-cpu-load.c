/* test-cpu-load.c: per-PU load from two /proc/stat samples
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-cpu-load.h"

/* Fields: user nice system idle iowait irq softirq steal guest guest_nice. */
static const char first[] =
  "cpu  300 0 100 800 0 0 0 0 0 0\n"
  "cpu0 100 0 0 400 0 0 0 0 0 0\n"
  "cpu1 200 0 100 400 0 0 0 0 0 0\n"
  "cpu3 0 0 0 100 0 0 0 0 0 0\n"
  "intr 12345 0 0\n"
  "ctxt 999\n";
/* cpu0: +100 busy of +100 total; cpu1: +25 busy (user) + 25 iowait + 50 idle; cpu3 idle. */
static const char second[] =
  "cpu  425 0 100 850 25 0 0 0 0 0\n"
  "cpu0 200 0 0 400 0 0 0 0 0 0\n"
  "cpu1 225 0 100 450 25 0 0 0 0 0\n"
  "cpu3 0 0 0 200 0 0 0 0 0 0\n";

static void
test_two_samples (void)
{
  g_autoptr (CsCpuLoad) load = cs_cpu_load_new ();
  g_autoptr (GError) error = NULL;
  const double *values;
  guint n;

  g_assert_true (cs_cpu_load_sample_text (load, first, &error));
  g_assert_no_error (error);
  /* One sample is only a reference point. */
  g_assert_false (cs_cpu_load_has_values (load));

  g_assert_true (cs_cpu_load_sample_text (load, second, &error));
  g_assert_no_error (error);
  g_assert_true (cs_cpu_load_has_values (load));
  values = cs_cpu_load_get_values (load, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat_with_epsilon (values[0], 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (values[1], 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (values[2], 0.0, 1e-12); /* offline: absent from the file */
  g_assert_cmpfloat_with_epsilon (values[3], 0.0, 1e-12);
}

static void
test_counter_reset (void)
{
  g_autoptr (CsCpuLoad) load = cs_cpu_load_new ();

  g_assert_true (cs_cpu_load_sample_text (load, second, NULL));
  /* Counters going backwards (CPU hot-plugged again) read as idle, not as nonsense. */
  g_assert_true (cs_cpu_load_sample_text (load, first, NULL));
  g_assert_cmpfloat (cs_cpu_load_get_values (load, NULL)[0], ==, 0);
}

static void
test_parse_error (void)
{
  g_autoptr (CsCpuLoad) load = cs_cpu_load_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (cs_cpu_load_sample_text (load, "cpu0 12 x\n", &error));
  g_assert_error (error, CS_CPU_LOAD_ERROR, CS_CPU_LOAD_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "cpu0"));
}

static void
test_this_machine (void)
{
  g_autoptr (CsCpuLoad) load = cs_cpu_load_new ();
  g_autoptr (GError) error = NULL;
  const double *values;
  guint n;

  if (!g_file_test ("/proc/stat", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/stat");
      return;
    }
  g_assert_true (cs_cpu_load_sample (load, &error));
  g_usleep (50 * 1000);
  g_assert_true (cs_cpu_load_sample (load, &error));
  g_assert_no_error (error);
  values = cs_cpu_load_get_values (load, &n);
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (values[i], >=, 0);
      g_assert_cmpfloat (values[i], <=, 1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cpu-load/two-samples", test_two_samples);
  g_test_add_func ("/cpu-load/counter-reset", test_counter_reset);
  g_test_add_func ("/cpu-load/parse-error", test_parse_error);
  g_test_add_func ("/cpu-load/this-machine", test_this_machine);
  return g_test_run ();
}
