/* cs-open-dialog.h: Open… result files from other machines into the history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-history.h"

G_BEGIN_DECLS

/* Shows a GtkFileChooserDialog (JSON filter, multiple selection, a typed path taken too) and
 * imports the chosen files with cs_history_import_files_async (validated in a thread). Finish
 * with cs_open_results_dialog_finish. */
void     cs_open_results_dialog_run (GtkWindow *parent, CsHistory *history,
                                     GAsyncReadyCallback callback, gpointer user_data);
/* FALSE with G_IO_ERROR_CANCELLED when the user cancelled. Otherwise the same as
 * cs_history_import_files_finish: *results gets the imported results (transfer full, may be
 * NULL); FALSE with one line per bad file in the message when any file failed. */
gboolean cs_open_results_dialog_finish (GAsyncResult *res, GPtrArray **results, GError **error);

G_END_DECLS
