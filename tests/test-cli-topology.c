/* test-cli-topology.c: `corescope topology` run as a user would, through corescope-cli
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  char *out;
  char *err;
  int   status; /* the exit status, not the raw wait status */
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* Runs `corescope-cli topology ARGS...` in the C locale, so messages are untranslated. */
static void
run_cli (CliRun *run, const char *first_arg, ...)
{
  const char *cli = g_getenv ("CORESCOPE_CLI");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "topology");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static JsonObject *
parse_object (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static void
test_local_summary (void)
{
  g_auto (CliRun) run = { 0 };

  run_cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "Packages:"));
  g_assert_nonnull (strstr (run.out, "Cores:"));
  g_assert_nonnull (strstr (run.out, "PUs:"));
  /* This machine: the host is named. */
  g_assert_nonnull (strstr (run.out, g_get_host_name ()));
}

static void
test_local_json_matches_processors (void)
{
  g_auto (CliRun) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *object;

  run_cli (&run, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (parser, run.out);
  g_assert_true (json_object_get_boolean_member (object, "this-system"));
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "local");
  g_assert_true (json_object_has_member (object, "machine"));
  /* g_get_num_processors () counts the PUs this process may use: hwloc sees at least those. */
  g_assert_cmpint (json_object_get_int_member (object, "pus"), >=, g_get_num_processors ());
  g_assert_cmpint (json_object_get_int_member (object, "cores"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (object, "packages"), >=, 1);
}

static void
test_synthetic_json (void)
{
  g_auto (CliRun) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonArray *numa;

  run_cli (&run, "--synthetic", "pack:2 numa:2 core:16 pu:2", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  object = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "synthetic");
  g_assert_false (json_object_get_boolean_member (object, "this-system"));
  g_assert_false (json_object_has_member (object, "machine"));
  g_assert_cmpint (json_object_get_int_member (object, "packages"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "numa-nodes"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (object, "cores"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (object, "pus"), ==, 128);
  g_assert_cmpint (json_object_get_int_member (object, "smt-width"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "summary"), ==,
                   "2 packages, 4 NUMA nodes, 64 cores, 128 PUs");
  g_assert_false (json_object_has_member (object, "placement"));

  /* hwloc gives every synthetic NUMA node 1 GiB */
  numa = json_object_get_array_member (object, "numa");
  g_assert_cmpuint (json_array_get_length (numa), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *node = json_array_get_object_element (numa, i);
      g_assert_cmpint (json_object_get_int_member (node, "os-index"), ==, i);
      g_assert_cmpint (json_object_get_int_member (node, "memory"), ==,
                       G_GINT64_CONSTANT (1) << 30);
    }
}

static void
test_tree (void)
{
  g_auto (CliRun) run = { 0 };

  run_cli (&run, "--synthetic", "pack:2 numa:2 core:16 pu:2", "--tree", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "NUMA nodes:    4 (1 GiB each)\n"));
  g_assert_nonnull (strstr (run.out, "\nMachine L#0\n  Package L#0 (P#0)\n"));
  /* the last PU, indented below machine ▸ package ▸ group ▸ core */
  g_assert_nonnull (strstr (run.out, "\n        PU L#127 (P#127)\n"));
}

static void
test_caches_json (void)
{
  g_auto (CliRun) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *caches, *l3_sets;
  JsonObject *l3;

  run_cli (&run, "--synthetic", "pack:2 l3:1(size=8MiB) core:4 l2:1 pu:2", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  caches = json_object_get_array_member (parse_object (parser, run.out), "caches");
  g_assert_cmpuint (json_array_get_length (caches), ==, 2);
  l3 = json_array_get_object_element (caches, 1);
  g_assert_cmpstr (json_object_get_string_member (l3, "name"), ==, "L3");
  g_assert_cmpint (json_object_get_int_member (l3, "size-bytes"), ==, 8 << 20);
  g_assert_cmpint (json_object_get_int_member (l3, "instances"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (l3, "pus-per-instance"), ==, 8);
  l3_sets = json_object_get_array_member (l3, "cpusets");
  g_assert_cmpuint (json_array_get_length (l3_sets), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (l3_sets, 0), ==, "0-7");
  g_assert_cmpstr (json_array_get_string_element (l3_sets, 1), ==, "8-15");
}

static void
test_placement_json (void)
{
  g_auto (CliRun) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *placement;
  JsonArray *workers;
  const gint64 expected[] = { 0, 2, 4, 6, 8 };

  run_cli (&run, "--synthetic", "pack:2 core:4 pu:2", "--json", "--placement", "cores-only",
           "--workers", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  placement = json_object_get_object_member (parse_object (parser, run.out), "placement");
  g_assert_cmpstr (json_object_get_string_member (placement, "policy"), ==, "cores-only");
  workers = json_object_get_array_member (placement, "workers");
  g_assert_cmpuint (json_array_get_length (workers), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonArray *pus = json_array_get_array_element (workers, i);
      g_assert_cmpuint (json_array_get_length (pus), ==, 1);
      /* cores-only: the first PU of each core in turn (core c holds PUs 2c, 2c+1) */
      g_assert_cmpint (json_array_get_int_element (pus, 0), ==, expected[i]);
    }
}

static void
test_placement_text (void)
{
  g_auto (CliRun) run = { 0 };

  run_cli (&run, "--synthetic", "pack:2 core:4 pu:2", "--placement", "scatter", "--workers",
           "18", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Placement scatter, 18 workers:"));
  g_assert_nonnull (strstr (run.out, "worker 1   PU 1\n"));
  /* 18 workers on 16 PUs: the last two wrap round-robin to the first PUs. */
  g_assert_nonnull (strstr (run.out, "worker 16  PU 0\n"));
  g_assert_nonnull (strstr (run.out, "worker 17  PU 1\n"));
}

static void
test_export_and_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-cli-topology-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "machine.xml", NULL);
  g_auto (CliRun) export = { 0 };
  g_auto (CliRun) input = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *object;

  run_cli (&export, "--synthetic", "pack:2 core:4 pu:2", "--export-xml", path, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  run_cli (&input, "--input", path, "--json", NULL);
  g_assert_cmpint (input.status, ==, 0);
  object = parse_object (parser, input.out);
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "xml");
  g_assert_cmpint (json_object_get_int_member (object, "packages"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "cores"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (object, "pus"), ==, 16);

  g_unlink (path);
  g_rmdir (dir);
}

/* A usage error is one line on stderr and exit status 2. */
static void
assert_usage_error (const char *expected_text, const char *first_arg, ...)
{
  g_auto (CliRun) run = { 0 };
  const char *args[8] = { NULL };
  guint n = 0;
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL && n < 7; arg = va_arg (ap, const char *))
    args[n++] = arg;
  va_end (ap);
  run_cli (&run, args[0], args[1], args[2], args[3], args[4], args[5], args[6], NULL);
  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "corescope topology: "));
  g_assert_true (g_str_has_suffix (run.err, "\n"));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  g_assert_nonnull (strstr (run.err, expected_text));
}

static void
test_bad_arguments (void)
{
  assert_usage_error ("--frobnicate", "--frobnicate", NULL);
  assert_usage_error ("--placement", "--placement", NULL);
  assert_usage_error ("“spread”", "--placement", "spread", "--workers", "2", NULL);
  assert_usage_error ("--workers", "--placement", "compact", "--workers", "zero", NULL);
  assert_usage_error ("--workers", "--placement", "compact", "--workers", "0", NULL);
  assert_usage_error ("--placement", "--workers", "4", NULL);
  assert_usage_error ("together", "--input", "a.xml", "--synthetic", "pu:1", NULL);
  assert_usage_error ("unexpected", "extra", NULL);
}

static void
test_bad_inputs (void)
{
  g_auto (CliRun) missing = { 0 };
  g_auto (CliRun) synthetic = { 0 };

  /* Not usage errors: the arguments are fine, the input is not (exit status 1). */
  run_cli (&missing, "--input", "/nonexistent/corescope.xml", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "corescope.xml"));
  run_cli (&synthetic, "--synthetic", "pack:two", NULL);
  g_assert_cmpint (synthetic.status, ==, 1);
  g_assert_nonnull (strstr (synthetic.err, "not a valid hwloc synthetic description"));
}

static void
test_help (void)
{
  g_auto (CliRun) run = { 0 };

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Usage: corescope topology"));
  g_assert_nonnull (strstr (run.out, "--synthetic"));
  g_assert_nonnull (strstr (run.out, "cores-only"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/topology/local", test_local_summary);
  g_test_add_func ("/cli/topology/local-json", test_local_json_matches_processors);
  g_test_add_func ("/cli/topology/synthetic-json", test_synthetic_json);
  g_test_add_func ("/cli/topology/caches-json", test_caches_json);
  g_test_add_func ("/cli/topology/tree", test_tree);
  g_test_add_func ("/cli/topology/placement-json", test_placement_json);
  g_test_add_func ("/cli/topology/placement-text", test_placement_text);
  g_test_add_func ("/cli/topology/export-and-input", test_export_and_input);
  g_test_add_func ("/cli/topology/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/topology/bad-inputs", test_bad_inputs);
  g_test_add_func ("/cli/topology/help", test_help);

  return g_test_run ();
}
