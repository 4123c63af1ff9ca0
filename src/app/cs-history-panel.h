/* cs-history-panel.h: the saved results, to reopen, rename, delete and tick for comparison
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-history.h"

G_BEGIN_DECLS

/* Signals (all on the main thread; files are read and written in GTask threads):
 *  "result-activated" (CsHistoryPanel *, gpointer result, const char *path): a row was
 *      activated and its CsResult loaded; result is borrowed for the emission (cs_result_copy
 *      it to keep it).
 *  "compare-changed" (CsHistoryPanel *): the set of ticked rows changed and their results are
 *      loaded; read them with cs_history_panel_get_compared.
 *  "error" (CsHistoryPanel *, const char *message): a load, save, rename or delete failed;
 *      the window shows the message in a toast.
 * Widget actions (for menus and tests), installed on the panel:
 *  "history.rename" "(ss)" (path, new label; "" removes it) and "history.delete" "s" (path) act
 *      at once;
 *  "history.ask-rename" "s" and "history.ask-delete" "s" (path) ask first (an AdwMessageDialog
 *      with an entry / a confirmation); the rows' buttons use these. */
#define CS_TYPE_HISTORY_PANEL (cs_history_panel_get_type ())
G_DECLARE_FINAL_TYPE (CsHistoryPanel, cs_history_panel, CS, HISTORY_PANEL, GtkWidget)

GtkWidget *cs_history_panel_new (void);
/* The panel lists history and reloads when it emits "changed". */
void       cs_history_panel_set_history (CsHistoryPanel *self, CsHistory *history);
CsHistory *cs_history_panel_get_history (CsHistoryPanel *self);
/* Lists the directory again (async). */
void       cs_history_panel_reload (CsHistoryPanel *self);
/* Saves a copy of result into the history (async), then lists again; errors go to "error". */
void       cs_history_panel_add (CsHistoryPanel *self, const CsResult *result);
/* Imports files (drag and drop onto the window) in a thread, then lists again; each file that
 * fails emits "error" once with its own line ("b.json: 'runs' must be an array"). Files dropped
 * on the panel itself are imported the same way. */
void       cs_history_panel_import_files (CsHistoryPanel *self, GFile **files, guint n_files);
/* The ticked results in the order they were ticked: CsResult* copies, transfer full. */
GPtrArray *cs_history_panel_get_compared (CsHistoryPanel *self);
/* Unticks every row (emits "compare-changed" when something was ticked). */
void       cs_history_panel_clear_compared (CsHistoryPanel *self);

/* For tests and the window: the rows currently listed, newest first. */
guint                 cs_history_panel_get_n_entries (CsHistoryPanel *self);
const CsHistoryEntry *cs_history_panel_get_entry (CsHistoryPanel *self, guint index);
/* Ticks or unticks the row of path, as a click on its check button does. */
void       cs_history_panel_set_compared (CsHistoryPanel *self, const char *path,
                                          gboolean compared);
/* TRUE while a list, load, save, rename or delete is under way (tests wait for FALSE). */
gboolean   cs_history_panel_is_busy (CsHistoryPanel *self);

G_END_DECLS
