/* test-mpi-worker.c: corescope-mpi-worker under mpirun: checksums, scaling, kills, refusals, hosts
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "cs-backend.h"
#include "cs-engine.h"
#include "timing-test-util.h"

/* The test speaks the driver protocol (src/core/backends/DRIVERS.md) to rank 0 through mpirun's
 * stdin and stdout, as Corescope's mpi backend will. Open MPI refuses to run as root unless
 * told twice; CI runs as root, so the two OMPI_ALLOW_RUN_AS_ROOT variables are set here, in the
 * environment of the mpirun this test starts and nowhere else. Local jobs keep every byte on
 * this host: shared memory between ranks (btl self,vader) and Open MPI's own out-of-band
 * channel on loopback only. The multi-host case runs entirely inside the network namespaces
 * of build-aux/netns-cluster.sh. */

typedef struct
{
  GSubprocess      *proc;
  GOutputStream    *in;
  GDataInputStream *out;
  pid_t             pid;   /* also the process group: mpirun leads one of its own */
  char             *tag;   /* in every process's environment, to find leftovers in /proc */
} Job;

static const char *
worker_path (void)
{
  const char *path = g_getenv ("CORESCOPE_MPI_WORKER");

  g_assert_nonnull (path);
  return path;
}

static void
new_process_group (gpointer data)
{
  setpgid (0, 0);
}

/* Local mpirun options: ranks on this host only, nothing off loopback, and a prompt exit on
 * SIGTERM (Open MPI waits 1 s between SIGTERM and SIGKILL of the ranks by default, the whole
 * grace period Corescope gives a driver). */
static GPtrArray *
local_argv (guint ranks, const char *bind_to)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *const fixed[] = {
    "mpirun", "--oversubscribe", "--mca", "pml", "ob1", "--mca", "btl", "self,vader",
    "--mca", "oob_tcp_if_include", "lo", "--mca", "odls_base_sigkill_timeout", "0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, g_strdup (fixed[i]));
  g_ptr_array_add (argv, g_strdup ("--bind-to"));
  g_ptr_array_add (argv, g_strdup (bind_to));
  g_ptr_array_add (argv, g_strdup ("-n"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", ranks));
  return argv;
}

/* Under build-aux/sanitizers.sh asan: Open MPI keeps memory until exit in components that it
 * dlclose()s at MPI_Finalize, so LeakSanitizer's fast unwinder names no module for those
 * allocations and build-aux/lsan.supp cannot match them; the slow unwinder finds a frame in
 * libmpi or libopen-pal. */
static void
set_asan_unwind (GSubprocessLauncher *launcher)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *options = NULL;

  if (asan == NULL)
    return;
  options = g_strconcat (asan, ":fast_unwind_on_malloc=0", NULL);
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
}

static Job *
job_start (GPtrArray *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  Job *job = g_new0 (Job, 1);

  g_ptr_array_add (argv, g_strdup (worker_path ()));
  g_ptr_array_add (argv, NULL);
  job->tag = g_strdup_printf ("%d-%" G_GINT64_FORMAT, getpid (), g_get_monotonic_time ());
  /* for this test's mpirun only: see the comment at the top */
  g_subprocess_launcher_setenv (launcher, "OMPI_ALLOW_RUN_AS_ROOT", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "CS_TEST_MPI_TAG", job->tag, TRUE);
  set_asan_unwind (launcher);
  g_subprocess_launcher_set_child_setup (launcher, new_process_group, NULL, NULL);
  job->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  job->pid = (pid_t) atoi (g_subprocess_get_identifier (job->proc));
  job->in = g_subprocess_get_stdin_pipe (job->proc);
  job->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (job->proc));
  g_ptr_array_unref (argv);
  return job;
}

static void
job_send (Job *job, const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat (line, "\n", NULL);

  g_output_stream_write_all (job->in, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* One request, one reply line, parsed. */
static JsonObject *
job_request (Job *job, const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  JsonNode *node;
  JsonObject *obj;

  job_send (job, line);
  reply = g_data_input_stream_read_line_utf8 (job->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  node = json_from_string (reply, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  obj = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return obj;
}

static void
job_quit (Job *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = job_request (job, "{\"op\": \"quit\"}");

  g_assert_true (json_object_get_boolean_member (reply, "ok"));
  g_subprocess_wait_check (job->proc, NULL, &error);
  g_assert_no_error (error);
}

/* EOF on stdin means quit: mpirun passes it on to rank 0, and everything exits with 0. */
static void
job_close (Job *job)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (job->in, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (job->proc, NULL, &error);
  g_assert_no_error (error);
}

static void
job_free (Job *job)
{
  g_object_unref (job->out);
  g_object_unref (job->proc);
  g_free (job->tag);
  g_free (job);
}

static void
assert_ok (JsonObject *reply)
{
  if (!json_object_get_boolean_member (reply, "ok"))
    g_error ("driver error: %s", json_object_get_string_member (reply, "error"));
}

/* Typed params as DRIVERS.md says: integers, sizes in bytes, durations in seconds, booleans,
 * and strings for the rest. */
static void
add_params (JsonBuilder *b, const CsParams *params)
{
  const CsPreset *preset = cs_params_get_preset (params);

  json_builder_begin_object (b);
  for (guint i = 0; i < preset->n_params; i++)
    {
      const CsParamSpec *spec = &preset->params[i];

      json_builder_set_member_name (b, spec->name);
      if (spec->type == CS_PARAM_INT)
        json_builder_add_int_value (b, cs_params_get_int (params, spec->name));
      else if (spec->type == CS_PARAM_SIZE)
        json_builder_add_int_value (b, (gint64) cs_params_get_size (params, spec->name));
      else if (spec->type == CS_PARAM_DURATION)
        json_builder_add_double_value (b, cs_params_get_duration (params, spec->name));
      else if (spec->type == CS_PARAM_DOUBLE)
        json_builder_add_double_value (b, cs_params_get_double (params, spec->name));
      else if (spec->type == CS_PARAM_BOOL)
        json_builder_add_boolean_value (b, cs_params_get_bool (params, spec->name));
      else
        json_builder_add_string_value (b, cs_params_get_string (params, spec->name));
    }
  json_builder_end_object (b);
}

static void
add_env (JsonBuilder *b, GHashTable *env)
{
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, env);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (b, key);
      json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
}

/* The `open` request for a workload that the C side prepared (its env holds prepare's values,
 * such as the calibrated iterations of tiny-tasks and mixed). */
static char *
open_request (CsWorkload *wl, guint chunk_size)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, "open");
  json_builder_set_member_name (b, "protocol");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "backend");
  json_builder_add_string_value (b, "mpi");
  json_builder_set_member_name (b, "chunk_size");
  json_builder_add_int_value (b, chunk_size);
  json_builder_set_member_name (b, "scaling");
  json_builder_add_string_value (b, cs_scaling_to_string (wl->scaling));
  json_builder_set_member_name (b, "workload");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "preset");
  json_builder_add_string_value (b, wl->preset->name);
  json_builder_set_member_name (b, "params");
  add_params (b, wl->params);
  json_builder_set_member_name (b, "env");
  add_env (b, wl->env);
  json_builder_set_member_name (b, "n_tasks");
  json_builder_add_int_value (b, (gint64) wl->n_tasks);
  json_builder_set_member_name (b, "n_workers");
  json_builder_add_int_value (b, wl->n_workers);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static CsWorkload *
make_workload (const char *preset_name, const char *const *assignments, guint n_workers)
{
  g_autoptr(GError) error = NULL;
  const CsPreset *preset = cs_presets_lookup (preset_name, &error);
  g_autoptr(CsParams) params = NULL;
  CsWorkload *wl;

  g_assert_no_error (error);
  params = cs_params_new (preset);
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      cs_params_parse_assignment (params, assignments[i], &error);
      g_assert_no_error (error);
    }
  wl = cs_workload_new (params, CS_SCALING_STRONG, n_workers);
  cs_engine_workload_setup (wl, &error);
  g_assert_no_error (error);
  return wl;
}

static void
free_workload (CsWorkload *wl)
{
  cs_engine_workload_teardown (wl);
  cs_workload_free (wl);
}

/* What C thread mode computes for wl with n workers: the checksum every mode must give. */
static guint64
thread_checksum (CsWorkload *wl, guint n_workers)
{
  gint cancelled = 0;
  CsPassOptions options = { .n_workers = n_workers, .chunk_size = 1, .cancelled = &cancelled };
  g_autoptr(CsRun) run = cs_run_new ();

  if (!cs_engine_run ("thread", NULL, wl, &options, run))
    g_error ("thread run failed: %s", run->reason);
  return run->checksum;
}

static guint64
reply_checksum (JsonObject *reply)
{
  const char *hex = json_object_get_string_member (reply, "checksum");

  g_assert_cmpuint (strlen (hex), ==, 16);
  return g_ascii_strtoull (hex, NULL, 16);
}

/* A `run` that must succeed; returns the reply. */
static JsonObject *
run_pass (Job *job, guint workers)
{
  g_autofree char *line = g_strdup_printf ("{\"op\": \"run\", \"workers\": %u, \"rep\": 0}",
                                           workers);
  JsonObject *reply = job_request (job, line);

  assert_ok (reply);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply, "bindings")),
                    ==, workers);
  return reply;
}

static gboolean
have_mpirun (void)
{
  g_autofree char *path = g_find_program_in_path ("mpirun");

  if (path != NULL)
    return TRUE;
  g_test_skip ("mpirun is not installed (openmpi-bin)");
  return FALSE;
}

/* Launch to the `open` reply: what Corescope will report as the job's start-up. */
static JsonObject *
open_timed (Job *job, CsWorkload *wl, guint chunk_size, gint64 launched_us, const char *what)
{
  g_autofree char *line = open_request (wl, chunk_size);
  JsonObject *reply = job_request (job, line);

  assert_ok (reply);
  g_test_message ("%s: mpirun start-up (launch to open reply) %.3f s", what,
                  (g_get_monotonic_time () - launched_us) / 1e6);
  g_assert_cmpuint (json_object_get_int_member (reply, "n_tasks"), ==, wl->n_tasks);
  return reply;
}

static JsonObject *
reopen (Job *job, CsWorkload *wl, guint chunk_size)
{
  g_autofree char *line = open_request (wl, chunk_size);
  JsonObject *reply = job_request (job, line);

  assert_ok (reply);
  return reply;
}

static void
assert_info (JsonObject *reply, guint size, guint n_hosts)
{
  JsonObject *info = json_object_get_object_member (reply, "info");
  JsonArray *hosts = json_object_get_array_member (info, "hosts");
  JsonObject *topologies = json_object_get_object_member (info, "topologies");

  g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "library"),
                                   "Open MPI v"));
  g_assert_cmpint (json_object_get_int_member (info, "size"), ==, size);
  g_assert_cmpuint (json_array_get_length (hosts), ==, n_hosts);
  g_assert_cmpuint (json_object_get_size (topologies), ==, n_hosts);
  for (guint i = 0; i < n_hosts; i++)
    {
      const char *host = json_array_get_string_element (hosts, i);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (topologies, host),
                                       "<?xml"));
    }
}

static const char *const cpu_small[] = { "tasks=16", "numbers=2000", NULL };

/* One rank: the whole job on rank 0's compute thread; more workers than ranks are refused. */
static void
test_one_rank (void)
{
  CsWorkload *wl;
  Job *job;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(JsonObject) opened = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) refused = NULL;

  if (!have_mpirun ())
    return;
  wl = make_workload ("cpu", cpu_small, 1);
  job = job_start (local_argv (1, "core"));
  opened = open_timed (job, wl, 1, t0, "1 rank, this host");
  assert_info (opened, 1, 1);
  reply = run_pass (job, 1);
  g_assert_cmpuint (reply_checksum (reply), ==, thread_checksum (wl, 1));
  g_assert_cmpint (json_object_get_int_member (reply, "tasks"), ==, 16);
  refused = job_request (job, "{\"op\": \"run\", \"workers\": 2}");
  g_assert_false (json_object_get_boolean_member (refused, "ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (refused, "error"), "from 1 to 1"));
  job_close (job);
  job_free (job);
  free_workload (wl);
}

/* Two ranks: 1 and 2 workers, another chunk size and weak scaling all give C's checksum. */
static void
test_two_ranks (void)
{
  CsWorkload *wl;
  Job *job;
  guint64 expected;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(JsonObject) opened = NULL;

  if (!have_mpirun ())
    return;
  wl = make_workload ("cpu", cpu_small, 2);
  expected = thread_checksum (wl, 2);
  job = job_start (local_argv (2, "core"));
  opened = open_timed (job, wl, 1, t0, "2 ranks, this host");
  assert_info (opened, 2, 1);
  for (guint workers = 1; workers <= 2; workers++)
    {
      g_autoptr(JsonObject) reply = run_pass (job, workers);

      g_assert_cmpuint (reply_checksum (reply), ==, expected);
      g_assert_cmpint (json_object_get_int_member (reply, "tasks"), ==, 16);
      g_assert_cmpfloat (json_object_get_double_member (reply, "wall_s"), >, 0);
      g_assert_cmpfloat (json_object_get_double_member (reply, "user_s"), >, 0);
    }
  {
    g_autoptr(JsonObject) reopened = reopen (job, wl, 3);
    g_autoptr(JsonObject) reply = run_pass (job, 2);

    g_assert_cmpuint (reply_checksum (reply), ==, expected);
  }
  wl->scaling = CS_SCALING_WEAK;
  {
    g_autoptr(JsonObject) reopened = reopen (job, wl, 1);
    g_autoptr(JsonObject) reply = run_pass (job, 2);

    /* weak scaling runs the job once per worker */
    g_assert_cmpuint (reply_checksum (reply), ==, expected * 2);
    g_assert_cmpint (json_object_get_int_member (reply, "tasks"), ==, 32);
  }
  wl->scaling = CS_SCALING_STRONG;
  job_quit (job);
  job_free (job);
  free_workload (wl);
}

typedef struct
{
  const char       *preset;
  const char *const params[4];
} PresetCase;

/* Every preset the worker supports, small; mandelbrot also with the schedule whose task count
 * depends on the workers (n_workers travels in `open`). */
static const PresetCase preset_cases[] = {
  { "cpu", { "tasks=8", "numbers=1000" } },
  { "mandelbrot", { "width=64", "height=32", "max-iter=60" } },
  { "mandelbrot", { "width=64", "height=32", "schedule=static" } },
  { "matmul", { "size=64", "block=16" } },
  { "memory-stream", { "array-size=1MiB", "chunk=64KiB", "passes=2" } },
  { "io-wait", { "tasks=8", "latency=1ms" } },
  { "tiny-tasks", { "tasks=300", "task-time=5us" } },
  { "mixed", { "tasks=8", "task-time=1ms" } },
};

static void
test_presets (void)
{
  Job *job;
  g_autofree char *supported = NULL;
  const char *argv[] = { worker_path (), "--supported", NULL };
  g_autoptr(GError) error = NULL;

  if (!have_mpirun ())
    return;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &supported, NULL,
                NULL, &error);
  g_assert_no_error (error);
  job = job_start (local_argv (2, "core"));
  for (guint i = 0; i < G_N_ELEMENTS (preset_cases); i++)
    {
      CsWorkload *wl = make_workload (preset_cases[i].preset, preset_cases[i].params, 2);
      guint64 expected = thread_checksum (wl, 2);
      g_autoptr(JsonObject) opened = reopen (job, wl, 1);
      g_autofree char *line = g_strconcat (preset_cases[i].preset, "\n", NULL);

      g_assert_nonnull (strstr (supported, line));
      for (guint workers = 1; workers <= 2; workers++)
        {
          g_autoptr(JsonObject) reply = run_pass (job, workers);

          g_test_message ("%s at %u: %s", preset_cases[i].preset, workers,
                          json_object_get_string_member (reply, "checksum"));
          g_assert_cmpuint (reply_checksum (reply), ==, expected);
        }
      free_workload (wl);
    }
  job_quit (job);
  job_free (job);
}

static void
assert_refused (Job *job, const char *line, const char *what)
{
  g_autoptr(JsonObject) reply = job_request (job, line);
  const char *error;

  g_assert_false (json_object_get_boolean_member (reply, "ok"));
  error = json_object_get_string_member (reply, "error");
  g_test_message ("refused: %s", error);
  if (strstr (error, what) == NULL)
    g_error ("\"%s\" does not mention \"%s\"", error, what);
}

/* Bad requests and presets that cannot run across hosts are refused with a reason, and the job
 * stays usable. */
static void
test_refused (void)
{
  Job *job;
  CsWorkload *wl;

  if (!have_mpirun ())
    return;
  job = job_start (local_argv (2, "core"));
  assert_refused (job, "{\"op\": \"run\", \"workers\": 1}", "no workload is open");
  assert_refused (job, "this is not JSON", "not JSON");
  assert_refused (job, "{\"op\": \"dance\"}", "unknown request");
  wl = make_workload ("lock-contention", NULL, 2);
  {
    g_autofree char *line = open_request (wl, 1);

    assert_refused (job, line, "cannot run preset \"lock-contention\": its workers must share");
  }
  free_workload (wl);
  assert_refused (job, "{\"op\": \"open\", \"workload\": {\"preset\": \"no-such-preset\", "
                  "\"n_tasks\": 1}}", "no-such-preset");
  assert_refused (job, "{\"op\": \"open\", \"workload\": {\"preset\": \"cpu\", \"n_tasks\": 4, "
                  "\"params\": {\"tasks\": 4, \"colour\": \"red\"}}}", "colour");
  assert_refused (job, "{\"op\": \"open\", \"workload\": {\"preset\": \"mandelbrot\", "
                  "\"n_tasks\": 5, \"params\": {\"height\": 32}}}", "16 tasks");
  wl = make_workload ("cpu", cpu_small, 2);
  {
    g_autoptr(JsonObject) opened = reopen (job, wl, 1);
    g_autoptr(JsonObject) reply = NULL;

    assert_refused (job, "{\"op\": \"run\", \"workers\": 3}", "from 1 to 2");
    assert_refused (job, "{\"op\": \"run\", \"workers\": \"two\"}", "workers");
    reply = run_pass (job, 2);
    g_assert_cmpuint (reply_checksum (reply), ==, thread_checksum (wl, 2));
  }
  free_workload (wl);
  job_quit (job);
  job_free (job);
}

/* Processes whose environment carries tag: mpirun, orted and every rank inherit it. Zombies
 * have no environment left and are gone once init reaps them. */
static guint
count_tagged (const char *tag)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  g_autofree char *needle = g_strdup_printf ("CS_TEST_MPI_TAG=%s", tag);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/environ", name);
      g_autofree char *env = NULL;
      gsize len = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &env, &len, NULL))
        continue;
      for (gsize off = 0; off < len; off += strlen (env + off) + 1)
        if (g_str_equal (env + off, needle))
          {
            count++;
            break;
          }
    }
  return count;
}

static void
assert_all_gone (const char *tag)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint left;

  while ((left = count_tagged (tag)) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_cmpuint (left, ==, 0);
}

/* Starts a pass of many seconds on 2 ranks and returns once both ranks compute. */
static Job *
start_long_pass (GPtrArray *argv)
{
  static const char *const long_cpu[] = { "tasks=64", "numbers=400000", NULL };
  CsWorkload *wl = make_workload ("cpu", long_cpu, 2);
  Job *job = job_start (argv);
  g_autoptr(JsonObject) opened = reopen (job, wl, 1);

  free_workload (wl);
  g_assert_cmpuint (count_tagged (job->tag), >=, 3); /* mpirun and two ranks */
  job_send (job, "{\"op\": \"run\", \"workers\": 2}");
  g_usleep (300 * 1000);
  return job;
}

/* Corescope's last resort on timeout or cancel: SIGKILL to mpirun's process group. The ranks
 * are in process groups of their own (Open MPI puts them there), so they must die with their
 * parent. */
static void
test_kill_group (void)
{
  Job *job;
  g_autofree char *tag = NULL;

  if (!have_mpirun ())
    return;
  job = start_long_pass (local_argv (2, "core"));
  tag = g_strdup (job->tag);
  g_assert_cmpint (kill (-job->pid, SIGKILL), ==, 0);
  g_subprocess_wait (job->proc, NULL, NULL);
  job_free (job);
  assert_all_gone (tag);
}

/* Corescope's first step: SIGTERM to mpirun, then 1 s before SIGKILL. */
static void
test_sigterm (void)
{
  Job *job;
  g_autofree char *tag = NULL;
  gint64 t0;

  if (!have_mpirun ())
    return;
  job = start_long_pass (local_argv (2, "core"));
  tag = g_strdup (job->tag);
  t0 = g_get_monotonic_time ();
  g_assert_cmpint (kill (job->pid, SIGTERM), ==, 0);
  g_subprocess_wait (job->proc, NULL, NULL);
  g_test_message ("mpirun ended %.3f s after SIGTERM", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC);
  job_free (job);
  assert_all_gone (tag);
}

#define SCALING_REPS 5

static double
wall_of (Job *job, guint workers)
{
  g_autoptr(JsonObject) reply = run_pass (job, workers);

  return json_object_get_double_member (reply, "wall_s");
}

/* The cpu preset with its defaults (~0.26 s of work), 1 and 2 workers alternating in one job,
 * medians: one rank per core scales like process mode. */
static void
test_cpu_scales (void)
{
  CsWorkload *wl;
  Job *job;
  double t1[SCALING_REPS], t2[SCALING_REPS];
  g_autoptr(JsonObject) opened = NULL;
  TimingWindow window;

  if (!have_mpirun () || !need_idle_cores ())
    return;
  timing_window_open (&window);
  wl = make_workload ("cpu", NULL, 2);
  job = job_start (local_argv (2, "core"));
  opened = reopen (job, wl, 1);
  for (guint r = 0; r < SCALING_REPS; r++)
    {
      t1[r] = wall_of (job, 1);
      t2[r] = wall_of (job, 2);
    }
  job_quit (job);
  job_free (job);
  free_workload (wl);
  qsort (t1, SCALING_REPS, sizeof (double), test_compare_double);
  qsort (t2, SCALING_REPS, sizeof (double), test_compare_double);
  g_test_message ("cpu mpi: 1 worker %.4f s, 2 workers %.4f s, speedup %.2f",
                  t1[SCALING_REPS / 2], t2[SCALING_REPS / 2],
                  t1[SCALING_REPS / 2] / t2[SCALING_REPS / 2]);
  if (!timing_window_disturbed (&window))
    g_assert_cmpfloat (t1[SCALING_REPS / 2] / t2[SCALING_REPS / 2], >=, 1.6);
}

/* Per-task cost of the distribution: tiny tasks of ~1 µs in chunks of 1, against the same
 * pass in C thread mode. Reported, not asserted (it is a property, not a claim). */
static void
test_dispatch_cost (void)
{
  static const char *const tiny[] = { "tasks=20000", "task-time=1us", NULL };
  CsWorkload *wl;
  Job *job;
  g_autoptr(JsonObject) opened = NULL;

  if (!have_mpirun ())
    return;
  wl = make_workload ("tiny-tasks", tiny, 2);
  job = job_start (local_argv (2, "core"));
  opened = reopen (job, wl, 1);
  for (guint workers = 1; workers <= 2; workers++)
    {
      double best = G_MAXDOUBLE;

      for (guint r = 0; r < 3; r++)
        best = MIN (best, wall_of (job, workers));
      g_test_message ("tiny-tasks mpi, %u worker(s): %.3f s for 20000 tasks of 1 us: "
                      "%.2f us of wall time a task", workers, best, best / 20000 * 1e6);
    }
  job_quit (job);
  job_free (job);
  free_workload (wl);
}

static const char *
cluster_script (void)
{
  return g_test_get_filename (G_TEST_DIST, "..", "build-aux", "netns-cluster.sh", NULL);
}

/* Runs `netns-cluster.sh ARG`; its standard output, and its exit status in *status. */
static char *
cluster (const char *arg, int *status)
{
  const char *argv[] = { cluster_script (), arg, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                &wait_status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
  return out;
}

/* mpirun inside cs-head, one rank on each of cs-node1 and cs-node2. The nodes share this
 * machine's CPUs while each believes it has them all, so ranks are not bound (each node would
 * bind its rank to its PU 0: the same CPU). */
static GPtrArray *
cluster_argv (void)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  int status;
  g_autofree char *args = cluster ("mpirun-args", &status);
  g_auto(GStrv) lines = g_strsplit (g_strstrip (args), "\n", -1);
  const char *const tail[] = { "--leave-session-attached", "--bind-to", "none",
                               "--map-by", "node", "-n", "2" };

  g_assert_cmpint (status, ==, 0);
  g_ptr_array_add (argv, g_strdup (cluster_script ()));
  g_ptr_array_add (argv, g_strdup ("run"));
  g_ptr_array_add (argv, g_strdup ("2"));
  g_ptr_array_add (argv, g_strdup ("mpirun"));
  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (lines[i]));
  for (guint i = 0; i < G_N_ELEMENTS (tail); i++)
    g_ptr_array_add (argv, g_strdup (tail[i]));
  return argv;
}

static void
assert_bound_on (JsonObject *reply, guint rank, const char *host)
{
  JsonArray *bindings = json_object_get_array_member (reply, "bindings");
  g_autofree char *prefix = g_strconcat (host, ": PU ", NULL);

  g_assert_true (g_str_has_prefix (json_array_get_string_element (bindings, rank), prefix));
}

static gboolean
have_cluster (void)
{
  int status;
  g_autofree char *why = cluster ("check", &status);

  if (status == 77)
    {
      g_test_skip_printf ("no network namespaces: %s", g_strstrip (why));
      return FALSE;
    }
  g_assert_cmpint (status, ==, 0);
  return TRUE;
}

static void
assert_no_cluster (void)
{
  g_assert_false (g_file_test ("/run/netns/cs-head", G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test ("/run/netns/cs-node1", G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test ("/etc/netns/cs-head", G_FILE_TEST_EXISTS));
}

/* Two hosts: network namespaces made by the script, removed by it afterwards even when this
 * test fails (its trap runs when mpirun ends, and mpirun ends when our pipes close). */
static void
test_two_hosts (void)
{
  CsWorkload *wl;
  Job *job;
  gint64 t0;
  g_autoptr(JsonObject) opened = NULL;
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *hosts;

  if (!have_mpirun () || !have_cluster ())
    return;
  wl = make_workload ("cpu", cpu_small, 2);
  t0 = g_get_monotonic_time ();
  job = job_start (cluster_argv ());
  opened = open_timed (job, wl, 1, t0, "2 ranks on 2 namespace hosts (with their set-up)");
  assert_info (opened, 2, 2);
  hosts = json_object_get_array_member (json_object_get_object_member (opened, "info"),
                                        "hosts");
  g_assert_cmpstr (json_array_get_string_element (hosts, 0), ==, "cs-node1");
  g_assert_cmpstr (json_array_get_string_element (hosts, 1), ==, "cs-node2");
  reply = run_pass (job, 2);
  g_assert_cmpuint (reply_checksum (reply), ==, thread_checksum (wl, 2));
  assert_bound_on (reply, 0, "cs-node1");
  assert_bound_on (reply, 1, "cs-node2");
  free_workload (wl);
  /* a region per host (memory-stream) and inputs every host prepares (mandelbrot) */
  for (guint i = 0; i < G_N_ELEMENTS (preset_cases); i++)
    if (g_str_equal (preset_cases[i].preset, "memory-stream")
        || g_str_equal (preset_cases[i].preset, "mandelbrot"))
      {
        g_autoptr(JsonObject) reopened = NULL;
        g_autoptr(JsonObject) again = NULL;

        wl = make_workload (preset_cases[i].preset, preset_cases[i].params, 2);
        reopened = reopen (job, wl, 1);
        again = run_pass (job, 2);
        g_assert_cmpuint (reply_checksum (again), ==, thread_checksum (wl, 2));
        free_workload (wl);
      }
  job_quit (job);
  job_free (job);
  assert_no_cluster ();
}

/* SIGKILL to the group that leads mpirun in cs-head: the nodes' orted and ranks go too (the
 * agent makes each orted die with mpirun; each rank dies with its orted). The script was
 * killed before its clean-up, so the test runs `down` itself. */
static void
test_two_hosts_killed (void)
{
  Job *job;
  int status;
  g_autofree char *tag = NULL;
  g_autofree char *out = NULL;

  if (!have_mpirun () || !have_cluster ())
    return;
  job = start_long_pass (cluster_argv ());
  tag = g_strdup (job->tag);
  g_assert_cmpint (kill (-job->pid, SIGKILL), ==, 0);
  g_subprocess_wait (job->proc, NULL, NULL);
  job_free (job);
  assert_all_gone (tag);
  out = cluster ("down", &status);
  g_assert_cmpint (status, ==, 0);
  assert_no_cluster ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mpi-worker/one-rank", test_one_rank);
  g_test_add_func ("/mpi-worker/two-ranks", test_two_ranks);
  g_test_add_func ("/mpi-worker/presets", test_presets);
  g_test_add_func ("/mpi-worker/refused", test_refused);
  g_test_add_func ("/mpi-worker/kill-group", test_kill_group);
  g_test_add_func ("/mpi-worker/sigterm", test_sigterm);
  g_test_add_func ("/mpi-worker/cpu-scales", test_cpu_scales);
  g_test_add_func ("/mpi-worker/dispatch-cost", test_dispatch_cost);
  g_test_add_func ("/mpi-worker/two-hosts", test_two_hosts);
  g_test_add_func ("/mpi-worker/two-hosts/killed", test_two_hosts_killed);
  return g_test_run ();
}
