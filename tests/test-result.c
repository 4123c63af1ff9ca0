/* test-result.c: result files: JSON round trip, validation errors, CSV exports
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cs-gil.h"
#include "cs-result.h"
#include "cs-stats.h"

static CsMachine *
make_machine (void)
{
  CsMachine *m = cs_machine_new ();

  m->hostname = g_strdup ("bench-host");
  m->os_name = g_strdup ("Debian GNU/Linux 12 (bookworm)");
  m->kernel = g_strdup ("Linux 6.1.0");
  m->arch = g_strdup ("x86_64");
  m->cpu_model = g_strdup ("Example CPU @ 3.00GHz");
  m->total_memory = G_GUINT64_CONSTANT (17179869184);
  m->n_packages = 1;
  m->n_numa_nodes = 1;
  m->n_cores = 4;
  m->n_pus = 8;
  m->smt_width = 2;
  m->topology_summary = g_strdup ("1 package, 4 cores, 8 PUs");
  m->topology_xml = g_strdup ("<?xml version=\"1.0\"?>\n<topology version=\"2.0\">\n"
                              "  <object type=\"Machine\" os_index=\"0\"/>\n</topology>\n");
  return m;
}

static CsRun *
make_run (CsMode mode, guint workers, guint rep, double wall)
{
  CsRun *r = cs_run_new ();

  r->mode = mode;
  r->workers = workers;
  r->rep = rep;
  r->wall_s = wall;
  r->user_s = wall * workers * 0.97;
  r->sys_s = 0.0123456789;
  r->startup_s = mode == CS_MODE_PROCESS ? 0.0142 : 0.00003;
  r->dispatch_s = 0.001 / 3;
  r->voluntary_cs = 12 + rep;
  r->involuntary_cs = 3;
  r->max_rss_kb = 20480;
  r->tasks = 1000;
  r->checksum = G_GUINT64_CONSTANT (0xfedcba9876543210); /* above INT64_MAX on purpose */
  if (mode == CS_MODE_GIL)
    {
      cs_run_set_counter (r, CS_GIL_COUNTER_SWITCHES, 4321);
      cs_run_set_counter (r, CS_GIL_COUNTER_WAIT_S, 0.75);
    }
  r->units = 2.5;
  r->mem_total_kb = mode == CS_MODE_GIL ? 1536 : -1; /* -1: not measured, an empty CSV cell */
  r->mem_peak_kb = mode == CS_MODE_GIL ? 2048 : -1;
  return r;
}

/* thread and gil at 1, 2 workers, 3 reps each; one failed gil run. */
static CsResult *
make_result (void)
{
  CsSweepConfig *c = cs_sweep_config_new ();
  CsResult *result;
  static const double t1[] = { 1.0, 1.1, 0.9 };
  CsRun *failed;

  cs_sweep_config_set_modes (c, (CsMode[]) { CS_MODE_THREAD, CS_MODE_GIL }, 2);
  cs_mode_config_set (&c->modes[0].options, "pool", "persistent");
  cs_mode_config_set (&c->modes[1].options, "switch-interval", "2ms");
  cs_mode_config_set (&c->modes[1].options, "pool", "persistent");
  cs_mode_config_set (&c->modes[1].info, "note", "emulated, \"quoted\"");
  g_free (c->workers);
  c->workers = g_new (guint, 2);
  c->workers[0] = 1;
  c->workers[1] = 2;
  c->n_workers = 2;
  c->reps = 3;
  c->placement = CS_PLACEMENT_COMPACT;
  c->timeout_s = 30;
  c->chunk_size = 4;
  g_strfreev (c->params);
  c->params = g_strsplit ("tasks=1000;task-time=5ms", ";", -1);

  result = cs_result_new (make_machine (), c);
  result->finished = g_date_time_add_seconds (result->started, 12.5);
  result->complete = TRUE;
  result->label = g_strdup ("laptop, \"quiet\"");
  result->work_unit = g_strdup ("tasks");
  result->throughput_unit = g_strdup ("GB/s");
  for (guint rep = 0; rep < 3; rep++)
    {
      cs_result_add_run (result, make_run (CS_MODE_THREAD, 1, rep, t1[rep]));
      cs_result_add_run (result, make_run (CS_MODE_THREAD, 2, rep, t1[rep] / 2));
      cs_result_add_run (result, make_run (CS_MODE_GIL, 1, rep, t1[rep]));
      cs_result_add_run (result, make_run (CS_MODE_GIL, 2, rep, t1[rep] * 0.95));
    }
  failed = make_run (CS_MODE_GIL, 2, 3, NAN);
  failed->status = CS_RUN_FAILED;
  failed->reason = g_strdup ("worker 2 killed by SIGSEGV, \"core dumped\"");
  cs_result_add_run (result, failed);
  return result;
}

static void
assert_same_double (double a, double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_machine (const CsMachine *a, const CsMachine *b)
{
  g_assert_cmpstr (a->hostname, ==, b->hostname);
  g_assert_cmpstr (a->os_name, ==, b->os_name);
  g_assert_cmpstr (a->kernel, ==, b->kernel);
  g_assert_cmpstr (a->arch, ==, b->arch);
  g_assert_cmpstr (a->cpu_model, ==, b->cpu_model);
  g_assert_cmpuint (a->total_memory, ==, b->total_memory);
  g_assert_cmpuint (a->n_packages, ==, b->n_packages);
  g_assert_cmpuint (a->n_numa_nodes, ==, b->n_numa_nodes);
  g_assert_cmpuint (a->n_cores, ==, b->n_cores);
  g_assert_cmpuint (a->n_pus, ==, b->n_pus);
  g_assert_cmpuint (a->smt_width, ==, b->smt_width);
  g_assert_cmpstr (a->topology_summary, ==, b->topology_summary);
  g_assert_cmpstr (a->topology_xml, ==, b->topology_xml);
}

static void
assert_same_config (const CsSweepConfig *a, const CsSweepConfig *b)
{
  g_assert_cmpstr (a->preset, ==, b->preset);
  g_assert_cmpstrv (a->params, b->params);
  g_assert_cmpuint (a->n_modes, ==, b->n_modes);
  for (guint i = 0; i < a->n_modes; i++)
    {
      g_assert_cmpuint (a->modes[i].mode, ==, b->modes[i].mode);
      g_assert_cmpstrv (a->modes[i].options, b->modes[i].options);
      g_assert_cmpstrv (a->modes[i].info, b->modes[i].info);
    }
  g_assert_cmpmem (a->workers, a->n_workers * sizeof (guint), b->workers,
                   b->n_workers * sizeof (guint));
  g_assert_cmpuint (a->reps, ==, b->reps);
  g_assert_cmpuint (a->warmup, ==, b->warmup);
  g_assert_cmpint (a->scaling, ==, b->scaling);
  g_assert_cmpint (a->placement, ==, b->placement);
  g_assert_cmpfloat (a->timeout_s, ==, b->timeout_s);
  g_assert_cmpuint (a->chunk_size, ==, b->chunk_size);
}

static void
assert_same_run (const CsRun *a, const CsRun *b)
{
  g_assert_cmpint (a->mode, ==, b->mode);
  g_assert_cmpuint (a->workers, ==, b->workers);
  g_assert_cmpuint (a->rep, ==, b->rep);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpstr (a->reason, ==, b->reason);
  assert_same_double (a->wall_s, b->wall_s);
  assert_same_double (a->user_s, b->user_s);
  assert_same_double (a->sys_s, b->sys_s);
  assert_same_double (a->startup_s, b->startup_s);
  assert_same_double (a->dispatch_s, b->dispatch_s);
  g_assert_cmpint (a->voluntary_cs, ==, b->voluntary_cs);
  g_assert_cmpint (a->involuntary_cs, ==, b->involuntary_cs);
  g_assert_cmpint (a->max_rss_kb, ==, b->max_rss_kb);
  g_assert_cmpuint (a->tasks, ==, b->tasks);
  g_assert_cmpuint (a->checksum, ==, b->checksum);
  g_assert_cmpuint (a->n_counters, ==, b->n_counters);
  for (guint i = 0; i < a->n_counters; i++)
    {
      g_assert_cmpstr (a->counters[i].name, ==, b->counters[i].name);
      assert_same_double (a->counters[i].value, b->counters[i].value);
    }
  assert_same_double (a->units, b->units);
  g_assert_cmpint (a->mem_total_kb, ==, b->mem_total_kb);
  g_assert_cmpint (a->mem_peak_kb, ==, b->mem_peak_kb);
}

static void
assert_same_result (const CsResult *a, const CsResult *b)
{
  g_assert_cmpint (a->format_version, ==, b->format_version);
  g_assert_cmpstr (a->corescope_version, ==, b->corescope_version);
  g_assert_cmpstr (a->build, ==, b->build);
  g_assert_true (g_date_time_equal (a->started, b->started));
  g_assert_true (g_date_time_equal (a->finished, b->finished));
  g_assert_cmpint (a->complete, ==, b->complete);
  g_assert_cmpstr (a->label, ==, b->label);
  g_assert_cmpstr (a->work_unit, ==, b->work_unit);
  g_assert_cmpstr (a->throughput_unit, ==, b->throughput_unit);
  assert_same_machine (a->machine, b->machine);
  assert_same_config (a->config, b->config);
  g_assert_cmpuint (a->runs->len, ==, b->runs->len);
  for (guint i = 0; i < a->runs->len; i++)
    assert_same_run (g_ptr_array_index (a->runs, i), g_ptr_array_index (b->runs, i));
}

static void
test_defaults (void)
{
  g_autoptr(CsSweepConfig) c = cs_sweep_config_new ();

  g_assert_cmpuint (c->n_modes, ==, 1);
  g_assert_cmpint (c->modes[0].mode, ==, CS_MODE_THREAD);
  g_assert_cmpstrv (c->modes[0].options, (const char *const[]) { NULL });
  g_assert_cmpuint (c->n_workers, ==, 1);
  g_assert_cmpuint (c->workers[0], ==, 1);
  g_assert_cmpuint (c->reps, ==, 5);
  g_assert_cmpuint (c->warmup, ==, 1);
  g_assert_cmpint (c->scaling, ==, CS_SCALING_STRONG);
  g_assert_cmpint (c->placement, ==, CS_PLACEMENT_NONE);
  g_assert_cmpfloat (c->timeout_s, ==, 0);
  g_assert_cmpuint (c->chunk_size, ==, 1);
}

static void
test_copy (void)
{
  g_autoptr(CsResult) a = make_result ();
  g_autoptr(CsResult) b = cs_result_copy (a);

  CsResult *ref;

  /* a copy has its own list of runs and configuration; the runs and the machine, which are not
   * changed once shared, are shared by reference */
  g_assert_true (a->runs != b->runs);
  g_assert_true (a->runs->pdata[0] == b->runs->pdata[0]);
  g_assert_true (a->machine == b->machine);
  g_assert_true (a->config != b->config);
  assert_same_result (a, b);
  cs_result_add_run (b, cs_run_new ());
  g_assert_cmpuint (b->runs->len, ==, a->runs->len + 1);
  /* a reference is the same result, and outlives the one it was taken from */
  ref = cs_result_ref (b);
  g_assert_true (ref == b);
  g_clear_pointer (&b, cs_result_free);
  g_assert_cmpuint (ref->runs->len, ==, a->runs->len + 1);
  assert_same_result (a, a);
  cs_result_free (ref);
}

static void
test_json_round_trip (void)
{
  g_autoptr(CsResult) a = make_result ();
  g_autoptr(CsResult) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gsize length;

  json = cs_result_to_json (a, &length);
  g_assert_nonnull (strstr (json, "\"format\" : \"corescope-result\""));
  g_assert_nonnull (strstr (json, "\"checksum\" : \"fedcba9876543210\""));
  g_assert_nonnull (strstr (json, "\"version\" : \"" PACKAGE_VERSION "\""));
  g_assert_nonnull (strstr (json, CS_BUILD_COMPILER));
  b = cs_result_from_json (json, length, "mem.json", &error);
  g_assert_no_error (error);
  assert_same_result (a, b);
}

static void
test_save_load (void)
{
  g_autoptr(CsResult) a = make_result ();
  g_autoptr(CsResult) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-result-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "result.json", NULL);
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  g_assert_no_error (error);
  g_assert_true (cs_result_save (a, path, &error));
  g_assert_no_error (error);
  g_assert_true (cs_result_save (a, path, &error)); /* replacing works too */
  b = cs_result_load (path, &error);
  g_assert_no_error (error);
  assert_same_result (a, b);

  /* the atomic write leaves no temporary file behind */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
  g_remove (path);
  g_rmdir (dir);

  g_assert_null (cs_result_load ("/nonexistent/result.json", &error));
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/result.json"));
}

/* Edits the JSON of make_result () with a callback, then loads it. */
typedef void (*EditFunc) (JsonObject *root);

static CsResult *
load_edited (EditFunc edit, GError **error)
{
  g_autoptr(CsResult) a = make_result ();
  g_autofree char *json = cs_result_to_json (a, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *edited = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  edit (json_node_get_object (json_parser_get_root (parser)));
  json_generator_set_root (gen, json_parser_get_root (parser));
  edited = json_generator_to_data (gen, NULL);
  return cs_result_from_json (edited, -1, "result.json", error);
}

static JsonObject *
run_object (JsonObject *root, guint i)
{
  return json_array_get_object_element (json_object_get_array_member (root, "runs"), i);
}

static void edit_wall_type (JsonObject *root) { json_object_set_string_member (run_object (root, 3), "wall_s", "fast"); }
static void edit_drop_reps (JsonObject *root) { json_object_remove_member (json_object_get_object_member (root, "config"), "reps"); }
static void edit_future (JsonObject *root) { json_object_set_int_member (root, "format_version", CS_RESULT_FORMAT_VERSION + 1); }
static void edit_format (JsonObject *root) { json_object_set_string_member (root, "format", "hyperfine"); }
static void edit_mode (JsonObject *root) { json_object_set_string_member (run_object (root, 2), "mode", "fibre"); }
static void edit_workers (JsonObject *root) { json_object_set_double_member (run_object (root, 0), "workers", 1.5); }
static void edit_runs (JsonObject *root) { json_object_set_string_member (root, "runs", "none"); }
static void edit_cores (JsonObject *root) { json_object_set_int_member (json_object_get_object_member (root, "machine"), "n_cores", -4); }
static void edit_time (JsonObject *root) { json_object_set_string_member (root, "started", "yesterday"); }
static void edit_checksum (JsonObject *root) { json_object_set_string_member (run_object (root, 1), "checksum", "xyz"); }

static void
assert_load_error (EditFunc edit, int code, const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = load_edited (edit, &error);

  g_assert_null (r);
  g_assert_error (error, CS_RESULT_ERROR, code);
  if (!g_str_has_prefix (error->message, "result.json: ") || strstr (error->message, needle) == NULL)
    g_error ("message '%s' lacks the file name or '%s'", error->message, needle);
}

static void
test_load_errors (void)
{
  assert_load_error (edit_wall_type, CS_RESULT_ERROR_INVALID, "'runs[3].wall_s' must be a number");
  assert_load_error (edit_drop_reps, CS_RESULT_ERROR_INVALID, "'config.reps' is missing");
  assert_load_error (edit_future, CS_RESULT_ERROR_FORMAT, "newer than this Corescope");
  assert_load_error (edit_format, CS_RESULT_ERROR_FORMAT, "'hyperfine'");
  assert_load_error (edit_mode, CS_RESULT_ERROR_INVALID, "'runs[2].mode' has an unknown value 'fibre'");
  assert_load_error (edit_workers, CS_RESULT_ERROR_INVALID, "'runs[0].workers' must be an integer");
  assert_load_error (edit_runs, CS_RESULT_ERROR_INVALID, "'runs' must be an array");
  assert_load_error (edit_cores, CS_RESULT_ERROR_INVALID, "'machine.n_cores' must be between 0");
  assert_load_error (edit_time, CS_RESULT_ERROR_INVALID, "'started' must be an ISO 8601");
  assert_load_error (edit_checksum, CS_RESULT_ERROR_INVALID, "'runs[1].checksum'");
}

static void
test_load_truncated (void)
{
  g_autoptr(CsResult) a = make_result ();
  g_autofree char *json = cs_result_to_json (a, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = cs_result_from_json (json, strlen (json) / 2, "cut.json", &error);

  g_assert_null (r);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "cut.json: line "));
  g_clear_error (&error);

  g_assert_null (cs_result_from_json ("", 0, "empty.json", &error));
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_PARSE);
  g_clear_error (&error);

  g_assert_null (cs_result_from_json ("[1, 2]", -1, "list.json", &error));
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_FORMAT);
}

/* Found by fuzz-result: json-glib 1.6 reads "\377" as an octal escape (not JSON) and decodes
 * it into a byte that is not UTF-8, so the result loaded but its own saved JSON did not load
 * again. */
static void
test_load_bad_escape (void)
{
  g_autoptr(CsResult) a = make_result ();
  g_autofree char *json = cs_result_to_json (a, NULL);
  g_autoptr(GString) edited = g_string_new (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = NULL;

  g_assert_cmpuint (g_string_replace (edited, "\"preset\" : \"cpu\"",
                                      "\"preset\" : \"cpu\\377\"", 1), ==, 1);
  r = cs_result_from_json (edited->str, -1, "escape.json", &error);
  g_assert_null (r);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "escape.json"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

/* Issue #20: a file's control characters reach terminals and SVG as text, never raw. */
static void
edit_controls (JsonObject *root)
{
  JsonObject *machine = json_object_get_object_member (root, "machine");
  JsonObject *config = json_object_get_object_member (root, "config");

  json_object_set_string_member (root, "label", "a\x1b[2J\x1b]0;t\x07\rb\tc\nd\xc2\x85""e");
  json_object_set_string_member (machine, "hostname", "h\x1b");
  json_object_set_string_member (json_object_get_object_member (config, "params"), "k\x01",
                                 "v\x7f");
}

static void
test_load_control_characters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = load_edited (edit_controls, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_cmpstr (r->label, ==, "a\\x1b[2J\\x1b]0;t\\x07\\x0db\tc\nd\\u0085e");
  g_assert_cmpstr (r->machine->hostname, ==, "h\\x1b");
  for (guint i = 0; r->config->params[i] != NULL; i++)
    found |= g_str_equal (r->config->params[i], "k\\x01=v\\x7f");
  g_assert_true (found);
}

static void
test_csv (void)
{
  g_autoptr(CsResult) a = make_result ();
  g_autofree char *csv = cs_result_to_csv (a);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  g_assert_cmpstr (lines[0], ==, "preset,mode,workers,rep,status,reason,wall_s,user_s,sys_s,"
                   "startup_s,dispatch_s,voluntary_cs,involuntary_cs,max_rss_kb,tasks,checksum,"
                   "gil_switches,gil_wait_s,units,mem_total_kb,mem_peak_kb");
  g_assert_cmpuint (g_strv_length (lines), ==, a->runs->len + 2); /* header + trailing "" */
  g_assert_cmpstr (lines[3], ==, "cpu,gil,1,0,ok,,1,0.97,0.0123456789,3e-05,0.000333333333,"
                   "12,3,20480,1000,fedcba9876543210,4321,0.75,2.5,1536,2048");
  g_assert_cmpstr (lines[13], ==, "cpu,gil,2,3,failed,\"worker 2 killed by SIGSEGV, "
                   "\"\"core dumped\"\"\",,,0.0123456789,3e-05,0.000333333333,15,3,20480,1000,"
                   "fedcba9876543210,4321,0.75,2.5,1536,2048");
  g_assert_cmpstr (lines[14], ==, "");
}

static void
test_summary_csv (void)
{
  g_autoptr(CsResult) a = make_result ();
  g_autofree char *csv = cs_result_summary_to_csv (a);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  g_assert_cmpstr (lines[0], ==, "preset,mode,workers,n,failed,median_s,min_s,max_s,speedup,"
                   "efficiency");
  g_assert_cmpstr (lines[1], ==, "cpu,thread,1,3,0,1,0.9,1.1,1,1");
  g_assert_cmpstr (lines[2], ==, "cpu,thread,2,3,0,0.5,0.45,0.55,2,1");
  g_assert_cmpstr (lines[3], ==, "cpu,gil,1,3,0,1,0.9,1.1,1,1");
  g_assert_cmpstr (lines[4], ==, "cpu,gil,2,3,1,0.95,0.855,1.045,1.05263158,0.526315789");
  g_assert_cmpstr (lines[5], ==, "");
}

/* tests/data/result-format-1.json, which must load. */
static CsResult *
load_format_1 (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "result-format-1.json",
                                                 NULL);
  g_autoptr (GError) error = NULL;
  CsResult *result = cs_result_load (path, &error);

  g_assert_no_error (error);
  return result;
}

/* A file written by Corescope 0.1 (format 1, flat start_method/pool/switch_interval_s) still
 * loads; its options become the options of the modes that have them, and saving it again
 * writes the current format. */
static void
test_load_format_1 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = load_format_1 ();
  g_autoptr (CsResult) again = NULL;
  g_autofree char *json = NULL;
  const CsSweepConfig *c;

  g_assert_no_error (error);
  g_assert_cmpint (result->format_version, ==, 1);
  c = result->config;
  g_assert_cmpuint (c->n_modes, ==, 3);
  g_assert_cmpuint (c->modes[0].mode, ==, CS_MODE_THREAD);
  g_assert_cmpstrv (c->modes[0].options, ((const char *const[]) { "pool=persistent", NULL }));
  g_assert_cmpstr (cs_mode_config_get_option (&c->modes[1], "switch-interval"), ==, "0.005s");
  g_assert_cmpstr (cs_mode_config_get_option (&c->modes[1], "pool"), ==, "persistent");
  g_assert_cmpstr (cs_mode_config_get_option (&c->modes[2], "start-method"), ==, "forkserver");
  g_assert_null (cs_mode_config_get_option (&c->modes[0], "start-method"));
  g_assert_cmpuint (result->runs->len, ==, 12);
  /* a file from before memory was measured: not measured, not zero */
  g_assert_cmpint (((CsRun *) result->runs->pdata[0])->mem_total_kb, ==, -1);
  g_assert_cmpint (((CsRun *) result->runs->pdata[0])->mem_peak_kb, ==, -1);

  json = cs_result_to_json (result, NULL);
  g_assert_nonnull (strstr (json, "\"format_version\" : 3"));
  g_assert_null (strstr (json, "start_method"));
  again = cs_result_from_json (json, -1, "again.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_mode_config_get_option (&again->config->modes[2], "start-method"), ==,
                   "forkserver");
}

/* Formats 1 and 2 had the GIL's measurements as fields of every run: a gil run's become its
 * counters (and stay counters when saved again), a run without any has none. */
static void
test_load_gil_fields (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = load_format_1 ();
  g_autoptr (CsResult) again = NULL;
  g_autofree char *json = NULL;
  const CsRun *first_gil = NULL, *second_gil = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);

      if (run->mode != CS_MODE_GIL)
        g_assert_cmpuint (run->n_counters, ==, 0);
      else if (first_gil == NULL)
        first_gil = run;
      else if (second_gil == NULL)
        second_gil = run;
    }
  g_assert_nonnull (second_gil);
  /* "gil_switches" : 0, "gil_wait_s" : 3e-06, then 1 and 0.000344 */
  g_assert_cmpfloat (cs_run_get_counter (first_gil, CS_GIL_COUNTER_SWITCHES), ==, 0);
  g_assert_cmpfloat (cs_run_get_counter (first_gil, CS_GIL_COUNTER_WAIT_S), ==, 3e-06);
  g_assert_cmpfloat (cs_run_get_counter (second_gil, CS_GIL_COUNTER_SWITCHES), ==, 1);
  g_assert_cmpfloat (cs_run_get_counter (second_gil, CS_GIL_COUNTER_WAIT_S), ==, 0.000344);

  json = cs_result_to_json (result, NULL);
  g_assert_nonnull (strstr (json, "\"format_version\" : 3"));
  g_assert_nonnull (strstr (json, "\"counters\" : {"));
  again = cs_result_from_json (json, -1, "again.json", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < result->runs->len; i++)
    assert_same_run (g_ptr_array_index (result->runs, i), g_ptr_array_index (again->runs, i));
}

/* One name for a result everywhere: its label, else preset · host · local date (TZ is UTC
 * here, set in main). */
static void
test_display_name (void)
{
  g_autoptr (CsResult) r = make_result ();
  g_autofree char *labelled = cs_result_get_display_name (r);
  g_autofree char *named = NULL;
  g_autofree char *no_date = NULL;

  g_assert_cmpstr (labelled, ==, "laptop, \"quiet\"");
  g_clear_pointer (&r->label, g_free);
  g_free (r->config->preset);
  r->config->preset = g_strdup ("cpu");
  g_date_time_unref (r->started);
  r->started = g_date_time_new_utc (2026, 12, 7, 9, 5, 30);
  named = cs_result_get_display_name (r);
  g_assert_cmpstr (named, ==, "cpu · bench-host · 2026-12-07 09:05");
  g_clear_pointer (&r->started, g_date_time_unref);
  no_date = cs_result_get_display_name (r);
  g_assert_cmpstr (no_date, ==, "cpu · bench-host · ");
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/result/load-format-1", test_load_format_1);
  g_test_add_func ("/result/load-gil-fields", test_load_gil_fields);
  g_test_add_func ("/result/defaults", test_defaults);
  g_test_add_func ("/result/copy", test_copy);
  g_test_add_func ("/result/json-round-trip", test_json_round_trip);
  g_test_add_func ("/result/save-load", test_save_load);
  g_test_add_func ("/result/load-errors", test_load_errors);
  g_test_add_func ("/result/load-truncated", test_load_truncated);
  g_test_add_func ("/result/load-bad-escape", test_load_bad_escape);
  g_test_add_func ("/result/load-control-characters", test_load_control_characters);
  g_test_add_func ("/result/csv", test_csv);
  g_test_add_func ("/result/summary-csv", test_summary_csv);
  g_test_add_func ("/result/display-name", test_display_name);
  return g_test_run ();
}
