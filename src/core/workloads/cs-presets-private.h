/* cs-presets-private.h: the registry's table and the presets it lists
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-workload.h"

G_BEGIN_DECLS

/* Every preset in display order; cs-workload.c builds the public registry on it. */
const CsPreset *const *_cs_presets_table (guint *n_presets);

/* One per file in this folder (cs-wl-<name>.c). */
extern const CsPreset cs_preset_cpu;
extern const CsPreset cs_preset_hash;
extern const CsPreset cs_preset_io_wait;
extern const CsPreset cs_preset_mandelbrot;
extern const CsPreset cs_preset_image_blur;
extern const CsPreset cs_preset_matmul;
extern const CsPreset cs_preset_memory_stream;
extern const CsPreset cs_preset_http_fetch;
extern const CsPreset cs_preset_file_io;
extern const CsPreset cs_preset_lock_contention;
extern const CsPreset cs_preset_ipc_payload;
extern const CsPreset cs_preset_tiny_tasks;
extern const CsPreset cs_preset_mixed;
extern const CsPreset cs_preset_command;
extern const CsPreset cs_preset_python_callable;

G_END_DECLS
