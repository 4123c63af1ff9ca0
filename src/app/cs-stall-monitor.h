/* cs-stall-monitor.h: measures how late the main loop runs, to prove the UI stays responsive
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Set CORESCOPE_DIAGNOSTICS=stalls to have the application run a monitor and print its report
 * on exit (see README). */
#define CS_DIAGNOSTICS_ENV "CORESCOPE_DIAGNOSTICS"

typedef struct _CsStallMonitor CsStallMonitor;

/* A heartbeat every interval_ms on the default main context; each beat records how much later
 * than planned it ran. Beats are recorded only while recording is on (the default). */
CsStallMonitor *cs_stall_monitor_new (guint interval_ms);
void            cs_stall_monitor_free (CsStallMonitor *self);
void            cs_stall_monitor_set_recording (CsStallMonitor *self, gboolean recording);
/* Adds one lateness sample by hand (tests, or beats measured elsewhere). */
void            cs_stall_monitor_add_sample (CsStallMonitor *self, double late_ms);
guint           cs_stall_monitor_get_n_samples (CsStallMonitor *self);
double          cs_stall_monitor_get_max_ms (CsStallMonitor *self);
/* The p-th percentile (0..100) of the recorded lateness, nearest-rank; 0 without samples. */
double          cs_stall_monitor_get_percentile_ms (CsStallMonitor *self, double p);
/* "main-loop stalls: 1234 beats, p99 3.1 ms, max 12.0 ms" */
char           *cs_stall_monitor_format_report (CsStallMonitor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsStallMonitor, cs_stall_monitor_free)

G_END_DECLS
