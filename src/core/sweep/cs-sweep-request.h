/* cs-sweep-request.h: a sweep configuration, parsed and validated once into typed objects
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-backend.h"
#include "cs-result.h"
#include "cs-topology.h"
#include "cs-workload.h"

G_BEGIN_DECLS

/* What the command line and the window build from their arguments and forms: the preset with
 * typed parameters, each mode's backend with typed options, and the rest of the configuration,
 * all checked against the registries and the topology. Immutable and reference-counted, so a
 * sweep's thread and the window can share it. */
typedef struct _CsSweepRequest CsSweepRequest;

/* topology: where the sweep runs (NULL: this machine, loaded here).
 * Fails (CS_SWEEP_ERROR_CONFIG, or the parameter's or backend's own error) with a message that
 * names the field: "modes: python-thread cannot run preset 'command'". Does not check that the
 * backends can run on this machine (that may start an interpreter): opening their sessions at
 * the start of the sweep does. */
CsSweepRequest      *cs_sweep_request_new (const CsSweepConfig *config, CsTopology *topology,
                                           GError **error);
CsSweepRequest      *cs_sweep_request_ref (CsSweepRequest *request);
void                 cs_sweep_request_unref (CsSweepRequest *request);

/* The configuration with every parameter and every mode's option spelled out, as a result
 * records it. */
const CsSweepConfig *cs_sweep_request_get_config (const CsSweepRequest *request);
CsTopology          *cs_sweep_request_get_topology (const CsSweepRequest *request);
const CsPreset      *cs_sweep_request_get_preset (const CsSweepRequest *request);
const CsParams      *cs_sweep_request_get_params (const CsSweepRequest *request);
guint                cs_sweep_request_get_n_modes (const CsSweepRequest *request);
const CsBackend     *cs_sweep_request_get_backend (const CsSweepRequest *request, guint index);
const CsParams      *cs_sweep_request_get_options (const CsSweepRequest *request, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSweepRequest, cs_sweep_request_unref)

G_END_DECLS
