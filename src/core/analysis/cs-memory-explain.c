/* cs-memory-explain.c: one sentence on the memory threads and processes of a sweep hold
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cs-backend.h"
#include "cs-memory-explain.h"

/* The two modes of one runtime the sentence compares, and where. */
typedef struct
{
  const CsBackend    *threads, *processes;
  const CsPointStats *thread_point, *process_point;
} MemoryPair;

static gboolean
is_threads (const CsBackend *b)
{
  return b->concurrency == CS_CONCURRENCY_THREADS || b->concurrency == CS_CONCURRENCY_GIL_THREADS;
}

/* The largest worker count at which both modes measured memory. */
static gboolean
common_point (const CsResultStats *stats, CsMode threads, CsMode processes, MemoryPair *pair)
{
  guint n = 0;
  const CsPointStats *const *points = cs_result_stats_get_series (stats, threads, &n);

  for (guint i = n; i-- > 0;)
    {
      const CsPointStats *other = cs_result_stats_lookup (stats, processes, points[i]->workers);

      if (isfinite (points[i]->mem_total_kb) && other != NULL && isfinite (other->mem_total_kb))
        {
          pair->thread_point = points[i];
          pair->process_point = other;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
find_pair (const CsResultStats *stats, MemoryPair *pair)
{
  guint n_modes = 0;
  const CsMode *modes = cs_result_stats_get_modes (stats, &n_modes);

  for (guint t = 0; t < n_modes; t++)
    for (guint p = 0; p < n_modes; p++)
      {
        const CsBackend *bt = cs_backend_for_mode (modes[t]);
        const CsBackend *bp = cs_backend_for_mode (modes[p]);

        if (bt == NULL || bp == NULL || !is_threads (bt)
            || bp->concurrency != CS_CONCURRENCY_PROCESSES
            || g_strcmp0 (bt->runtime, bp->runtime) != 0)
          continue;
        pair->threads = bt;
        pair->processes = bp;
        if (common_point (stats, modes[t], modes[p], pair))
          return TRUE;
      }
  return FALSE;
}

/* The language (Python) rather than the runtime (CPython): what a user calls it. */
static const char *
runtime_name (const CsBackend *b)
{
  return cs_backend_get_language (b);
}

char *
cs_memory_explain (const CsResultStats *stats)
{
  MemoryPair pair = { 0 };
  double thread_kb, process_kb;
  guint n;

  g_return_val_if_fail (stats != NULL, NULL);

  if (!find_pair (stats, &pair))
    return NULL;
  thread_kb = MAX (pair.thread_point->mem_total_kb, 0);
  process_kb = pair.process_point->mem_total_kb;
  if (process_kb - thread_kb < CS_MEMORY_EXPLAIN_MIN_KB
      || process_kb < CS_MEMORY_EXPLAIN_MIN_RATIO * thread_kb)
    return NULL;
  n = pair.thread_point->workers;
  /* Translators: "4 Python processes hold 41 MiB together, 4 Python threads 12 MiB." The %s
   * are a runtime: C, Python. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u %s process holds %.0f MiB, %u %s thread %.0f MiB.",
                                       "%u %s processes hold %.0f MiB together, %u %s threads "
                                       "%.0f MiB.", n),
                          n, runtime_name (pair.processes), process_kb / 1024, n,
                          runtime_name (pair.threads), thread_kb / 1024);
}
