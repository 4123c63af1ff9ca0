/* cs-topology-page.h: the Topology page: CPU model, summary, origin and the drawing
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-node-layout.h"
#include "cs-topology-view.h"
#include "cs-topology.h"

G_BEGIN_DECLS

#define CS_TYPE_TOPOLOGY_PAGE (cs_topology_page_get_type ())
G_DECLARE_FINAL_TYPE (CsTopologyPage, cs_topology_page, CS, TOPOLOGY_PAGE, GtkWidget)

/* origin: one line saying where the topology comes from ("host · Debian 12 · Linux 6.1"). */
void            cs_topology_page_set_topology (CsTopologyPage *self,
                                               CsTopology     *topology,
                                               const char     *origin);
/* Shows the "This Machine" button, for when the page shows a topology opened from a file. */
void            cs_topology_page_set_showing_other (CsTopologyPage *self, gboolean other);
/* Replaces the drawing by a status page explaining why there is no topology. */
void            cs_topology_page_show_error (CsTopologyPage *self, const GError *error);
/* Shows every node of an mpi sweep across hosts side by side, each with its own drawing, in
 * the order its ranks begin; cs_topology_page_set_topology() goes back to one machine. */
void            cs_topology_page_set_nodes (CsTopologyPage     *self,
                                            const CsNodeLayout *nodes,
                                            const char         *origin);
gboolean        cs_topology_page_get_showing_nodes (CsTopologyPage *self);
CsTopologyView *cs_topology_page_get_view (CsTopologyPage *self);
/* The live load's legend: a caption, then per colour band a box of [swatch, label]; shown
 * while live load is on. */
GtkWidget      *cs_topology_page_get_load_legend (CsTopologyPage *self);
/* Highlights the PUs that n_workers bound with policy would use, and says so in a caption;
 * CS_PLACEMENT_NONE or n_workers == 0 clears the highlight. */
void            cs_topology_page_show_placement (CsTopologyPage    *self,
                                                 CsPlacementPolicy  policy,
                                                 guint              n_workers);

G_END_DECLS
