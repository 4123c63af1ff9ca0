/* cs-result.h: a sweep's configuration and every run it measured, as saved and loaded
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-machine.h"
#include "cs-types.h"

G_BEGIN_DECLS

#define CS_RESULT_ERROR (cs_result_error_quark ())
#define CS_RESULT_FORMAT_NAME "corescope-result"
/* 2: per-mode options and info ("mode_options", "mode_info") instead of start_method, pool and
 * switch_interval_s; files of format 1 still load (their options go to the modes that have
 * them). */
#define CS_RESULT_FORMAT_VERSION 2

typedef enum {
  CS_RESULT_ERROR_IO,
  CS_RESULT_ERROR_PARSE,       /* not JSON / not CSV; message has the line */
  CS_RESULT_ERROR_FORMAT,      /* wrong format name or unsupported (future) version */
  CS_RESULT_ERROR_INVALID      /* a field is missing or has the wrong type; message names it */
} CsResultError;

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
  guint             reps;
  guint             warmup;
  CsScaling         scaling;
  CsPlacementPolicy placement;
  double            timeout_s;         /* per run; 0 = none */
  guint             chunk_size;        /* tasks handed out at a time */
} CsSweepConfig;

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
  guint64     tasks;
  guint64     checksum;
  guint64     gil_switches;    /* gil mode only */
  double      gil_wait_s;      /* total time threads waited for the GIL */
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
  char      **counters;        /* "name=value" from perf_event_open (cs-perf-counters.h),
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
} CsResult;

GQuark         cs_result_error_quark (void);

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
CsRun         *cs_run_copy (const CsRun *run);
void           cs_run_free (CsRun *run);

CsResult      *cs_result_new (CsMachine *machine, CsSweepConfig *config); /* takes both */
CsResult      *cs_result_copy (const CsResult *result);
void           cs_result_free (CsResult *result);
void           cs_result_add_run (CsResult *result, CsRun *run); /* takes run */

/* JSON (json-glib). Saving is atomic: temp file + rename. Loading validates everything and
 * names the file and the field in errors. */
char          *cs_result_to_json (const CsResult *result, gsize *length);
CsResult      *cs_result_from_json (const char *data, gssize length, const char *filename,
                                    GError **error);
gboolean       cs_result_save (const CsResult *result, const char *path, GError **error);
CsResult      *cs_result_load (const char *path, GError **error);

/* CSV: one row per run with a header; the summary has one row per (mode, workers). */
char          *cs_result_to_csv (const CsResult *result);
char          *cs_result_summary_to_csv (const CsResult *result);
gboolean       cs_result_save_csv (const CsResult *result, const char *path, GError **error);
gboolean       cs_result_save_summary_csv (const CsResult *result, const char *path,
                                           GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSweepConfig, cs_sweep_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsRun, cs_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsResult, cs_result_free)

G_END_DECLS
