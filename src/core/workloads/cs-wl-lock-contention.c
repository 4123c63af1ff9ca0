/* cs-wl-lock-contention.c: a shared counter behind one lock, with a variable serial fraction
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

/* The lock and the counter live in wl->shared so that worker processes contend for the same
 * lock as threads do: a process-shared, robust mutex (a worker killed while holding it must not
 * hang the others). */
typedef struct
{
  pthread_mutex_t lock;
  guint64         counter;
} Shared;

typedef struct
{
  guint64 units;       /* per task */
  guint64 unit_iters;  /* computation per unit */
  double  locked;      /* fraction of units done while holding the lock */
} Contention;

static const CsParamSpec params[] = {
  { "tasks", CS_PARAM_INT, "32", 1, 1000000, N_("tasks"), N_("Tasks"),
    N_("How many tasks make up one run.") },
  { "units", CS_PARAM_INT, "2000", 1, 100000000, N_("increments"), N_("Increments per task"),
    N_("Units of work per task; each unit computes a little and adds one to the counter.") },
  { "unit-work", CS_PARAM_INT, "400", 0, 1000000, N_("iterations"), N_("Work per increment"),
    N_("Computation per unit of work, in iterations of a small hash loop.") },
  { "locked-fraction", CS_PARAM_DOUBLE, "0.5", 0, 1, NULL, N_("Share under the lock"),
    N_("Share of the units whose work and increment happen while holding the lock (the "
       "serial fraction); the rest count locally and merge once per task.") },
};

static gboolean
contention_prepare (CsWorkload *wl, GError **error)
{
  wl->n_tasks = cs_params_get_int (wl->params, "tasks");
  wl->shared_size = sizeof (Shared);
  return TRUE;
}

static gboolean
contention_init_shared (CsWorkload *wl, GError **error)
{
  Shared *shared = wl->shared;
  pthread_mutexattr_t attr;
  int err;

  pthread_mutexattr_init (&attr);
  pthread_mutexattr_setpshared (&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust (&attr, PTHREAD_MUTEX_ROBUST);
  err = pthread_mutex_init (&shared->lock, &attr);
  pthread_mutexattr_destroy (&attr);
  if (err != 0)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_RESOURCES,
                   "lock-contention: cannot create a process-shared mutex: %s",
                   g_strerror (err));
      return FALSE;
    }
  shared->counter = 0;
  return TRUE;
}

static gboolean
contention_attach (CsWorkload *wl, GError **error)
{
  Contention *c = g_new0 (Contention, 1);

  c->units = cs_params_get_int (wl->params, "units");
  c->unit_iters = cs_params_get_int (wl->params, "unit-work");
  c->locked = cs_params_get_double (wl->params, "locked-fraction");
  g_free (wl->priv);
  wl->priv = c;
  if (wl->shared == NULL || wl->shared_size < sizeof (Shared))
    {
      g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
                           "lock-contention: the shared counter is not mapped");
      return FALSE;
    }
  return TRUE;
}

/* Like CPython's lock.acquire(): try without blocking first; only a contended acquire releases
 * the GIL, otherwise a thread holding the mutex could wait forever for the GIL held by a thread
 * waiting for the mutex. */
static void
lock_shared (Shared *shared, CsTaskContext *ctx)
{
  int err = pthread_mutex_trylock (&shared->lock);

  if (err == EBUSY)
    {
      cs_task_begin_blocking (ctx);
      err = pthread_mutex_lock (&shared->lock);
      cs_task_end_blocking (ctx);
    }
  if (err == EOWNERDEAD)
    pthread_mutex_consistent (&shared->lock);
}

static gboolean
contention_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
                     CsTaskOutput *output, GError **error)
{
  const Contention *c = wl->priv;
  Shared *shared = wl->shared;
  guint64 local = 0, checksum = 0;

  for (guint64 u = 0; u < c->units; u++)
    {
      /* Bresenham: exactly round(units * locked) units are locked, spread evenly */
      gboolean locked = (guint64) ((u + 1) * c->locked) > (guint64) (u * c->locked);
      guint64 seed = _cs_wl_mix (task * c->units + u + 1);

      if (locked)
        {
          lock_shared (shared, ctx);
          checksum += _cs_wl_spin (ctx, c->unit_iters, seed);
          shared->counter++;
          pthread_mutex_unlock (&shared->lock);
        }
      else
        {
          checksum += _cs_wl_spin (ctx, c->unit_iters, seed);
          local++;
        }
      cs_task_checkpoint (ctx);
    }
  lock_shared (shared, ctx);
  shared->counter += local;
  pthread_mutex_unlock (&shared->lock);
  output->checksum = checksum;
  return TRUE;
}

/* Every pass adds units to the counter once per task run; a lost update (a missing lock) would
 * leave it short. The counter is reset for the next run. */
static gboolean
contention_verify (CsWorkload *wl, guint64 checksum, GError **error)
{
  Shared *shared = wl->shared;
  guint64 per_pass = wl->n_tasks * (guint64) cs_params_get_int (wl->params, "units");
  guint64 counter;

  if (shared == NULL || per_pass == 0)
    return TRUE;
  counter = shared->counter;
  shared->counter = 0;
  if (counter % per_pass != 0)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_CHECKSUM,
                   _("lock-contention: the shared counter is %llu, not a "
                     "multiple of %llu: increments were lost"),
                   (unsigned long long) counter, (unsigned long long) per_pass);
      return FALSE;
    }
  return TRUE;
}

static void
contention_detach (CsWorkload *wl)
{
  g_clear_pointer (&wl->priv, g_free);
}

const CsPreset cs_preset_lock_contention = {
  .name = "lock-contention",
  .title = N_("Lock contention: the serial fraction"),
  .summary = N_("Workers update one shared counter under a lock"),
  .description = N_("Every task does many small units of work and counts them. A chosen share "
                    "of the units is done while holding one lock shared by all workers and adds "
                    "to the shared counter directly; the rest count into a local variable that "
                    "is merged once at the end of the task. The locked share is a serial "
                    "fraction: only one worker at a time can be inside it, as Amdahl's law "
                    "says. In process mode the counter and a process-shared mutex live in "
                    "shared memory. The counter is checked after every run, so lost updates "
                    "would show."),
  .expected = N_("At a locked share of 0 the curve is the cpu curve; at 1 nothing speeds up "
                 "(and contention can make more workers slower); in between it levels off at "
                 "1 / locked share."),
  .icon_name = "changes-prevent-symbolic",
  .category = CS_CATEGORY_COORDINATION,
  .work_unit = N_("tasks"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = contention_prepare,
  .init_shared = contention_init_shared,
  .attach = contention_attach,
  .run_task = contention_run_task,
  .verify = contention_verify,
  .detach = contention_detach,
};
