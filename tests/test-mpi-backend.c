/* test-mpi-backend.c: the mpi mode through the backend interface, `corescope run` across network
 * namespaces and `corescope fleet`
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "cs-run-noise.h"
#include "engine-test-util.h"
#include "proc-test-util.h"
#include "timing-test-util.h"

/* The backend sets Open MPI's two root allow variables itself (when euid is 0), so this test
 * does not. Every process of a job inherits CS_TEST_MPI_TAG from this one, which is how the
 * leftovers checks find mpirun, orted and the ranks in /proc. Local jobs stay on loopback and
 * shared memory (the backend's default); the multi-host cases run inside the network
 * namespaces of build-aux/netns-cluster.sh, which removes them afterwards even on failure. */

static char *tag_entry; /* "CS_TEST_MPI_TAG=…" */

static const char *const cpu_small[] = { "tasks=16", "numbers=2000", NULL };
static const char *const cpu_long[] = { "tasks=64", "numbers=400000", NULL };

static gboolean
have_mpirun (void)
{
  g_autofree char *path = g_find_program_in_path ("mpirun");

  if (path != NULL)
    return TRUE;
  g_test_skip ("mpirun is not installed (openmpi-bin)");
  return FALSE;
}

static const CsBackend *
mpi_backend (void)
{
  g_autoptr (GError) error = NULL;
  const CsBackend *backend = cs_backends_lookup ("mpi", &error);

  g_assert_no_error (error);
  return backend;
}

static CsParams *
mpi_options (const char *pool)
{
  g_autoptr (GError) error = NULL;
  CsParams *options = cs_backend_options_new (mpi_backend ());

  cs_params_set (options, "pool", pool, &error);
  g_assert_no_error (error);
  return options;
}

static CsBackendSession *
open_session (const char *pool)
{
  g_autoptr (CsParams) options = mpi_options (pool);
  g_autoptr (GError) error = NULL;
  CsBackendSession *session = cs_backend_session_open (mpi_backend (), options, &error);

  g_assert_no_error (error);
  return session;
}

static guint64
thread_checksum (CsWorkload *wl, guint n_workers)
{
  gint cancelled = 0;
  CsPassOptions pass = test_pass (n_workers, &cancelled);
  g_autoptr (CsRun) run = cs_run_new ();

  if (!cs_engine_run ("thread", NULL, wl, &pass, run))
    g_error ("thread run failed: %s", run->reason);
  return run->checksum;
}

static guint
count_tagged (int *first)
{
  const char *const entries[] = { tag_entry, NULL };

  return count_processes_with_env (entries, first);
}

/* mpirun, its daemons and every rank are gone (a few seconds at most: SIGTERM, then SIGKILL). */
static void
assert_no_job_left (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint left;
  int pid = 0;

  while ((left = count_tagged (&pid)) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  if (left > 0)
    g_error ("%u processes of the job are left, pid %d among them", left, pid);
}

/* ---- on this machine --------------------------------------------------------------------- */

/* Both lifetimes at 1 and 2 ranks give C thread mode's checksum; per-run jobs report their
 * start-up, persistent ones leave it out of the run. */
static void
test_checksums (void)
{
  const char *const pools[] = { "per-run", "persistent" };

  if (!have_mpirun ())
    return;
  for (guint p = 0; p < G_N_ELEMENTS (pools); p++)
    {
      g_autoptr (CsBackendSession) session = open_session (pools[p]);

      for (guint workers = 1; workers <= 2; workers++)
        {
          CsWorkload *wl = test_workload_new ("cpu", cpu_small, CS_SCALING_STRONG, workers);
          gint cancelled = 0;
          CsPassOptions pass = test_pass (workers, &cancelled);
          g_autoptr (CsRun) run = cs_run_new ();
          g_autofree char *key = g_strdup_printf ("bindings.%u", workers);

          if (!cs_backend_session_run (session, wl, &pass, run))
            g_error ("%s × %u: %s", pools[p], workers, run->reason);
          g_assert_cmpuint (run->checksum, ==, thread_checksum (wl, workers));
          g_assert_cmpuint (run->tasks, ==, 16);
          g_test_message ("%s × %u: wall %.4f s, start-up %.4f s", pools[p], workers,
                          run->wall_s, run->startup_s);
          if (p == 0)
            g_assert_cmpfloat (run->startup_s, >, 0);
          else
            g_assert_cmpfloat (run->startup_s, ==, 0);
          g_assert_true (g_str_has_prefix (g_hash_table_lookup (session->info, "library"),
                                           "Open MPI v"));
          g_assert_nonnull (g_hash_table_lookup (session->info, key));
          test_workload_free (wl);
        }
    }
  assert_no_job_left ();
}

static void
test_unavailable (void)
{
  g_autoptr (CsParams) options = mpi_options ("per-run");
  g_autoptr (GError) error = NULL;
  g_autofree char *why = NULL;
  CsBackendSession *session;

  cs_params_set (options, "mpirun", "/nonexistent/mpirun", &error);
  g_assert_no_error (error);
  why = cs_backend_check_available (mpi_backend (), options);
  g_assert_nonnull (why);
  g_test_message ("unavailable: %s", why);
  g_assert_nonnull (strstr (why, "/nonexistent/mpirun not found"));
  session = cs_backend_session_open (mpi_backend (), options, &error);
  g_assert_null (session);
  g_assert_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNAVAILABLE);
}

static void
test_unsupported (void)
{
  g_autoptr (GError) error = NULL;
  const CsPreset *preset = cs_presets_lookup ("lock-contention", &error);

  g_assert_no_error (error);
  g_assert_false (cs_backend_supports (mpi_backend (), preset, &error));
  g_assert_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "cpu"));
}

/* The kernel's counters the ranks kept on themselves (issue #17), also in a persistent job's
 * later runs, whose ranks were started before the run's own counters were opened: their
 * task-clock is the ranks' CPU time over the pass, as getrusage counts it. */
static void
assert_rank_counters (const CsRun *run)
{
  double task_clock = -1, switches = -1;
  double cpu = run->user_s + run->sys_s;

  g_assert_true (cs_run_get_perf_counter (run, "task_clock_s", &task_clock));
  g_assert_true (cs_run_get_perf_counter (run, "context_switches", &switches));
  g_test_message ("task_clock_s %.4f, user + sys %.4f, context switches %.0f", task_clock, cpu,
                  switches);
  g_assert_cmpfloat (task_clock, >, 0.5 * cpu);
  g_assert_cmpfloat (task_clock, <, 2 * cpu + 0.05);
}

/* The memory a run's ranks hold together (issue #17): each rank's PSS, read by the rank after
 * the clock stopped and summed by rank 0. Every hash worker maps and fills a buffer of `size`
 * bytes, so 2 ranks hold at least twice that; each rank's own share of Open MPI, GLib and the
 * C library is a few MiB (its PSS divides what the ranks share), so more than 64 MiB on top of
 * the buffers per rank would be a count of something else. Both lifetimes: a persistent job
 * counts only the ranks a run used. */
static void
test_memory (void)
{
  static const char *const hash_16mib[] = { "tasks=4", "size=16MiB", NULL };
  const char *const pools[] = { "per-run", "persistent" };
  const gint64 buffer_kb = 16 * 1024;

  if (!have_mpirun ())
    return;
  for (guint p = 0; p < G_N_ELEMENTS (pools); p++)
    {
      g_autoptr (CsBackendSession) session = open_session (pools[p]);

      for (guint workers = 2; workers >= 1; workers--)
        {
          CsWorkload *wl = test_workload_new ("hash", hash_16mib, CS_SCALING_STRONG, workers);
          gint cancelled = 0;
          CsPassOptions pass = test_pass (workers, &cancelled);
          g_autoptr (CsRun) run = cs_run_new ();

          if (!cs_backend_session_run (session, wl, &pass, run))
            g_error ("%s × %u: %s", pools[p], workers, run->reason);
          g_test_message ("hash 16 MiB, %s × %u: mem_total_kb %" G_GINT64_FORMAT
                          ", mem_peak_kb %" G_GINT64_FORMAT, pools[p], workers,
                          run->mem_total_kb, run->mem_peak_kb);
          g_assert_cmpuint (run->checksum, ==, thread_checksum (wl, workers));
          g_assert_cmpint (run->mem_total_kb, >=, workers * buffer_kb);
          g_assert_cmpint (run->mem_total_kb, <=, workers * (buffer_kb + 64 * 1024));
          g_assert_cmpint (run->mem_peak_kb, >=, run->mem_total_kb / 2);
          assert_rank_counters (run);
          test_workload_free (wl);
        }
    }
  assert_no_job_left ();
}

/* A long pass on 2 ranks in a thread, so that the test can cancel it or kill a rank. */
typedef struct
{
  CsBackendSession *session;
  CsWorkload       *wl;
  CsPassOptions     pass;
  gint              cancelled;
  CsRun            *run;
} LongPass;

static gpointer
long_pass_thread (gpointer data)
{
  LongPass *lp = data;

  cs_backend_session_run (lp->session, lp->wl, &lp->pass, lp->run);
  return NULL;
}

static GThread *
long_pass_start (LongPass *lp, double timeout_s)
{
  lp->session = open_session ("per-run");
  lp->wl = test_workload_new ("cpu", cpu_long, CS_SCALING_STRONG, 2);
  lp->pass = test_pass (2, &lp->cancelled);
  lp->pass.timeout_s = timeout_s;
  lp->run = cs_run_new ();
  return g_thread_new ("long-pass", long_pass_thread, lp);
}

/* Waits until the job has mpirun and both ranks. */
static void
wait_for_ranks (void)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint n;

  /* One count decides: a second look may catch a process between fork and exec, whose
   * environment is not readable for that moment. */
  while ((n = count_tagged (NULL)) < 3 && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_cmpuint (n, >=, 3);
  g_usleep (300 * 1000); /* past the open reply: the pass runs */
}

/* After the thread was joined. */
static void
long_pass_finish (LongPass *lp)
{
  cs_backend_session_close (lp->session);
  test_workload_free (lp->wl);
  assert_no_job_left ();
  cs_run_free (lp->run);
}

static void
test_cancel (void)
{
  LongPass lp = { 0 };
  GThread *thread;
  gint64 t0;

  if (!have_mpirun ())
    return;
  thread = long_pass_start (&lp, 0);
  wait_for_ranks ();
  t0 = g_get_monotonic_time ();
  g_atomic_int_set (&lp.cancelled, 1);
  g_thread_join (thread);
  g_test_message ("cancelled after %.3f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (lp.run->status, ==, CS_RUN_CANCELLED);
  /* the job is stopped when the run gives up, not when the session closes */
  assert_no_job_left ();
  long_pass_finish (&lp);
}

static void
test_timeout (void)
{
  LongPass lp = { 0 };
  GThread *thread;
  char host[256] = "";
  g_autofree char *rank1 = NULL;

  if (!have_mpirun ())
    return;
  gethostname (host, sizeof host - 1);
  rank1 = g_strdup_printf ("rank 1 on %s", host);
  thread = long_pass_start (&lp, 1.0);
  g_thread_join (thread);
  g_test_message ("timeout: %s", lp.run->reason);
  g_assert_cmpint (lp.run->status, ==, CS_RUN_TIMEOUT);
  g_assert_nonnull (strstr (lp.run->reason, rank1));
  assert_no_job_left ();
  long_pass_finish (&lp);
}

/* A rank killed in the middle of a pass: the run fails naming the rank and its host. */
static void
test_rank_crash (void)
{
  LongPass lp = { 0 };
  GThread *thread;
  const char *const rank1[] = { tag_entry, "OMPI_COMM_WORLD_RANK=1", NULL };
  char host[256] = "";
  g_autofree char *expected = NULL;
  int pid = 0;

  if (!have_mpirun ())
    return;
  gethostname (host, sizeof host - 1);
  expected = g_strdup_printf ("rank 1 on %s", host);
  thread = long_pass_start (&lp, 0);
  wait_for_ranks ();
  g_assert_cmpuint (count_processes_with_env (rank1, &pid), ==, 1);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_thread_join (thread);
  g_test_message ("crash: %s", lp.run->reason);
  g_assert_cmpint (lp.run->status, ==, CS_RUN_FAILED);
  g_assert_nonnull (strstr (lp.run->reason, expected));
  long_pass_finish (&lp);
}

/* A launcher that said it cannot start the job but keeps waiting for a rank that never
 * reports (mpirun with a full TMPDIR: PMIx out of resources, its ranks blocked in their
 * start-up, none of them a zombie): the launch fails within the grace the backend gives such a
 * launcher, not at the start-up deadline, names TMPDIR, and leaves nothing running. */
static void
test_launch_out_of_space (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-fake-mpirun-XXXXXX", NULL);
  g_autofree char *fake = g_build_filename (dir, "mpirun", NULL);
  g_autoptr (CsParams) options = mpi_options ("per-run");
  g_autoptr (GError) error = NULL;
  g_autoptr (CsBackendSession) session = NULL;
  g_autoptr (CsRun) run = cs_run_new ();
  CsWorkload *wl = test_workload_new ("cpu", cpu_small, CS_SCALING_STRONG, 2);
  gint cancelled = 0;
  CsPassOptions pass = test_pass (2, &cancelled);
  gint64 t0;
  double took;

  g_assert_true (g_file_set_contents (fake,
                                      "#!/bin/sh\n"
                                      "echo '[host:1] PMIX ERROR: OUT-OF-RESOURCE in file "
                                      "dstore_segment.c at line 208' >&2\n"
                                      "sleep 300 &\n"
                                      "wait\n", -1, NULL));
  g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
  cs_params_set (options, "mpirun", fake, &error);
  g_assert_no_error (error);
  session = cs_backend_session_open (mpi_backend (), options, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  g_assert_false (cs_backend_session_run (session, wl, &pass, run));
  took = (g_get_monotonic_time () - t0) / 1e6;
  g_test_message ("out of space after %.2f s: %s", took, run->reason);
  g_assert_cmpint (run->status, ==, CS_RUN_FAILED);
  g_assert_nonnull (strstr (run->reason, "ran out of space in TMPDIR"));
  g_assert_null (strchr (run->reason, '\n'));
  /* the grace (3 s) and the stop (SIGTERM, a second or two), far below the 30 s deadline */
  g_assert_cmpfloat (took, <, 15);
  assert_no_job_left ();
  test_workload_free (wl);
  g_unlink (fake);
  g_rmdir (dir);
}

#define SCALING_REPS 5

static double
median_wall (CsBackendSession *session, CsWorkload *wl, guint workers)
{
  double walls[SCALING_REPS];

  for (guint r = 0; r < SCALING_REPS; r++)
    {
      gint cancelled = 0;
      CsPassOptions pass = test_pass (workers, &cancelled);
      g_autoptr (CsRun) run = cs_run_new ();

      pass.placement = CS_PLACEMENT_COMPACT;
      if (!cs_backend_session_run (session, wl, &pass, run))
        g_error ("%s", run->reason);
      walls[r] = run->wall_s;
    }
  qsort (walls, SCALING_REPS, sizeof (double), test_compare_double);
  return walls[SCALING_REPS / 2];
}

/* The cpu preset's defaults on one persistent job of 2 ranks bound to a core each. */
static void
test_cpu_scales (void)
{
  g_autoptr (CsBackendSession) session = NULL;
  CsWorkload *wl1, *wl2;
  double t1, t2;
  TimingWindow window;

  if (!have_mpirun () || !need_idle_cores ())
    return;
  timing_window_open (&window);
  session = open_session ("persistent");
  wl2 = test_workload_new ("cpu", NULL, CS_SCALING_STRONG, 2);
  wl1 = test_workload_new ("cpu", NULL, CS_SCALING_STRONG, 1);
  t2 = median_wall (session, wl2, 2);
  t1 = median_wall (session, wl1, 1);
  g_test_message ("cpu mpi: 1 rank %.4f s, 2 ranks %.4f s, speedup %.2f", t1, t2, t1 / t2);
  if (!timing_window_disturbed (&window))
    g_assert_cmpfloat (t1 / t2, >=, 1.6);
  test_workload_free (wl1);
  test_workload_free (wl2);
}

/* ---- across network namespaces ----------------------------------------------------------- */

static char *
cluster_script (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "build-aux", "netns-cluster.sh", NULL);
}

/* Runs `netns-cluster.sh ARGS…`: its exit status; its standard output in *out. */
static int
cluster (const char *const *args, char **out)
{
  g_autofree char *script = cluster_script ();
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, script);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, NULL,
                &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
}

static gboolean
have_cluster (void)
{
  g_autofree char *why = NULL;
  int status = cluster ((const char *const[]) { "check", NULL }, &why);

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

/* `sh -c SCRIPT` inside cs-head of a cluster of n nodes, which is removed afterwards. */
static int
in_cluster (guint n, const char *script, char **out)
{
  g_autofree char *count = g_strdup_printf ("%u", n);
  int status = cluster ((const char *const[]) { "run", count, "sh", "-c", script, NULL }, out);

  assert_no_cluster ();
  return status;
}

static CsResult *
load_result (const char *path)
{
  g_autoptr (GError) error = NULL;
  CsResult *result = cs_result_load (path, &error);

  g_assert_no_error (error);
  return result;
}

/* What the backend reported about itself under key ("hosts", "bindings.2"). */
static const char *
mode_info (const CsModeConfig *mode, const char *key)
{
  gsize len = strlen (key);

  for (guint i = 0; mode != NULL && mode->info != NULL && mode->info[i] != NULL; i++)
    if (strncmp (mode->info[i], key, len) == 0 && mode->info[i][len] == '=')
      return mode->info[i] + len + 1;
  return NULL;
}

static void
assert_all_ok (const CsResult *result)
{
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);

      if (run->status != CS_RUN_OK)
        g_error ("%s × %u: %s", cs_mode_to_string (run->mode), run->workers, run->reason);
    }
}

/* `corescope run --modes mpi` with the cluster's hostfile: one rank on each of two hosts, the
 * checksums checked by the sweep, each host's topology in the result. */
static void
test_hostfile_sweep (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-mpi-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "sweep.json", NULL);
  g_autofree char *script = g_strdup_printf (
    "\"$CORESCOPE_CLI\" run --preset cpu --param tasks=16 --param numbers=2000 --modes mpi "
    "--workers 1,2 --reps 2 --warmup 0 -q --json '%s' "
    "--option \"mpi:hostfile=$CS_NETNS_HOSTFILE\" "
    "--option \"mpi:args=$CS_NETNS_MCA_ARGS --map-by node --bind-to none\"", json);
  g_autofree char *out = NULL;
  g_autoptr (CsResult) result = NULL;
  const CsModeConfig *mode;

  if (!have_mpirun () || !have_cluster ())
    return;
  g_assert_cmpint (in_cluster (2, script, &out), ==, 0);
  result = load_result (json);
  assert_all_ok (result);
  g_assert_cmpuint (result->runs->len, ==, 4);
  mode = cs_sweep_config_find_mode (result->config, cs_backend_get_mode (mpi_backend ()));
  g_assert_cmpstr (mode_info (mode, "hosts"), ==, "cs-node1,cs-node2");
  g_assert_cmpstr (mode_info (mode, "bindings.2"), ==,
                   "cs-node1: PU 0-1; cs-node2: PU 0-1");
  g_assert_true (g_str_has_prefix (mode_info (mode, "topology.cs-node2"),
                                   "<?xml"));
  g_test_message ("2-host start-up: %s s at 2 ranks",
                  mode_info (mode, "startup_s.2"));
  g_remove (json);
  g_rmdir (dir);
}

/* A hostfile naming a host that does not exist: the run fails naming it, the sweep ends, and
 * nothing of the job is left. */
static void
test_unreachable_node (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-mpi-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "sweep.json", NULL);
  g_autofree char *hosts = g_build_filename (dir, "hosts", NULL);
  g_autofree char *script = g_strdup_printf (
    "\"$CORESCOPE_CLI\" run --preset cpu --param tasks=8 --param numbers=1000 --modes mpi "
    "--workers 2 --reps 1 --warmup 0 -q --json '%s' --option 'mpi:hostfile=%s' "
    "--option \"mpi:args=$CS_NETNS_MCA_ARGS --map-by node --bind-to none\"", json, hosts);
  g_autofree char *out = NULL;
  g_autoptr (CsResult) result = NULL;
  const CsRun *run;

  if (!have_mpirun () || !have_cluster ())
    return;
  g_assert_true (g_file_set_contents (hosts, "cs-node1 slots=4\ncs-node9 slots=4\n", -1, NULL));
  /* `corescope run` exits with 1 when a run failed */
  g_assert_cmpint (in_cluster (1, script, &out), ==, 1);
  result = load_result (json);
  g_assert_cmpuint (result->runs->len, ==, 1);
  run = g_ptr_array_index (result->runs, 0);
  g_test_message ("unreachable: %s", run->reason);
  g_assert_cmpint (run->status, ==, CS_RUN_FAILED);
  g_assert_nonnull (strstr (run->reason, "cs-node9"));
  assert_no_job_left ();
  g_remove (json);
  g_remove (hosts);
  g_rmdir (dir);
}

/* `corescope fleet` over three hosts: a sweep per host with its own worker range, a result
 * file per host and the comparison. */
static void
test_fleet (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-fleet-XXXXXX", NULL);
  g_autofree char *script = g_strdup_printf (
    "\"$CORESCOPE_CLI\" fleet --hostfile \"$CS_NETNS_HOSTFILE\" --mpirun-args \"$CS_NETNS_MCA_ARGS\" "
    "--output '%s' -- --preset cpu --param tasks=16 --param numbers=2000 "
    "--modes thread,process --workers pow2:max --reps 1 --warmup 0", dir);
  g_autofree char *out = NULL;

  if (!have_mpirun () || !have_cluster ())
    return;
  g_assert_cmpint (in_cluster (3, script, &out), ==, 0);
  g_test_message ("%s", out);
  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *host = g_strdup_printf ("cs-node%u", k);
      g_autofree char *name = g_strconcat (host, ".json", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (CsResult) result = load_result (path);

      assert_all_ok (result);
      g_assert_cmpstr (result->machine->hostname, ==, host);
      g_remove (path);
    }
  g_assert_nonnull (strstr (out, "Side by side"));
  g_assert_nonnull (strstr (out, "cs-node3"));
  g_rmdir (dir);
}

/* Under build-aux/sanitizers.sh asan, as in test-mpi-worker.c: Open MPI frees some memory only
 * in components it dlclose()s, so LeakSanitizer needs the slow unwinder in the ranks to match
 * build-aux/lsan.supp. The ranks inherit this process's environment through the backend. */
static void
set_asan_unwind (void)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *options = NULL;

  if (asan == NULL)
    return;
  options = g_strconcat (asan, ":fast_unwind_on_malloc=0", NULL);
  g_setenv ("ASAN_OPTIONS", options, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  set_asan_unwind ();
  tag_entry = g_strdup_printf ("CS_TEST_MPI_TAG=%d-%" G_GINT64_FORMAT, getpid (),
                               g_get_monotonic_time ());
  g_setenv ("CS_TEST_MPI_TAG", strchr (tag_entry, '=') + 1, TRUE);
  g_test_add_func ("/mpi-backend/checksums", test_checksums);
  g_test_add_func ("/mpi-backend/unavailable", test_unavailable);
  g_test_add_func ("/mpi-backend/unsupported", test_unsupported);
  g_test_add_func ("/mpi-backend/memory-and-counters", test_memory);
  g_test_add_func ("/mpi-backend/cancel", test_cancel);
  g_test_add_func ("/mpi-backend/timeout", test_timeout);
  g_test_add_func ("/mpi-backend/rank-crash", test_rank_crash);
  g_test_add_func ("/mpi-backend/launch-out-of-space", test_launch_out_of_space);
  g_test_add_func ("/mpi-backend/cpu-scales", test_cpu_scales);
  g_test_add_func ("/mpi-backend/hostfile-sweep", test_hostfile_sweep);
  g_test_add_func ("/mpi-backend/unreachable-node", test_unreachable_node);
  g_test_add_func ("/mpi-backend/fleet", test_fleet);
  return g_test_run ();
}
