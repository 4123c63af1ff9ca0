/* cs-cli-presets.c: `corescope presets` (to be written)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-cli.h"

int
cs_cli_presets (int argc, char **argv)
{
  return cs_cli_failure ("presets", "not available yet");
}
