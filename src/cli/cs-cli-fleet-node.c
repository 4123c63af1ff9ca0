/* cs-cli-fleet-node.c: `corescope fleet-node DIR RUN-OPTIONS…`: one host's part of a fleet
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-cli.h"

/* Started by `corescope fleet` through mpirun, once per host (cs-cli-fleet.c), never by hand:
 * it is not listed in --help. It runs `corescope run RUN-OPTIONS… --json DIR/HOST.json` in
 * this process, with `max` in --workers replaced by this host's CPU count, and its output in
 * DIR/HOST.log, so that the hosts' progress lines do not mix on mpirun's terminal; mpirun's
 * stdout gets one line per host when its sweep has ended. */

static char *
host_name (void)
{
  char host[256] = "";

  if (gethostname (host, sizeof host - 1) != 0 || host[0] == '\0')
    g_strlcpy (host, "localhost", sizeof host);
  return g_strdup (host);
}

/* "pow2:max" → "pow2:16" on a host of 16 CPUs. */
static char *
resolve_max (const char *workers)
{
  g_autofree char *cpus = g_strdup_printf ("%u", g_get_num_processors ());
  g_auto (GStrv) parts = g_strsplit (workers, "max", -1);

  return g_strjoinv (cpus, parts);
}

static gboolean
is_workers_option (const char *arg)
{
  return g_str_equal (arg, "--workers") || g_str_equal (arg, "-w");
}

/* run's argv: the options with max resolved, then where to save. */
static GPtrArray *
run_argv (int argc, char **argv, const char *json)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (out, g_strdup ("run"));
  for (int i = 2; i < argc; i++)
    g_ptr_array_add (out, (i > 2 && is_workers_option (argv[i - 1]))
                            || g_str_has_prefix (argv[i], "--workers=")
                          ? resolve_max (argv[i]) : g_strdup (argv[i]));
  for (const char *const *s = (const char *const[]) { "--json", json, "--quiet", NULL }; *s; s++)
    g_ptr_array_add (out, g_strdup (*s));
  g_ptr_array_add (out, NULL);
  return out;
}

/* stdout and stderr into log; the original stdout's descriptor, or -1. The output folder may
 * be shared: a symlink planted at HOST.log is not followed (O_NOFOLLOW), and the output then
 * stays on the terminal. */
static int
redirect_output (const char *log)
{
  int fd = open (log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  int saved = dup (STDOUT_FILENO);

  if (fd < 0)
    {
      g_printerr (_("corescope %s: cannot write the log %s: %s\n"), CS_CLI_FLEET_NODE_COMMAND,
                  log, g_strerror (errno));
      return saved;
    }
  fflush (stdout);
  fflush (stderr);
  dup2 (fd, STDOUT_FILENO);
  dup2 (fd, STDERR_FILENO);
  close (fd);
  return saved;
}

int
cs_cli_fleet_node (int argc, char **argv)
{
  g_autofree char *host = NULL;
  g_autofree char *json = NULL;
  g_autofree char *log = NULL;
  g_autofree char *json_name = NULL;
  g_autofree char *log_name = NULL;
  g_autoptr (GPtrArray) run = NULL;
  g_autofree char **args = NULL;
  g_autofree char *line = NULL;
  int saved, status;

  if (argc < 2)
    return cs_cli_usage_error (CS_CLI_FLEET_NODE_COMMAND, _("usage: %s DIR RUN-OPTIONS…"),
                               CS_CLI_FLEET_NODE_COMMAND);
  host = host_name ();
  json_name = g_strconcat (host, ".json", NULL);
  log_name = g_strconcat (host, ".log", NULL);
  json = g_build_filename (argv[1], json_name, NULL);
  log = g_build_filename (argv[1], log_name, NULL);
  run = run_argv (argc, argv, json);
  saved = redirect_output (log);
  /* run's option parser removes what it parsed from the vector it is given: a copy of the
   * pointers keeps the strings owned by (and freed with) run */
  args = g_memdup2 (run->pdata, run->len * sizeof (char *));
  status = cs_cli_run ((int) run->len - 1, args);
  fflush (stdout);
  fflush (stderr);
  line = status == CS_CLI_EXIT_OK
         ? g_strdup_printf (_("%s: sweep done (%u CPUs), saved %s\n"), host,
                            g_get_num_processors (), json)
         : g_strdup_printf (_("%s: sweep failed with status %d, see %s\n"), host, status, log);
  if (saved >= 0 && write (saved, line, strlen (line)) < 0)
    status = CS_CLI_EXIT_FAILURE;
  return status;
}
