/* cs-sweep.h: run modes × workers × repetitions of a preset and collect every run
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-result.h"
#include "cs-topology.h"
#include "cs-workload.h"

G_BEGIN_DECLS

#define CS_SWEEP_ERROR (cs_sweep_error_quark ())

typedef enum {
  CS_SWEEP_ERROR_CONFIG,   /* invalid configuration: message names the field */
  CS_SWEEP_ERROR_CHECKSUM  /* a run's checksum differs from the single-worker one */
} CsSweepError;

/* Delivered after every run (warm-ups included) from the thread that runs the sweep: a GUI must
 * hand it to its main context itself. last_run is valid during the call only. */
typedef struct
{
  guint        done;        /* runs finished, warm-ups included */
  guint        total;
  CsMode       mode;        /* the point just measured */
  guint        workers;
  guint        rep;         /* 0-based */
  gboolean     warmup;
  double       elapsed_s;
  double       eta_s;       /* < 0 while unknown */
  const CsRun *last_run;    /* NULL for warm-ups */
} CsSweepProgress;

typedef void (*CsSweepProgressFunc) (const CsSweepProgress *progress, gpointer user_data);

GQuark    cs_sweep_error_quark (void);

/* Checks a configuration against the registry and the topology (unknown preset or parameter,
 * no modes, worker counts out of range) without running anything. */
gboolean  cs_sweep_config_validate (const CsSweepConfig *config, CsTopology *topology,
                                    GError **error);

/* Parses worker lists: "1,2,4", "1-8", "pow2:16" (1,2,4,8,16), and combinations "1-4,8".
 * Sorted, without duplicates. */
gboolean  cs_parse_worker_list (const char *spec, guint **workers, guint *n_workers,
                                GError **error);

/* Blocking: runs the whole sweep in the calling thread (call it from a worker thread in a GUI).
 * Returns the result, also when cancelled (result->complete == FALSE, every finished run kept);
 * NULL with error only when the configuration is invalid or nothing could start. */
CsResult *cs_sweep_run (const CsSweepConfig  *config,
                        CsTopology           *topology,
                        CsSweepProgressFunc   progress,
                        gpointer              user_data,
                        GCancellable         *cancellable,
                        GError              **error);

/* Rough duration of a sweep in seconds from the preset's defaults; < 0 when unknown. */
double    cs_sweep_estimate_seconds (const CsSweepConfig *config);

G_END_DECLS
