/* cs-application.h: the AdwApplication subclass: app actions, settings, the machine's topology
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-settings.h"
#include "cs-stall-monitor.h"
#include "cs-topology.h"

G_BEGIN_DECLS

#define CS_TYPE_APPLICATION (cs_application_get_type ())
G_DECLARE_FINAL_TYPE (CsApplication, cs_application, CS, APPLICATION, AdwApplication)

/* The environment variable that replaces this machine's topology by an hwloc synthetic
 * description, to look at (and take screenshots of) bigger machines. */
#define CS_TOPOLOGY_SYNTHETIC_ENV "CORESCOPE_TOPOLOGY_SYNTHETIC"

CsApplication *cs_application_new (void);
CsSettings    *cs_application_get_settings (CsApplication *self);
/* The topology the app shows and runs on: this machine's, or the synthetic one named by
 * CORESCOPE_TOPOLOGY_SYNTHETIC. Loaded once; NULL with error when it cannot be read. */
CsTopology    *cs_application_get_topology (CsApplication *self, GError **error);
/* One line saying where the topology comes from: "host · Debian GNU/Linux 12 · Linux 6.1". */
const char    *cs_application_get_topology_origin (CsApplication *self);
/* The main-loop stall monitor when CORESCOPE_DIAGNOSTICS=stalls is set, else NULL. It records
 * from one second after the window appears; gate it with cs_stall_monitor_set_recording() to
 * measure only sweeps. Its report is printed on stderr when the application exits. */
CsStallMonitor *cs_application_get_stall_monitor (CsApplication *self);

G_END_DECLS
