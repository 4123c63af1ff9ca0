/* cs-history-row.h: the words of a History row, which tell one saved sweep from the others
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-history.h"

G_BEGIN_DECLS

/* The preset's title as the sidebar shows it ("Memory stream"); files from a newer version may
 * name presets this one lacks: then the name itself. */
const char *cs_history_row_preset_title (const char *name);
/* The user's label, else the preset's title with its key parameter: "Your Python function:
 * mywork.py:work", "CPU-bound loop: tasks=8". */
char *cs_history_row_title (const CsHistoryEntry *entry);
/* "7 Dec 2026, 10:05 · vm · python-thread, python-process · 1–4 workers · best: python-process
 * × 2, 1.9× speed-up", ending "· cancelled" or "· failed: <first reason>" when so. */
char *cs_history_row_subtitle (const CsHistoryEntry *entry);

/* What tells a result apart from others of its preset: "mywork.py:work", "tasks=8"; NULL when
 * it runs the preset's defaults. */
char *cs_result_key_params (const CsResult *result);

G_END_DECLS
