/* cs-task.h: what a workload kernel sees while it runs one task
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-types.h"

G_BEGIN_DECLS

typedef struct _CsGil CsGil;
typedef struct _CsGilThread CsGilThread;

/* Handed to every kernel call. Kernels never look inside the GIL: they call
 * cs_task_checkpoint() every few microseconds of computation (the interpreter's "eval breaker")
 * and wrap every blocking call in cs_task_begin_blocking()/cs_task_end_blocking() (the
 * equivalent of Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS). Outside gil mode both are a
 * single predictable branch. */
typedef struct
{
  guint        worker_index;   /* 0..n_workers-1 */
  guint        n_workers;
  const gint  *cancelled;      /* non-zero once the run is cancelled; never NULL */
  const gint  *gil_drop_request; /* NULL unless mode == CS_MODE_GIL */
  CsGil       *gil;
  CsGilThread *gil_thread;     /* this worker's GIL bookkeeping */
  gpointer     scratch;        /* the preset's per-worker state (CsPreset.worker_new) */
} CsTaskContext;

/* Implemented by the GIL (cs-gil.c): drop the GIL because another thread asked for it, wait
 * until someone else has taken it, then take it back. */
void cs_gil_yield (CsGil *gil, CsGilThread *thread);
void cs_task_begin_blocking (CsTaskContext *ctx);
void cs_task_end_blocking (CsTaskContext *ctx);

static inline void
cs_task_checkpoint (CsTaskContext *ctx)
{
  if (G_UNLIKELY (ctx->gil_drop_request != NULL && g_atomic_int_get (ctx->gil_drop_request)))
    cs_gil_yield (ctx->gil, ctx->gil_thread);
}

static inline gboolean
cs_task_is_cancelled (const CsTaskContext *ctx)
{
  return g_atomic_int_get (ctx->cancelled) != 0;
}

G_END_DECLS
