/* cs-presets.c: the list of presets, in the order the GUI and `corescope presets` show them
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-presets-private.h"

/* Grouped roughly by what limits them: compute, memory, waiting, coordination, overhead, and
 * last the user's own command and Python function. */
static const CsPreset *const presets[] = {
  &cs_preset_cpu,
  &cs_preset_hash,
  &cs_preset_mandelbrot,
  &cs_preset_image_blur,
  &cs_preset_matmul,
  &cs_preset_memory_stream,
  &cs_preset_io_wait,
  &cs_preset_http_fetch,
  &cs_preset_file_io,
  &cs_preset_lock_contention,
  &cs_preset_ipc_payload,
  &cs_preset_tiny_tasks,
  &cs_preset_mixed,
#ifndef CS_PRESETS_KERNELS_ONLY
  /* No C kernel: corescope-worker never runs them (CS_PRESETS_KERNELS_ONLY is its registry). */
  &cs_preset_command,
  &cs_preset_python_callable,
#endif
};

const CsPreset *const *
_cs_presets_table (guint *n_presets)
{
  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}
