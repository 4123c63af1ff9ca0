/* cs-counters-explain.h: why scaling stops, from the kernel's counters of the runs
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-result.h"

G_BEGIN_DECLS

/* The counters of a point (mode × workers): medians over its runs that counted them; < 0 where
 * no run did (not counted, or not exposed here: a VM without a PMU has no IPC). */
typedef struct
{
  double ipc;                   /* instructions per cycle */
  double switches_per_cpu_s;    /* context switches per second of the workers' task-clock */
  double migrations_per_cpu_s;
  double llc_misses_per_kinstr; /* last-level cache misses per 1000 instructions */
} CsPointCounters;

void  cs_point_counters_get (const CsResult *result, CsMode mode, guint workers,
                             CsPointCounters *out);

/* A sentence explaining why the point at `after` workers scales worse than the one at
 * `before` (a knee the verdict found), from the counters: the IPC falls (memory), context
 * switches or migrations grow (oversubscription, contention). NULL when the counters explain
 * nothing or were not counted. */
char *cs_counters_explain_knee (const CsResult *result, CsMode mode, guint before,
                                guint after);

G_END_DECLS
