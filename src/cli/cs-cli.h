/* cs-cli.h: the headless command line, `corescope SUBCOMMAND ...`
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-params.h"

G_BEGIN_DECLS

/* Exit statuses shared by every subcommand. */
#define CS_CLI_EXIT_OK 0
#define CS_CLI_EXIT_FAILURE 1 /* the work failed (a run, a file) */
#define CS_CLI_EXIT_USAGE 2   /* bad arguments */

/* TRUE when argv[1] names a subcommand (or is --help/--version for the CLI). */
gboolean cs_cli_is_command (const char *arg);
/* Runs `corescope SUBCOMMAND ...`; argv[0] is the program. Returns the exit status. */
int      cs_cli_main (int argc, char **argv);

/* One function per subcommand; argv[0] is the subcommand's name. */
int      cs_cli_topology (int argc, char **argv);
int      cs_cli_presets (int argc, char **argv);
int      cs_cli_run (int argc, char **argv);
int      cs_cli_analyze (int argc, char **argv);
int      cs_cli_compare (int argc, char **argv);
int      cs_cli_chart (int argc, char **argv);
int      cs_cli_modes (int argc, char **argv);
int      cs_cli_fleet (int argc, char **argv);
int      cs_cli_recover (int argc, char **argv);
int      cs_cli_check (int argc, char **argv);
/* Not listed in --help: what `corescope fleet` runs on every host through mpirun. */
#define CS_CLI_FLEET_NODE_COMMAND "fleet-node"
int      cs_cli_fleet_node (int argc, char **argv);

/* Before any work: every output (NULL-terminated; NULL entries before the end are not allowed)
 * is "-" or a regular file that can be replaced, and none is an input or another output.
 * Prints why not and returns CS_CLI_EXIT_USAGE; CS_CLI_EXIT_OK when all is well. */
int      cs_cli_check_outputs (const char        *subcommand,
                               const char *const *outputs,
                               const char *const *inputs);

/* Two lines for one parameter or option: name, type, default and range; its help. */
void     cs_cli_print_param (const CsParamSpec *spec);

/* Prints "corescope SUBCOMMAND: message" on stderr and returns CS_CLI_EXIT_USAGE. */
int      cs_cli_usage_error (const char *subcommand, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Prints "corescope SUBCOMMAND: message" on stderr and returns CS_CLI_EXIT_FAILURE. */
int      cs_cli_failure (const char *subcommand, const char *format, ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
