/* cs-cli-fleet.c: `corescope fleet`: one sweep per host of a hostfile, through mpirun, compared
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-analysis.h"
#include "cs-cli.h"

#define COMMAND "fleet"

/* mpirun starts one process per host (-n HOSTS --map-by node), not an MPI program but this
 * CLI's hidden `fleet-node` subcommand (cs-cli-fleet-node.c), which runs an ordinary `corescope
 * run` on that host with its own topology, resolves `max` in --workers to that host's CPUs,
 * and saves DIR/HOSTNAME.json. The results travel through DIR, which must therefore be on a
 * filesystem every host sees (the shared home or scratch directory that MPI clusters have;
 * the network-namespace cluster shares this machine's): mpirun's own forwarding of the ranks'
 * stdout was measured to join and split long lines of different ranks, so it cannot carry a
 * result file intact. The run's arguments are passed on untouched; the comparison is
 * `corescope compare`'s, followed by each machine's best mode, peak and knee. */

typedef struct
{
  const char *hostfile;
  const char *hosts;
  const char *output;
  const char *mpirun;
  const char *mpirun_args;
  GPtrArray  *run_args;   /* borrowed from argv */
} FleetArgs;

static void
print_help (void)
{
  printf ("%s\n\n%s\n", _("Usage: corescope fleet (--hostfile FILE | --host A,B,…) [--output DIR] "
                          "[--mpirun PROGRAM] [--mpirun-args ARGS] [--] RUN-OPTIONS…"),
          _("Runs `corescope run RUN-OPTIONS…` on every host at once, one process per host\n"
            "started by mpirun, each with its own topology (--workers pow2:max or 1-max: max\n"
            "is that host's CPU count). Each host saves DIR/HOSTNAME.json; then the results\n"
            "are compared (speed-up per physical core, each machine's best mode, peak and\n"
            "knee). DIR (default fleet-DATE-TIME) must be visible to every host under the\n"
            "same path, as must the corescope executable.\n\n"
            "  --hostfile FILE     an Open MPI hostfile (one host a line)\n"
            "  --host A,B,…        the hosts, as mpirun --host takes them\n"
            "  --output DIR        where the results go\n"
            "  --mpirun PROGRAM    the launcher (default mpirun)\n"
            "  --mpirun-args ARGS  more mpirun arguments, split like a shell does\n\n"
            "Example:\n"
            "  corescope fleet --hostfile hosts --preset cpu --modes thread,process "
            "--workers pow2:max"));
}

/* A fleet option with its value (--name VALUE or --name=VALUE); FALSE when arg is not name. */
static gboolean
take_value (int argc, char **argv, int *i, const char *name, const char **out, int *status)
{
  gsize len = strlen (name);

  if (strncmp (argv[*i], name, len) != 0 || (argv[*i][len] != '\0' && argv[*i][len] != '='))
    return FALSE;
  if (argv[*i][len] == '=')
    *out = argv[*i] + len + 1;
  else if (*i + 1 < argc)
    *out = argv[++*i];
  else
    *status = cs_cli_usage_error (COMMAND, _("%s needs a value"), name);
  return TRUE;
}

static int
parse_args (int argc, char **argv, FleetArgs *a, gboolean *help)
{
  int status = CS_CLI_EXIT_OK;

  for (int i = 1; i < argc && status == CS_CLI_EXIT_OK; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        return *help = TRUE, CS_CLI_EXIT_OK;
      if (g_str_equal (argv[i], "--"))
        {
          for (i++; i < argc; i++)
            g_ptr_array_add (a->run_args, argv[i]);
          break;
        }
      if (!take_value (argc, argv, &i, "--hostfile", &a->hostfile, &status) &&
          !take_value (argc, argv, &i, "--host", &a->hosts, &status) &&
          !take_value (argc, argv, &i, "--output", &a->output, &status) &&
          !take_value (argc, argv, &i, "--mpirun-args", &a->mpirun_args, &status) &&
          !take_value (argc, argv, &i, "--mpirun", &a->mpirun, &status))
        g_ptr_array_add (a->run_args, argv[i]);
    }
  if (status == CS_CLI_EXIT_OK && (a->hostfile == NULL) == (a->hosts == NULL))
    return cs_cli_usage_error (COMMAND, _("give the hosts with --hostfile FILE or --host A,B "
                                          "(one of them)"));
  return status;
}

/* ---- the hosts --------------------------------------------------------------------------- */

/* The hosts of a hostfile ("node1 slots=4", comments after #) or of a --host list ("a:16,b"). */
static GPtrArray *
read_hosts (const FleetArgs *a, GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) items = NULL;
  GPtrArray *hosts = g_ptr_array_new_with_free_func (g_free);

  if (a->hostfile != NULL && !g_file_get_contents (a->hostfile, &text, NULL, error))
    {
      g_ptr_array_unref (hosts);
      return NULL;
    }
  items = a->hostfile != NULL ? g_strsplit (text, "\n", -1) : g_strsplit (a->hosts, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (g_strdelimit (items[i], "#", '\0'));
      g_auto (GStrv) words = g_strsplit_set (item, " \t:", 2);

      if (*item != '\0' && !g_ptr_array_find_with_equal_func (hosts, words[0], g_str_equal,
                                                              NULL))
        g_ptr_array_add (hosts, g_strdup (words[0]));
    }
  return hosts;
}

/* ---- mpirun ------------------------------------------------------------------------------ */

static void
add (GPtrArray *argv, const char *arg)
{
  g_ptr_array_add (argv, g_strdup (arg));
}

/* One process per host; unbound, so that each host's sweep places its own workers. */
static GPtrArray *
mpirun_argv (const FleetArgs *a, guint n_hosts, const char *dir, GError **error)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", error);
  g_auto (GStrv) extra = NULL;
  GPtrArray *argv;

  if (self == NULL ||
      (a->mpirun_args != NULL && !g_shell_parse_argv (a->mpirun_args, NULL, &extra, error)))
    return NULL;
  argv = g_ptr_array_new_with_free_func (g_free);
  add (argv, a->mpirun != NULL ? a->mpirun : "mpirun");
  add (argv, "-n");
  g_ptr_array_add (argv, g_strdup_printf ("%u", n_hosts));
  add (argv, a->hostfile != NULL ? "--hostfile" : "--host");
  add (argv, a->hostfile != NULL ? a->hostfile : a->hosts);
  for (const char *const *s = (const char *const[]) { "--map-by", "node", "--bind-to", "none",
                                                      "--mca", "odls_base_sigkill_timeout", "0",
                                                      "--leave-session-attached", NULL };
       *s != NULL; s++)
    add (argv, *s);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    add (argv, extra[i]);
  add (argv, self);
  add (argv, CS_CLI_FLEET_NODE_COMMAND);
  add (argv, dir);
  for (guint i = 0; i < a->run_args->len; i++)
    add (argv, g_ptr_array_index (a->run_args, i));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Open MPI refuses root without its two allow variables: set for this mpirun only. */
static char **
mpirun_environment (void)
{
  char **envp = g_get_environ ();

  if (geteuid () == 0)
    {
      envp = g_environ_setenv (envp, "OMPI_ALLOW_RUN_AS_ROOT", "1", TRUE);
      envp = g_environ_setenv (envp, "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", TRUE);
    }
  return envp;
}

/* mpirun's and the hosts' output go to the terminal as they come; its wait status. */
static gboolean
run_mpirun (GPtrArray *argv, int *wait_status, GError **error)
{
  g_auto (GStrv) envp = mpirun_environment ();

  return g_spawn_sync (NULL, (char **) argv->pdata, envp,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL,
                       NULL, wait_status, error);
}

/* ---- the results ------------------------------------------------------------------------- */

/* Each host's file, in the hostfile's order where the names match, then any other written
 * since start (a host whose name differs from the hostfile's, node1 against node1.cluster). */
static GPtrArray *
collect_paths (const char *dir, GPtrArray *hosts, GDateTime *start)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  for (guint i = 0; i < hosts->len; i++)
    {
      g_autofree char *file = g_strconcat (g_ptr_array_index (hosts, i), ".json", NULL);
      char *path = g_build_filename (dir, file, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (paths, path);
      else
        g_free (path);
    }
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_str_has_suffix (name, ".json") && g_stat (path, &st) == 0 &&
          st.st_mtime >= g_date_time_to_unix (start) &&
          !g_ptr_array_find_with_equal_func (paths, path, g_str_equal, NULL))
        g_ptr_array_add (paths, path);
      else
        g_free (path);
    }
  return paths;
}

/* The best point's speed-up over its own mode's 1-worker median, across the result. */
static double
peak_speedup (const CsResultStats *stats)
{
  double peak = 0;

  for (guint i = 0; i < cs_result_stats_get_n_points (stats); i++)
    {
      const CsPointStats *p = cs_result_stats_get_point (stats, i);

      if (p->n > 0 && p->speedup > peak)
        peak = p->speedup;
    }
  return peak;
}

static void
print_machine (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = cs_result_load (path, &error);
  CsAnalysis *analysis = result != NULL ? cs_analysis_new (result, &error) : NULL;
  const CsVerdict *verdict;
  const CsMachine *m;

  if (analysis == NULL)
    {
      printf ("  %s: %s\n", path, error->message);
      return;
    }
  verdict = cs_analysis_get_verdict (analysis);
  m = result->machine;
  printf (_("  %s: %u cores (%u CPUs); peak speed-up %.2f×; %s\n"),
          m != NULL && m->hostname != NULL ? m->hostname : path, m != NULL ? m->n_cores : 0,
          m != NULL ? m->n_pus : 0, peak_speedup (cs_analysis_get_stats (analysis)),
          verdict->headline);
  cs_analysis_free (analysis);
}

/* `corescope compare` over the files, its CSV in DIR, then one line per machine. */
static int
compare (const char *dir, GPtrArray *paths)
{
  g_autofree char *csv = g_build_filename (dir, "comparison.csv", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  int status = CS_CLI_EXIT_OK;

  if (paths->len >= 2)
    {
      g_ptr_array_add (argv, (gpointer) "compare");
      for (guint i = 0; i < paths->len; i++)
        g_ptr_array_add (argv, g_ptr_array_index (paths, i));
      g_ptr_array_add (argv, (gpointer) "--csv");
      g_ptr_array_add (argv, csv);
      g_ptr_array_add (argv, NULL);
      fflush (stdout);
      status = cs_cli_compare ((int) argv->len - 1, (char **) argv->pdata);
    }
  printf ("\n%s\n", _("Machines (and the verdict of each)"));
  for (guint i = 0; i < paths->len; i++)
    print_machine (g_ptr_array_index (paths, i));
  return status;
}

static char *
default_output (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "fleet-%Y%m%d-%H%M%S");
}

static int
report (const char *dir, GPtrArray *hosts, GPtrArray *paths, int wait_status)
{
  int status;

  if (paths->len == 0)
    return cs_cli_failure (COMMAND, _("no host saved a result in %s"), dir);
  printf (_("\n%u of %u hosts saved a result in %s\n\n"), paths->len, hosts->len, dir);
  status = compare (dir, paths);
  if (!g_spawn_check_wait_status (wait_status, NULL) || paths->len < hosts->len)
    return cs_cli_failure (COMMAND, _("not every host finished its sweep (see DIR/HOST.log)"));
  return status;
}

int
cs_cli_fleet (int argc, char **argv)
{
  g_autoptr (GPtrArray) run_args = g_ptr_array_new ();
  FleetArgs a = { .run_args = run_args };
  g_autoptr (GPtrArray) hosts = NULL;
  g_autoptr (GPtrArray) mpirun = NULL;
  g_autoptr (GPtrArray) paths = NULL;
  g_autoptr (GDateTime) start = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *dir = NULL;
  gboolean help = FALSE;
  int status, wait_status = 0;

  if ((status = parse_args (argc, argv, &a, &help)) != CS_CLI_EXIT_OK || help)
    return help ? (print_help (), CS_CLI_EXIT_OK) : status;
  output = a.output != NULL ? g_strdup (a.output) : default_output ();
  dir = g_canonicalize_filename (output, NULL);
  if ((hosts = read_hosts (&a, &error)) == NULL || g_mkdir_with_parents (dir, 0755) != 0)
    return cs_cli_failure (COMMAND, "%s", error != NULL ? error->message : g_strerror (errno));
  if (hosts->len == 0)
    return cs_cli_usage_error (COMMAND, _("no hosts in %s"), a.hostfile ? a.hostfile : a.hosts);
  if ((mpirun = mpirun_argv (&a, hosts->len, dir, &error)) == NULL ||
      !run_mpirun (mpirun, &wait_status, &error))
    return cs_cli_failure (COMMAND, "%s", error->message);
  paths = collect_paths (dir, hosts, start);
  return report (dir, hosts, paths, wait_status);
}
