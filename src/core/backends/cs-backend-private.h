/* cs-backend-private.h: what backends share: common option specs and the registry's list
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>

#include "cs-backend.h"
#include "cs-pool-private.h"

G_BEGIN_DECLS

extern const char *const _cs_backend_pool_choices[];

/* The pool lifetime, an option of every backend that keeps a pool of workers. */
#define CS_BACKEND_POOL_OPTION                                                                  \
  { "pool", CS_PARAM_CHOICE, "per-run", 0, 0, NULL, N_("Pool lifetime"),                       \
    N_("per-run: workers are started and stopped inside every timed run, as a program that "    \
       "opens a pool per job pays; persistent: they start before the clock, so only the work "  \
       "is timed."),                                                                            \
    _cs_backend_pool_choices }

/* A GIL's switch interval, like sys.setswitchinterval(): CPython's default is 5 ms. */
#define CS_BACKEND_SWITCH_INTERVAL_OPTION                                                       \
  { "switch-interval", CS_PARAM_DURATION, "5ms", 1e-6, 10, NULL, N_("GIL switch interval"),    \
    N_("How long a thread waiting for the GIL waits before it asks the holder to let go, like " \
       "sys.setswitchinterval()."), NULL }

/* The pool options of the C backends for one run. */
CsPoolOptions _cs_backend_pool_options (const CsBackendPool *pool);

/* External presets (the user's command) run as a whole: the C backends call this from their
 * run_pass. It times the call and turns options->cancelled and the timeout into cancellation. */
void          _cs_backend_run_external (CsWorkload *wl, const CsPassOptions *options, CsRun *run);

/* The C backends run presets with a C kernel (or the user's command). */
gboolean      _cs_backend_supports_c (const CsBackend *self, const CsPreset *preset,
                                      GError **error);

/* cs-driver-request.c: the "workload" member of a driver's `open` request (DRIVERS.md): the
 * preset, every parameter typed, prepare()'s env, the task and worker counts. */
void          _cs_driver_add_workload (JsonBuilder *b, const CsWorkload *wl);
/* The measurements of a `run` reply into run; FALSE names a missing or mistyped field. */
gboolean      _cs_driver_read_pass (JsonObject *reply, CsRun *run, GError **error);

G_END_DECLS
