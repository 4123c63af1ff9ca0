/* cs-workload.h: presets (what to run), their parameters, and workload instances
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-params.h"
#include "cs-task.h"
#include "cs-types.h"

G_BEGIN_DECLS

#define CS_WORKLOAD_ERROR (cs_workload_error_quark ())

typedef enum {
  CS_WORKLOAD_ERROR_UNKNOWN_PRESET,
  CS_WORKLOAD_ERROR_UNKNOWN_PARAM,
  CS_WORKLOAD_ERROR_INVALID_VALUE,   /* message names the parameter and the accepted form */
  CS_WORKLOAD_ERROR_RESOURCES,       /* would exhaust memory or disk */
  CS_WORKLOAD_ERROR_TASK,            /* a kernel failed */
  CS_WORKLOAD_ERROR_CHECKSUM
} CsWorkloadError;

typedef struct _CsWorkload CsWorkload;

/* Bytes that travel with a task: in thread modes a pointer is passed, in process mode the bytes
 * are copied through the worker's channel (as pickling would). */
typedef struct
{
  const guint8 *data;
  gsize         size;
} CsPayload;

typedef struct
{
  guint64       checksum;  /* combined by wrapping addition: order-independent */
  const guint8 *data;      /* optional output payload, owned by the worker's scratch; valid until
                            * the next task on the same worker */
  gsize         size;
} CsTaskOutput;

/* What a time estimate needs to know about a run besides the preset's parameters. */
typedef struct
{
  guint  workers;
  double parallel;     /* workers that compute at the same time (1 under a GIL) */
  double slowdown;     /* compute time relative to the C kernels (pure Python: about 40) */
  double work_factor;  /* the job's size relative to strong scaling's: workers for weak */
} CsRunShape;

struct _CsPreset
{
  const char        *name;         /* "cpu", used on the command line and in files */
  const char        *title;        /* translatable: "CPU: count primes" */
  const char        *summary;      /* translatable, one line */
  const char        *description;  /* translatable, one paragraph: what it demonstrates */
  const char        *expected;     /* translatable: the expected shape of the curves */
  const char        *icon_name;    /* symbolic icon for the GUI */
  CsCategory         category;
  const char        *work_unit;    /* "tasks", "rows", "requests" */
  const char        *throughput_unit; /* e.g. "GB/s"; NULL: work units per second */
  const CsParamSpec *params;
  guint              n_params;
  /* Optional: the seconds one run takes, from the parameters (before prepare), for the sweep's
   * time estimate. */
  double   (*estimate_s)   (const CsParams *params, const CsRunShape *shape);

  /* Parent side, once per sweep point. Validates resources, sets wl->n_tasks (tasks of the
   * strong-scaling job; the engine repeats them per worker for weak scaling), units_per_task,
   * shared_size, and env entries that worker processes need (a port, a directory). */
  gboolean (*prepare)      (CsWorkload *wl, GError **error);
  /* Parent side, after the engine mapped wl->shared (zeroed): initialise it. Optional. */
  gboolean (*init_shared)  (CsWorkload *wl, GError **error);
  /* Every process that runs tasks, after prepare or after the workload was rebuilt in a worker
   * process: build wl->priv from params, env and shared. Optional. */
  gboolean (*attach)       (CsWorkload *wl, GError **error);
  /* Per worker (thread or process) before its first task / after its last. Optional. */
  gpointer (*worker_new)   (CsWorkload *wl, guint worker_index, GError **error);
  void     (*worker_free)  (CsWorkload *wl, gpointer scratch);
  /* Parent side, optional: the input payload of a task (owned by wl; valid until its output is
   * consumed). */
  gboolean (*task_input)   (CsWorkload *wl, guint64 task, CsPayload *input, GError **error);
  /* Any worker: run task (0 <= task < n_tasks). Must use its results in output->checksum so
   * nothing is optimised away, call cs_task_checkpoint() steadily and release the GIL around
   * blocking calls. */
  gboolean (*run_task)     (CsWorkload *wl, CsTaskContext *ctx, guint64 task,
                            const CsPayload *input, CsTaskOutput *output, GError **error);
  /* Parent side, optional: merge a task's output payload. */
  void     (*task_output)  (CsWorkload *wl, guint64 task, const CsPayload *output);
  /* Parent side, optional: a run's checksum check beyond the engine's cross-run comparison. */
  gboolean (*verify)       (CsWorkload *wl, guint64 checksum, GError **error);
  /* Undo attach / prepare (stop servers, remove temporary directories). Optional. */
  void     (*detach)       (CsWorkload *wl);
  void     (*finish)       (CsWorkload *wl);
  /* External presets (the user's command) run as a whole instead of as tasks: the engine
   * times the call. rep is the repetition index. Optional. */
  gboolean (*run_external) (CsWorkload *wl, guint n_workers, guint rep, guint64 *checksum,
                            GCancellable *cancellable, GError **error);
};

struct _CsWorkload
{
  const CsPreset *preset;
  CsParams       *params;
  CsScaling       scaling;
  guint           n_workers;
  guint64         n_tasks;         /* set by prepare */
  double          units_per_task;  /* throughput_unit per task (e.g. GB per task); 0: n/a */
  GHashTable     *env;             /* char* -> char*: shipped to worker processes */
  gsize           shared_size;     /* set by prepare; 0: no shared region */
  gpointer        shared;          /* mapped by the engine, MAP_SHARED across processes */
  int             shared_fd;       /* memfd behind shared in process mode, else -1 */
  gpointer        priv;            /* the preset's state */
  gboolean        in_worker_process;
  char           *note;            /* run_external: a remark on the last run, for its record
                                    * ("the run waited 120 ms for …"); the engine takes it */
};

GQuark          cs_workload_error_quark (void);

/* The registry: every preset, in display order. */
const CsPreset *const *cs_presets_get_all (guint *n_presets);
const CsPreset *cs_presets_lookup (const char *name, GError **error);
const CsParamSpec *cs_preset_find_param (const CsPreset *preset, const char *name);
/* The preset's estimate of one run, or -1 when it has none. */
double          cs_preset_estimate_s (const CsPreset *preset, const CsParams *params,
                                      const CsRunShape *shape);

/* Instances. new() copies params; prepare() runs the preset's prepare. */
CsWorkload     *cs_workload_new (const CsParams *params, CsScaling scaling, guint n_workers);
void            cs_workload_free (CsWorkload *wl);
void            cs_workload_set_env (CsWorkload *wl, const char *key, const char *value);
const char     *cs_workload_get_env (CsWorkload *wl, const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsWorkload, cs_workload_free)

G_END_DECLS
