/* test-reliability.c: hostile files, misbehaving workers and commands, cancellation, atomic
 * saves and the sweep journal; nothing may crash, hang or be left behind
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-analysis.h"
#include "cs-journal.h"
#include "cs-result.h"
#include "engine-test-util.h"
#include "cs-topology.h"
#include "cs-worker-launch.h"
#include "proc-test-util.h"
#include "tree-test-util.h"

/* Every test writes below this directory, which is also TMPDIR for us and our workers, so
 * "no temporary file left behind" can be checked without seeing other tests' files. */
static char *scratch;

/* ---- resources: what a sweep must give back ------------------------------------------------ */

/* Processes anywhere whose command line contains marker (a command's grandchildren are not our
 * children once their parent dies, but they must die too). */
static guint
count_processes_with (const char *marker)
{
  DIR *dir = opendir ("/proc");
  struct dirent *e;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((e = readdir (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      gsize length = 0;

      if (!g_ascii_isdigit (e->d_name[0]))
        continue;
      path = g_strdup_printf ("/proc/%s/cmdline", e->d_name);
      if (!g_file_get_contents (path, &cmdline, &length, NULL))
        continue;
      for (gsize i = 0; i + 1 < length; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      if (strstr (cmdline, marker) != NULL)
        n++;
    }
  closedir (dir);
  return n;
}

typedef struct
{
  guint fds, threads, children, tmp_files, shm;
} Resources;

static Resources
resources_now (void)
{
  Resources r = {
    count_dir ("/proc/self/fd"), count_dir ("/proc/self/task"), count_children (),
    count_dir (scratch), count_dir ("/dev/shm"),
  };
  return r;
}

/* Children are reaped and threads joined asynchronously by nobody: a sweep that returned must
 * have done it. We still allow a short settle time for the kernel to drop /proc entries. */
static void
assert_resources_back (const Resources *before)
{
  Resources after = resources_now ();

  for (guint i = 0; i < 20 && memcmp (&after, before, sizeof after) != 0; i++)
    {
      g_usleep (50 * 1000);
      after = resources_now ();
    }
  g_assert_cmpuint (after.fds, ==, before->fds);
  g_assert_cmpuint (after.threads, ==, before->threads);
  g_assert_cmpuint (after.children, ==, before->children);
  g_assert_cmpuint (after.tmp_files, ==, before->tmp_files);
  /* /dev/shm is shared with every other process on the machine: only growth would be ours */
  g_assert_cmpuint (after.shm, <=, before->shm);
}

/* ---- sweep helpers ------------------------------------------------------------------------- */

#define make_config test_config_new

/* The empty result a sweep of config starts from, as its first progress report hands it over. */
static CsResult *
initial_result (const CsSweepConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsSweepRequest) request = cs_sweep_request_new (config, NULL, &error);

  g_assert_no_error (error);
  return cs_sweep_result_new (request, NULL);
}

static const CsRun *
run_at (const CsResult *result, guint i)
{
  g_assert_cmpuint (i, <, result->runs->len);
  return g_ptr_array_index (result->runs, i);
}

/* ---- untrusted result files ---------------------------------------------------------------- */

static CsRun *
make_run (CsMode mode, guint workers, guint rep, double wall)
{
  CsRun *run = cs_run_new ();

  run->mode = mode;
  run->workers = workers;
  run->rep = rep;
  run->status = CS_RUN_OK;
  run->wall_s = wall;
  run->user_s = wall * workers;
  run->tasks = 17;
  run->checksum = 0xc0ffee;
  return run;
}

/* A small valid result whose first run has distinctive values to replace: wall_s 0.125,
 * workers 1, tasks 17. */
static char *
base_json (void)
{
  CsSweepConfig *config = cs_sweep_config_new ();
  g_autoptr (CsResult) result = NULL;

  g_free (config->preset);
  config->preset = g_strdup ("tiny-tasks");
  config->reps = 2;
  config->n_workers = 2;
  config->workers = g_renew (guint, config->workers, 2);
  config->workers[1] = 2;
  result = cs_result_new (NULL, config);
  result->complete = TRUE;
  for (guint rep = 0; rep < 2; rep++)
    {
      cs_result_add_run (result, make_run (CS_MODE_THREAD, 1, rep, rep == 0 ? 0.125 : 0.130));
      cs_result_add_run (result, make_run (CS_MODE_THREAD, 2, rep, 0.070 + rep * 0.001));
    }
  return cs_result_to_json (result, NULL);
}

/* The base file with the first occurrence of old after the start of "runs" replaced. */
static char *
mutate_run (const char *base, const char *old, const char *replacement)
{
  const char *runs = strstr (base, "\"runs\"");
  const char *at;
  GString *s;

  g_assert_nonnull (runs);
  at = strstr (runs, old);
  if (at == NULL)
    g_error ("'%s' is not in the first run of:\n%s", old, runs);
  s = g_string_new_len (base, at - base);
  g_string_append (s, replacement);
  g_string_append (s, at + strlen (old));
  return g_string_free (s, FALSE);
}

static char *
write_case (const char *name, const char *data, gssize length)
{
  char *path = g_build_filename (scratch, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Loading must fail with an error that names the file and contains every needle (the field, the
 * problem). */
static void
assert_refused (const char *name, const char *data, gssize length, int code,
                const char *const *needles)
{
  g_autofree char *path = write_case (name, data, length);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = cs_result_load (path, &error);

  g_assert_null (result);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", name, error->message);
  g_assert_true (error->domain == CS_RESULT_ERROR);
  if (code >= 0)
    g_assert_cmpint (error->code, ==, code);
  g_assert_nonnull (strstr (error->message, name));
  for (guint i = 0; needles != NULL && needles[i] != NULL; i++)
    if (strstr (error->message, needles[i]) == NULL)
      g_error ("%s: '%s' does not say '%s'", name, error->message, needles[i]);
  g_unlink (path);
}

#define NEEDLES(...) ((const char *const[]) { __VA_ARGS__, NULL })

static CsResult *
load_base_result (void)
{
  g_autofree char *base = base_json ();
  g_autoptr (GError) error = NULL;
  CsResult *result = cs_result_from_json (base, -1, "base.json", &error);

  g_assert_no_error (error);
  return result;
}

static void
test_files_wrong_fields (void)
{
  g_autofree char *base = base_json ();
  static const struct
  {
    const char *old, *replacement, *field, *problem;
  } cases[] = {
    { "\"workers\" : 1", "\"workers\" : \"one\"", "runs[0].workers", "integer" },
    { "\"workers\" : 1", "\"workers\" : 1e300", "runs[0].workers", "integer" },
    { "\"workers\" : 1", "\"workers\" : 0", "runs[0].workers", "between" },
    { "\"workers\" : 1", "\"workers\" : -5", "runs[0].workers", "between" },
    { "\"workers\" : 1", "\"workers\" : 99999999999999999999999", "runs[0].workers", "" },
    { "\"wall_s\" : 0.125", "\"wall_s\" : \"NaN\"", "runs[0].wall_s", "number" },
    { "\"wall_s\" : 0.125", "\"wall_s\" : \"Infinity\"", "runs[0].wall_s", "number" },
    { "\"wall_s\" : 0.125", "\"wall_s\" : 1e999", "runs[0].wall_s", "0 seconds or more" },
    { "\"wall_s\" : 0.125", "\"wall_s\" : -1e999", "runs[0].wall_s", "0 seconds or more" },
    { "\"wall_s\" : 0.125", "\"wall_s\" : -0.5", "runs[0].wall_s", "0 seconds or more" },
    { "\"wall_s\" : 0.125", "\"wall_s\" : null", "runs[0].wall_s", "0 seconds or more" },
    { "\"wall_s\" : 0.125", "\"wall_s\" : [0.125]", "runs[0].wall_s", "number" },
    { "\"mode\" : \"thread\",", "", "runs[0].mode", "missing" },
    { "\"mode\" : \"thread\"", "\"mode\" : \"quantum\"", "runs[0].mode", "unknown" },
    { "\"status\" : \"ok\"", "\"status\" : 1", "runs[0].status", "string" },
    { "\"tasks\" : 17", "\"tasks\" : -17", "runs[0].tasks", "" },
    { "\"tasks\" : 17", "\"tasks\" : 1.5", "runs[0].tasks", "" },
    { "\"checksum\" : \"", "\"checksum\" : \"zz", "runs[0].checksum", "hexadecimal" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *data = mutate_run (base, cases[i].old, cases[i].replacement);
      g_autofree char *name = g_strdup_printf ("field-%u.json", i);

      assert_refused (name, data, -1, CS_RESULT_ERROR_INVALID,
                      NEEDLES (cases[i].field, cases[i].problem));
    }
}

static void
test_files_top_level (void)
{
  g_autofree char *base = base_json ();
  g_autofree char *future = NULL;
  g_autofree char *no_runs = NULL;
  GString *s;

  assert_refused ("empty.json", "", 0, CS_RESULT_ERROR_PARSE, NEEDLES ("empty"));
  assert_refused ("spaces.json", "  \n\t ", -1, CS_RESULT_ERROR_PARSE, NULL);
  assert_refused ("null.json", "null", -1, -1, NULL);
  assert_refused ("array.json", "[1, 2, 3]", -1, CS_RESULT_ERROR_FORMAT, NEEDLES ("object"));
  assert_refused ("other.json", "{\"format\": \"geojson\"}", -1, CS_RESULT_ERROR_FORMAT,
                  NEEDLES ("geojson"));
  assert_refused ("binary.json", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, CS_RESULT_ERROR_PARSE,
                  NULL);

  s = g_string_new (base);
  g_string_replace (s, "\"format_version\" : 3", "\"format_version\" : 99", 1);
  future = g_string_free (s, FALSE);
  assert_refused ("future.json", future, -1, CS_RESULT_ERROR_FORMAT, NEEDLES ("newer", "99"));

  s = g_string_new (base);
  g_string_replace (s, "\"runs\"", "\"ruins\"", 1);
  no_runs = g_string_free (s, FALSE);
  assert_refused ("no-runs.json", no_runs, -1, CS_RESULT_ERROR_INVALID,
                  NEEDLES ("'runs'", "missing"));
}

/* Every prefix of a valid file (cut at many places) is an error, never a crash or a half
 * result. */
static void
test_files_truncated (void)
{
  g_autofree char *base = base_json ();
  gsize length = strlen (base);

  for (gsize cut = 0; cut < length; cut += 1 + cut / 16)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsResult) result = cs_result_from_json (base, cut, "cut.json", &error);

      g_assert_null (result);
      g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, "cut.json: "));
    }
}

/* json-glib parses nesting by recursion: 100 000 '[' used to overflow the stack. */
static void
test_files_deep (void)
{
  const gsize depth = 100000;
  g_autofree char *arrays = g_malloc (depth + 1);
  g_autofree char *objects = NULL;
  GString *s = g_string_new (NULL);
  g_autofree char *inside = NULL;
  g_autofree char *base = base_json ();

  memset (arrays, '[', depth);
  arrays[depth] = '\0';
  assert_refused ("deep-arrays.json", arrays, -1, CS_RESULT_ERROR_PARSE,
                  NEEDLES ("nested", "line 1"));
  for (gsize i = 0; i < depth; i++)
    g_string_append (s, "{\"a\":");
  objects = g_string_free (s, FALSE);
  assert_refused ("deep-objects.json", objects, -1, CS_RESULT_ERROR_PARSE, NEEDLES ("nested"));

  /* brackets inside strings are text, not nesting: a label full of them still loads */
  s = g_string_new (NULL);
  for (guint i = 0; i < 5000; i++)
    g_string_append (s, "[{\\\"");
  inside = g_strdup_printf ("\"label\" : \"%s\"", s->str);
  g_string_free (s, TRUE);
  {
    GString *t = g_string_new (base);
    g_autoptr (GError) error = NULL;
    g_autoptr (CsResult) result = NULL;

    g_string_replace (t, "\"label\" : null", inside, 1);
    result = cs_result_from_json (t->str, t->len, "brackets.json", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (result->label), ==, 5000 * 3);
    g_string_free (t, TRUE);
  }
}

static void
test_files_utf8 (void)
{
  g_autofree char *base = base_json ();
  g_autofree char *bad_label = mutate_run (base, "\"mode\" : \"thread\"",
                                           "\"mode\" : \"thr\xc3\x28" "ead\"");
  static const char overlong[] = "{\"format\" : \"corescope-result\xc0\xaf\"}";

  assert_refused ("utf8-run.json", bad_label, -1, CS_RESULT_ERROR_PARSE, NEEDLES ("UTF-8"));
  assert_refused ("utf8-overlong.json", overlong, -1, CS_RESULT_ERROR_PARSE, NEEDLES ("UTF-8"));
}

/* The '}' that closes the object opening at first (runs hold objects: "noise"). */
static const char *
matching_brace (const char *first)
{
  guint depth = 0;

  for (const char *p = first; *p != '\0'; p++)
    if (*p == '{')
      depth++;
    else if (*p == '}' && --depth == 0)
      return p;
  g_assert_not_reached ();
}

/* Multi-megabyte files: a big valid one loads completely; a big broken one is refused. */
static void
test_files_large (void)
{
  g_autofree char *base = base_json ();
  const char *runs = strstr (base, "\"runs\"");
  const char *first = strchr (runs, '{');
  const char *end = matching_brace (first);
  g_autofree char *one = g_strndup (first, end - first + 1);
  GString *s = g_string_new_len (base, first - base);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  g_autofree char *junk = NULL;
  const guint n = 24000;

  for (guint i = 0; i < n; i++)
    {
      g_string_append (s, one);
      g_string_append (s, i + 1 < n ? ",\n" : "\n  ]\n}\n");
    }
  g_assert_cmpuint (s->len, >, 8 * 1024 * 1024);
  result = cs_result_from_json (s->str, s->len, "big.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, ==, n);

  /* the same file with a comma between two runs in the middle broken: the error has the line */
  *strstr (s->str + s->len / 2, "},\n") = '#';
  g_clear_pointer (&result, cs_result_free);
  result = cs_result_from_json (s->str, s->len, "big-broken.json", &error);
  g_assert_null (result);
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "big-broken.json: line "));
  g_string_free (s, TRUE);

  /* 16 MiB of one string: no nesting to speak of, refused as not a result */
  junk = g_malloc (16 * 1024 * 1024 + 3);
  memset (junk + 1, 'x', 16 * 1024 * 1024);
  junk[0] = '"';
  junk[16 * 1024 * 1024 + 1] = '"';
  junk[16 * 1024 * 1024 + 2] = '\0';
  assert_refused ("one-string.json", junk, -1, CS_RESULT_ERROR_FORMAT, NULL);
}

/* Values a loader accepts (not-measured nulls, infinite times of failed runs, absurd worker
 * counts of failed runs) must not crash or hang statistics and analysis. */
static void
test_files_odd_values_analysed (void)
{
  g_autofree char *base = base_json ();
  g_autofree char *a = mutate_run (base, "\"user_s\" : 0.125", "\"user_s\" : null");
  g_autofree char *b = mutate_run (a, "\"status\" : \"ok\"", "\"status\" : \"failed\"");
  g_autofree char *c = mutate_run (b, "\"wall_s\" : 0.125", "\"wall_s\" : 1e999");
  g_autofree char *d = mutate_run (c, "\"workers\" : 1", "\"workers\" : 4000000000");
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = cs_result_from_json (d, -1, "odd.json", &error);
  g_autoptr (CsAnalysis) analysis = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, ==, 4);
  g_assert_cmpint (run_at (result, 0)->status, ==, CS_RUN_FAILED);
  g_assert_true (isinf (run_at (result, 0)->wall_s));
  g_assert_true (isnan (run_at (result, 0)->user_s));
  analysis = cs_analysis_new (result, &error);
  /* either analysed (the failed run counted as failed) or refused with a reason */
  if (analysis == NULL)
    g_assert_nonnull (error);
  else
    g_assert_cmpuint (cs_result_stats_get_n_failed (cs_analysis_get_stats (analysis)), ==, 1);
}

/* Whatever loads must save and load again (found by fuzz-result: json-glib wrote 1e+20 as
 * "1e+20.0"). */
static void
test_files_round_trip_extremes (void)
{
  static const double values[] = { 1e20, 1e-26, 2e17, 1e300, 5e-324, -1e22, 0 };
  g_autoptr (CsResult) result = load_base_result ();

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      CsRun *run = make_run (CS_MODE_THREAD, 1, 10 + i, 0.5);

      run->units = values[i];
      cs_run_set_counter (run, "gil_wait_s", values[i]);
      cs_result_add_run (result, run);
    }
  {
    g_autofree char *json = cs_result_to_json (result, NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (CsResult) again = cs_result_from_json (json, -1, "again.json", &error);

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        const CsRun *run = run_at (again, result->runs->len - G_N_ELEMENTS (values) + i);
        /* equal, or one ulp off where json-glib cannot print the exact value */
        g_assert_cmpfloat (fabs (run->units - values[i]), <=, fabs (values[i]) * 4e-16);
        g_assert_cmpfloat (fabs (cs_run_get_counter (run, "gil_wait_s") - values[i]), <=,
                           fabs (values[i]) * 4e-16);
      }
  }
}

static void
test_topology_xml_hostile (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) local = cs_topology_new_local (&error);
  g_autofree char *xml = NULL;
  static const char *const bad[] = {
    "", "<", "<?xml version=\"1.0\"?>", "<topology>", "<topology version=\"2.0\"></topology>",
    "<?xml version=\"1.0\"?>\n<topology version=\"99.0\"><object type=\"Machine\"/></topology>",
    "\xff\xfe<\0t\0o\0p\0",
  };

  g_assert_no_error (error);
  xml = cs_topology_export_xml (local, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (CsTopology) topo = cs_topology_new_from_xml_buffer (bad[i], -1, &error);

      g_assert_null (topo);
      g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
      g_clear_error (&error);
    }
  /* truncations of a real export, and a file that names itself in the error */
  for (gsize cut = 1; cut < strlen (xml); cut += 1 + cut / 8)
    {
      g_autoptr (CsTopology) topo = cs_topology_new_from_xml_buffer (xml, cut, &error);
      g_assert_null (topo);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  /* a synthetic machine of 10⁹ PUs is refused at once instead of being built for minutes */
  {
    g_autoptr (CsTopology) huge = cs_topology_new_synthetic ("pack:1000 core:1000 pu:1000",
                                                             &error);
    g_autoptr (CsTopology) glued = NULL;

    g_assert_null (huge);
    g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
    g_clear_error (&error);
    /* found by fuzz-topology-synthetic: hwloc also reads counts that no space separates */
    glued = cs_topology_new_synthetic ("pack:2 a:20core:5121 pu:2", &error);
    g_assert_null (glued);
    g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    g_autofree char *path = write_case ("half-topology.xml", xml, strlen (xml) / 2);
    g_autoptr (CsTopology) topo = cs_topology_new_from_xml_file (path, &error);

    g_assert_null (topo);
    g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "half-topology.xml"));
    g_clear_error (&error);
    g_unlink (path);
  }
}

/* ---- misbehaving process workers, through the real sweep ----------------------------------- */

static const char *const tiny[] = { "tasks=40", "task-time=20us", NULL };

static void
check_worker_fault (CsStartMethod method, const char *fault, CsRunStatus status,
                    const char *reason)
{
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_PROCESS };
  static const guint workers[] = { 2 };
  g_autoptr (CsSweepConfig) config = make_config ("tiny-tasks", tiny, modes, 2, workers, 1, 2);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  Resources before = resources_now ();

  test_config_set_option (config, "start-method", cs_start_method_to_string (method));
  config->timeout_s = status == CS_RUN_TIMEOUT ? 0.5 : 10;
  g_setenv ("CORESCOPE_WORKER_FAULT", fault, TRUE);
  result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_unsetenv ("CORESCOPE_WORKER_FAULT");
  g_assert_no_error (error);
  /* every planned run is there: the sweep went on after each failure */
  g_assert_true (result->complete);
  g_assert_cmpuint (test_count_measurements (result), ==, 4);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = run_at (result, i);

      if (run->mode == CS_MODE_THREAD)
        {
          g_assert_cmpint (run->status, ==, CS_RUN_OK);
          continue;
        }
      g_test_message ("%s %s: %s", cs_start_method_to_string (method), fault, run->reason);
      g_assert_cmpint (run->status, ==, status);
      g_assert_nonnull (run->reason);
      g_assert_nonnull (strstr (run->reason, reason));
    }
  assert_resources_back (&before);
}

static void
test_worker_faults (gconstpointer data)
{
  CsStartMethod method = GPOINTER_TO_INT (data);

  check_worker_fault (method, "segv:1", CS_RUN_FAILED, "SIGSEGV");
  check_worker_fault (method, "abort:0", CS_RUN_FAILED, "SIGABRT");
  check_worker_fault (method, "kill:1", CS_RUN_FAILED, "SIGKILL");
  check_worker_fault (method, "exit3:0", CS_RUN_FAILED, "status 3");
  check_worker_fault (method, "garbage:1", CS_RUN_FAILED, "malformed");
  check_worker_fault (method, "error:0", CS_RUN_FAILED, "injected test fault");
  check_worker_fault (method, "hang:1", CS_RUN_TIMEOUT, "timed out");
}

/* A kernel that fails (file-io's writes hit a full disk: RLIMIT_FSIZE, inherited by spawned
 * workers) fails its run with the kernel's reason in every mode; the sweep goes on and the
 * preset's temporary files are removed. */
static void
test_kernel_errors (void)
{
  static const char *const params[] = { "files=4", "file-size=64KiB", "fsync=false", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_GIL, CS_MODE_PROCESS };
  static const guint workers[] = { 2 };
  g_autoptr (CsSweepConfig) config = make_config ("file-io", params, modes, 3, workers, 1, 2);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  Resources before = resources_now ();
  struct rlimit old, limit;
  void (*old_handler) (int);

  test_config_set_option (config, "start-method", "spawn");
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  limit = old;
  limit.rlim_cur = 16 * 1024;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_no_error (error);
  g_assert_true (result->complete);
  g_assert_cmpuint (result->runs->len, ==, 6);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = run_at (result, i);

      g_test_message ("%s: %s", cs_mode_to_string (run->mode), run->reason);
      g_assert_cmpint (run->status, ==, CS_RUN_FAILED);
      g_assert_nonnull (run->reason);
      /* EFBIG ("File too large") in threads; a worker process dies of SIGXFSZ instead */
      if (strstr (run->reason, "large") == NULL && strstr (run->reason, "SIGXFSZ") == NULL)
        g_error ("'%s' does not say why", run->reason);
    }
  assert_resources_back (&before);
}

/* ---- the user's command -------------------------------------------------------------------- */

static CsResult *
run_command (const char *command, double timeout_s, guint reps)
{
  static const CsMode modes[] = { CS_MODE_THREAD };
  static const guint workers[] = { 1 };
  g_autofree char *param = g_strdup_printf ("command=%s", command);
  const char *params[] = { param, NULL };
  g_autoptr (CsSweepConfig) config = make_config ("command", params, modes, 1, workers, 1, reps);
  g_autoptr (GError) error = NULL;
  CsResult *result;

  config->timeout_s = timeout_s;
  result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->runs->len, ==, reps);
  return result;
}

static void
assert_command_fails (const char *command, CsRunStatus status, const char *reason,
                      const char *alternative)
{
  Resources before = resources_now ();
  g_autoptr (CsResult) result = run_command (command, 5, 2);

  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = run_at (result, i);

      g_test_message ("'%s': %s", command, run->reason);
      g_assert_cmpint (run->status, ==, status);
      g_assert_nonnull (run->reason);
      if (strstr (run->reason, reason) == NULL &&
          (alternative == NULL || strstr (run->reason, alternative) == NULL))
        g_error ("'%s': reason '%s' says neither '%s' nor '%s'", command, run->reason, reason,
                 alternative);
    }
  assert_resources_back (&before);
}

static void
test_command_faults (void)
{
  g_autofree char *not_exec = write_case ("not-executable.sh", "#!/bin/sh\nexit 0\n", -1);
  g_autofree char *quoted = g_shell_quote (not_exec);

  assert_command_fails ("corescope-no-such-program-here", CS_RUN_FAILED, "not found", NULL);
  assert_command_fails (quoted, CS_RUN_FAILED, not_exec, NULL);
  assert_command_fails ("false", CS_RUN_FAILED, "status 1", NULL);
  assert_command_fails ("sh -c 'exit 7'", CS_RUN_FAILED, "status 7", NULL);
  assert_command_fails ("sh -c 'kill -SEGV $$'", CS_RUN_FAILED, "SIGSEGV", "Segmentation");
  g_unlink (not_exec);
}

/* A command that prints nothing is a run without a checksum or units, not a failure. */
static void
test_command_silent (void)
{
  Resources before = resources_now ();
  g_autoptr (CsResult) result = run_command ("true", 5, 2);

  for (guint i = 0; i < result->runs->len; i++)
    {
      g_assert_cmpint (run_at (result, i)->status, ==, CS_RUN_OK);
      g_assert_cmpfloat (run_at (result, i)->wall_s, >, 0);
    }
  assert_resources_back (&before);
}

/* A command that hangs, with children of its own, is stopped at the timeout together with its
 * whole process group. */
static void
test_command_hang (void)
{
  const char *marker = "31.4159";
  g_autofree char *command = g_strdup_printf ("sh -c 'sleep %s & sleep %s; wait'", marker,
                                              marker);
  Resources before = resources_now ();
  gint64 start = g_get_monotonic_time ();
  g_autoptr (CsResult) result = run_command (command, 0.3, 2);

  g_assert_cmpint (run_at (result, 0)->status, ==, CS_RUN_TIMEOUT);
  g_assert_cmpint (run_at (result, 1)->status, ==, CS_RUN_TIMEOUT);
  /* two timeouts of 0.3 s plus the kill grace period, far from the 31 s of the sleeps */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  assert_resources_back (&before);
  for (guint i = 0; i < 20 && count_processes_with (marker) > 0; i++)
    g_usleep (100 * 1000);
  g_assert_cmpuint (count_processes_with (marker), ==, 0);
}

/* A command that leaves a process running (setsid puts it out of the command's process group,
 * and it keeps stdout open) does not make its run wait: the run fails at once, naming it, and
 * the process is gone. */
static void
test_command_leftover (void)
{
  const char *marker = "27.1828";
  g_autofree char *command = g_strdup_printf ("sh -c 'setsid sleep %s & echo started'", marker);
  Resources before = resources_now ();
  gint64 start = g_get_monotonic_time ();
  g_autoptr (CsResult) result = run_command (command, 0, 2);

  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = run_at (result, i);

      g_test_message ("%s", run->reason);
      g_assert_cmpint (run->status, ==, CS_RUN_FAILED);
      g_assert_nonnull (strstr (run->reason, "left 1 process running"));
      g_assert_nonnull (strstr (run->reason, "sleep"));
    }
  /* two runs of one SIGTERM each, far from the 27 s of the sleep */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (count_processes_with (marker), ==, 0);
  assert_resources_back (&before);
}

/* A background process that ends soon after the command is waited for, and the run says so. */
static void
test_command_waited (void)
{
  g_autoptr (CsResult) result = run_command ("sh -c 'sleep 0.05 & echo started'", 0, 1);
  const CsRun *run = run_at (result, 0);

  g_assert_cmpint (run->status, ==, CS_RUN_OK);
  g_assert_nonnull (run->reason);
  g_assert_nonnull (strstr (run->reason, "waited"));
}

/* Output is not kept whole: a 5 MB line on stderr becomes a reason of a few hundred bytes that
 * says how much was cut, and 20 MB on stdout still lets the last report line through. */
static void
test_command_output_bounded (void)
{
  g_autoptr (CsResult) failed = run_command (
    "sh -c 'head -c 5000000 /dev/zero | tr \"\\\\0\" x >&2; exit 3'", 0, 1);
  g_autoptr (CsResult) loud = run_command (
    "sh -c 'head -c 20000000 /dev/zero; echo; echo CORESCOPE checksum=42 units=1'", 0, 1);
  const CsRun *run = run_at (failed, 0);

  g_assert_cmpint (run->status, ==, CS_RUN_FAILED);
  g_assert_nonnull (strstr (run->reason, "status 3"));
  g_assert_nonnull (strstr (run->reason, "(4999600 bytes cut)"));
  g_assert_cmpuint (strlen (run->reason), <, 1000);
  g_assert_cmpint (run_at (loud, 0)->status, ==, CS_RUN_OK);
  g_assert_cmpuint (run_at (loud, 0)->checksum, ==, 42);
}

/* ---- cancellation at several moments ------------------------------------------------------- */

typedef struct
{
  GCancellable *cancellable;
  gulong        delay_us;
  gint64        cancelled_at;
} Canceller;

static gpointer
cancel_after_delay (gpointer data)
{
  Canceller *c = data;

  g_usleep (c->delay_us);
  c->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (c->cancellable);
  return NULL;
}

/* Delays that land in worker start-up (0 and 2 ms), in the middle of runs, and between runs;
 * every mode and start method. Completed runs are kept and are whole. */
static void
test_cancel_moments (void)
{
  static const char *const params[] = { "tasks=12", "latency=15ms", NULL };
  static const CsMode modes[] = { CS_MODE_PROCESS, CS_MODE_THREAD, CS_MODE_GIL };
  static const guint workers[] = { 1, 3 };
  static const gulong delays_ms[] = { 0, 2, 40, 130, 260 };

  for (guint m = 0; m < 2; m++)
    for (guint d = 0; d < G_N_ELEMENTS (delays_ms); d++)
      {
        g_autoptr (CsSweepConfig) config = make_config ("io-wait", params, modes, 3, workers, 2,
                                                        20);
        g_autoptr (GCancellable) cancellable = g_cancellable_new ();
        Canceller c = { cancellable, delays_ms[d] * 1000, 0 };
        g_autoptr (GError) error = NULL;
        g_autoptr (CsResult) result = NULL;
        Resources before = resources_now ();
        GThread *thread;
        gint64 returned_at;

        test_config_set_option (config, "start-method", m == 0 ? "spawn" : "forkserver");
        thread = g_thread_new ("canceller", cancel_after_delay, &c);
        result = test_sweep_run (config, NULL, NULL, cancellable, &error);
        returned_at = g_get_monotonic_time ();
        g_thread_join (thread);
        g_assert_no_error (error);
        g_assert_false (result->complete);
        g_test_message ("%s, cancelled at %lu ms: returned %.3f s later with %u runs",
                        m == 0 ? "spawn" : "forkserver", delays_ms[d],
                        (returned_at - c.cancelled_at) / 1e6, result->runs->len);
        g_assert_cmpint (returned_at - c.cancelled_at, <, G_USEC_PER_SEC);
        for (guint i = 0; i < result->runs->len; i++)
          {
            g_assert_cmpint (run_at (result, i)->status, ==, CS_RUN_OK);
            g_assert_cmpuint (run_at (result, i)->tasks, ==, 12);
          }
        assert_resources_back (&before);
      }
}

/* ---- atomic saves -------------------------------------------------------------------------- */

static CsResult *
load_base (void)
{
  g_autofree char *base = base_json ();
  g_autoptr (GError) error = NULL;
  CsResult *result = cs_result_from_json (base, -1, "base.json", &error);

  g_assert_no_error (error);
  return result;
}

static void
assert_file_equals (const char *path, const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

/* A disk that fills up during the save (RLIMIT_FSIZE: writes past the limit fail with EFBIG,
 * as with ENOSPC, without needing root or a small file system): an error, and the good file
 * that was there is untouched, and no temporary file remains. */
static void
test_save_disk_full (void)
{
  g_autofree char *dir = g_build_filename (scratch, "full", NULL);
  g_autofree char *path = g_build_filename (dir, "result.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "result.csv", NULL);
  g_autoptr (CsResult) small = load_base ();
  g_autoptr (CsResult) big = load_base ();
  g_autofree char *good = NULL;
  g_autofree char *good_csv = NULL;
  g_autoptr (GError) error = NULL;
  struct rlimit old, limit;
  void (*old_handler) (int);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (cs_result_save (small, path, &error));
  g_assert_true (cs_result_save_csv (small, csv, &error));
  g_file_get_contents (path, &good, NULL, NULL);
  g_file_get_contents (csv, &good_csv, NULL, NULL);
  for (guint i = 0; i < 2000; i++)
    cs_result_add_run (big, make_run (CS_MODE_GIL, 3, i, 0.5));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  limit = old;
  limit.rlim_cur = strlen (good) + 100;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (cs_result_save (big, path, &error));
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (cs_result_save_csv (big, csv, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old), ==, 0);
  signal (SIGXFSZ, old_handler);

  assert_file_equals (path, good);
  assert_file_equals (csv, good_csv);
  g_assert_cmpuint (count_dir (dir), ==, 2);
  g_unlink (path);
  g_unlink (csv);
  g_rmdir (dir);
}

/* Saving where it cannot work leaves what was there alone. */
static void
test_save_bad_places (void)
{
  g_autofree char *dir = g_build_filename (scratch, "ro", NULL);
  g_autofree char *path = g_build_filename (dir, "result.json", NULL);
  g_autofree char *missing = g_build_filename (scratch, "no-such-dir", "result.json", NULL);
  g_autoptr (CsResult) result = load_base ();
  g_autofree char *good = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (cs_result_save (result, path, &error));
  g_file_get_contents (path, &good, NULL, NULL);
  cs_result_add_run (result, make_run (CS_MODE_GIL, 2, 7, 0.25));

  /* the target is a directory */
  g_assert_false (cs_result_save (result, dir, &error));
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  /* the folder does not exist: nothing is created */
  g_assert_false (cs_result_save (result, missing, &error));
  g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* a read-only folder (root ignores permissions: skipped there) */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      g_assert_false (cs_result_save (result, path, &error));
      g_assert_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO);
      g_clear_error (&error);
      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
    }
  else
    g_test_message ("running as root: the read-only folder case is not checked");
  assert_file_equals (path, good);
  g_assert_cmpuint (count_dir (dir), ==, 1);
  g_unlink (path);
  g_rmdir (dir);
}

/* ---- resource guards ----------------------------------------------------------------------- */

static void
test_worker_cap (void)
{
  static const CsMode modes[] = { CS_MODE_PROCESS };
  static const guint too_many[] = { 1, 1025 };
  static const guint at_cap[] = { 1024 };
  g_autoptr (CsSweepConfig) config = make_config ("tiny-tasks", tiny, modes, 1, too_many, 2, 1);
  g_autoptr (CsSweepConfig) ok = make_config ("tiny-tasks", tiny, modes, 1, at_cap, 1, 1);
  g_autoptr (GError) error = NULL;
  g_autofree guint *workers = NULL;
  guint n = 0;

  g_autoptr (CsSweepRequest) refused = cs_sweep_request_new (config, NULL, &error);
  g_autoptr (CsSweepRequest) accepted = NULL;

  /* nothing can start: the request is refused before any sweep */
  g_assert_null (refused);
  g_assert_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "1025"));
  g_assert_nonnull (strstr (error->message, "1024"));
  g_clear_error (&error);
  accepted = cs_sweep_request_new (ok, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (cs_parse_worker_list ("1-100000", &workers, &n, &error));
  g_assert_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG);
}

/* Parameters that would exhaust memory fail every run with the reason, before anything is
 * allocated, and quickly. */
static void
test_memory_guard (void)
{
  static const char *const huge[] = { "array-size=1TiB", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_PROCESS };
  static const guint workers[] = { 1, 2 };
  g_autoptr (CsSweepConfig) config = make_config ("memory-stream", huge, modes, 2, workers, 2, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  Resources before = resources_now ();

  result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, ==, 4);
  for (guint i = 0; i < result->runs->len; i++)
    {
      g_assert_cmpint (run_at (result, i)->status, ==, CS_RUN_FAILED);
      g_assert_nonnull (strstr (run_at (result, i)->reason, "memory"));
    }
  assert_resources_back (&before);
}

/* Socket inodes of our open descriptors. */
static GHashTable *
our_sockets (void)
{
  GHashTable *inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, "socket:["))
        g_hash_table_add (inodes, g_strndup (target + 8, strlen (target) - 9));
    }
  return inodes;
}

/* Listening TCP sockets of ours in a /proc/net table; fails on any not bound to loopback. */
static guint
check_listeners (const char *table, const char *loopback)
{
  g_autoptr (GHashTable) inodes = our_sockets ();
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (table, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      GPtrArray *fields = g_ptr_array_new ();

      for (guint k = 0; f[k] != NULL; k++)
        if (*f[k] != '\0')
          g_ptr_array_add (fields, f[k]);
      /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
      if (fields->len > 9 && g_str_equal (g_ptr_array_index (fields, 3), "0A") &&
          g_hash_table_contains (inodes, g_ptr_array_index (fields, 9)))
        {
          const char *local = g_ptr_array_index (fields, 1);
          g_test_message ("listening: %s", local);
          g_assert_true (g_str_has_prefix (local, loopback));
          n++;
        }
      g_ptr_array_unref (fields);
    }
  return n;
}

static void
check_http_listeners (const CsSweepProgress *progress, gpointer data)
{
  guint *n = data;

  *n += check_listeners ("/proc/net/tcp", "0100007F:");
  *n += check_listeners ("/proc/net/tcp6", "00000000000000000000000001000000:");
}

/* The http-fetch preset's server listens on 127.0.0.1 only, never on an outside address. */
static void
test_http_loopback_only (void)
{
  static const char *const quick[] = { "requests=4", "delay=0", "body-size=1KiB", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD };
  static const guint workers[] = { 1 };
  g_autoptr (CsSweepConfig) config = make_config ("http-fetch", quick, modes, 1, workers, 1, 2);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  guint listeners = 0;

  result = test_sweep_run (config, check_http_listeners, &listeners, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_at (result, 0)->status, ==, CS_RUN_OK);
  /* the server was seen (once per progress report), and only on loopback */
  g_assert_cmpuint (listeners, >=, 1);
}

/* ---- the journal: nothing lost ------------------------------------------------------------- */

typedef struct
{
  CsJournal *journal;
  guint      kept;     /* runs reported so far */
} JournalCheck;

/* After each finished run the file on disk already has it. */
static void
journal_and_check (const CsSweepProgress *progress, gpointer data)
{
  JournalCheck *check = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) on_disk = NULL;

  cs_journal_progress (progress, check->journal);
  if (progress->last_run == NULL)
    return;
  check->kept++;
  on_disk = cs_result_load (cs_journal_get_path (check->journal), &error);
  g_assert_no_error (error);
  g_assert_false (on_disk->complete);
  g_assert_cmpuint (on_disk->runs->len, ==, check->kept);
  g_assert_cmpint (run_at (on_disk, check->kept - 1)->mode, ==, progress->last_run->mode);
  g_assert_cmpfloat (run_at (on_disk, check->kept - 1)->wall_s, ==, progress->last_run->wall_s);
}

static int
dead_pid (void)
{
  GPid pid;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "true", NULL };

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
  return pid;
}

static void
test_journal (void)
{
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_PROCESS };
  static const guint workers[] = { 1, 2 };
  g_autoptr (CsSweepConfig) config = make_config ("tiny-tasks", tiny, modes, 2, workers, 2, 2);
  g_autofree char *dir = cs_journal_get_default_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  g_autoptr (CsResult) recovered = NULL;
  g_auto (GStrv) found = NULL;
  g_autofree char *crashed = NULL;
  JournalCheck check = { NULL, 0 };

  config->warmup = 1;
  g_autoptr (CsResult) initial = initial_result (config);
  check.journal = cs_journal_new (NULL, initial, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cs_journal_get_path (check.journal), dir));
  cs_journal_set_min_interval (check.journal, 0);
  result = test_sweep_run (config, journal_and_check, &check, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check.kept, ==, 8);
  g_assert_cmpuint (result->runs->len, ==, 8);
  g_assert_cmpuint (cs_journal_get_result (check.journal)->runs->len, ==, 8);
  /* the full tiny-tasks parameters were recorded, as cs_sweep_run records them */
  g_assert_cmpuint (g_strv_length (cs_journal_get_result (check.journal)->config->params), ==,
                    g_strv_length (result->config->params));

  /* our own journal, while we run, is not offered for recovery */
  found = cs_journal_find_recoverable (NULL);
  g_assert_cmpuint (g_strv_length (found), ==, 0);
  g_clear_pointer (&found, g_strfreev);

  /* "crash": the journal stays, under the PID of a process that is gone */
  crashed = g_strdup_printf ("%s/in-progress-%d.json", dir, dead_pid ());
  g_assert_cmpint (g_rename (cs_journal_get_path (check.journal), crashed), ==, 0);
  cs_journal_free (check.journal);
  found = cs_journal_find_recoverable (NULL);
  g_assert_cmpuint (g_strv_length (found), ==, 1);
  g_assert_cmpstr (found[0], ==, crashed);
  recovered = cs_journal_recover (found[0], &error);
  g_assert_no_error (error);
  g_assert_false (recovered->complete);
  g_assert_nonnull (recovered->finished);
  g_assert_cmpuint (recovered->runs->len, ==, 8);
  g_assert_cmpstr (recovered->config->preset, ==, "tiny-tasks");
  g_assert_true (cs_journal_discard (found[0], &error));
  g_assert_false (g_file_test (crashed, G_FILE_TEST_EXISTS));
  g_assert_true (cs_journal_discard (found[0], &error));   /* already gone: fine */
}

typedef struct
{
  CsJournal    *journal;
  GCancellable *cancellable;
  guint         cancel_after;
} JournalCancel;

/* Cancelled right after the journal was written: the result and the file agree. */
static void
journal_then_cancel (const CsSweepProgress *progress, gpointer data)
{
  JournalCancel *jc = data;

  cs_journal_progress (progress, jc->journal);
  if (progress->done == jc->cancel_after)
    g_cancellable_cancel (jc->cancellable);
}

static void
test_journal_cancel (void)
{
  static const CsMode modes[] = { CS_MODE_PROCESS, CS_MODE_THREAD };
  static const guint workers[] = { 1, 2 };
  g_autoptr (CsSweepConfig) config = make_config ("tiny-tasks", tiny, modes, 2, workers, 2, 5);
  g_autofree char *path = g_build_filename (scratch, "cancelled.json", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  g_autoptr (CsResult) on_disk = NULL;
  JournalCancel jc = { NULL, cancellable, 7 };

  g_autoptr (CsResult) initial = initial_result (config);
  jc.journal = cs_journal_new (path, initial, &error);
  g_assert_no_error (error);
  cs_journal_set_min_interval (jc.journal, 0);
  result = test_sweep_run (config, journal_then_cancel, &jc, cancellable, &error);
  g_assert_no_error (error);
  g_assert_false (result->complete);
  g_assert_cmpuint (result->runs->len, ==, 7);
  on_disk = cs_journal_recover (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_disk->runs->len, ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat (run_at (on_disk, i)->wall_s, ==, run_at (result, i)->wall_s);
  cs_journal_finish (jc.journal);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_journal_finish_and_errors (void)
{
  static const CsMode modes[] = { CS_MODE_THREAD };
  static const guint workers[] = { 1 };
  g_autoptr (CsSweepConfig) config = make_config ("tiny-tasks", tiny, modes, 1, workers, 1, 3);
  g_autoptr (CsSweepConfig) unknown = make_config ("no-such-preset", tiny, modes, 1, workers, 1,
                                                   1);
  g_autofree char *path = g_build_filename (scratch, "journal.json", NULL);
  g_autofree char *bad = g_build_filename (scratch, "missing", "journal.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  CsJournal *journal;

  g_autoptr (CsResult) initial = initial_result (config);
  g_autoptr (CsSweepRequest) no_request = NULL;

  /* written at once (an empty partial result), removed by finish */
  journal = cs_journal_new (path, initial, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* the default interval batches: the last runs are flushed by flush () */
  result = test_sweep_run (config, cs_journal_progress, journal, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cs_journal_flush (journal, &error));
  {
    g_autoptr (CsResult) on_disk = cs_result_load (path, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (on_disk->runs->len, ==, 3);
  }
  cs_journal_finish (journal);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* an unwritable place fails before anything runs, naming it */
  g_assert_null (cs_journal_new (bad, initial, &error));
  g_assert_error (error, CS_JOURNAL_ERROR, CS_JOURNAL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_error (&error);
  /* an unknown preset never gets as far as a journal: the request refuses it */
  no_request = cs_sweep_request_new (unknown, NULL, &error);
  g_assert_null (no_request);
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PRESET);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* ---- set-up -------------------------------------------------------------------------------- */

static gpointer
noop_thread (gpointer data)
{
  return data;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *data_home = NULL;
  int status;

  /* Before anything caches them: our own TMPDIR (workers inherit it) and XDG_DATA_HOME. */
  /* g_mkdtemp, not g_dir_make_tmp: g_get_tmp_dir () would cache TMPDIR before we set it */
  tmp = g_build_filename (g_getenv ("TMPDIR") != NULL ? g_getenv ("TMPDIR") : "/tmp",
                          "test-reliability-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (tmp));
  scratch = g_build_filename (tmp, "scratch", NULL);
  data_home = g_build_filename (tmp, "data", NULL);
  g_mkdir (scratch, 0700);
  g_mkdir (data_home, 0700);
  g_setenv ("TMPDIR", scratch, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_unsetenv ("CORESCOPE_WORKER_FAULT");

  g_test_init (&argc, &argv, NULL);
  /* The fork server is a long-lived helper by design (started early, before any thread): start
   * it now so that it is part of every "before" count. */
  g_assert_true (_cs_forkserver_ensure (&error));
  g_assert_no_error (error);
  /* ThreadSanitizer's runtime starts a helper thread at the first thread creation: let it. */
  g_thread_join (g_thread_new ("first", noop_thread, NULL));

  g_test_add_func ("/reliability/files/wrong-fields", test_files_wrong_fields);
  g_test_add_func ("/reliability/files/top-level", test_files_top_level);
  g_test_add_func ("/reliability/files/truncated", test_files_truncated);
  g_test_add_func ("/reliability/files/deep", test_files_deep);
  g_test_add_func ("/reliability/files/utf8", test_files_utf8);
  g_test_add_func ("/reliability/files/large", test_files_large);
  g_test_add_func ("/reliability/files/odd-values-analysed", test_files_odd_values_analysed);
  g_test_add_func ("/reliability/files/round-trip-extremes", test_files_round_trip_extremes);
  g_test_add_func ("/reliability/files/topology-xml", test_topology_xml_hostile);
  g_test_add_data_func ("/reliability/workers/spawn", GINT_TO_POINTER (CS_START_SPAWN),
                        test_worker_faults);
  g_test_add_data_func ("/reliability/workers/forkserver", GINT_TO_POINTER (CS_START_FORKSERVER),
                        test_worker_faults);
  g_test_add_func ("/reliability/workers/kernel-errors", test_kernel_errors);
  g_test_add_func ("/reliability/command/faults", test_command_faults);
  g_test_add_func ("/reliability/command/silent", test_command_silent);
  g_test_add_func ("/reliability/command/hang", test_command_hang);
  g_test_add_func ("/reliability/command/leftover", test_command_leftover);
  g_test_add_func ("/reliability/command/waited", test_command_waited);
  g_test_add_func ("/reliability/command/output-bounded", test_command_output_bounded);
  g_test_add_func ("/reliability/cancel/moments", test_cancel_moments);
  g_test_add_func ("/reliability/save/disk-full", test_save_disk_full);
  g_test_add_func ("/reliability/save/bad-places", test_save_bad_places);
  g_test_add_func ("/reliability/guards/worker-cap", test_worker_cap);
  g_test_add_func ("/reliability/guards/memory", test_memory_guard);
  g_test_add_func ("/reliability/guards/http-loopback-only", test_http_loopback_only);
  g_test_add_func ("/reliability/journal/recover", test_journal);
  g_test_add_func ("/reliability/journal/cancel", test_journal_cancel);
  g_test_add_func ("/reliability/journal/finish-and-errors", test_journal_finish_and_errors);
  status = g_test_run ();
  test_remove_tree (tmp);
  return status;
}
