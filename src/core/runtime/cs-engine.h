/* cs-engine.h: a workload's set-up around the runs of any backend
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-model.h"
#include "cs-workload.h"

G_BEGIN_DECLS

#define CS_ENGINE_ERROR (cs_engine_error_quark ())

typedef enum {
  CS_ENGINE_ERROR_SETUP,    /* prepare/attach/shared memory failed; message says which */
  CS_ENGINE_ERROR_THREADS   /* worker threads could not be created or bound */
} CsEngineError;

GQuark   cs_engine_error_quark (void);

/* Parent side of a workload's life, once per sweep point: the preset's prepare(), then a
 * zeroed shared region of wl->shared_size bytes in a memfd mapped MAP_SHARED (wl->shared,
 * wl->shared_fd: worker processes map the same fd), init_shared() and attach().
 * cs_engine_workload_teardown() undoes what was done (detach, finish, unmap, close). Every
 * backend runs on a workload set up so, whether its kernels run here or elsewhere (the Python
 * driver gets the environment prepare() made: ports, directories, calibrations). */
gboolean cs_engine_workload_setup (CsWorkload *wl, GError **error);
void     cs_engine_workload_teardown (CsWorkload *wl);

/* Tasks in one pass: n_tasks for strong scaling, n_tasks × n_workers for weak scaling. */
guint64  cs_engine_total_tasks (const CsWorkload *wl);

G_END_DECLS
