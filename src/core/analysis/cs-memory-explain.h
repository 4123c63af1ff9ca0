/* cs-memory-explain.h: one sentence on the memory threads and processes of a sweep hold
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-stats.h"

G_BEGIN_DECLS

/* Processes of a runtime that hold less than this much more than its threads (in KiB, or as
 * a ratio) are not worth a sentence. */
#define CS_MEMORY_EXPLAIN_MIN_KB    4096.0
#define CS_MEMORY_EXPLAIN_MIN_RATIO 1.25

/* For the verdict: "4 Python processes hold 41 MiB together, 4 Python threads 12 MiB." The
 * first runtime (in the sweep's order of modes) measured both in threads and in processes with
 * memory at a common worker count, at the largest such count. NULL when there is no such pair,
 * or when the processes hold less than CS_MEMORY_EXPLAIN_MIN_KB more than the threads, or less
 * than CS_MEMORY_EXPLAIN_MIN_RATIO times as much: then memory does not tell them apart.
 * Translated. */
char *cs_memory_explain (const CsResultStats *stats);

G_END_DECLS
