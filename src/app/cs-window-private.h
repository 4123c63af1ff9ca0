/* cs-window-private.h: the window's fields, shared by the files that implement its concerns
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-topology-page.h"
#include "cs-window.h"

G_BEGIN_DECLS

struct _CsWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *content;
  AdwViewStack    *stack;
  CsPresetList    *preset_list;
  CsRunPanel      *run_panel;
  CsTopologyPage  *topology_page;
};

/* cs-window.c */
void _cs_window_update_placement_preview (CsWindow *self);
/* cs-window-topology.c: win.open-topology and win.show-local-topology */
void _cs_window_class_init_topology (GtkWidgetClass *widget_class);
void _cs_window_init_topology (CsWindow *self);

G_END_DECLS
