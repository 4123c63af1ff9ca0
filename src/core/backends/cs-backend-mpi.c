/* cs-backend-mpi.c: the mpi backend: one rank per worker, across hosts, under Open MPI's mpirun
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-backend"

#include <math.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cs-backend-private.h"
#include "cs-child.h"
#include "cs-program.h"
#include "cs-driver.h"
#include "cs-program.h"
#include "cs-engine.h"
#include "cs-perf-counters.h"

/* A job is `mpirun -n N … corescope-mpi-worker` (src/mpi/), started like any driver
 * (cs-driver.c: its own process group, JSON lines on mpirun's stdin and stdout, which mpirun
 * forwards to and from rank 0). The worker times each pass itself (MPI_Barrier, MPI_Wtime on
 * rank 0); Corescope times the job's start-up: from launching mpirun to the reply to the first
 * `open`, when every rank has built the workload (the worker has no `hello`: what it runs on
 * comes with that reply). Placements map onto mpirun's own --map-by and --bind-to: Corescope's
 * PU lists are this machine's, and mpirun binds ranks on every host.
 *
 * per-run: a job of n_workers ranks per run; its start-up is the run's startup_s and is added
 * to wall_s, as process mode's per-run pools pay their start-up inside the timed run.
 * persistent: one job for the sweep, launched again only when a point needs more ranks than it
 * has (the sweep interleaves worker counts, so relaunching for every change would relaunch for
 * every run); a run of fewer workers uses ranks 0..n-1, and the idle ranks nap between commands
 * (cs-mpi-comm.c). A job that timed out, was cancelled or lost a rank is stopped (SIGTERM to
 * mpirun, which takes its daemons and ranks down; SIGKILL to its group after a second; every
 * rank dies with its parent) and the next run launches a new one.
 *
 * Open MPI refuses to run as root unless two variables allow it; they are set in mpirun's
 * environment only when Corescope itself runs as root (containers, CI). */

/* The start-up deadline: every rank has reported (the reply to the first open) by then, or
 * the job is stopped, its whole process group killed and reaped. Daemons on remote hosts take
 * their time; ranks on this machine report in a second or two even on a loaded machine, and a
 * job that cannot start there (a rank blocked for ever in PMIx's start-up: seen with a full
 * TMPDIR, every process alive and none a zombie) must fail well before a user gives up. */
#define LAUNCH_TIMEOUT_S       60
#define LOCAL_LAUNCH_TIMEOUT_S 30

/* What mpirun says on stderr when it cannot start the job at all, though it may not exit:
 * PMIx could not make its shared-memory store in TMPDIR. A job that replies within the grace
 * period despite it is a job. */
static const char *const fatal_launch_words[] = { "OUT-OF-RESOURCE", NULL };
#define FATAL_LAUNCH_GRACE_S 3.0

typedef struct
{
  CsBackendSession  base;
  char             *mpirun;      /* as the options spell it: Open MPI treats an absolute path
                                  * as --prefix, which the remote command line then carries */
  char             *worker;
  CsDriver         *driver;      /* the running job's mpirun, or NULL */
  guint             ranks;       /* of the running job */
  CsPlacementPolicy placement;   /* it was launched with */
  char             *opened;      /* the last "open" sent, as JSON text */
  double            startup_s;   /* the running job's launch until its first open reply */
  char            **rank_hosts;  /* the host of each rank of the running job */
} MpiSession;

/* ---- finding the programs ---------------------------------------------------------------- */

static char *
worker_path (void)
{
  return cs_program_find ("CORESCOPE_MPI_WORKER",
                          CS_BUILD_ROOT "/src/mpi/corescope-mpi-worker",
                          LIBEXECDIR "/corescope-mpi-worker");
}

static char *
resolve_mpirun (const CsParams *options)
{
  const char *name = cs_params_get_string (options, "mpirun");

  if (strchr (name, '/') != NULL)
    return g_file_test (name, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (name) : NULL;
  return g_find_program_in_path (name);
}

static char *
mpi_check_available (const CsBackend *self, const CsParams *options)
{
  g_autofree char *mpirun = resolve_mpirun (options);
  g_autofree char *worker = worker_path ();
  const char *hostfile = cs_params_get_string (options, "hostfile");

  if (mpirun == NULL)
    return g_strdup_printf (_("%s not found (Debian's openmpi-bin provides mpirun)"),
                            cs_params_get_string (options, "mpirun"));
  if (!g_file_test (worker, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup_printf (_("the MPI worker %s is missing (it is built when Open MPI's "
                              "development files are found; CORESCOPE_MPI_WORKER names "
                              "another)"), worker);
  if (*hostfile != '\0' && !g_file_test (hostfile, G_FILE_TEST_IS_REGULAR))
    return g_strdup_printf (_("the hostfile %s does not exist"), hostfile);
  return NULL;
}

/* The worker knows which presets every rank can rebuild by itself (src/mpi/cs-mpi-open.c). */
static gboolean
mpi_supports (const CsBackend *self, const CsPreset *preset, GError **error)
{
  g_autofree char *worker = worker_path ();
  const char *argv[] = { worker, "--supported", NULL };
  g_autofree char *out = NULL;
  g_auto (GStrv) names = NULL;
  g_autofree char *known = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, NULL, NULL))
    return TRUE; /* not installed: opening the session says so */
  names = g_strsplit (g_strstrip (out), "\n", -1);
  if (g_strv_contains ((const char *const *) names, preset->name))
    return TRUE;
  known = g_strjoinv (", ", names);
  g_set_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNSUPPORTED,
               _("%s: preset '%s' cannot be spread over ranks on separate hosts (this mode "
                 "runs %s)"), self->name, preset->name, known);
  return FALSE;
}

/* ---- the mpirun command line ------------------------------------------------------------- */

static void
add_args (GPtrArray *argv, const char *const *args)
{
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
}

/* Corescope's placement policies in mpirun's terms; extra arguments that map or bind
 * themselves replace them. */
static void
add_placement (GPtrArray *argv, CsPlacementPolicy placement, const char *const *extra)
{
  static const char *const by_core[] = { "--map-by", "core", "--bind-to",
                                         "core:overload-allowed", NULL };
  static const char *const by_socket[] = { "--map-by", "socket", "--bind-to",
                                           "core:overload-allowed", NULL };
  static const char *const unbound[] = { "--bind-to", "none", NULL };

  for (guint i = 0; extra[i] != NULL; i++)
    if (g_str_has_prefix (extra[i], "--map-by") || g_str_has_prefix (extra[i], "--bind-to"))
      return;
  add_args (argv, placement == CS_PLACEMENT_NONE ? unbound
                  : placement == CS_PLACEMENT_SCATTER ? by_socket : by_core);
}

/* No hosts and no hostfile: this machine only. */
static gboolean
is_local (const CsParams *o)
{
  return *cs_params_get_string (o, "hosts") == '\0'
         && *cs_params_get_string (o, "hostfile") == '\0';
}

/* This host alone: shared memory between ranks, Open MPI's own channel on loopback. Other
 * hosts: TCP as well, on whatever interfaces the extra arguments allow. */
static GPtrArray *
build_argv (MpiSession *self, guint ranks, CsPlacementPolicy placement, GError **error)
{
  const CsParams *o = self->base.options;
  const char *hosts = cs_params_get_string (o, "hosts");
  const char *hostfile = cs_params_get_string (o, "hostfile");
  const char *args = cs_params_get_string (o, "args");
  gboolean remote = !is_local (o);
  g_auto (GStrv) extra = NULL;
  GPtrArray *argv;

  if (*args != '\0' && !g_shell_parse_argv (args, NULL, &extra, error))
    return NULL;
  if (extra == NULL)
    extra = g_new0 (char *, 1);
  argv = g_ptr_array_new_with_free_func (g_free);
  add_args (argv, (const char *const[]) { self->mpirun, "--oversubscribe", "-n", NULL });
  g_ptr_array_add (argv, g_strdup_printf ("%u", ranks));
  if (*hostfile != '\0')
    add_args (argv, (const char *const[]) { "--hostfile", hostfile, NULL });
  if (*hosts != '\0')
    add_args (argv, (const char *const[]) { "--host", hosts, NULL });
  add_args (argv, (const char *const[]) { "--mca", "odls_base_sigkill_timeout", "0",
                                          "--mca", "pml", "ob1", "--mca", "btl",
                                          remote ? "self,vader,tcp" : "self,vader", NULL });
  if (!remote)
    add_args (argv, (const char *const[]) { "--mca", "oob_tcp_if_include", "lo", NULL });
  g_ptr_array_add (argv, g_strdup ("--leave-session-attached"));
  add_placement (argv, placement, (const char *const *) extra);
  add_args (argv, (const char *const *) extra);
  g_ptr_array_add (argv, g_strdup (self->worker));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* A rank that died while mpirun was still starting the job can leave mpirun waiting for it
 * forever, the rank a zombie (PMIx out of resources in a full TMPDIR): the reaper stops a job
 * whose dead rank stays unreaped this long, so that the launch fails in seconds rather than at
 * LAUNCH_TIMEOUT_S. A healthy mpirun reaps a rank at once. */
#define ZOMBIE_DEADLINE_MS 5000

/* A local job's own TMPDIR (Open MPI's session directory, under orte_tmpdir_base, which
 * follows TMPDIR) and shared-memory folder (the vader segments, 4 MiB a rank), both removed by
 * corescope-reaper when the job ends however it ends. Remote hosts have neither folder: a job
 * across hosts keeps Open MPI's defaults there. */
static char **
job_reaper_options (const CsParams *o)
{
  GPtrArray *dirs = g_ptr_array_new ();

  if (is_local (o))
    {
      g_ptr_array_add (dirs, g_strconcat ("--private-dir=TMPDIR=", g_get_tmp_dir (), NULL));
      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
        g_ptr_array_add (dirs, g_strdup ("--private-dir=OMPI_MCA_btl_vader_backing_directory="
                                         "/dev/shm"));
    }
  g_ptr_array_add (dirs, g_strdup_printf ("--zombie-deadline-ms=%d", ZOMBIE_DEADLINE_MS));
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

static char **
job_environment (void)
{
  char **envp = g_get_environ ();

  if (geteuid () == 0)
    {
      envp = g_environ_setenv (envp, "OMPI_ALLOW_RUN_AS_ROOT", "1", TRUE);
      envp = g_environ_setenv (envp, "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", TRUE);
    }
  return envp;
}

/* ---- what went wrong, by host and rank --------------------------------------------------- */

/* "rank 0 on cs-node1, rank 1 on cs-node2": the running job, for messages. */
static char *
describe_ranks (const MpiSession *self)
{
  GString *s = g_string_new (NULL);

  for (guint r = 0; self->rank_hosts != NULL && self->rank_hosts[r] != NULL; r++)
    {
      g_autofree char *one = g_strdup_printf (_("rank %u on %s"), r, self->rank_hosts[r]);

      g_string_append_printf (s, "%s%s", r > 0 ? ", " : "", one);
    }
  if (s->len == 0)
    g_string_append (s, _("its ranks had not all started"));
  return g_string_free (s, FALSE);
}

/* mpirun's own report of a lost rank or daemon, in one line. */
static char *
parse_mpirun_report (const char *err)
{
  static const char *const patterns[] = {
    "process rank ([0-9]+) with PID [0-9]+ on node (\\S+) exited on (signal [0-9]+ \\([^)]*\\))",
    "process rank ([0-9]+) with PID [0-9]+ on node (\\S+) exited (.*)",
  };
  g_autoptr (GMatchInfo) match = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr (GRegex) re = g_regex_new (patterns[i], G_REGEX_MULTILINE, 0, NULL);

      g_clear_pointer (&match, g_match_info_unref);
      if (re != NULL && g_regex_match (re, err, 0, &match))
        {
          g_autofree char *rank = g_match_info_fetch (match, 1);
          g_autofree char *host = g_match_info_fetch (match, 2);
          g_autofree char *how = g_match_info_fetch (match, 3);

          return i == 0 ? g_strdup_printf (_("rank %s on %s was killed by %s"), rank, host, how)
                        : g_strdup_printf (_("rank %s on %s exited %s"), rank, host,
                                           g_strchomp (how));
        }
    }
  return NULL;
}

/* The first line of mpirun's stderr that says something (its reports are framed in dashes).
 * Its warnings come last: one about the launch agent's process group can precede the line that
 * says why the job failed ("Cannot open network namespace …"). */
static char *
first_words (const char *err)
{
  g_auto (GStrv) lines = g_strsplit (err, "\n", -1);
  const char *warning = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '-')
        continue;
      if (strstr (line, "Warning:") == NULL)
        return g_strdup (line);
      if (warning == NULL)
        warning = line;
    }
  return g_strdup (warning);
}

/* A job that died: which rank on which host, when mpirun said; else its first words, and the
 * ranks it had. */
static char *
describe_death (const MpiSession *self, const GError *error)
{
  const char *err = cs_driver_get_stderr (self->driver);
  g_autofree char *report = parse_mpirun_report (err);
  g_autofree char *words = NULL;
  g_autofree char *ranks = NULL;

  g_autofree char *how = g_strdup (error->message);

  if (report != NULL)
    return g_steal_pointer (&report);
  /* "mpirun exited with status 1: LAST LINE": the last line is often a frame of dashes */
  if (strchr (how, ':') != NULL)
    *strchr (how, ':') = '\0';
  words = first_words (err);
  ranks = describe_ranks (self);
  return g_strdup_printf (_("%s: %s (mpirun -n %u: %s)"), how,
                          words != NULL ? words : _("it said nothing"), self->ranks, ranks);
}

/* ---- the job ----------------------------------------------------------------------------- */

static void
stop_job (MpiSession *self)
{
  if (self->driver != NULL)
    cs_driver_stop (self->driver, cs_driver_is_running (self->driver));
  self->driver = NULL;
  self->ranks = 0;
  g_clear_pointer (&self->opened, g_free);
  g_clear_pointer (&self->rank_hosts, g_strfreev);
}

static void
set_info (MpiSession *self, const char *key, char *value)
{
  g_hash_table_insert (self->base.info, g_strdup (key), value);
}

/* "cs-node1: PU 0" → "cs-node1". */
static char *
binding_host (const char *binding)
{
  const char *colon = strstr (binding, ": PU");

  return colon != NULL ? g_strndup (binding, colon - binding) : g_strdup (binding);
}

/* The open reply's info: the library, every host with its topology, each rank's binding. */
static void
record_job_info (MpiSession *self, JsonObject *info)
{
  JsonArray *hosts = json_object_get_array_member (info, "hosts");
  JsonArray *bindings = json_object_get_array_member (info, "bindings");
  JsonObject *topologies = json_object_get_object_member (info, "topologies");
  const char *known = g_hash_table_lookup (self->base.info, "hosts");
  g_auto (GStrv) seen = g_strsplit (known != NULL ? known : "", ",", -1);
  GString *list = g_string_new (known);

  if (json_object_has_member (info, "library"))
    set_info (self, "library", g_strdup (json_object_get_string_member (info, "library")));
  for (guint i = 0; hosts != NULL && i < json_array_get_length (hosts); i++)
    {
      const char *host = json_array_get_string_element (hosts, i);
      g_autofree char *topology_key = g_strconcat ("topology.", host, NULL);

      /* every host any job of the sweep ran on, in the order first seen */
      if (!g_strv_contains ((const char *const *) seen, host))
        g_string_append_printf (list, "%s%s", list->len > 0 ? "," : "", host);
      if (topologies != NULL && json_object_has_member (topologies, host))
        set_info (self, topology_key,
                  g_strdup (json_object_get_string_member (topologies, host)));
    }
  set_info (self, "hosts", g_string_free (list, FALSE));
  g_clear_pointer (&self->rank_hosts, g_strfreev);
  self->rank_hosts = g_new0 (char *, (bindings != NULL ? json_array_get_length (bindings) : 0) + 1);
  for (guint r = 0; bindings != NULL && r < json_array_get_length (bindings); r++)
    self->rank_hosts[r] = binding_host (json_array_get_string_element (bindings, r));
}

static JsonNode *
build_open (const CsWorkload *wl, const CsPassOptions *pass)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, "open");
  json_builder_set_member_name (b, "protocol");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "backend");
  json_builder_add_string_value (b, "mpi");
  json_builder_set_member_name (b, "chunk_size");
  json_builder_add_int_value (b, MAX (pass->chunk_size, 1));
  json_builder_set_member_name (b, "scaling");
  json_builder_add_string_value (b, cs_scaling_to_string (wl->scaling));
  _cs_driver_add_workload (b, wl);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Sends the point's workload unless the job has it already; the first reply also says where
 * the ranks run. */
static gboolean
open_workload (MpiSession *self, CsWorkload *wl, const CsPassOptions *pass, double timeout_s,
               GError **error)
{
  g_autoptr (JsonNode) open = build_open (wl, pass);
  g_autofree char *text = json_to_string (open, FALSE);
  g_autoptr (JsonObject) reply = NULL;

  if (g_strcmp0 (text, self->opened) == 0)
    return TRUE;
  reply = cs_driver_call (self->driver, open, timeout_s, pass->cancelled, error);
  if (reply == NULL)
    return FALSE;
  g_free (self->opened);
  self->opened = g_steal_pointer (&text);
  if (self->rank_hosts == NULL && json_object_get_object_member (reply, "info") != NULL)
    record_job_info (self, json_object_get_object_member (reply, "info"));
  return TRUE;
}

static double
launch_timeout (const MpiSession *self, const CsPassOptions *pass)
{
  if (pass->timeout_s > 0)
    return MAX (pass->timeout_s, 10);
  return is_local (self->base.options) ? LOCAL_LAUNCH_TIMEOUT_S : LAUNCH_TIMEOUT_S;
}

/* "Open MPI ran out of space in TMPDIR (/tmp/x, 988 KiB free) …" when that is what mpirun
 * said, else NULL: the one line a user can act on, instead of PMIx's file and line. */
static char *
describe_out_of_space (const MpiSession *self)
{
  const char *tmp = g_get_tmp_dir ();
  struct statvfs fs;
  g_autofree char *free_text = NULL;

  if (self->driver == NULL
      || strstr (cs_driver_get_stderr (self->driver), "OUT-OF-RESOURCE") == NULL)
    return NULL;
  if (statvfs (tmp, &fs) == 0)
    free_text = g_format_size_full ((guint64) fs.f_bavail * fs.f_frsize,
                                    G_FORMAT_SIZE_IEC_UNITS);
  return g_strdup_printf (_("Open MPI ran out of space in TMPDIR (%s, %s free): PMIx could not "
                            "make its shared-memory store there (PMIX ERROR: OUT-OF-RESOURCE); "
                            "point TMPDIR at a folder with a few MiB free"),
                          tmp, free_text != NULL ? free_text : _("unknown space"));
}

/* A failed launch names what mpirun said, then leaves nothing running. */
static gboolean
launch_failed (MpiSession *self, GError **error)
{
  g_autofree char *why = NULL;

  if (!g_error_matches (*error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_CANCELLED))
    {
      why = describe_out_of_space (self);
      if (why == NULL)
        why = g_error_matches (*error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_FAILED)
              ? g_strdup ((*error)->message) : describe_death (self, *error);
      g_clear_error (error);
      g_set_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_FAILED,
                   _("mpi: the job did not start: %s"), why);
    }
  stop_job (self);
  return FALSE;
}

/* mpirun with ranks ranks, timed until every rank has built the workload. */
static gboolean
launch (MpiSession *self, CsWorkload *wl, const CsPassOptions *pass, guint ranks,
        GError **error)
{
  g_autoptr (GPtrArray) argv = NULL;
  g_auto (GStrv) envp = job_environment ();
  g_auto (GStrv) dirs = job_reaper_options (self->base.options);
  gint64 t0;

  stop_job (self);
  if ((argv = build_argv (self, ranks, pass->placement, error)) == NULL)
    return FALSE;
  t0 = g_get_monotonic_time ();
  self->driver = cs_driver_spawn ("mpirun", (const char *const *) argv->pdata,
                                  (const char *const *) envp, (const char *const *) dirs, error);
  if (self->driver == NULL)
    return FALSE;
  self->ranks = ranks;
  self->placement = pass->placement;
  cs_driver_set_fatal_stderr (self->driver, fatal_launch_words, FATAL_LAUNCH_GRACE_S);
  if (!open_workload (self, wl, pass, launch_timeout (self, pass), error))
    return launch_failed (self, error);
  cs_driver_set_fatal_stderr (self->driver, NULL, 0);
  self->startup_s = (g_get_monotonic_time () - t0) / 1e6;
  {
    g_autofree char *key = g_strdup_printf ("startup_s.%u", ranks);
    set_info (self, key, g_strdup_printf ("%.4f", self->startup_s));
  }
  return TRUE;
}

/* ---- the session ------------------------------------------------------------------------- */

static gboolean
mpi_open (CsBackendSession *session, GError **error)
{
  MpiSession *self = (MpiSession *) session;
  g_autofree char *why = mpi_check_available (session->backend, session->options);

  if (why != NULL)
    {
      g_set_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNAVAILABLE, "%s", why);
      return FALSE;
    }
  self->mpirun = g_strdup (cs_params_get_string (session->options, "mpirun"));
  self->worker = worker_path ();
  return TRUE;
}

static void
mpi_close (CsBackendSession *session)
{
  MpiSession *self = (MpiSession *) session;

  stop_job (self);
  g_free (self->mpirun);
  g_free (self->worker);
}

/* per-run: a job of its own for every run. persistent: the running one while it is big enough
 * and mapped as asked. */
static CsBackendPool *
mpi_prepare (CsBackendSession *session, CsWorkload *wl, const CsPassOptions *options,
             GError **error)
{
  MpiSession *self = (MpiSession *) session;
  gboolean per_run = _cs_backend_get_lifetime (session) == CS_POOL_PER_RUN;
  gboolean reusable = cs_driver_is_running (self->driver) && self->ranks >= options->n_workers
                      && self->placement == options->placement;

  if (per_run || !reusable)
    {
      if (!launch (self, wl, options, options->n_workers, error))
        return NULL;
    }
  else if (!open_workload (self, wl, options, launch_timeout (self, options), error))
    {
      stop_job (self);
      return NULL;
    }
  return _cs_backend_pool_new (0, session, wl, options);
}

static JsonNode *
build_run (const CsBackendPool *pool, const CsRun *run)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, "run");
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, pool->options.n_workers);
  json_builder_set_member_name (b, "rep");
  json_builder_add_int_value (b, run->rep);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Each point's actual bindings, as rank 0 reports them ("cs-node1: PU 0; cs-node2: PU 0"). */
static void
record_bindings (MpiSession *self, JsonObject *reply, guint workers)
{
  JsonArray *bindings = json_object_get_array_member (reply, "bindings");
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *key = g_strdup_printf ("bindings.%u", workers);

  for (guint i = 0; bindings != NULL && i < json_array_get_length (bindings); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "; " : "",
                            json_array_get_string_element (bindings, i));
  set_info (self, key, g_strdup (text->str));
}

static void
set_failure (MpiSession *self, const CsBackendPool *pool, CsRun *run, const GError *error)
{
  g_autofree char *ranks = describe_ranks (self);
  g_autofree char *reason = NULL;

  if (g_error_matches (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_TIMEOUT))
    {
      reason = g_strdup_printf (_("the run took longer than the timeout (%.3g s); mpirun -n %u "
                                  "had not finished: %s"), pool->options.timeout_s,
                                self->ranks, ranks);
      _cs_run_set_status (run, CS_RUN_TIMEOUT, reason);
    }
  else if (g_error_matches (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_CANCELLED))
    _cs_run_set_status (run, CS_RUN_CANCELLED, NULL);
  else if (g_error_matches (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_FAILED))
    _cs_run_set_status (run, CS_RUN_FAILED, error->message); /* names rank and host */
  else
    {
      reason = describe_death (self, error);
      _cs_run_set_status (run, CS_RUN_FAILED, reason);
    }
  /* Only an error the worker reported itself leaves the job in step for the next run. */
  if (!g_error_matches (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_FAILED))
    stop_job (self);
}

/* The kernel's counters as the ranks counted them, on whatever host each runs (a persistent
 * job's ranks were started before this run's own counters were opened, and remote ranks are
 * not this machine's): summed by rank 0; a counter some rank's kernel does not expose is
 * missing from the reply, and recorded as not exposed. */
static void
record_perf_counters (JsonObject *reply, CsRun *run)
{
  JsonObject *perf = json_object_get_object_member (reply, "perf_counters");

  if (perf == NULL)
    return;
  g_clear_pointer (&run->perf_counters, g_strfreev);
  run->perf_counters = g_new0 (char *, 1);
  for (guint i = 0; i < CS_PERF_N_COUNTERS; i++)
    {
      JsonNode *node = json_object_get_member (perf, cs_perf_counters_name (i));
      GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                                 : G_TYPE_INVALID;
      double v = type == G_TYPE_DOUBLE || type == G_TYPE_INT64 ? json_node_get_double (node)
                                                                : NAN;

      cs_perf_counters_set (&run->perf_counters, i, v >= 0 ? v : NAN);
    }
}

static gboolean
mpi_run_pass (CsBackendPool *pool, CsRun *run)
{
  MpiSession *self = (MpiSession *) pool->session;
  gboolean per_run = _cs_backend_get_lifetime (pool->session) == CS_POOL_PER_RUN;
  g_autoptr (JsonNode) request = build_run (pool, run);
  g_autoptr (JsonObject) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = cs_driver_call (self->driver, request, pool->options.timeout_s,
                          pool->options.cancelled, &error);
  if (reply == NULL || !_cs_driver_read_pass (reply, run, &error))
    {
      set_failure (self, pool, run, error);
      return FALSE;
    }
  record_bindings (self, reply, pool->options.n_workers);
  record_perf_counters (reply, run);
  /* A per-run job's start-up belongs to its run, as a per-run pool's does in process mode. */
  run->startup_s = per_run ? self->startup_s : 0;
  run->wall_s += run->startup_s;
  if (run->tasks != cs_engine_total_tasks (pool->wl))
    _cs_run_set_status (run, CS_RUN_FAILED, _("not every task was run"));
  return run->status == CS_RUN_OK;
}

static void
mpi_stop (CsBackendPool *pool)
{
  if (_cs_backend_get_lifetime (pool->session) == CS_POOL_PER_RUN)
    stop_job ((MpiSession *) pool->session);
  g_free (pool);
}

/* ---- the backend ------------------------------------------------------------------------- */

static const CsParamSpec mpi_options[] = {
  { "hosts", CS_PARAM_STRING, "", 0, 0, NULL, N_("Hosts"),
    N_("Where the ranks run, as mpirun --host takes it: a:16,b:16 (host:slots). Empty, and no "
       "hostfile: this machine only, over shared memory."), NULL },
  { "hostfile", CS_PARAM_FILE, "", 0, 0, NULL, N_("Hostfile"),
    N_("An Open MPI hostfile (a line 'HOST slots=N' per host), passed as mpirun --hostfile."),
    NULL },
  { "mpirun", CS_PARAM_STRING, "mpirun", 0, 0, NULL, N_("Launcher"),
    N_("The mpirun to start: a name on PATH or a path."), NULL },
  { "args", CS_PARAM_STRING, "", 0, 0, NULL, N_("Extra mpirun arguments"),
    N_("Added to mpirun's command line, split as a shell splits them (--mca btl_tcp_if_include "
       "eth0); a --map-by or --bind-to here replaces the placement's."), NULL },
  CS_BACKEND_POOL_OPTION,
};

const CsBackend cs_backend_mpi = {
  .name = "mpi",
  .label = N_("MPI ranks"),
  .description = N_("One Open MPI rank per worker, on this machine or across the hosts of a "
                    "hostfile, started by mpirun; tasks handed out by rank 0."),
  .concurrency = CS_CONCURRENCY_PROCESSES,
  .opt_in = TRUE,
  .runtime = "Open MPI",
  .multi_host = TRUE,
  .options = mpi_options,
  .n_options = G_N_ELEMENTS (mpi_options),
  .session_size = sizeof (MpiSession),
  .check_available = mpi_check_available,
  .supports = mpi_supports,
  .open = mpi_open,
  .close = mpi_close,
  .prepare = mpi_prepare,
  .run_pass = mpi_run_pass,
  .stop = mpi_stop,
};
