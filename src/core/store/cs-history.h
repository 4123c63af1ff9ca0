/* cs-history.h: the directory of saved results the app lists as its history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-result.h"

G_BEGIN_DECLS

#define CS_HISTORY_ERROR (cs_history_error_quark ())

typedef enum {
  CS_HISTORY_ERROR_IO,        /* the directory or a file could not be read or written */
  CS_HISTORY_ERROR_NOT_FOUND, /* the path is not a file of this history */
  CS_HISTORY_ERROR_INVALID    /* an imported file is not a valid result (message names it) */
} CsHistoryError;

/* One saved result, as listed. Plain value; the list owns its entries. */
typedef struct
{
  char      *path;      /* absolute */
  GDateTime *date;      /* when the sweep started (the file's mtime when unknown) */
  char      *preset;
  char      *label;     /* the user's name for it; NULL when unnamed */
  char      *hostname;  /* of the machine that measured it; NULL when unknown */
  gboolean   complete;  /* FALSE when cancelled or interrupted */
  /* What tells runs of one preset apart (the History's rows show them): */
  char     **params;    /* the preset's parameters, "name=value" */
  char     **modes;     /* mode names in the sweep's order */
  guint      min_workers, max_workers;
  guint      n_runs;
  guint      n_failed;  /* runs that failed or timed out */
  char      *first_failure; /* the first such run's reason; NULL when none failed */
  char      *headline;  /* the describe function's line (cs_history_set_describe_func) */
} CsHistoryEntry;

/* Runs in the listing's thread, once per file (entries are cached): a newly allocated line
 * that sums the result up, or NULL. The store knows no analysis; its callers do. */
typedef char *(*CsHistoryDescribeFunc) (const CsResult *result);

CsHistoryEntry *cs_history_entry_copy (const CsHistoryEntry *entry);
void            cs_history_entry_free (CsHistoryEntry *entry);

/* The object only holds the directory's path: every call may run on any thread, and saves from
 * several threads get distinct file names. Async calls run in a GTask thread and emit
 * "changed" (on the caller's main context, before the callback) when they altered the
 * directory; the sync calls never emit. */
#define CS_TYPE_HISTORY (cs_history_get_type ())
G_DECLARE_FINAL_TYPE (CsHistory, cs_history, CS, HISTORY, GObject)

GQuark      cs_history_error_quark (void);

/* $XDG_DATA_HOME/corescope/history (g_get_user_data_dir). */
char       *cs_history_default_dir (void);
/* dir NULL: the default. The directory is created on the first save or import. */
CsHistory  *cs_history_new (const char *dir);
const char *cs_history_get_dir (CsHistory *self);
/* Fills each entry's headline from now on (call before listing). */
void        cs_history_set_describe_func (CsHistory *self, CsHistoryDescribeFunc func);

/* Saves atomically under a new unique name "2026-11-22T00-16-00_cpu-bound.json" (a "-2"... is
 * added when taken). Returns the absolute path. */
char       *cs_history_save (CsHistory *self, const CsResult *result, GError **error);
/* Every result file of the directory (*.json), newest first. Files that fail to load are
 * skipped (with a g_debug); a missing directory is an empty history. CsHistoryEntry*. */
GPtrArray  *cs_history_list (CsHistory *self, GError **error);
/* Loads one entry's result (the same as cs_result_load). */
CsResult   *cs_history_load (CsHistory *self, const char *path, GError **error);
/* Sets the result's label (NULL or "" removes it) and rewrites the file atomically. */
gboolean    cs_history_rename (CsHistory *self, const char *path, const char *label,
                               GError **error);
/* Removes the file. path must be inside the history's directory. */
gboolean    cs_history_delete (CsHistory *self, const char *path, GError **error);
/* Validates an external file with cs_result_load and copies it in (under a new unique name).
 * Returns the new path; the loaded result in *result when result is not NULL. A result the
 * history already holds unchanged is not copied again: its path is returned. Errors name the
 * file: "b.json: 'runs' must be an array". */
char       *cs_history_import (CsHistory *self, const char *source_path, CsResult **result,
                               GError **error);

/* ---- Async wrappers (GTask threads) ---- */

/* The result is copied, so the caller may free it at once. finish returns the new path. */
void        cs_history_save_async (CsHistory *self, const CsResult *result,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
char       *cs_history_save_finish (CsHistory *self, GAsyncResult *res, GError **error);

void        cs_history_list_async (CsHistory *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
GPtrArray  *cs_history_list_finish (CsHistory *self, GAsyncResult *res, GError **error);

void        cs_history_load_async (CsHistory *self, const char *path, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
CsResult   *cs_history_load_finish (CsHistory *self, GAsyncResult *res, GError **error);

void        cs_history_rename_async (CsHistory *self, const char *path, const char *label,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean    cs_history_rename_finish (CsHistory *self, GAsyncResult *res, GError **error);

void        cs_history_delete_async (CsHistory *self, const char *path,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean    cs_history_delete_finish (CsHistory *self, GAsyncResult *res, GError **error);

/* Imports every file (Open…, drag and drop) in one thread; a bad file does not stop the others.
 * finish: *results (may be NULL) receives the imported results (CsResult*, transfer full, in
 * the given order, bad files left out). Returns FALSE when any file failed, with one line per
 * failed file in the error's message ("b.json: 'runs' must be an array"). */
void        cs_history_import_files_async (CsHistory *self, GFile **files, guint n_files,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
gboolean    cs_history_import_files_finish (CsHistory *self, GAsyncResult *res,
                                            GPtrArray **results, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsHistoryEntry, cs_history_entry_free)

G_END_DECLS
