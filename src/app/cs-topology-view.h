/* cs-topology-view.h: a widget that draws a CPU topology the way lstopo does
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-topology-layout.h"
#include "cs-topology.h"

G_BEGIN_DECLS

#define CS_TYPE_TOPOLOGY_VIEW (cs_topology_view_get_type ())
G_DECLARE_FINAL_TYPE (CsTopologyView, cs_topology_view, CS, TOPOLOGY_VIEW, GtkWidget)

GtkWidget    *cs_topology_view_new (void);
/* topology may be NULL (nothing is drawn). The view keeps a reference. */
void          cs_topology_view_set_topology (CsTopologyView *self, CsTopology *topology);
CsTopology   *cs_topology_view_get_topology (CsTopologyView *self);
/* PUs (OS indexes) to emphasise, such as the PUs a run's workers are bound to. */
void          cs_topology_view_set_highlighted_pus (CsTopologyView *self,
                                                    const guint    *pus,
                                                    guint           n_pus);
/* Per-PU load 0..1 indexed by OS index; NULL hides the load gauges. */
void          cs_topology_view_set_pu_load (CsTopologyView *self,
                                            const double   *load,
                                            guint           n_load);
/* "live-load" property: every second, show how busy each PU of this machine is (from
 * /proc/stat). Refused (stays FALSE) for a topology that is not this machine's. */
void          cs_topology_view_set_live_load (CsTopologyView *self, gboolean live);
/* While a run is timed: no sampling and no drawing; resuming shows the load over the pause. */
void          cs_topology_view_pause_live_load (CsTopologyView *self, gboolean paused);
gboolean      cs_topology_view_get_live_load (CsTopologyView *self);
/* The layout for the current size (computed on demand and cached until the size, the font or
 * the topology change); NULL without a topology or before the first allocation. */
CsTopoLayout *cs_topology_view_get_layout (CsTopologyView *self);
/* The layout's paint options for the current style (dark or light) and state. */
void          cs_topology_view_get_paint_options (CsTopologyView     *self,
                                                  CsTopoPaintOptions *options);

G_END_DECLS
