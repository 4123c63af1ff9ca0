/* cs-cli.c: dispatches `corescope SUBCOMMAND` to the headless commands
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cs-cli.h"
#include "cs-output.h"

typedef struct
{
  const char *name;
  int (*main) (int argc, char **argv);
  const char *summary;
} CsCliCommand;

static const CsCliCommand commands[] = {
  { "check", cs_cli_check, N_("Check whether this machine is quiet enough to measure on") },
  { "topology", cs_cli_topology, N_("Show the CPU topology and worker placements") },
  { "presets", cs_cli_presets, N_("List the workload presets and their parameters") },
  { "modes", cs_cli_modes, N_("List the execution modes, whether they run here, and their options") },
  { "run", cs_cli_run, N_("Run a sweep of modes × workers and save the result") },
  { "analyze", cs_cli_analyze, N_("Statistics, scaling models and advice for a result") },
  { "compare", cs_cli_compare, N_("Compare results from several runs or machines") },
  { "chart", cs_cli_chart, N_("Draw a chart of results as PNG, SVG or PDF") },
  { "recover", cs_cli_recover, N_("List the sweeps that did not end, and save one as a result") },
  { "fleet", cs_cli_fleet, N_("Run a sweep on every host of a hostfile through mpirun, and compare") },
};

gboolean
cs_cli_is_command (const char *arg)
{
  if (arg == NULL)
    return FALSE;
  if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h") || g_str_equal (arg, "help") ||
      g_str_equal (arg, "--version"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (arg, commands[i].name))
      return TRUE;
  return g_str_equal (arg, CS_CLI_FLEET_NODE_COMMAND);
}

static void
print_help (void)
{
  printf ("%s\n\n", _("Usage: corescope [SUBCOMMAND [OPTIONS...]]"));
  printf ("%s\n\n", _("Without a subcommand, Corescope opens its window. Subcommands run headless:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    printf ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  printf ("\n%s\n", _("Run `corescope SUBCOMMAND --help` for the options of one subcommand."));
}

static int
vreport (const char *subcommand, int status, const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  fprintf (stderr, "corescope %s: %s\n", subcommand, message);
  return status;
}

int
cs_cli_usage_error (const char *subcommand, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  int status = vreport (subcommand, CS_CLI_EXIT_USAGE, format, args);
  va_end (args);
  return status;
}

int
cs_cli_failure (const char *subcommand, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  int status = vreport (subcommand, CS_CLI_EXIT_FAILURE, format, args);
  va_end (args);
  return status;
}

int
cs_cli_check_outputs (const char        *subcommand,
                      const char *const *outputs,
                      const char *const *inputs)
{
  g_autoptr (GError) error = NULL;

  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    if (!cs_output_check (outputs[i], &error))
      return cs_cli_usage_error (subcommand, "%s", error->message);
  if (!cs_output_check_distinct (outputs, inputs, &error))
    return cs_cli_usage_error (subcommand, "%s", error->message);
  return CS_CLI_EXIT_OK;
}

int
cs_cli_main (int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  cs_output_ignore_sigxfsz ();

  if (name == NULL || g_str_equal (name, "--help") || g_str_equal (name, "-h") ||
      g_str_equal (name, "help"))
    {
      print_help ();
      return CS_CLI_EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      printf ("corescope %s\n", PACKAGE_VERSION);
      return CS_CLI_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      return commands[i].main (argc - 1, argv + 1);
  if (g_str_equal (name, CS_CLI_FLEET_NODE_COMMAND))
    return cs_cli_fleet_node (argc - 1, argv + 1);

  fprintf (stderr, _("corescope: unknown subcommand '%s' (try 'corescope --help')\n"), name);
  return CS_CLI_EXIT_USAGE;
}
