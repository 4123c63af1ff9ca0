/* cs-sweep.h: run modes × workers × repetitions of a preset and collect every run
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-result.h"
#include "cs-sweep-request.h"
#include "cs-topology.h"
#include "cs-workload.h"

G_BEGIN_DECLS

#define CS_SWEEP_ERROR (cs_sweep_error_quark ())
#define CS_MAX_WORKERS 1024  /* per sweep point: a guard against typos that would fork-bomb */

/* Adaptive repetitions (config->precision > 0): at least this many rounds, as hyperfine keeps
 * a minimum of runs (fewer give a bootstrap interval of a median little meaning), then rounds
 * until the judge is satisfied or config->max_time_s has passed, and never more than the cap
 * (a guard for a judge that is never satisfied by a fast workload). */
#define CS_SWEEP_ADAPTIVE_MIN_REPS 5
#define CS_SWEEP_ADAPTIVE_MAX_REPS 1000
#define CS_SWEEP_DEFAULT_PRECISION 0.05
#define CS_SWEEP_DEFAULT_MAX_TIME_S 60.0

typedef enum {
  CS_SWEEP_ERROR_CONFIG,   /* invalid configuration: message names the field */
  CS_SWEEP_ERROR_CHECKSUM  /* a run's checksum differs from the single-worker one */
} CsSweepError;

/* Delivered once when the sweep starts (done == 0: every backend is ready, result has the
 * machine, the configuration and what the backends reported, and no runs) and after every run
 * (warm-ups included), from the thread that runs the sweep: a GUI must hand it to its main
 * context itself (CsSweepJob does). last_run and result are valid during the call only. */
typedef struct
{
  const CsResult *result;   /* the sweep's result so far */
  guint        done;        /* runs finished, warm-ups included; 0: the sweep starts */
  guint        total;
  CsMode       mode;        /* the point just measured */
  guint        workers;
  guint        rep;         /* 0-based */
  gboolean     warmup;
  double       elapsed_s;
  double       eta_s;       /* < 0 while unknown */
  const CsRun *last_run;    /* NULL for warm-ups */
  /* Adaptive sweeps: the precision asked for (0: fixed repetitions) and the one the judge
   * found after the last full round (NAN until the minimum of rounds is done). */
  double       precision;
  double       precision_reached;
} CsSweepProgress;

typedef void (*CsSweepProgressFunc) (const CsSweepProgress *progress, gpointer user_data);

GQuark    cs_sweep_error_quark (void);

/* Parses worker lists: "1,2,4", "1-8", "pow2:16" (1,2,4,8,16), and combinations "1-4,8".
 * Sorted, without duplicates. */
gboolean  cs_parse_worker_list (const char *spec, guint **workers, guint *n_workers,
                                GError **error);

/* Called from the sweep's thread around every run (warm-ups and repeated runs included):
 * timed == TRUE just before the run's workers start (the call may block until the process that
 * observes the sweep is quiet: a window done drawing), FALSE just after the run has ended. */
typedef void (*CsSweepGateFunc) (gboolean timed, gpointer user_data);

/* Blocking: runs the whole sweep in the calling thread (a GUI uses CsSweepJob, which runs it
 * in a thread of its own). Returns the result, also when cancelled (result->complete == FALSE,
 * every finished run kept); NULL with error only when a mode's backend could not start (its
 * interpreter is missing) or the machine's topology cannot be read. */
CsResult *cs_sweep_run (CsSweepRequest       *request,
                        CsSweepProgressFunc   progress,
                        gpointer              user_data,
                        GCancellable         *cancellable,
                        GError              **error);

/* The same, with gate (may be NULL) called around every run with user_data. */
CsResult *cs_sweep_run_gated (CsSweepRequest       *request,
                              CsSweepProgressFunc   progress,
                              CsSweepGateFunc       gate,
                              gpointer              user_data,
                              GCancellable         *cancellable,
                              GError              **error);

/* The empty result a sweep of request starts from: the machine (topology NULL: this one), the
 * normalised configuration, the preset's units. */
CsResult *cs_sweep_result_new (const CsSweepRequest *request, CsTopology *topology);

/* Progress toward a decision, for an adaptive sweep: "interval ±8 % → 5 %" (translated), or
 * "first 5 rounds" before the judge has spoken; NULL for fixed repetitions. */
char     *cs_sweep_progress_describe_precision (const CsSweepProgress *progress);

/* Rough duration of a sweep in seconds; < 0 when unknown (the presets that declare an
 * estimate: cpu and io-wait). The config's version needs no request, so no topology: a form
 * can ask on every change without loading hwloc. */
double    cs_sweep_estimate_seconds (const CsSweepRequest *request);
double    cs_sweep_estimate_config_seconds (const CsSweepConfig *config);

G_END_DECLS
