/* cs-run-probe.h: what else happened while one run was timed: steal, the observer's CPU time,
 * the workers' kernel counters and clock
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-model.h"

G_BEGIN_DECLS

typedef struct _CsRunProbe CsRunProbe;

/* Before the run's workers start (its pool's prepare), from the thread that runs the sweep:
 * the counters then follow the threads and processes the run starts. */
CsRunProbe *cs_run_probe_new (void);
/* The run's workers are (or will be started by) pid, a process started before the run (a
 * Python driver): the counters follow its threads and descendants instead of the caller's.
 * Before start. */
void        cs_run_probe_follow (CsRunProbe *self, GPid pid);
/* Around the timed pass. */
void        cs_run_probe_start (CsRunProbe *self);
void        cs_run_probe_stop (CsRunProbe *self);
/* Fills run's noise fields (steal_pct, observer_cpu_s, avg_freq_mhz, counters) from what was
 * measured between start and stop and from the run's own CPU time. workers_in_process: the
 * workers are threads of this process, so their CPU time (run->user_s + run->sys_s) is taken
 * out of the process's to leave the observer's. */
void        cs_run_probe_finish (CsRunProbe *self, CsRun *run, gboolean workers_in_process);
void        cs_run_probe_free (CsRunProbe *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsRunProbe, cs_run_probe_free)

G_END_DECLS
