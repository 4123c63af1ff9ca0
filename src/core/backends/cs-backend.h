/* cs-backend.h: what an execution backend (thread, gil, process, python-…, mpi) implements
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-model.h"
#include "cs-topology.h"
#include "cs-workload.h"

G_BEGIN_DECLS

/* How a backend's workers run: the analysis compares threads with processes through this, and
 * never through a backend's name. */
typedef enum {
  CS_CONCURRENCY_THREADS,     /* threads that compute in parallel (C, free-threaded Python) */
  CS_CONCURRENCY_GIL_THREADS, /* threads of which one computes at a time (CPython's GIL) */
  CS_CONCURRENCY_PROCESSES    /* one process per worker, data copied between them */
} CsConcurrency;

typedef struct _CsBackend        CsBackend;
typedef struct _CsBackendSession CsBackendSession;
typedef struct _CsBackendPool    CsBackendPool;

/* What one run needs besides the workload. */
typedef struct
{
  guint                    n_workers;
  const CsWorkerPlacement *placements; /* n_workers entries, or NULL: not bound */
  CsPlacementPolicy        placement;  /* the policy they come from (mpirun maps by itself) */
  guint                    chunk_size; /* tasks handed out at a time (>= 1) */
  double                   timeout_s;  /* a pass that takes longer fails; 0: none */
  const gint              *cancelled;  /* non-zero: stop as soon as possible; never NULL */
} CsPassOptions;

/* A backend's state for one sweep: an interpreter or an MPI job may live this long. Backends
 * that need more put this first in a larger struct of their own (CsBackend.session_size). */
struct _CsBackendSession
{
  const CsBackend *backend;
  CsParams        *options;   /* validated against backend->options */
  GHashTable      *info;      /* char* -> char*: what the backend is (interpreter version, MPI
                               * library), saved with the result */
};

/* The workers of one run; backends put this first in their own struct. */
struct _CsBackendPool
{
  CsBackendSession *session;
  CsWorkload       *wl;
  CsPassOptions     options;
};

/* A backend: a name, typed options and four steps. The sweep opens one session per backend,
 * and for every run calls prepare (untimed: persistent pools start their workers here),
 * run_pass (the backend times what its pool lifetime says belongs to the run and fills every
 * measured field of run) and stop. Only run_pass is required. */
struct _CsBackend
{
  const char        *name;        /* "python-process": on the command line and in files */
  const char        *label;       /* translatable, short: "Python processes" */
  const char        *description; /* translatable, one sentence: what it runs and how */
  CsConcurrency      concurrency;
  const char        *runtime;     /* "C", "CPython", "Open MPI": what runs the kernels */
  const char        *language;    /* what a user calls the kernels' language ("Python" for
                                   * "CPython"); NULL: the runtime's name */
  gboolean           workers_in_process; /* the workers are threads of the calling process: the
                                          * observer's CPU time is the process's less theirs */
  const CsParamSpec *options;
  guint              n_options;
  gsize              session_size; /* 0: sizeof (CsBackendSession) */
  /* How many times slower than the C kernels this backend's kernels compute (pure Python: about
   * 40); 0 means 1. The sweep's time estimate scales a preset's compute time by it. */
  double             slowdown;
  /* Its workers may run on other hosts (mpi). It then records in its mode's info where they
   * ran: "hosts" (every host, comma-separated, in the order first seen), "topology.HOST" (a
   * host's hwloc XML) and "bindings.N" (where each rank of the N-worker point ran:
   * "host-a: PU 0; host-b: PU 0-1"), and its "hosts" option says each host's slots ("a:16,b")
   * when it has one (analysis/cs-node-layout.c reads them). */
  gboolean           multi_host;
  /* The names of the counters it records in CsRun.counters (NULL-terminated, or NULL). */
  const char *const *counters;
  /* Never chosen by default (the GUI's ticks): it needs what a plain install lacks (a
   * free-threaded interpreter, an MPI launch) or answers a narrower question. */
  gboolean           opt_in;

  /* NULL when the backend can run here with these options, else why not ("python3.13t not
   * found"), as a newly allocated string. May be slow (starts an interpreter): not on a GUI's
   * main thread. */
  char          *(*check_available) (const CsBackend *self, const CsParams *options);
  /* FALSE with a message naming the backend when it cannot run the preset. */
  gboolean       (*supports)        (const CsBackend *self, const CsPreset *preset,
                                     GError **error);
  /* Whether a sweep of preset runs this backend when nobody chose the modes (the command line,
   * the window's form and CORESCOPE_AUTORUN all ask cs_backends_get_default_modes()). NULL:
   * never. */
  gboolean       (*default_for)     (const CsBackend *self, const CsPreset *preset);
  gboolean       (*open)            (CsBackendSession *session, GError **error);
  void           (*close)           (CsBackendSession *session);
  CsBackendPool *(*prepare)         (CsBackendSession *session, CsWorkload *wl,
                                     const CsPassOptions *options, GError **error);
  gboolean       (*run_pass)        (CsBackendPool *pool, CsRun *run);
  void           (*stop)            (CsBackendPool *pool);
  /* The process, started before the run, whose threads and descendants are the pool's workers
   * (a driver): the run's kernel counters follow it (cs-run-probe.h). NULL or 0: the workers
   * are started by the calling thread, whose counters they inherit. */
  GPid           (*workers_pid)     (CsBackendPool *pool);
};

#define CS_BACKEND_ERROR (cs_backend_error_quark ())

typedef enum {
  CS_BACKEND_ERROR_UNKNOWN,      /* no backend of that name */
  CS_BACKEND_ERROR_UNAVAILABLE,  /* it cannot run here: message says why */
  CS_BACKEND_ERROR_UNSUPPORTED,  /* it cannot run this preset */
  CS_BACKEND_ERROR_FAILED        /* it could not start */
} CsBackendError;

GQuark            cs_backend_error_quark (void);

/* The registry (cs-backends.c): every backend in display order. A backend's CsMode is its
 * index there; the first three are fixed (CS_MODE_THREAD, CS_MODE_GIL, CS_MODE_PROCESS). */
const CsBackend *const *cs_backends_get_all (guint *n_backends);
const CsBackend  *cs_backends_lookup (const char *name, GError **error);
const CsBackend  *cs_backend_for_mode (CsMode mode);
CsMode            cs_backend_get_mode (const CsBackend *backend);
/* A mode's name is its backend's, for files and the command line. Parsing is case-sensitive
 * and returns FALSE on unknown names. */
const char       *cs_mode_to_string (CsMode mode);
/* The mode's name as labels show it: a mode of GIL threads whose interpreter ran without the
 * GIL (the backend reported gil=disabled in the sweep's mode info: a free-threaded python3
 * first on PATH) says so, "python-thread (free-threaded)"; its threads were not GIL threads. */
char             *cs_sweep_config_mode_title (const CsSweepConfig *config, CsMode mode);
gboolean          cs_mode_from_string (const char *str, CsMode *out);
/* Whether mode's backend reported gil=disabled in config's mode info: its interpreter ran
 * without a GIL, so its threads were not GIL threads. */
gboolean          cs_sweep_config_mode_gil_disabled (const CsSweepConfig *config, CsMode mode);
/* The name a user reads for backend's runtime: its language when it declares one. */
const char       *cs_backend_get_language (const CsBackend *backend);

/* Sets option name to value on every mode of config whose backend has an option of that name
 * (shared command-line flags, format-1 files); FALSE when none has. */
gboolean          cs_sweep_config_set_shared_option (CsSweepConfig *config, const char *name,
                                                     const char *value);
/* The backends that have an option called name, for a message: "process, python-process".
 * Newly allocated. */
char             *cs_backends_list_with_option (const char *name);

/* The modes a sweep of preset runs when nobody chose them: every backend whose default_for says
 * so and that supports the preset, in registry order. Returns how many were written to modes
 * (which has room for CS_MAX_MODES). */
guint             cs_backends_get_default_modes (const CsPreset *preset, CsMode *modes);

/* The registry's test hook: adds backend at the end (its mode is the index it gets) for the
 * rest of the process. Only tests call it, before anything reads the registry. */
CsMode            _cs_backends_register (const CsBackend *backend);

/* The seconds one run of a preset with these parameters takes with this backend, or -1 when
 * the preset cannot tell (cs_preset_estimate_s). GIL threads compute one at a time. */
double            cs_backend_estimate_run_s (const CsBackend *backend, const CsParams *params,
                                             guint workers, CsScaling scaling);

/* Options with their defaults; the session API below takes them. */
CsParams         *cs_backend_options_new (const CsBackend *backend);
char             *cs_backend_check_available (const CsBackend *backend, const CsParams *options);
gboolean          cs_backend_supports (const CsBackend *backend, const CsPreset *preset,
                                       GError **error);

/* options: NULL for the defaults; copied. */
CsBackendSession *cs_backend_session_open (const CsBackend *backend, const CsParams *options,
                                           GError **error);
void              cs_backend_session_close (CsBackendSession *session);

/* One run on a session: prepare, run_pass, stop. A pool that cannot start gives a failed run
 * (or a cancelled one) with the reason, not an error. Returns run->status == CS_RUN_OK. */
gboolean          cs_backend_session_run (CsBackendSession *session, CsWorkload *wl,
                                          const CsPassOptions *options, CsRun *run);

/* For tests and benchmarks: one run of the backend called backend_name (which must exist) with
 * its default options changed by NULL-terminated "name=value" assignments (or NULL). */
gboolean cs_engine_run (const char          *backend_name,
                        const char *const   *options,
                        CsWorkload          *wl,
                        const CsPassOptions *pass,
                        CsRun               *run);

/* For backends: the pool lifetime option ("pool"), which most backends have. */
CsPoolLifetime    _cs_backend_get_lifetime (const CsBackendSession *session);
/* For backends: the pool struct of size bytes with its base filled in. */
gpointer          _cs_backend_pool_new (gsize size, CsBackendSession *session, CsWorkload *wl,
                                        const CsPassOptions *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsBackendSession, cs_backend_session_close)

G_END_DECLS
