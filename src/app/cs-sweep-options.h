/* cs-sweep-options.h: the form part that says how a sweep runs (modes, workers, repetitions...)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-result.h"
#include "cs-topology.h"
#include "cs-workload.h"

G_BEGIN_DECLS

#define CS_TYPE_SWEEP_OPTIONS (cs_sweep_options_get_type ())
G_DECLARE_FINAL_TYPE (CsSweepOptions, cs_sweep_options, CS, SWEEP_OPTIONS, AdwPreferencesGroup)

/* The worker-count choices ("1 to cores"...) are computed from topology (nullable). */
void        cs_sweep_options_set_topology (CsSweepOptions *self, CsTopology *topology);
/* Offers only the modes that can run preset (the others insensitive, with the reason). Until
 * the modes are chosen (by the user, by settings or by set_mode_enabled), they follow the
 * preset's defaults (cs_backends_get_default_modes). */
void        cs_sweep_options_set_preset (CsSweepOptions *self, const CsPreset *preset);
void        cs_sweep_options_set_mode_enabled (CsSweepOptions *self, CsMode mode,
                                               gboolean enabled);
/* Types value into a mode's option field; FALSE when the mode has no such option. */
gboolean    cs_sweep_options_set_mode_option (CsSweepOptions *self, CsMode mode,
                                              const char *name, const char *value);
/* Why a mode cannot run here, once the check (in a thread, at start-up) knows; else NULL. */
const char *cs_sweep_options_get_unavailable (CsSweepOptions *self, CsMode mode);
/* Why a mode cannot run the preset (cs_backend_supports); NULL when it can. */
const char *cs_sweep_options_get_unsupported (CsSweepOptions *self, CsMode mode);
/* Chooses "Custom" and types text into the worker counts entry. */
void        cs_sweep_options_set_custom_workers (CsSweepOptions *self, const char *text);
/* "valid" property; the reason when invalid (NULL when valid). */
gboolean    cs_sweep_options_is_valid (CsSweepOptions *self);
const char *cs_sweep_options_get_error (CsSweepOptions *self);
/* Writes the modes with their options, workers, repetitions, warm-up, the time limit per run,
 * scaling and placement into config. FALSE with error when the options are invalid. */
gboolean    cs_sweep_options_fill_config (CsSweepOptions *self, CsSweepConfig *config,
                                          GError **error);

G_END_DECLS
