/* cs-model.h: the value types every layer shares: a machine, a sweep's configuration, a run,
 * a result
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-types.h"

G_BEGIN_DECLS

/* 3: a run's backend-specific measurements are its "counters" (gil_switches and gil_wait_s
 * were fields of every run in formats 1 and 2, which still load). 2: per-mode options and info
 * ("mode_options", "mode_info") instead of start_method, pool and switch_interval_s; files of
 * format 1 still load (their options go to the modes that have them). A new result has the
 * current version (store/cs-result.c reads and writes it). */
#define CS_RESULT_FORMAT_VERSION 3

/* What a result says about the machine it was measured on (topology/cs-machine.h describes
 * the local one). */
typedef struct
{
  char   *hostname;
  char   *os_name;       /* PRETTY_NAME from os-release */
  char   *kernel;        /* uname -sr */
  char   *arch;          /* uname -m */
  char   *cpu_model;
  guint64 total_memory;  /* bytes */
  guint   n_packages;
  guint   n_numa_nodes;
  guint   n_cores;
  guint   n_pus;
  guint   smt_width;
  char   *topology_summary; /* cs_topology_describe() */
  char   *topology_xml;     /* hwloc XML export; NULL when not available */
} CsMachine;

/* One mode of a sweep: the backend, its options and what it reported about itself. */
typedef struct
{
  CsMode  mode;
  char  **options;   /* "name=value", NULL-terminated; a saved result spells out every option */
  char  **info;      /* "key=value", NULL-terminated: the interpreter's version, the MPI
                      * library... as the backend reported it during the sweep */
} CsModeConfig;

/* What the user asked for. Worker counts and modes are in the order given. */
typedef struct
{
  char             *preset;
  char            **params;         /* "name=value", NULL-terminated; every parameter */
  CsModeConfig     *modes;
  guint             n_modes;
  guint            *workers;
  guint             n_workers;
  guint             reps;           /* adaptive: the minimum */
  guint             warmup;
  /* > 0: adaptive repetitions: rounds go on until the verdict's intervals are this narrow
   * (relative half-width) or max_time_s has passed; 0: exactly reps repetitions. */
  double            precision;
  double            max_time_s;
  CsScaling         scaling;
  CsPlacementPolicy placement;
  double            timeout_s;         /* per run; 0 = none */
  guint             chunk_size;        /* tasks handed out at a time */
} CsSweepConfig;

/* One of a backend's own measurements of a run ("gil_wait_s"): a number, in the unit its name
 * says. */
typedef struct
{
  char   *name;
  double  value;
} CsCounter;

/* One timed run. All times are seconds. */
typedef struct
{
  CsMode      mode;
  guint       workers;
  guint       rep;             /* 0-based repetition index */
  CsRunStatus status;
  char       *reason;          /* why it failed: "worker 2 killed by SIGSEGV"; NULL when ok */
  double      wall_s;          /* monotonic clock, the timed region */
  double      user_s, sys_s;   /* CPU time of the whole run (all workers) */
  double      startup_s;       /* worker start-up latency: creation until first ready (median
                                * across workers); 0 for persistent pools */
  double      dispatch_s;      /* time spent handing out tasks and collecting results */
  gint64      voluntary_cs, involuntary_cs;
  gint64      max_rss_kb;      /* peak RSS: the largest worker process, or this process */
  gint64      mem_total_kb;    /* what the run's workers hold together: processes, the sum of
                                * each one's PSS at the end of the pass (Python: with the
                                * driver's interpreter); C threads, the growth of this process's
                                * peak RSS over the run; -1 = not measured (older files) */
  gint64      mem_peak_kb;     /* processes: the sum of their peak RSS (shared pages counted in
                                * each); threads: as mem_total_kb; -1 = not measured */
  guint64     tasks;
  guint64     checksum;
  CsCounter  *counters;        /* what the backend measured of its own (CsBackend.counters): */
  guint       n_counters;      /* the emulated GIL's switches and waits... in the order set */
  double      units;           /* preset throughput units done (e.g. GB moved); 0: n/a */
  /* Noise: what else happened while the run was timed (cs-run-noise.h). Files without it
   * load with the "not measured" values. */
  double      steal_pct;       /* CPU time the hypervisor gave other guests, % of all CPUs'
                                * time; < 0: not measured */
  double      observer_cpu_s;  /* CPU time of Corescope's own process besides the workers
                                * (the window or the CLI); < 0: not measured */
  double      avg_freq_mhz;    /* average clock of the workers; 0: not readable here */
  gboolean    disturbed;       /* steal or observer CPU above the limits of cs-run-noise.h */
  gboolean    remeasured;      /* disturbed, and measured again: the statistics use the new
                                * run and keep this one only as a record */
  char      **perf_counters;   /* "name=value" from perf_event_open (cs-perf-counters.h),
                                * value "" where the kernel does not expose the counter;
                                * NULL: not counted */
} CsRun;

typedef struct
{
  int            format_version;
  char          *corescope_version;
  char          *build;          /* compiler, build type, sanitizers */
  GDateTime     *started;
  GDateTime     *finished;       /* NULL while running */
  gboolean       complete;       /* FALSE when cancelled or interrupted */
  char          *label;          /* user's name for it (history), may be NULL */
  char          *work_unit;      /* copied from the preset, so files stand alone */
  char          *throughput_unit;
  CsMachine     *machine;
  CsSweepConfig *config;
  GPtrArray     *runs;           /* CsRun*, warm-ups excluded, in the order measured */
  /* Why the sweep stopped ("precision reached", "time budget spent", "fixed repetitions",
   * "cancelled") and the precision its verdict had then (NAN: not known); NULL for results
   * that predate adaptive sweeps. */
  char          *stop_reason;
  double         precision_reached;
} CsResult;

/* Reference-counted: cs_machine_free() drops a reference. A machine is not changed once it is
 * part of a result. */
CsMachine     *cs_machine_new (void);     /* zeroed */
CsMachine     *cs_machine_ref (CsMachine *machine);
CsMachine     *cs_machine_copy (const CsMachine *machine);
void           cs_machine_free (CsMachine *machine);

CsSweepConfig *cs_sweep_config_new (void);   /* defaults: thread, 1 worker, 5 reps ... */
CsSweepConfig *cs_sweep_config_copy (const CsSweepConfig *config);
void           cs_sweep_config_free (CsSweepConfig *config);
/* Replaces the modes by these, each without options (its backend's defaults). */
void           cs_sweep_config_set_modes (CsSweepConfig *config, const CsMode *modes,
                                          guint n_modes);
/* The entry of mode, or NULL when the sweep does not run it. */
CsModeConfig  *cs_sweep_config_find_mode (const CsSweepConfig *config, CsMode mode);
/* The value of a mode's option as recorded ("spawn"), or NULL when not recorded. */
const char    *cs_mode_config_get_option (const CsModeConfig *mode, const char *name);
/* The value of what the backend reported under key ("library"), or NULL. */
const char    *cs_mode_config_get_info (const CsModeConfig *mode, const char *key);
/* Sets (or replaces) one "name=value" in a NULL-terminated list (options or info). */
void           cs_mode_config_set (char ***list, const char *name, const char *value);

CsRun         *cs_run_new (void);
CsRun         *cs_run_copy (const CsRun *run);    /* a new run with the same fields */
CsRun         *cs_run_ref (CsRun *run);           /* reference-counted: cs_run_free() drops one */
void           cs_run_free (CsRun *run);
/* A counter's value, or 0 when the run has none of that name (a backend that does not count
 * it, or a file written before it was). */
double         cs_run_get_counter (const CsRun *run, const char *name);
gboolean       cs_run_has_counter (const CsRun *run, const char *name);
/* Sets (or replaces) a counter. */
void           cs_run_set_counter (CsRun *run, const char *name, double value);
void           cs_run_clear_counters (CsRun *run);

/* Reference-counted: cs_result_free() drops a reference. A result shared by reference is not
 * changed: whoever adds runs holds the only reference and hands on cs_result_copy()s (which
 * share the machine). */
CsResult      *cs_result_new (CsMachine *machine, CsSweepConfig *config); /* takes both */
CsResult      *cs_result_alloc (void);    /* zeroed, for loaders: fill every field */
CsResult      *cs_result_ref (CsResult *result);
CsResult      *cs_result_copy (const CsResult *result);
void           cs_result_free (CsResult *result);
void           cs_result_add_run (CsResult *result, CsRun *run); /* takes run */

/* Sets status and reason (copied; may be NULL). */
void           _cs_run_set_status (CsRun *run, CsRunStatus status, const char *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsMachine, cs_machine_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSweepConfig, cs_sweep_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsRun, cs_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsResult, cs_result_free)

G_END_DECLS
