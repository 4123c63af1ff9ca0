/* cs-result-dir.h: every result file of a directory, e.g. one per host of a fleet sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-result.h"

G_BEGIN_DECLS

/* What a directory held: the results that loaded, in the order of their file names, and one
 * line per file that did not. */
typedef struct
{
  char      *path;      /* the directory */
  GPtrArray *results;   /* CsResult* */
  GPtrArray *files;     /* char*: the base name each result came from */
  GPtrArray *skipped;   /* char*: "b.json: line 3: …", one per file that did not load */
} CsResultDir;

/* TRUE for a name a result directory's loader reads: "*.json", not hidden (a writer's
 * temporary file is hidden). */
gboolean     cs_result_dir_is_result_name (const char *name);
/* Loads every result file of path (not recursively). Files that do not load are skipped and
 * listed in skipped; fails (CS_RESULT_ERROR) when the directory cannot be read, has no result
 * files, or none of them loads (the message then names the first bad file). Blocking: call it
 * from a thread in a GUI. */
CsResultDir *cs_result_dir_load (const char *path, GError **error);
void         cs_result_dir_free (CsResultDir *dir);
/* The skipped lines joined by "; " into one line for a message, or NULL when none. */
char        *cs_result_dir_skipped_summary (const CsResultDir *dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsResultDir, cs_result_dir_free)

G_END_DECLS
