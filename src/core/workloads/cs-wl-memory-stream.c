/* cs-wl-memory-stream.c: STREAM triad over arrays far larger than the caches
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

/* The three arrays live in wl->shared, which the engine maps MAP_SHARED: threads and worker
 * processes stream through the same physical memory, so every mode measures the memory system
 * rather than page faults in private copies. */
#define SCALAR 3.0

typedef struct
{
  guint64 elements;       /* per array */
  guint64 chunk_elements; /* per task */
  guint64 n_chunks;
} Stream;

static const CsParamSpec params[] = {
  { "array-size", CS_PARAM_SIZE, "64MiB", 1 << 20, 1099511627776.0, "MiB", N_("Array size"),
    N_("Size of each of the three arrays; keep it several times the last-level cache.") },
  { "chunk", CS_PARAM_SIZE, "1MiB", 4096, 1073741824.0, "KiB", N_("Chunk per task"),
    N_("Part of each array that one task streams through.") },
  { "passes", CS_PARAM_INT, "5", 1, 1000, N_("passes"), N_("Passes"),
    N_("How many times one run streams through the arrays.") },
};

static void
stream_geometry (const CsParams *p, Stream *s)
{
  s->elements = cs_params_get_size (p, "array-size") / sizeof (double);
  s->chunk_elements = MAX (1, MIN (cs_params_get_size (p, "chunk"), cs_params_get_size (p, "array-size"))
                              / sizeof (double));
  s->n_chunks = (s->elements + s->chunk_elements - 1) / s->chunk_elements;
}

static gboolean
check_memory (guint64 needed, GError **error)
{
  guint64 avail = _cs_wl_available_memory ();
  g_autofree char *need = NULL;
  g_autofree char *have = NULL;

  /* leave a fifth of the free memory to everything else */
  if (avail == 0 || needed <= avail / 5 * 4)
    return TRUE;
  need = g_format_size_full (needed, G_FORMAT_SIZE_IEC_UNITS);
  have = g_format_size_full (avail, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_RESOURCES,
               _("array-size: the three arrays need %s but only %s of memory is available "
                 "(use a smaller array-size)"), need, have);
  return FALSE;
}

static gboolean
stream_prepare (CsWorkload *wl, GError **error)
{
  Stream s;

  stream_geometry (wl->params, &s);
  if (!check_memory (3 * s.elements * sizeof (double), error))
    return FALSE;
  wl->shared_size = 3 * s.elements * sizeof (double);
  wl->n_tasks = s.n_chunks * cs_params_get_int (wl->params, "passes");
  /* STREAM's convention: a triad moves three doubles per element (two reads, one write) */
  wl->units_per_task = 3.0 * s.chunk_elements * sizeof (double) / 1e9;
  return TRUE;
}

/* Small integers: every value and every chunk's sum is exact in a double. */
static gboolean
stream_init_shared (CsWorkload *wl, GError **error)
{
  Stream s;
  double *a = wl->shared, *b, *c;

  stream_geometry (wl->params, &s);
  b = a + s.elements;
  c = b + s.elements;
  for (guint64 i = 0; i < s.elements; i++)
    {
      a[i] = 0;
      b[i] = (double) (i % 1024);
      c[i] = (double) (i % 7);
    }
  return TRUE;
}

static gboolean
stream_attach (CsWorkload *wl, GError **error)
{
  Stream *s = g_new0 (Stream, 1);

  stream_geometry (wl->params, s);
  g_free (wl->priv);
  wl->priv = s;
  if (wl->shared == NULL || wl->shared_size < 3 * s->elements * sizeof (double))
    {
      g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
                           "memory-stream: the shared arrays are not mapped");
      return FALSE;
    }
  return TRUE;
}

static gboolean
stream_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
                 CsTaskOutput *output, GError **error)
{
  const Stream *s = wl->priv;
  guint64 chunk = task % s->n_chunks;
  guint64 start = chunk * s->chunk_elements;
  guint64 end = MIN (s->elements, start + s->chunk_elements);
  double *a = wl->shared;
  const double *b = a + s->elements, *c = b + s->elements;
  double sum = 0;

  for (guint64 i0 = start; i0 < end; i0 += 4096)
    {
      guint64 i1 = MIN (end, i0 + 4096);

      for (guint64 i = i0; i < i1; i++)
        {
          double v = b[i] + SCALAR * c[i];

          a[i] = v;
          sum += v;
        }
      cs_task_checkpoint (ctx);
    }
  output->checksum = _cs_wl_mix (chunk + 1) + (guint64) sum;
  return TRUE;
}

static void
stream_detach (CsWorkload *wl)
{
  g_clear_pointer (&wl->priv, g_free);
}

const CsPreset cs_preset_memory_stream = {
  .name = "memory-stream",
  .title = N_("Memory stream: bandwidth-bound"),
  .summary = N_("STREAM triad over arrays larger than the caches"),
  .description = N_("Runs the STREAM triad, a[i] = b[i] + 3·c[i], over three arrays several "
                    "times larger than the last-level cache, so almost every byte comes from "
                    "main memory. There is hardly any computation per byte: the cores wait for "
                    "the memory controllers, which all cores share. Throughput is reported in "
                    "GB/s (three doubles moved per element, STREAM's convention). This shows "
                    "where adding workers stops helping even though the work is perfectly "
                    "parallel."),
  .expected = N_("Speed-up well below linear in thread and process modes, flattening once a "
                 "few cores saturate the memory bandwidth; gil mode flat."),
  .icon_name = "media-flash-symbolic",
  .category = CS_CATEGORY_MEMORY,
  .work_unit = N_("chunks"),
  .throughput_unit = "GB/s",
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = stream_prepare,
  .init_shared = stream_init_shared,
  .attach = stream_attach,
  .run_task = stream_run_task,
  .detach = stream_detach,
};
