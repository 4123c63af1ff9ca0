/* test-process-pool.c: process mode with both start methods: checksums, failures, clean stops
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-engine.h"
#include "cs-pool-private.h"
#include "cs-worker-launch.h"

typedef struct
{
  CsWorkload   *wl;
  CsPoolOptions options;
  gint          cancelled;
  guint         fds_before;
} Fixture;

static guint
count_open_fds (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  struct dirent *e;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((e = readdir (dir)) != NULL)
    if (e->d_name[0] != '.')
      n++;
  closedir (dir);
  return n - 1; /* the directory's own fd */
}

/* The state letter of a process from /proc/PID/stat, and its parent (field 4); FALSE when it
 * does not exist. */
static gboolean
read_proc_stat (const char *pid, char *state, int *parent)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  const char *after_comm;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE; /* it exited meanwhile */
  after_comm = strrchr (stat, ')');
  return after_comm != NULL && sscanf (after_comm + 1, " %c %d", state, parent) == 2;
}

/* The fork server's spare (a child it forks ahead and hands the next request's channel, see
 * cs-forkserver.c) is not a worker: it holds no pool's descriptor and runs nothing, and it
 * dies with the server (test_forkserver_shutdown, test_parent_death check that). */
static gboolean
is_spare (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/comm", pid);
  g_autofree char *comm = NULL;

  return g_file_get_contents (path, &comm, NULL, NULL)
         && g_str_has_prefix (comm, "cs-spare"); /* cs-spare, then cs-spare-ready */
}

/* Processes whose parent is ppid, but for the fork server's spare (at most one). */
static GArray *
list_children_of (pid_t ppid)
{
  guint n_spares = 0;

  GArray *pids = g_array_new (FALSE, FALSE, sizeof (int));
  DIR *dir = opendir ("/proc");
  struct dirent *e;

  g_assert_nonnull (dir);
  while ((e = readdir (dir)) != NULL)
    {
      char state;
      int parent, pid;

      if (g_ascii_isdigit (e->d_name[0]) && read_proc_stat (e->d_name, &state, &parent)
          && parent == ppid && is_spare (e->d_name))
        n_spares++;
      else if (g_ascii_isdigit (e->d_name[0]) && read_proc_stat (e->d_name, &state, &parent)
               && parent == ppid)
        {
          pid = atoi (e->d_name);
          g_array_append_val (pids, pid);
        }
    }
  closedir (dir);
  g_assert_cmpuint (n_spares, <=, 1);
  return pids;
}

static guint
count_children_of (pid_t ppid)
{
  g_autoptr(GArray) pids = list_children_of (ppid);

  return pids->len;
}

static void
assert_nothing_left (Fixture *fx)
{
  GPid server = _cs_forkserver_get_pid ();

  /* Our only child may be the fork server, which must have no worker left. */
  g_assert_cmpuint (count_children_of (getpid ()), ==, server > 0 ? 1 : 0);
  if (server > 0)
    g_assert_cmpuint (count_children_of (server), ==, 0);
  g_assert_cmpuint (count_open_fds (), ==, fx->fds_before);
}

static void
fixture_set_up_preset (Fixture *fx, CsStartMethod method, CsScaling scaling, guint n_workers,
                       const char *preset_name, const char *const *assignments)
{
  g_autoptr(GError) error = NULL;
  const CsPreset *preset = cs_presets_lookup (preset_name, &error);
  g_autoptr(CsParams) params = NULL;

  g_assert_no_error (error);
  params = cs_params_new (preset);
  for (guint i = 0; assignments[i] != NULL; i++)
    g_assert_true (cs_params_parse_assignment (params, assignments[i], &error));
  g_assert_no_error (error);
  fx->wl = cs_workload_new (params, scaling, n_workers);
  g_assert_true (cs_engine_workload_setup (fx->wl, &error));
  g_assert_no_error (error);

  memset (&fx->options, 0, sizeof fx->options);
  fx->options.n_workers = n_workers;
  fx->options.start_method = method;
  fx->options.chunk_size = 3;
  fx->options.cancelled = &fx->cancelled;
  fx->cancelled = 0;

  /* The fork server lives as long as the process: start it before counting fds. */
  if (method == CS_START_FORKSERVER)
    {
      g_assert_true (_cs_forkserver_ensure (&error));
      g_assert_no_error (error);
    }
  fx->fds_before = count_open_fds ();
}

/* The real "cpu" preset, small: a pass of 24 tasks takes a few milliseconds. */
static void
fixture_set_up (Fixture *fx, CsStartMethod method, CsScaling scaling, guint n_workers)
{
  const char *const cpu[] = { "tasks=24", "numbers=400", NULL };

  fixture_set_up_preset (fx, method, scaling, n_workers, "cpu", cpu);
}

static void
fixture_tear_down (Fixture *fx)
{
  assert_nothing_left (fx);
  cs_engine_workload_teardown (fx->wl);
  cs_workload_free (fx->wl);
}

/* Every task in this process, one after the other, with the same inputs: the reference. */
static guint64
sequential_checksum (CsWorkload *wl, guint64 total)
{
  const CsPreset *preset = wl->preset;
  gint never = 0;
  CsTaskContext ctx = { .n_workers = 1, .cancelled = &never };
  g_autoptr(GError) error = NULL;
  guint64 sum = 0;

  if (preset->worker_new != NULL)
    ctx.scratch = preset->worker_new (wl, 0, &error);
  g_assert_no_error (error);
  for (guint64 t = 0; t < total; t++)
    {
      CsPayload input = { NULL, 0 };
      CsTaskOutput output = { 0, NULL, 0 };

      if (preset->task_input != NULL)
        g_assert_true (preset->task_input (wl, t % wl->n_tasks, &input, &error));
      g_assert_true (preset->run_task (wl, &ctx, t % wl->n_tasks, &input, &output, &error));
      g_assert_no_error (error);
      sum += output.checksum;
    }
  if (preset->worker_free != NULL)
    preset->worker_free (wl, ctx.scratch);
  return sum;
}

static void
check_fixture_passes (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsRun) run = cs_run_new ();
  CsProcessPool *pool;
  guint64 total = cs_engine_total_tasks (fx->wl);
  guint64 expected = sequential_checksum (fx->wl, total);

  pool = _cs_process_pool_start (fx->wl, &fx->options, run, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pool);
  g_assert_cmpfloat (run->startup_s, >, 0);
  g_assert_cmpfloat (run->startup_s, <, 10);

  /* A persistent pool runs several passes: each must see every task exactly once. */
  for (int pass = 0; pass < 2; pass++)
    {
      g_assert_true (_cs_process_pool_run_pass (pool, run));
      g_assert_cmpint (run->status, ==, CS_RUN_OK);
      g_assert_cmpuint (run->tasks, ==, total);
      g_assert_cmpuint (run->checksum, ==, expected);
      g_assert_cmpint (run->max_rss_kb, >, 0);
      g_assert_cmpfloat (run->user_s + run->sys_s, >=, 0);
    }
  _cs_process_pool_stop (pool);
}

static void
check_passes (CsStartMethod method, CsScaling scaling, guint n_workers)
{
  Fixture fx;

  fixture_set_up (&fx, method, scaling, n_workers);
  check_fixture_passes (&fx);
  fixture_tear_down (&fx);
}

/* Inputs and outputs copied through the channel: 100 KiB + 3 bytes per task (not a multiple
 * of 8: the tail bytes count too), 3 tasks per chunk, so chunks are larger than a socket
 * buffer and travel in pieces both ways. */
static void
test_payloads (gconstpointer data)
{
  const char *const ipc[] = { "tasks=14", "payload-size=102403", NULL };
  Fixture fx;

  fixture_set_up_preset (&fx, GPOINTER_TO_INT (data), CS_SCALING_STRONG, 2, "ipc-payload",
                         ipc);
  check_fixture_passes (&fx);
  fixture_tear_down (&fx);
}

/* A workload with a shared region (a memfd the engine maps): every worker maps it too. */
static void
test_shared_region (gconstpointer data)
{
  const char *const stream[] = { "array-size=4MiB", "chunk=256KiB", "passes=1", NULL };
  Fixture fx;

  fixture_set_up_preset (&fx, GPOINTER_TO_INT (data), CS_SCALING_STRONG, 2, "memory-stream",
                         stream);
  g_assert_cmpuint (fx.wl->shared_size, >, 0);
  check_fixture_passes (&fx);
  fixture_tear_down (&fx);
}

static void
test_spawn_checksum (void)
{
  check_passes (CS_START_SPAWN, CS_SCALING_STRONG, 3);
}

static void
test_forkserver_checksum (void)
{
  check_passes (CS_START_FORKSERVER, CS_SCALING_STRONG, 3);
}

static void
test_weak_scaling (void)
{
  /* n_workers times the tasks: the checksum is n_workers times the one-worker sum. */
  check_passes (CS_START_SPAWN, CS_SCALING_WEAK, 2);
  check_passes (CS_START_FORKSERVER, CS_SCALING_WEAK, 2);
}

/* Runs a pass with a test-only fault in the workers; returns the run. */
/* Runs a pass with a test-only fault in the workers; returns the run. The pool then starts
 * fresh workers, which get the same fault: a second pass ends the same way (a pool that gave up
 * would say it was stopped by an earlier failure instead). */
static CsRun *
run_with_fault (Fixture *fx, const char *fault, double timeout_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsRun) again = cs_run_new ();
  CsRun *run = cs_run_new ();
  CsProcessPool *pool;

  cs_workload_set_env (fx->wl, "CORESCOPE_WORKER_FAULT", fault);
  fx->options.timeout_s = timeout_s;
  pool = _cs_process_pool_start (fx->wl, &fx->options, run, &error);
  g_assert_no_error (error);
  g_assert_false (_cs_process_pool_run_pass (pool, run));
  g_assert_false (_cs_process_pool_run_pass (pool, again));
  g_assert_cmpint (again->status, ==, run->status);
  g_assert_cmpstr (again->reason, ==, run->reason);
  _cs_process_pool_stop (pool);
  return run;
}

static void
check_fault (CsStartMethod method, const char *fault, CsRunStatus status, const char *reason)
{
  Fixture fx;
  g_autoptr(CsRun) run = NULL;

  fixture_set_up (&fx, method, CS_SCALING_STRONG, 2);
  run = run_with_fault (&fx, fault, status == CS_RUN_TIMEOUT ? 0.3 : 0);
  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->reason, ==, reason);
  fixture_tear_down (&fx);
}

static void
test_faults (gconstpointer data)
{
  CsStartMethod method = GPOINTER_TO_INT (data);

  check_fault (method, "segv:1", CS_RUN_FAILED, "worker 1 killed by SIGSEGV");
  check_fault (method, "kill:0", CS_RUN_FAILED, "worker 0 killed by SIGKILL");
  check_fault (method, "abort:1", CS_RUN_FAILED, "worker 1 killed by SIGABRT");
  check_fault (method, "exit3:1", CS_RUN_FAILED, "worker 1 exited with status 3");
  check_fault (method, "garbage:0", CS_RUN_FAILED, "worker 0 sent a malformed message");
  check_fault (method, "error:1", CS_RUN_FAILED, "worker 1: injected test fault");
  check_fault (method, "hang:1", CS_RUN_TIMEOUT, "timed out after 0.3 s");
}

typedef struct
{
  gint  *flag;
  gint64 set_at;
} Canceller;

/* A worker killed from outside (the OOM killer, a user): that pass fails with the signal
 * named, and the pool replaces its workers so the next pass is whole again. */
static void
test_killed_then_recovered (gconstpointer data)
{
  CsStartMethod method = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsRun) run = cs_run_new ();
  g_autoptr(GArray) children = NULL;
  CsProcessPool *pool;
  guint64 expected;
  Fixture fx;

  fixture_set_up (&fx, method, CS_SCALING_STRONG, 2);
  expected = sequential_checksum (fx.wl, fx.wl->n_tasks);
  pool = _cs_process_pool_start (fx.wl, &fx.options, run, &error);
  g_assert_no_error (error);
  children = list_children_of (method == CS_START_FORKSERVER ? _cs_forkserver_get_pid ()
                                                             : getpid ());
  for (guint i = 0; i < children->len; i++)
    if (g_array_index (children, int, i) != _cs_forkserver_get_pid ())
      {
        kill (g_array_index (children, int, i), SIGKILL);
        break;
      }

  g_assert_false (_cs_process_pool_run_pass (pool, run));
  g_assert_cmpint (run->status, ==, CS_RUN_FAILED);
  g_assert_true (g_str_has_prefix (run->reason, "worker "));
  g_assert_true (g_str_has_suffix (run->reason, " killed by SIGKILL"));

  g_assert_true (_cs_process_pool_run_pass (pool, run));
  g_assert_cmpuint (run->checksum, ==, expected);
  _cs_process_pool_stop (pool);
  fixture_tear_down (&fx);
}

static gpointer
cancel_later (gpointer data)
{
  Canceller *c = data;

  g_usleep (100 * 1000);
  c->set_at = g_get_monotonic_time ();
  g_atomic_int_set (c->flag, 1);
  return NULL;
}

static void
test_cancel (gconstpointer data)
{
  Fixture fx;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsRun) run = cs_run_new ();
  Canceller canceller = { &fx.cancelled, 0 };
  CsProcessPool *pool;
  GThread *thread;
  gint64 returned;

  fixture_set_up (&fx, GPOINTER_TO_INT (data), CS_SCALING_STRONG, 2);
  /* Every worker hangs: only cancellation (polled every 50 ms) ends the pass. */
  cs_workload_set_env (fx.wl, "CORESCOPE_WORKER_FAULT", "hang");
  pool = _cs_process_pool_start (fx.wl, &fx.options, run, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("cancel", cancel_later, &canceller);
  g_assert_false (_cs_process_pool_run_pass (pool, run));
  returned = g_get_monotonic_time ();
  g_thread_join (thread);
  g_assert_cmpint (run->status, ==, CS_RUN_CANCELLED);
  /* At most 50 ms to see the flag and 200 ms of grace before SIGKILL: 1 s is generous. */
  g_assert_cmpint (returned - canceller.set_at, <, G_USEC_PER_SEC);
  _cs_process_pool_stop (pool);
  fixture_tear_down (&fx);
}

static char *
cpus_allowed_list (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Cpus_allowed_list:"))
      return g_strdup (g_strstrip (lines[i] + strlen ("Cpus_allowed_list:")));
  return NULL;
}

/* The CPU 0 of a machine may be out of our reach (a CI container's cpuset). */
static guint
first_allowed_cpu (void)
{
  cpu_set_t set;

  g_assert_cmpint (sched_getaffinity (0, sizeof set, &set), ==, 0);
  for (guint cpu = 0; cpu < CPU_SETSIZE; cpu++)
    if (CPU_ISSET (cpu, &set))
      return cpu;
  g_assert_not_reached ();
}

/* Each worker binds itself to its placement before it says it is ready. */
static void
test_placement (gconstpointer data)
{
  CsStartMethod method = GPOINTER_TO_INT (data);
  guint pu = first_allowed_cpu ();
  CsWorkerPlacement placements[2] = { { 1, &pu }, { 1, &pu } };
  g_autofree char *expected = g_strdup_printf ("%u", pu);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) workers = NULL;
  CsProcessPool *pool;
  guint n_checked = 0;
  Fixture fx;

  fixture_set_up (&fx, method, CS_SCALING_STRONG, 2);
  fx.options.placements = placements;
  pool = _cs_process_pool_start (fx.wl, &fx.options, NULL, &error);
  g_assert_no_error (error);
  workers = list_children_of (method == CS_START_FORKSERVER ? _cs_forkserver_get_pid ()
                                                            : getpid ());
  for (guint i = 0; i < workers->len; i++)
    {
      int pid = g_array_index (workers, int, i);
      g_autofree char *allowed = NULL;

      if (pid == _cs_forkserver_get_pid ())
        continue; /* a spawn pool's siblings: only the server */
      allowed = cpus_allowed_list (pid);
      g_assert_cmpstr (allowed, ==, expected);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, ==, 2);
  _cs_process_pool_stop (pool);
  fixture_tear_down (&fx);
}

static void
test_forkserver_shutdown (void)
{
  g_autoptr(GError) error = NULL;
  GPid server;
  int status;

  g_assert_true (_cs_forkserver_ensure (&error));
  server = _cs_forkserver_get_pid ();
  g_assert_cmpint (server, >, 0);
  _cs_forkserver_shutdown ();
  g_assert_cmpint (_cs_forkserver_get_pid (), ==, 0);
  /* Reaped: no zombie, no child at all. */
  g_assert_cmpint (waitpid (-1, &status, WNOHANG), ==, -1);
  g_assert_cmpint (errno, ==, ECHILD);
}

/* The parent dies: nothing it started may outlive it. A helper (this program, re-executed)
 * starts a spawn pool and a fork server pool from a second thread, which is what the GUI does
 * (so PR_SET_PDEATHSIG cannot be used for them and end-of-file on their channels must do),
 * prints every pid involved and waits; we SIGKILL it and watch those pids go. */
static const char *self_path;

static gpointer
start_orphans (gpointer data)
{
  static Fixture spawn_fx, fork_fx;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spawned = NULL;
  g_autoptr(GArray) forked = NULL;
  GPid server;

  fixture_set_up (&spawn_fx, CS_START_SPAWN, CS_SCALING_STRONG, 2);
  fixture_set_up (&fork_fx, CS_START_FORKSERVER, CS_SCALING_STRONG, 2);
  if (_cs_process_pool_start (spawn_fx.wl, &spawn_fx.options, NULL, &error) == NULL
      || _cs_process_pool_start (fork_fx.wl, &fork_fx.options, NULL, &error) == NULL)
    g_error ("%s", error->message);
  server = _cs_forkserver_get_pid ();
  spawned = list_children_of (getpid ()); /* includes the server */
  forked = list_children_of (server);
  for (guint i = 0; i < spawned->len; i++)
    printf ("%d ", g_array_index (spawned, int, i));
  for (guint i = 0; i < forked->len; i++)
    printf ("%d ", g_array_index (forked, int, i));
  printf ("\n");
  fflush (stdout);
  return NULL;
}

static G_GNUC_NORETURN void
orphan_helper (void)
{
  g_thread_join (g_thread_new ("pool", start_orphans, NULL));
  for (;;)
    pause ();
}

static gboolean
process_is_gone (int pid)
{
  g_autofree char *name = g_strdup_printf ("%d", pid);
  char state;
  int parent;

  /* A zombie has ended; reaping it is its new parent's (init's) business. */
  return !read_proc_stat (name, &state, &parent) || state == 'Z';
}

static void
test_parent_death (void)
{
  const char *argv[] = { self_path, "--orphan-helper", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) pids = NULL;
  GPid helper;
  int out_fd, status;
  FILE *out;
  gint64 deadline;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &helper,
                                           NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  line = g_malloc0 (256);
  g_assert_nonnull (fgets (line, 256, out));
  fclose (out);
  pids = g_strsplit (g_strstrip (line), " ", -1);
  /* two spawned workers, the server, two forked workers */
  g_assert_cmpuint (g_strv_length (pids), ==, 5);

  kill (helper, SIGKILL);
  g_assert_cmpint (waitpid (helper, &status, 0), ==, helper);
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  for (guint i = 0; pids[i] != NULL; i++)
    {
      while (!process_is_gone (atoi (pids[i])) && g_get_monotonic_time () < deadline)
        g_usleep (10 * 1000);
      g_assert_true (process_is_gone (atoi (pids[i])));
    }
}

int
main (int argc, char **argv)
{
  self_path = argv[0];
  if (argc == 2 && g_str_equal (argv[1], "--orphan-helper"))
    orphan_helper ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/process-pool/spawn/checksum", test_spawn_checksum);
  g_test_add_func ("/process-pool/forkserver/checksum", test_forkserver_checksum);
  g_test_add_func ("/process-pool/weak-scaling", test_weak_scaling);
  g_test_add_data_func ("/process-pool/spawn/payloads", GINT_TO_POINTER (CS_START_SPAWN),
                        test_payloads);
  g_test_add_data_func ("/process-pool/forkserver/payloads",
                        GINT_TO_POINTER (CS_START_FORKSERVER), test_payloads);
  g_test_add_data_func ("/process-pool/spawn/shared-region", GINT_TO_POINTER (CS_START_SPAWN),
                        test_shared_region);
  g_test_add_data_func ("/process-pool/forkserver/shared-region",
                        GINT_TO_POINTER (CS_START_FORKSERVER), test_shared_region);
  g_test_add_data_func ("/process-pool/spawn/placement", GINT_TO_POINTER (CS_START_SPAWN),
                        test_placement);
  g_test_add_data_func ("/process-pool/forkserver/placement",
                        GINT_TO_POINTER (CS_START_FORKSERVER), test_placement);
  g_test_add_data_func ("/process-pool/spawn/faults", GINT_TO_POINTER (CS_START_SPAWN),
                        test_faults);
  g_test_add_data_func ("/process-pool/forkserver/faults",
                        GINT_TO_POINTER (CS_START_FORKSERVER), test_faults);
  g_test_add_data_func ("/process-pool/spawn/killed", GINT_TO_POINTER (CS_START_SPAWN),
                        test_killed_then_recovered);
  g_test_add_data_func ("/process-pool/forkserver/killed",
                        GINT_TO_POINTER (CS_START_FORKSERVER), test_killed_then_recovered);
  g_test_add_data_func ("/process-pool/spawn/cancel", GINT_TO_POINTER (CS_START_SPAWN),
                        test_cancel);
  g_test_add_data_func ("/process-pool/forkserver/cancel",
                        GINT_TO_POINTER (CS_START_FORKSERVER), test_cancel);
  g_test_add_func ("/process-pool/forkserver/shutdown", test_forkserver_shutdown);
  g_test_add_func ("/process-pool/parent-death", test_parent_death);
  return g_test_run ();
}
