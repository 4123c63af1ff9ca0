/* cs-journal.h: incremental saving of a sweep in progress, and its recovery after a crash
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-result.h"
#include "cs-sweep.h"
#include "cs-topology.h"

G_BEGIN_DECLS

#define CS_JOURNAL_ERROR (cs_journal_error_quark ())

typedef enum {
  CS_JOURNAL_ERROR_IO       /* the journal could not be written, read or removed */
} CsJournalError;

/* A journal is an ordinary result file (complete == FALSE, no "finished" time) that is rewritten
 * atomically (temp file + rename) after every finished run, so a crash or a power loss loses at
 * most the run being measured (or, when runs are shorter than the minimum interval, the runs of
 * the last interval). Journals live in cs_journal_get_default_dir () as in-progress-PID.json,
 * so several sweeps (the GUI and a CLI) never share one, and one whose process is gone is a
 * sweep that did not end: cs_journal_find_recoverable () lists them at start-up.
 *
 * A journal is used from one thread: the one that runs the sweep (the progress callback's). */
typedef struct _CsJournal CsJournal;

GQuark      cs_journal_error_quark (void);

/* $XDG_DATA_HOME/corescope (~/.local/share/corescope). */
char       *cs_journal_get_default_dir (void);

/* Starts a journal for a sweep from its initial result (copied: machine, configuration, and
 * any runs already measured), as the sweep's first progress report hands it over.
 * path NULL: <default dir>/in-progress-<pid>.json (the directory is created). Writes the
 * partial result at once, so an unwritable place fails here, before anything is measured. */
CsJournal  *cs_journal_new (const char *path, const CsResult *initial, GError **error);
const char *cs_journal_get_path (CsJournal *journal);
/* Rewrites at most once per interval (default 0.25 s: a burst of millisecond runs does not
 * become a burst of fsyncs); 0 rewrites after every run. Pending runs are written by the next
 * add after the interval, by cs_journal_flush () or cs_journal_finish (). */
void        cs_journal_set_min_interval (CsJournal *journal, double seconds);
/* Appends a copy of a finished run (never a warm-up) and rewrites the file when due. */
gboolean    cs_journal_add_run (CsJournal *journal, const CsRun *run, GError **error);
/* A CsSweepProgressFunc: cs_sweep_run (request, cs_journal_progress, journal, ...), or call it
 * from your own progress callback. Adds progress->last_run; a write error is logged once
 * (g_warning) and the sweep goes on. */
void        cs_journal_progress (const CsSweepProgress *progress, gpointer journal);
gboolean    cs_journal_flush (CsJournal *journal, GError **error);
/* The partial result as written so far (runs included); owned by the journal. */
const CsResult *cs_journal_get_result (CsJournal *journal);
/* The sweep returned and its result is in the caller's hands (saved or shown): removes the
 * journal file and frees the journal. */
void        cs_journal_finish (CsJournal *journal);
/* Frees the journal and leaves its file on disk, as a crash would. */
void        cs_journal_free (CsJournal *journal);

/* Journals in dir (NULL: the default dir) whose process is no longer running, newest first;
 * NULL-terminated, free with g_strfreev. Never NULL. */
char      **cs_journal_find_recoverable (const char *dir);
/* Loads a journal as a result: complete == FALSE and every run it recorded; the result's
 * "finished" time is the journal's last write. */
CsResult   *cs_journal_recover (const char *path, GError **error);
/* Removes a journal after the user kept (saved elsewhere) or dismissed it. Missing is fine. */
gboolean    cs_journal_discard (const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsJournal, cs_journal_free)

G_END_DECLS
