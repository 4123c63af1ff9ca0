/* test-cli-fleet.c: `corescope compare` and `corescope chart` on a folder of results, per core
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/wait.h>

#include "fleet-test-util.h"

typedef struct
{
  char *out, *err;
  int   status;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
run_cli (CliRun *run, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  int status = -1;

  cli_run_clear (run);
  g_ptr_array_add (argv, (char *) g_getenv ("CORESCOPE_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &status, NULL));
  run->status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static gboolean
have_cli (void)
{
  if (g_getenv ("CORESCOPE_CLI") != NULL)
    return TRUE;
  g_test_skip ("CORESCOPE_CLI is not set");
  return FALSE;
}

/* A folder stands for its result files, by name; a bad one is a warning, not a failure. */
static void
test_compare_folder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *alpha = NULL;
  CliRun run = { 0 };

  if (!have_cli ())
    return;
  dir = fleet_test_make_dir ();
  alpha = g_build_filename (dir, "alpha.json", NULL);
  fleet_test_write (dir, "broken.json", "{\"format\":");
  run_cli (&run, (const char *[]) { "compare", dir, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "[1] "));
  g_assert_nonnull (strstr (run.out, alpha));
  g_assert_nonnull (strstr (run.out, "host: alpha"));
  g_assert_true (strstr (run.out, "alpha.json") < strstr (run.out, "beta.json"));
  g_assert_null (strstr (run.out, "cores [1]"));
  g_assert_true (g_str_has_prefix (run.err, "corescope compare: warning: skipped broken.json: "));
  g_assert_cmpuint (strlen (run.err), ==, strchr (run.err, '\n') - run.err + 1);

  /* alpha has 2 cores, beta 8: 2 workers are 100 % of alpha's and 25 % of beta's. */
  run_cli (&run, (const char *[]) { "compare", "--per-core", dir, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "cores [1]"));
  g_assert_nonnull (strstr (run.out, "cores [2]"));
  g_assert_true (g_regex_match_simple ("thread +2 +100 % +25 %", run.out, 0, 0));
  g_assert_true (g_regex_match_simple ("thread +8 +400 % +100 %", run.out, 0, 0));
  cli_run_clear (&run);
  fleet_test_remove_dir (dir);
}

static void
test_compare_folder_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  CliRun run = { 0 };

  if (!have_cli ())
    return;
  dir = g_dir_make_tmp ("cs-fleet-XXXXXX", &error);
  run_cli (&run, (const char *[]) { "compare", dir, NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no result files"));
  g_assert_cmpuint (strlen (run.err), ==, strchr (run.err, '\n') - run.err + 1);

  /* One result is not a comparison. */
  fleet_test_save (dir, "solo.json", fleet_test_result ("solo", 2, (guint[]) { 1, 2 }, 2));
  run_cli (&run, (const char *[]) { "compare", dir, NULL });
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "at least two"));

  /* A folder and a file together: three results. */
  {
    g_autofree char *solo = g_build_filename (dir, "solo.json", NULL);
    g_autofree char *fleet = fleet_test_make_dir ();

    run_cli (&run, (const char *[]) { "compare", fleet, solo, NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "[3] "));
    fleet_test_remove_dir (fleet);
  }
  cli_run_clear (&run);
  fleet_test_remove_dir (dir);
}

/* x = workers / that machine's cores in the CSV; the PNG is drawn. */
static void
test_chart_per_core (void)
{
  g_autofree char *dir = NULL, *out_dir = NULL;
  g_autofree char *csv_path = NULL, *png_path = NULL, *csv = NULL, *png = NULL;
  g_autoptr (GError) error = NULL;
  gsize png_len = 0;
  CliRun run = { 0 };

  if (!have_cli ())
    return;
  dir = fleet_test_make_dir ();
  out_dir = g_dir_make_tmp ("cs-fleet-out-XXXXXX", &error);
  csv_path = g_build_filename (out_dir, "fleet.csv", NULL);
  png_path = g_build_filename (out_dir, "fleet.png", NULL);
  run_cli (&run, (const char *[]) { "chart", dir, "--per-core", "--kind", "efficiency",
                                    "--csv", csv_path, "--png", png_path, "--size", "800x500",
                                    NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "series,workers,per_core,value,"));
  g_assert_nonnull (strstr (csv, "\nThreads · alpha,1,0.5,"));
  g_assert_nonnull (strstr (csv, "\nThreads · alpha,2,1,"));
  g_assert_nonnull (strstr (csv, "\nThreads · beta,2,0.25,"));
  g_assert_nonnull (strstr (csv, "\nThreads · beta,8,1,"));
  g_assert_true (g_file_get_contents (png_path, &png, &png_len, NULL));
  g_assert_cmpuint (png_len, >, 8);
  g_assert_true (memcmp (png, "\x89PNG", 4) == 0);

  /* Without --per-core the x column is the workers and there is no per_core column. */
  run_cli (&run, (const char *[]) { "chart", dir, "--csv", "-", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "series,workers,value,"));
  cli_run_clear (&run);
  fleet_test_remove_dir (out_dir);
  fleet_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-fleet/compare-folder", test_compare_folder);
  g_test_add_func ("/cli-fleet/compare-folder-errors", test_compare_folder_errors);
  g_test_add_func ("/cli-fleet/chart-per-core", test_chart_per_core);
  return g_test_run ();
}
