/* test-cli-run.c: `corescope run` and `corescope presets` as a user runs them
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "cs-journal.h"
#include "cs-result.h"

static const char *
cli_path (void)
{
  const char *path = g_getenv ("CORESCOPE_CLI");

  if (path == NULL)
    g_error ("CORESCOPE_CLI is not set (run this test through meson test)");
  return path;
}

/* Runs `corescope-cli ARGS...`; returns the exit status, or -1 when killed by a signal. */
static int
run_cli (const char *const *args, char **out, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* Every bad value: exit status 2 and one line on stderr that names the option. */
static void
test_bad_values (void)
{
  static const struct { const char *args[4]; const char *names; } cases[] = {
    { { "--modes", "thread,fast" }, "--modes" },
    { { "--workers", "0" }, "--workers" },
    { { "--workers", "8-2" }, "--workers" },
    { { "--param", "tasks=lots" }, "tasks" },
    { { "--param", "colour=red" }, "colour" },
    { { "--preset", "nope" }, "preset: Unknown preset 'nope'" },
    { { "--reps", "0" }, "--reps" },
    { { "--precision", "7" }, "--precision" },
    { { "--precision", "0%" }, "--precision" },
    { { "--max-time", "soon" }, "--max-time" },
    { { "--switch-interval", "soon" }, "switch-interval" },
    { { "--timeout", "1x" }, "--timeout" },
    { { "--placement", "diagonal" }, "--placement" },
    { { "--pool", "forever" }, "pool" },
    { { "--scaling", "huge" }, "--scaling" },
    { { "--start-method", "fork" }, "start-method" },
    { { "--option", "nope:pool=x" }, "--option" },
    { { "--option", "gil:colour=red" }, "colour" },
    { { "--python-args", "[1]" }, "--python-callable" },
    { { "--python-callable", "job.py" }, "--python-callable" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "run", "-q", cases[i].args[0], cases[i].args[1], NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (args, &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_cmpuint (count_lines (err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "corescope run: "));
      g_assert_nonnull (strstr (err, cases[i].names));
    }
}

static void
test_small_sweep (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-cli-run-XXXXXX", &error);
  g_autofree char *json = g_build_filename (dir, "r.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "r.csv", NULL);
  g_autofree char *summary = g_build_filename (dir, "r-summary.csv", NULL);
  g_autofree char *png = g_build_filename (dir, "r.png", NULL);
  const char *args[] = { "run", "--preset", "io-wait", "--modes", "thread,gil", "--workers",
                         "1,2", "--reps", "2", "--param", "tasks=4", "--param", "latency=1ms",
                         "--json", json, "--csv", csv, "--png", png, NULL };
  g_autofree char *png_data = NULL;
  gsize png_size = 0;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_autoptr (CsResult) result = cs_result_load (json, &error);
  g_assert_no_error (error);
  guint again = 0;
  for (guint i = 0; i < result->runs->len; i++)
    again += ((CsRun *) g_ptr_array_index (result->runs, i))->remeasured;
  /* the table: a header and one row per point, then the observer's share (and a line on the
   * runs measured again, when the CLI itself disturbed any); then a blank line and the
   * verdict's headline (two repetitions decide nothing: inconclusive, and what would settle
   * it) */
  g_assert_true (g_str_has_prefix (out, "mode"));
  g_assert_cmpuint (count_lines (out), ==, 9 + (again > 0));
  g_assert_nonnull (strstr (out, "gil"));
  g_assert_nonnull (strstr (out, "Corescope itself used"));
  g_assert_nonnull (strstr (out, "\n\nInconclusive: "));
  g_assert_nonnull (strstr (out, "\nTo settle it: "));
  /* not a terminal: plain progress lines, one per run (2 points x 2 modes x 3 rounds), and one
   * per run measured again */
  g_assert_cmpuint (count_lines (err), ==, 12 + again);

  g_assert_true (result->complete);
  g_assert_cmpuint (result->runs->len, ==, 8 + again);
  g_assert_cmpstr (result->stop_reason, ==, "fixed repetitions");
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (summary, G_FILE_TEST_IS_REGULAR));
  /* --png: a real PNG of the default 1600x1000 chart (width and height in the IHDR chunk) */
  g_assert_true (g_file_get_contents (png, &png_data, &png_size, &error));
  g_assert_cmpuint (png_size, >, 24);
  g_assert_cmpmem (png_data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (png_data + 16)), ==, 1600);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (png_data + 20)), ==, 1000);
  g_unlink (png);
  g_unlink (json);
  g_unlink (csv);
  g_unlink (summary);
  g_rmdir (dir);
}

/* Ctrl-C: the sweep stops, the table and the file still come, marked incomplete; status 130. */
static void
test_interrupt (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-cli-run-XXXXXX", &error);
  g_autofree char *json = g_build_filename (dir, "r.json", NULL);
  const char *argv[] = { cli_path (), "run", "--preset", "io-wait", "--modes",
                         "thread,gil,process", "--workers", "1,2", "--reps", "50", "--quiet",
                         "--param", "latency=5ms", "--json", json, NULL };
  GPid pid;
  int status = 0;

  g_assert_no_error (error);
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid,
                 &error);
  g_assert_no_error (error);
  g_usleep (1500 * 1000);
  gint64 start = g_get_monotonic_time ();
  kill (pid, SIGINT);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 128 + SIGINT);

  g_autoptr (CsResult) result = cs_result_load (json, &error);
  g_assert_no_error (error);
  g_assert_false (result->complete);
  g_assert_cmpuint (result->runs->len, >, 0);
  g_assert_cmpuint (result->runs->len, <, 3 * 2 * 50);
  g_unlink (json);
  g_rmdir (dir);
}

/* SIGKILL mid-sweep: nothing can run at exit, yet the runs measured so far are in the journal
 * (XDG data dir), marked incomplete; a sweep that ends normally leaves no journal. */
static void
test_journal (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-cli-run-XXXXXX", &error);
  g_autofree char *journal_dir = g_build_filename (dir, "corescope", NULL);
  g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", dir, TRUE);
  const char *argv[] = { cli_path (), "run", "--preset", "io-wait", "--modes", "thread",
                         "--workers", "1,2", "--reps", "200", "--warmup", "0", "--quiet",
                         "--param", "tasks=4", "--param", "latency=5ms", NULL };
  g_auto (GStrv) journals = NULL;
  GPid pid;
  int status = 0;

  g_assert_no_error (error);
  g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD |
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid,
                 &error);
  g_assert_no_error (error);
  g_usleep (1500 * 1000);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  journals = cs_journal_find_recoverable (journal_dir);
  g_assert_cmpuint (g_strv_length (journals), ==, 1);
  g_autoptr (CsResult) partial = cs_journal_recover (journals[0], &error);
  g_assert_no_error (error);
  g_assert_false (partial->complete);
  g_assert_cmpuint (partial->runs->len, >, 0);
  g_assert_cmpuint (partial->runs->len, <, 2 * 200);
  g_assert_true (cs_journal_discard (journals[0], &error));

  /* a sweep that finishes removes its journal */
  argv[9] = "1"; /* --reps */
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_auto (GStrv) left = cs_journal_find_recoverable (journal_dir);
  g_assert_cmpuint (g_strv_length (left), ==, 0);
  g_rmdir (journal_dir);
  g_rmdir (dir);
}

static void
test_presets (void)
{
  const char *all[] = { "presets", NULL };
  const char *one[] = { "presets", "io-wait", NULL };
  const char *bad[] = { "presets", "nope", NULL };
  g_autofree char *out = NULL;
  g_autofree char *out_one = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (all, &out, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "cpu "));
  g_assert_nonnull (strstr (out, "\nio-wait "));
  g_assert_nonnull (strstr (out, "numbers"));
  g_assert_cmpint (run_cli (one, &out_one, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out_one, "io-wait "));
  g_assert_nonnull (strstr (out_one, "latency"));
  g_assert_nonnull (strstr (out_one, "poll | nanosleep"));
  g_assert_cmpint (run_cli (bad, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "nope"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-run/bad-values", test_bad_values);
  g_test_add_func ("/cli-run/small-sweep", test_small_sweep);
  g_test_add_func ("/cli-run/interrupt", test_interrupt);
  g_test_add_func ("/cli-run/journal", test_journal);
  g_test_add_func ("/cli-run/presets", test_presets);
  return g_test_run ();
}
