/* cs-perf-counters.h: the kernel's counters (perf_event_open) for the workers of one run
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CsPerfCounters CsPerfCounters;

/* Counters on the calling thread and every thread or process it starts from now on (inherit):
 * task-clock, context switches, CPU migrations and page faults (software events, always there
 * when perf_event_open is allowed), cycles, instructions and last-level cache misses (where
 * the PMU is exposed: not in most VMs). Opened disabled. Never fails: a counter the kernel
 * refuses reads as not exposed. */
CsPerfCounters *cs_perf_counters_open (void);
/* The same counters on a process started earlier (a Python driver): on each of its threads and
 * of the processes it started, and (inherit) on what they start from now on; a read sums them.
 * For workers that already run (a persistent pool, a fork server's children) as well as those
 * a run starts. A thread started after this by a thread that is not counted is missed, and
 * so are threads beyond a quarter of the descriptor limit (RLIMIT_NOFILE). */
CsPerfCounters *cs_perf_counters_open_tree (GPid pid);
void            cs_perf_counters_enable (CsPerfCounters *self);
void            cs_perf_counters_disable (CsPerfCounters *self);
/* Appends "name=value" to list for every counter (cs_mode_config_set's format): a decimal
 * value, or "" when the kernel does not expose that counter here. Names: task_clock_s,
 * context_switches, cpu_migrations, page_faults, cycles, instructions, llc_misses. */
void            cs_perf_counters_read (CsPerfCounters *self, char ***list);
/* The task-clock read, in seconds; < 0 when not exposed. */
double          cs_perf_counters_get_task_clock_s (CsPerfCounters *self);

/* The counters one by one, for a process that counts itself and sends the figures on (an MPI
 * rank): the i-th counter's name; every counter's value now, in the units _read writes
 * (task_clock_s in seconds), NAN where not exposed (counters left enabled: the difference of
 * two reads is what happened between them); and one value appended to list as _read does. */
#define CS_PERF_N_COUNTERS 7
const char     *cs_perf_counters_name (guint i);
void            cs_perf_counters_read_values (CsPerfCounters *self,
                                              double values[CS_PERF_N_COUNTERS]);
void            cs_perf_counters_set (char ***list, guint i, double value);
void            cs_perf_counters_free (CsPerfCounters *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsPerfCounters, cs_perf_counters_free)

G_END_DECLS
