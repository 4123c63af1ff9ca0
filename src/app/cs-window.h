/* cs-window.h: the main window
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-application.h"
#include "cs-comparison-view.h"
#include "cs-history-panel.h"
#include "cs-preset-list.h"
#include "cs-run-panel.h"
#include "cs-results-view.h"
#include "cs-sweep-job.h"
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
/* Shows a page of the view stack: "workload", "results", "topology", "history". */
void            cs_window_show_page (CsWindow *self, const char *name);
CsResultsView  *cs_window_get_results_view (CsWindow *self);

/* The sweep (cs-window-sweep.c). Starts the sweep the form describes in a thread (what win.run
 * does); FALSE with an error naming the field when the form is invalid or a sweep runs. */
gboolean        cs_window_start_sweep (CsWindow *self, GError **error);
/* Stops the sweep within about a second; the runs measured so far are kept and saved. */
void            cs_window_cancel_sweep (CsWindow *self);
/* "running" property. */
gboolean        cs_window_is_running (CsWindow *self);
/* TRUE while the user's function is checked before the sweep starts (cs-window-checks.c). */
gboolean        cs_window_is_checking (CsWindow *self);
/* The last failure told in a toast: a refused sweep's reason, or a finished sweep's failed
 * runs with the first reason; NULL when none. */
const char     *cs_window_get_last_failure (CsWindow *self);
/* The sweep running, or NULL (tests watch its timed regions). */
CsSweepJob     *cs_window_get_sweep_job (CsWindow *self);
/* The result shown: the one being measured (runs so far), or the last finished or opened. */
const CsResult *cs_window_get_result (CsWindow *self);
/* The newest sweep recovered from a crash at start-up (now in History), or NULL. */
const CsResult *cs_window_get_recovered (CsWindow *self);
/* Where the last finished sweep was saved in the history, or NULL. */
const char     *cs_window_get_last_saved_path (CsWindow *self);
/* Selects preset, sets its parameters ("name=value"; NULL: none), runs the modes
 * ("thread,process"; NULL: the preset's defaults) with the worker list (as in "1,2,4"), and
 * quits the application when the sweep is over if asked (CORESCOPE_AUTORUN). */
gboolean        cs_window_autorun (CsWindow *self, const char *preset,
                                   const char *const *params, const char *workers,
                                   const char *modes, gboolean quit_when_done, GError **error);

/* Files (cs-window-files.c). Opens a result file in a thread and shows it; errors also in a
 * toast. */
void            cs_window_open_result_file (CsWindow *self, GFile *file,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean        cs_window_open_result_file_finish (CsWindow *self, GAsyncResult *result,
                                                   GError **error);
/* Fleets (cs-window-fleet.c). Loads every result file of folder in a thread (what
 * win.open-fleet does after its folder chooser), shows the first and overlays the others, and
 * goes to the Compare page. Files that do not load are skipped and named in a toast; fails
 * (also in a toast) when none loads or a sweep runs. */
void            cs_window_open_fleet_folder (CsWindow *self, GFile *folder,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean        cs_window_open_fleet_folder_finish (CsWindow *self, GAsyncResult *result,
                                                    GError **error);
/* Exports in a thread, by the file's extension: .png, .svg, .pdf (the chart on screen, or the
 * speed-up chart), .csv (that chart's values), .json (the result). */
void            cs_window_export (CsWindow *self, GFile *file, GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean        cs_window_export_finish (CsWindow *self, GAsyncResult *result, GError **error);
/* Overlays these results (CsResult*, copied) on the charts and lists them on the Compare page
 * with the current one (what ticking rows in the history does); NULL stops comparing. */
void            cs_window_set_compared (CsWindow *self, GPtrArray *results);
CsComparisonView *cs_window_get_comparison_view (CsWindow *self);
CsHistoryPanel *cs_window_get_history_panel (CsWindow *self);

G_END_DECLS
