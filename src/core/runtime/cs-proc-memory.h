/* cs-proc-memory.h: the memory a process holds, as the kernel counts it in /proc
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Kibibytes; -1 where the kernel did not say. */
typedef struct
{
  gint64 pss_kb;   /* proportional set size: shared pages divided among their sharers */
  gint64 rss_kb;   /* resident set size now */
  gint64 hwm_kb;   /* peak resident set size of this address space (not inherited across exec,
                    * unlike getrusage's ru_maxrss, which keeps the spawning process's peak) */
} CsProcMemory;

/* Reads /proc/PID/status and, when with_pss, /proc/PID/smaps_rollup (which walks the process's
 * page tables: a few hundred microseconds, so never inside a timed region). pid 0 is this
 * process. FALSE when the process is gone or /proc is not readable. */
gboolean cs_proc_memory_read (GPid pid, gboolean with_pss, CsProcMemory *out);

/* Resets this process's peak RSS to its current RSS (/proc/self/clear_refs, Linux 4.0), so
 * that the next read's hwm_kb is the peak since now. FALSE where the kernel refuses. */
gboolean cs_proc_memory_reset_peak (void);

/* What a run's workers hold together, accumulated worker by worker (process modes) or as the
 * growth of this process (thread modes), in the CsRun fields mem_total_kb and mem_peak_kb. */
typedef struct
{
  gint64 total_kb;
  gint64 peak_kb;
} CsMemoryTotal;

void     cs_memory_total_init (CsMemoryTotal *total);
/* Adds one worker process's PSS (total) and peak RSS (peak); FALSE if it could not be read. */
gboolean cs_memory_total_add_process (CsMemoryTotal *total, GPid pid);

/* Thread modes: call _begin before the run's timed region and _end after it. The total is the
 * growth of this process's peak RSS over the run (the threads' stacks and what the kernel
 * allocated, gone again once per-run threads are joined); -1 when the peak cannot be reset. */
typedef struct
{
  gboolean reset;
  gint64   rss_before_kb;
} CsMemoryGrowth;

void     cs_memory_growth_begin (CsMemoryGrowth *growth);
void     cs_memory_growth_end (const CsMemoryGrowth *growth, CsMemoryTotal *total);

G_END_DECLS
