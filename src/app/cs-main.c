/* cs-main.c: entry point of corescope: a subcommand runs headless, no subcommand opens the window
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-cli.h"
#include "main.h"

int
main (int argc, char **argv)
{
  cs_init_i18n ();
  /* Subcommands never initialise GTK, so they work on servers without a display. */
  if (argc > 1 && cs_cli_is_command (argv[1]))
    return cs_cli_main (argc, argv);
  return cs_application_main (argc, argv);
}
