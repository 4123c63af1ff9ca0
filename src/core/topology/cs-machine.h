/* cs-machine.h: what a result says about the machine it was measured on
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-topology.h"

G_BEGIN_DECLS

typedef struct
{
  char   *hostname;
  char   *os_name;       /* PRETTY_NAME from os-release */
  char   *kernel;        /* uname -sr */
  char   *arch;          /* uname -m */
  char   *cpu_model;
  guint64 total_memory;  /* bytes */
  guint   n_packages;
  guint   n_numa_nodes;
  guint   n_cores;
  guint   n_pus;
  guint   smt_width;
  char   *topology_summary; /* cs_topology_describe() */
  char   *topology_xml;     /* hwloc XML export; NULL when not available */
} CsMachine;

/* Describes the machine we run on, taking counts from topo. */
CsMachine *cs_machine_new_local (CsTopology *topo);
CsMachine *cs_machine_copy (const CsMachine *machine);
void       cs_machine_free (CsMachine *machine);
/* Rebuilds the topology stored in a result (NULL with error when it has no XML). */
CsTopology *cs_machine_load_topology (const CsMachine *machine, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsMachine, cs_machine_free)

G_END_DECLS
