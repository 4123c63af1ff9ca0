/* cs-presets.c: the list of presets, in the order the GUI and `corescope presets` show them
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-presets-private.h"

/* Grouped roughly by what limits them: compute, memory, waiting, coordination, overhead, and
 * last the user's own command. */
static const CsPreset *const presets[] = {
  &cs_preset_cpu,
  &cs_preset_io_wait,
};

const CsPreset *const *
_cs_presets_table (guint *n_presets)
{
  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}
