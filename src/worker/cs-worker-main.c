/* cs-worker-main.c: entry point of corescope-worker (to be written)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

int
main (int argc, char **argv)
{
  return 1;
}
