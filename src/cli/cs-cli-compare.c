/* cs-cli-compare.c: `corescope compare` (to be written)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-cli.h"

int
cs_cli_compare (int argc, char **argv)
{
  return cs_cli_failure ("compare", "not available yet");
}
