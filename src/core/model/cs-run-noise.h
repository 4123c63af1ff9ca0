/* cs-run-noise.h: what disturbed a run (steal, the observer's own CPU time, the kernel's
 * counters), when a run counts as disturbed, and the observer's share of a sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-model.h"

G_BEGIN_DECLS

/* A run is disturbed when, while it was timed, the hypervisor stole more than
 * CS_NOISE_STEAL_LIMIT_PCT of the CPUs' time, or Corescope's own process (the observer: the
 * window's drawing, the CLI's printing) used more than CS_NOISE_OBSERVER_LIMIT of the CPU time
 * the workers used. Both take CPU time from the workers; at 2 % a run is slowed by at most
 * about as much, under half the 5 % margin below which the verdict calls two times equal, so a
 * run below both limits cannot turn a verdict by itself. */
#define CS_NOISE_STEAL_LIMIT_PCT 2.0
#define CS_NOISE_OBSERVER_LIMIT 0.02
/* ... and only when the observer used more than this in absolute terms: a run of a few
 * milliseconds has fixed costs in the thread that starts and waits for its workers (thread
 * creation, a wake-up) that are part of every such run, not a disturbance. 5 ms is more than a
 * frame the window could draw in software and more than those costs. */
#define CS_NOISE_OBSERVER_MIN_S 0.005

/* TRUE when run (measured, status ok) exceeds a limit; why (optional) says which, with the
 * figures ("steal 5.1 % of CPU time"). */
gboolean     cs_run_noise_is_disturbed (const CsRun *run, char **why);
/* The observer's CPU time as a share of all CPU time of the sweep's runs (workers + observer),
 * over the runs that measured it; < 0 when none did (older files). */
double       cs_result_observer_share (const CsResult *result);
/* A counter's value ("cycles"): TRUE with the value; FALSE when not counted or not exposed
 * here. */
gboolean     cs_run_get_perf_counter (const CsRun *run, const char *name, double *value);
/* The runs the statistics use: ok, and not replaced by a new measurement. */
gboolean     cs_run_is_measurement (const CsRun *run);

G_END_DECLS
