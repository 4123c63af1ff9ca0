/* cs-window-private.h: the window's fields, shared by the files that implement its concerns
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-comparison-view.h"
#include "cs-history-panel.h"
#include "cs-history.h"
#include "cs-results-view.h"
#include "cs-sweep-job.h"
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
  guint            nodes_request;  /* the latest result whose nodes are being read */
  CsResultsView   *results_view;
  GtkStack        *run_stack;      /* "run" / "cancel" buttons */

  CsHistory       *history;        /* where finished sweeps are saved */
  CsHistoryPanel  *history_panel;
  CsComparisonView *comparison_view;
  AdwViewStackPage *comparison_page;

  /* cs-window-sweep.c */
  CsSweepJob      *job;            /* the sweep running, or NULL */
  GCancellable    *sweep_cancellable;
  CsResult        *current;        /* measured so far, or the last finished or opened result */
  GPtrArray       *compared;       /* CsResult* overlaid on the charts, or NULL */
  char            *last_saved_path;
  gboolean         refresh_pending; /* runs arrived: the views are refreshed between runs */
  gint64           last_refresh_us;
  gboolean         holding;         /* the next run waits for the views and a frame */
  gulong           after_paint_id;
  guint            settle_id;       /* waits for the frame clock to stay idle */
  gint64           settle_frame;    /* the frame counter it waits on */
  guint            shown_workers;
  /* A run that goes on past the estimate (or before the first one, with no estimate): a tick
   * shows how long it has been going. */
  guint            run_tick;
  gint64           run_start_us;
  guint            run_done;        /* runs finished before it */
  guint            run_total;
  char            *run_text;        /* the progress's text when it started */
  gboolean         close_after_sweep;
  gboolean         disposed;       /* a sweep's last messages may come after dispose */

  /* cs-window-checks.c */
  gboolean         checking;       /* the user's function is being checked before a sweep */
  char            *last_failure;   /* the last failure a toast told */

  /* cs-window-recovery.c */
  CsResult        *recovered;      /* the newest sweep recovered from a crash, or NULL */
};

/* cs-window.c */
void _cs_window_update_placement_preview (CsWindow *self);
/* cs-window-topology.c: win.open-topology and win.show-local-topology */
void _cs_window_class_init_topology (GtkWidgetClass *widget_class);
void _cs_window_init_topology (CsWindow *self);
/* The Topology page shows the nodes of a result's mpi sweep across hosts, else this machine. */
void _cs_window_show_result_nodes (CsWindow *self, const CsResult *result);
/* cs-window-sweep.c: win.run, win.cancel, progress and the results of the sweep */
void _cs_window_class_init_sweep (GtkWidgetClass *widget_class);
void _cs_window_init_sweep (CsWindow *self);
void _cs_window_update_actions (CsWindow *self);
void _cs_window_refresh_results (CsWindow *self);
/* Starts the job of a checked request (does not take it). */
void _cs_window_start_job (CsWindow *self, CsSweepRequest *request);
/* cs-window-checks.c */
void _cs_window_check_and_start (CsWindow *self, CsSweepRequest *request);
void _cs_window_show_failure (CsWindow *self, const char *message);
char *_cs_window_describe_failures (const CsResult *result);
/* TRUE when closing must wait (a dialog asks, or the sweep is stopping). */
gboolean _cs_window_confirm_close (CsWindow *self);
/* cs-window-files.c: win.open, win.export, the history and comparisons */
void _cs_window_class_init_files (GtkWidgetClass *widget_class);
void _cs_window_init_files (CsWindow *self);
void _cs_window_history_changed (CsWindow *self);
void _cs_window_update_comparison (CsWindow *self);
/* Shows result (takes it) instead of the current one. */
void _cs_window_show_result (CsWindow *self, CsResult *result);

/* Reads a local file on a GTask thread with load (which returns a new object, or NULL with
 * error; free_func frees it); callback gets the task, whose pointer is the object. */
typedef gpointer (*CsFileLoadFunc) (const char *path, GError **error);
void _cs_window_load_file_async (CsWindow            *self,
                                 GFile               *file,
                                 CsFileLoadFunc       load,
                                 GDestroyNotify       free_func,
                                 const char          *name,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* The file that _cs_window_load_file_async read, from its callback's result. */
GFile *_cs_window_load_file_get_file (GAsyncResult *result);
void _cs_window_class_init_recovery (GtkWidgetClass *widget_class);
/* cs-window-fleet.c: win.open-fleet */
void _cs_window_class_init_fleet (GtkWidgetClass *widget_class);
/* cs-window-check.c: win.check-system, the machine's noise check in a dialog */
void _cs_window_class_init_check (GtkWidgetClass *widget_class);
void _cs_window_recover_journals (CsWindow *self);

G_END_DECLS
