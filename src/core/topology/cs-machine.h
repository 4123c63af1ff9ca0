/* cs-machine.h: describing the machine we run on, and its topology back from a result
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-model.h"
#include "cs-topology.h"

G_BEGIN_DECLS

/* Describes the machine we run on, taking counts from topo. */
CsMachine *cs_machine_new_local (CsTopology *topo);
/* Rebuilds the topology stored in a result (NULL with error when it has no XML). */
CsTopology *cs_machine_load_topology (const CsMachine *machine, GError **error);

G_END_DECLS
