/* test-result-dir.c: loading every result file of a directory (a fleet sweep's output)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-result-dir.h"
#include "fleet-test-util.h"

static const char *
hostname_at (const CsResultDir *dir, guint i)
{
  return ((const CsResult *) g_ptr_array_index (dir->results, i))->machine->hostname;
}

/* Sorted by file name, whatever order the directory lists them in; other files are ignored. */
static void
test_good_files (void)
{
  g_autofree char *path = fleet_test_make_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResultDir) dir = NULL;

  fleet_test_save (path, "0-gamma.json", fleet_test_result ("gamma", 4, (guint[]) { 1 }, 1));
  fleet_test_write (path, "notes.txt", "not a result");
  fleet_test_write (path, ".beta.json.TMP1", "{");
  fleet_test_write (path, ".partial.json", "{");
  dir = cs_result_dir_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dir);
  g_assert_cmpuint (dir->results->len, ==, 3);
  g_assert_cmpstr (hostname_at (dir, 0), ==, "gamma");
  g_assert_cmpstr (hostname_at (dir, 1), ==, "alpha");
  g_assert_cmpstr (hostname_at (dir, 2), ==, "beta");
  g_assert_cmpstr (g_ptr_array_index (dir->files, 1), ==, "alpha.json");
  g_assert_cmpuint (dir->skipped->len, ==, 0);
  g_assert_null (cs_result_dir_skipped_summary (dir));
  g_assert_cmpstr (dir->path, ==, path);
  fleet_test_remove_dir (path);
}

/* A bad file is skipped with one line naming it; the others still load. */
static void
test_bad_file (void)
{
  g_autofree char *path = fleet_test_make_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResultDir) dir = NULL;
  g_autofree char *summary = NULL;

  fleet_test_write (path, "broken.json", "{\"format\": \"corescope-result\",\n\"format_version\":");
  fleet_test_write (path, "future.json", "{\"format\": \"corescope-result\", "
                                         "\"format_version\": 99}");
  dir = cs_result_dir_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dir->results->len, ==, 2);
  g_assert_cmpuint (dir->skipped->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (dir->skipped, 0), "broken.json: "));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (dir->skipped, 1), "future.json: "));
  for (guint i = 0; i < dir->skipped->len; i++)
    g_assert_null (strchr (g_ptr_array_index (dir->skipped, i), '\n'));
  summary = cs_result_dir_skipped_summary (dir);
  g_assert_nonnull (strstr (summary, "broken.json: "));
  g_assert_nonnull (strstr (summary, "; future.json: "));
  g_assert_null (strchr (summary, '\n'));
  fleet_test_remove_dir (path);
}

/* Only bad files: an error naming the folder and the first bad file. */
static void
test_all_bad (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_dir_make_tmp ("cs-fleet-XXXXXX", &error);
  CsResultDir *dir;

  fleet_test_write (path, "a.json", "[]");
  fleet_test_write (path, "b.json", "nonsense");
  dir = cs_result_dir_load (path, &error);
  g_assert_null (dir);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "a.json: "));
  g_assert_nonnull (strstr (error->message, " 2 "));
  g_assert_null (strchr (error->message, '\n'));
  fleet_test_remove_dir (path);
}

static void
test_empty_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_dir_make_tmp ("cs-fleet-XXXXXX", &error);
  CsResultDir *dir;

  fleet_test_write (path, "README", "results go here");
  dir = cs_result_dir_load (path, &error);
  g_assert_null (dir);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no result files"));
  fleet_test_remove_dir (path);
}

static void
test_missing_dir (void)
{
  g_autoptr (GError) error = NULL;
  CsResultDir *dir = cs_result_dir_load ("/nonexistent/fleet-dir", &error);

  g_assert_null (dir);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/fleet-dir"));
}

static void
test_result_names (void)
{
  g_assert_true (cs_result_dir_is_result_name ("host-1.json"));
  g_assert_true (cs_result_dir_is_result_name ("HOST.JSON"));
  g_assert_false (cs_result_dir_is_result_name (".json"));
  g_assert_false (cs_result_dir_is_result_name (".host.json"));
  g_assert_false (cs_result_dir_is_result_name ("host.json.tmp"));
  g_assert_false (cs_result_dir_is_result_name ("host.csv"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/result-dir/good-files", test_good_files);
  g_test_add_func ("/result-dir/bad-file", test_bad_file);
  g_test_add_func ("/result-dir/all-bad", test_all_bad);
  g_test_add_func ("/result-dir/empty", test_empty_dir);
  g_test_add_func ("/result-dir/missing", test_missing_dir);
  g_test_add_func ("/result-dir/names", test_result_names);
  return g_test_run ();
}
