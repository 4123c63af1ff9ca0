/* cs-window.h: the main window
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-application.h"
#include "cs-preset-list.h"
#include "cs-run-panel.h"
#include "cs-topology-view.h"
#include "cs-topology.h"

G_BEGIN_DECLS

#define CS_TYPE_WINDOW (cs_window_get_type ())
G_DECLARE_FINAL_TYPE (CsWindow, cs_window, CS, WINDOW, AdwApplicationWindow)

CsWindow       *cs_window_new (CsApplication *application);
/* Shows topology on the Topology page; origin says where it comes from (nullable). */
void            cs_window_set_topology (CsWindow *self, CsTopology *topology, const char *origin);
void            cs_window_show_topology_error (CsWindow *self, const GError *error);
CsTopologyView *cs_window_get_topology_view (CsWindow *self);
CsPresetList   *cs_window_get_preset_list (CsWindow *self);
CsRunPanel     *cs_window_get_run_panel (CsWindow *self);
/* Loads an hwloc XML file in a thread and shows it on the Topology page (sweeps still run on
 * this machine). A file that cannot be read is reported in a toast and by the finish call. */
void            cs_window_open_topology_file (CsWindow            *self,
                                              GFile               *file,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean        cs_window_open_topology_file_finish (CsWindow      *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);
/* Shows a page of the view stack: "workload", "topology". */
void            cs_window_show_page (CsWindow *self, const char *name);

G_END_DECLS
