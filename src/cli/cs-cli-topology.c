/* cs-cli-topology.c: `corescope topology` (to be written)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-cli.h"

int
cs_cli_topology (int argc, char **argv)
{
  return cs_cli_failure ("topology", "not available yet");
}
