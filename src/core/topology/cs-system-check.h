/* cs-system-check.h: is this machine quiet enough to measure on? (load, steal, frequency,
 * throttling, SMT, isolated CPUs), each finding with what to do about it
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CS_CHECK_OK,           /* nothing to do */
  CS_CHECK_NOTE,         /* worth knowing; results stay comparable on this machine */
  CS_CHECK_WARNING,      /* likely to disturb measurements: act before a sweep */
  CS_CHECK_NOT_EXPOSED   /* the kernel does not expose it here: not an error */
} CsCheckSeverity;

typedef struct
{
  char            *id;        /* "load", "steal", "governor"... stable, for scripts */
  CsCheckSeverity  severity;
  char            *summary;   /* what was found, with the figures */
  char            *advice;    /* what to do about it; NULL when nothing */
} CsCheckFinding;

typedef struct
{
  GPtrArray *findings;        /* CsCheckFinding*, in a fixed order */
  double     interval_s;      /* how long steal and process CPU were sampled */
} CsSystemCheck;

/* Ticks of the aggregate "cpu" line of /proc/stat. */
typedef struct
{
  guint64 total;   /* user..steal (guest is already in user) */
  guint64 idle;    /* idle + iowait */
  guint64 steal;
} CsCpuTicks;

/* Parsers of the kernel's files, on their text (tests feed them fixtures). */
gboolean     cs_proc_stat_parse_total (const char *text, CsCpuTicks *out);
/* Steal time as a share of all CPU time between two samples, in percent; 0 when no time
 * passed. */
double       cs_cpu_ticks_steal_percent (const CsCpuTicks *before, const CsCpuTicks *after);
gboolean     cs_loadavg_parse (const char *text, double load[3]);
/* "/proc/PID/stat": the command name (which may hold spaces and parentheses) and the CPU
 * ticks used (utime + stime). */
gboolean     cs_proc_pid_stat_parse (const char *text, char **comm, guint64 *ticks);
/* A kernel CPU list ("0-3,8,10-11"): how many CPUs; 0 for an empty list, -1 when malformed. */
int          cs_cpu_list_count (const char *text);

/* Runs every check, sampling /proc for interval_s (0.2–1 s is enough to see steal and busy
 * processes). root: "/" or a directory holding proc/ and sys/ trees (tests). Never fails:
 * what cannot be read is reported as not exposed. */
CsSystemCheck *cs_system_check_run (const char *root, double interval_s);
void           cs_system_check_free (CsSystemCheck *check);
/* The worst severity among the findings (NOT_EXPOSED counts as OK). */
CsCheckSeverity cs_system_check_get_worst (const CsSystemCheck *check);
const char    *cs_check_severity_to_string (CsCheckSeverity severity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSystemCheck, cs_system_check_free)

G_END_DECLS
