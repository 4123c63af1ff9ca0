/* cs-thread-pool.c: worker threads of the thread and gil backends, and one timed pass on them
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-engine"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/resource.h>

#include "cs-child.h"
#include "cs-engine.h"
#include "cs-gil.h"
#include "cs-pool-private.h"
#include "cs-proc-memory.h"

/* Thread pools, for the thread and gil backends: workers are GThreads that pull chunks of task indexes from one shared
 * atomic counter (the equivalent of a pool's task queue, without a lock), run them and add the
 * task checksums into a private sum; the sums are added after the pass. The parent thread only
 * waits: it wakes up every POLL_US to turn the caller's cancellation flag or the deadline into
 * the pool's own stop flag, which kernels see through their CsTaskContext. 20 wake-ups a second
 * cost nothing measurable and keep cancellation well under a second.
 *
 * The timed region (between the two clock reads in _cs_thread_pool_run()) does no printing, no
 * result allocation and no file work: per-run pools create and join their workers in it,
 * because that is what the mode costs a program that opens a pool per job. */

#define POLL_US (50 * G_USEC_PER_SEC / 1000)

typedef struct _CsThreadWorker CsThreadWorker;

struct _CsThreadWorker
{
  CsThreadPool  *pool;
  guint          index;
  GThread       *thread;
  CsTaskContext  ctx;
  gboolean       started_ok;
  gint64         created_us;
  gint64         ready_us;
  /* one pass, written by the worker only, read by the parent after the pass */
  guint64        checksum;
  guint64        tasks;
  gint64         dispatch_us;
  struct rusage  usage;          /* RUSAGE_THREAD delta over the pass */
};

struct _CsThreadPool
{
  CsWorkload      *wl;
  CsPoolOptions    options;
  CsPoolLifetime   lifetime;
  CsGil           *gil;           /* NULL unless options.gil */
  CsThreadWorker  *workers;
  guint            n_threads;     /* threads created and not yet joined */
  GMutex           lock;          /* protects what follows up to error */
  GCond            cond;
  guint            generation;    /* persistent pools: bumped to start a pass */
  gboolean         quit;
  guint            n_ready;
  guint            n_running;
  GError          *error;         /* first worker failure of the pass */
  _Atomic guint64  next_task;
  guint64          total_tasks;
  gint             stop;          /* kernels' cancelled flag */
  GMutex           io_lock;       /* serialises task_input / task_output, as in one parent */
};

/* Worker threads */

static void
record_error (CsThreadPool *pool, GError *error)
{
  g_mutex_lock (&pool->lock);
  if (pool->error == NULL)
    pool->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&pool->lock);
  g_atomic_int_set (&pool->stop, 1);
}

static gboolean
worker_start (CsThreadWorker *w, GError **error)
{
  CsThreadPool *pool = w->pool;
  CsWorkload *wl = pool->wl;

  if (pool->options.placements != NULL &&
      !cs_worker_placement_bind_current_thread (&pool->options.placements[w->index], error))
    return FALSE;
  if (wl->preset->worker_new != NULL)
    {
      w->ctx.scratch = wl->preset->worker_new (wl, w->index, error);
      if (w->ctx.scratch == NULL && error != NULL && *error != NULL)
        return FALSE;
    }
  return TRUE;
}

/* Runs one task, with its payloads. Returns FALSE with error when the kernel failed. */
static gboolean
worker_run_task (CsThreadWorker *w, guint64 task, GError **error)
{
  CsThreadPool *pool = w->pool;
  CsWorkload *wl = pool->wl;
  const CsPreset *preset = wl->preset;
  CsPayload input = { NULL, 0 };
  CsTaskOutput output = { 0, NULL, 0 };
  gint64 t0;

  if (preset->task_input != NULL)
    {
      t0 = g_get_monotonic_time ();
      g_mutex_lock (&pool->io_lock);
      gboolean ok = preset->task_input (wl, task, &input, error);
      g_mutex_unlock (&pool->io_lock);
      w->dispatch_us += g_get_monotonic_time () - t0;
      if (!ok)
        return FALSE;
    }
  if (!preset->run_task (wl, &w->ctx, task, &input, &output, error))
    return FALSE;
  if (preset->task_output != NULL)
    {
      CsPayload out = { output.data, output.size };
      t0 = g_get_monotonic_time ();
      g_mutex_lock (&pool->io_lock);
      preset->task_output (wl, task, &out);
      g_mutex_unlock (&pool->io_lock);
      w->dispatch_us += g_get_monotonic_time () - t0;
    }
  w->checksum += output.checksum;
  w->tasks++;
  return TRUE;
}

static void
subtract_timeval (struct timeval *a, const struct timeval *b)
{
  gint64 us = (a->tv_sec - b->tv_sec) * G_USEC_PER_SEC + (a->tv_usec - b->tv_usec);
  a->tv_sec = us / G_USEC_PER_SEC;
  a->tv_usec = us % G_USEC_PER_SEC;
}

/* a -= b for the fields a run reports */
static void
subtract_rusage (struct rusage *a, const struct rusage *b)
{
  subtract_timeval (&a->ru_utime, &b->ru_utime);
  subtract_timeval (&a->ru_stime, &b->ru_stime);
  a->ru_nvcsw -= b->ru_nvcsw;
  a->ru_nivcsw -= b->ru_nivcsw;
}

/* One pass: pull chunks until the counter runs past the end or the pool is stopped. Under the
 * GIL the thread holds it the whole time except where kernels let it go, as a Python thread
 * running `for item in chunk: f(item)` would. */
static void
worker_pass (CsThreadWorker *w)
{
  CsThreadPool *pool = w->pool;
  guint64 n_tasks = MAX (pool->wl->n_tasks, 1);
  guint chunk = MAX (pool->options.chunk_size, 1);

  struct rusage before;

  w->checksum = 0;
  w->tasks = 0;
  w->dispatch_us = 0;
  getrusage (RUSAGE_THREAD, &before);
  if (pool->gil != NULL)
    cs_gil_acquire (pool->gil, w->ctx.gil_thread);

  while (!g_atomic_int_get (&pool->stop))
    {
      gint64 t0 = g_get_monotonic_time ();
      guint64 first = atomic_fetch_add_explicit (&pool->next_task, chunk, memory_order_relaxed);
      w->dispatch_us += g_get_monotonic_time () - t0;
      if (first >= pool->total_tasks)
        break;

      guint64 end = MIN (first + chunk, pool->total_tasks);
      for (guint64 t = first; t < end && !g_atomic_int_get (&pool->stop); t++)
        {
          GError *error = NULL;
          if (!worker_run_task (w, t % n_tasks, &error))
            {
              record_error (pool, error);
              break;
            }
        }
    }

  if (pool->gil != NULL)
    cs_gil_release (pool->gil, w->ctx.gil_thread);
  getrusage (RUSAGE_THREAD, &w->usage);
  subtract_rusage (&w->usage, &before);
}

static void
worker_finish_pass (CsThreadPool *pool)
{
  g_mutex_lock (&pool->lock);
  if (--pool->n_running == 0)
    g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->lock);
}

static void
free_scratch (CsThreadWorker *w)
{
  if (w->ctx.scratch != NULL && w->pool->wl->preset->worker_free != NULL)
    w->pool->wl->preset->worker_free (w->pool->wl, w->ctx.scratch);
  w->ctx.scratch = NULL;
}

static gpointer
worker_main (gpointer data)
{
  CsThreadWorker *w = data;
  CsThreadPool *pool = w->pool;
  GError *error = NULL;
  guint seen;

  w->started_ok = worker_start (w, &error);
  w->ready_us = g_get_monotonic_time ();
  if (!w->started_ok)
    record_error (pool, error);

  g_mutex_lock (&pool->lock);
  pool->n_ready++;
  g_cond_broadcast (&pool->cond);
  seen = pool->generation;
  g_mutex_unlock (&pool->lock);

  if (pool->lifetime == CS_POOL_PER_RUN)
    {
      if (w->started_ok)
        worker_pass (w);
      free_scratch (w);
      /* A per-run thread is the run's from its first instruction to its last: all its CPU time
       * (a fresh thread's count starts at zero), the buffers its preset maps and unmaps
       * included, is the workers', not the observer's (which read 5 % on the hash preset). */
      getrusage (RUSAGE_THREAD, &w->usage);
      worker_finish_pass (pool);
    }
  else
    {
      g_mutex_lock (&pool->lock);
      for (;;)
        {
          while (pool->generation == seen && !pool->quit)
            g_cond_wait (&pool->cond, &pool->lock);
          if (pool->quit)
            break;
          seen = pool->generation;
          g_mutex_unlock (&pool->lock);
          if (w->started_ok)
            worker_pass (w);
          worker_finish_pass (pool);
          g_mutex_lock (&pool->lock);
        }
      g_mutex_unlock (&pool->lock);
    }

  free_scratch (w);
  return NULL;
}

static void
init_workers (CsThreadPool *pool)
{
  guint n = pool->options.n_workers;

  pool->workers = g_new0 (CsThreadWorker, n);
  for (guint i = 0; i < n; i++)
    {
      CsThreadWorker *w = &pool->workers[i];
      w->pool = pool;
      w->index = i;
      w->ctx.worker_index = i;
      w->ctx.n_workers = n;
      w->ctx.cancelled = &pool->stop;
      if (pool->gil != NULL)
        {
          w->ctx.gil = pool->gil;
          w->ctx.gil_thread = cs_gil_thread_new (pool->gil);
          w->ctx.gil_drop_request = cs_gil_get_drop_request (pool->gil);
        }
    }
}

/* A thread refused for lack of processes (RLIMIT_NPROC counts threads) is named as in every
 * other mode. */
static void
name_process_limit (GError **error)
{
  if (error != NULL && g_error_matches (*error, G_THREAD_ERROR, G_THREAD_ERROR_AGAIN))
    {
      g_autofree char *failure = cs_child_start_failure (EAGAIN);

      g_clear_error (error);
      g_set_error_literal (error, G_THREAD_ERROR, G_THREAD_ERROR_AGAIN, failure);
    }
}

/* Creates the threads. Returns how many were created; on failure stops the pool, takes the
 * missing ones out of n_running and sets error. */
static guint
create_threads (CsThreadPool *pool, GError **error)
{
  guint n = pool->options.n_workers;

  for (guint i = 0; i < n; i++)
    {
      CsThreadWorker *w = &pool->workers[i];
      w->created_us = g_get_monotonic_time ();
      w->thread = g_thread_try_new ("cs-worker", worker_main, w, error);
      if (w->thread == NULL)
        {
          name_process_limit (error);
          g_atomic_int_set (&pool->stop, 1);
          g_mutex_lock (&pool->lock);
          pool->n_running -= n - i;
          g_cond_broadcast (&pool->cond);
          g_mutex_unlock (&pool->lock);
          pool->n_threads = i;
          return i;
        }
    }
  pool->n_threads = n;
  return n;
}

static void
join_threads (CsThreadPool *pool)
{
  for (guint i = 0; i < pool->n_threads; i++)
    g_clear_pointer (&pool->workers[i].thread, g_thread_join);
  pool->n_threads = 0;
}

typedef enum { PASS_DONE, PASS_CANCELLED, PASS_TIMEOUT } PassEnd;

/* Waits until every worker finished the pass, turning cancellation and the deadline into the
 * stop flag on the way. */
static PassEnd
wait_pass (CsThreadPool *pool, gint64 deadline)
{
  PassEnd end = PASS_DONE;

  g_mutex_lock (&pool->lock);
  while (pool->n_running > 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wake = now + POLL_US;

      if (end == PASS_DONE && g_atomic_int_get (pool->options.cancelled))
        end = PASS_CANCELLED;
      else if (end == PASS_DONE && deadline > 0 && now >= deadline)
        end = PASS_TIMEOUT;
      if (end != PASS_DONE)
        g_atomic_int_set (&pool->stop, 1);
      if (deadline > 0 && end == PASS_DONE)
        wake = MIN (wake, deadline);
      g_cond_wait_until (&pool->cond, &pool->lock, wake);
    }
  g_mutex_unlock (&pool->lock);
  return end;
}

static void
shutdown_threads (CsThreadPool *pool)
{
  g_mutex_lock (&pool->lock);
  pool->quit = TRUE;
  g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->lock);
  join_threads (pool);
}

/* Persistent pools: start every thread and wait until all are ready (bound, scratch built). */
static gboolean
start_persistent_threads (CsThreadPool *pool, GError **error)
{
  guint n = pool->options.n_workers;

  if (create_threads (pool, error) < n)
    {
      shutdown_threads (pool);
      return FALSE;
    }
  g_mutex_lock (&pool->lock);
  while (pool->n_ready < n)
    g_cond_wait (&pool->cond, &pool->lock);
  GError *failure = g_steal_pointer (&pool->error);
  g_mutex_unlock (&pool->lock);
  if (failure != NULL)
    {
      g_propagate_error (error, failure);
      shutdown_threads (pool);
      return FALSE;
    }
  return TRUE;
}

/* Measurement helpers */

static double
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static double
median_startup_s (CsThreadPool *pool)
{
  guint n = pool->options.n_workers;
  g_autofree gint64 *lat = g_new (gint64, n);

  for (guint i = 0; i < n; i++)
    lat[i] = pool->workers[i].ready_us - pool->workers[i].created_us;
  qsort (lat, n, sizeof (gint64), compare_gint64);
  /* NOLINTNEXTLINE(bugprone-integer-division): n / 2 is an index */
  return n % 2 ? lat[n / 2] / 1e6 : (lat[n / 2 - 1] + lat[n / 2]) / 2e6;
}

static void
collect_thread_pass (CsThreadPool *pool, CsRun *run, PassEnd end)
{
  guint64 checksum = 0, tasks = 0;
  gint64 dispatch_us = 0;

  /* Workers that were never created kept the zeroes of reset_pass(). CPU time and context
   * switches are the workers' own (RUSAGE_THREAD), so that the waiting parent and, in the GUI,
   * unrelated threads of the process do not count. */
  run->user_s = run->sys_s = 0;
  run->voluntary_cs = run->involuntary_cs = 0;
  for (guint i = 0; i < pool->options.n_workers; i++)
    {
      const CsThreadWorker *w = &pool->workers[i];
      checksum += w->checksum;
      tasks += w->tasks;
      dispatch_us += w->dispatch_us;
      run->user_s += timeval_s (&w->usage.ru_utime);
      run->sys_s += timeval_s (&w->usage.ru_stime);
      run->voluntary_cs += w->usage.ru_nvcsw;
      run->involuntary_cs += w->usage.ru_nivcsw;
    }
  run->checksum = checksum;
  run->tasks = tasks;
  run->dispatch_s = dispatch_us / 1e6;

  if (pool->gil != NULL)
    {
      CsGilStats stats;
      cs_gil_get_stats (pool->gil, &stats);
      cs_run_set_counter (run, CS_GIL_COUNTER_SWITCHES, (double) stats.switches);
      cs_run_set_counter (run, CS_GIL_COUNTER_WAIT_S, stats.wait_s);
    }

  if (pool->error != NULL)
    _cs_run_set_status (run, CS_RUN_FAILED, pool->error->message);
  else if (end == PASS_TIMEOUT)
    _cs_run_set_status (run, CS_RUN_TIMEOUT, _("the run took longer than the timeout"));
  else if (end == PASS_CANCELLED)
    _cs_run_set_status (run, CS_RUN_CANCELLED, NULL);
  else if (tasks != pool->total_tasks)
    _cs_run_set_status (run, CS_RUN_FAILED, _("not every task was run"));
  else
    _cs_run_set_status (run, CS_RUN_OK, NULL);
}

static void
reset_pass (CsThreadPool *pool)
{
  atomic_store (&pool->next_task, 0);
  g_atomic_int_set (&pool->stop, 0);
  g_clear_error (&pool->error);
  pool->total_tasks = cs_engine_total_tasks (pool->wl);
  if (pool->gil != NULL)
    cs_gil_reset_stats (pool->gil);
  for (guint i = 0; i < pool->options.n_workers; i++)
    {
      pool->workers[i].checksum = 0;
      pool->workers[i].tasks = 0;
      pool->workers[i].dispatch_us = 0;
      memset (&pool->workers[i].usage, 0, sizeof (struct rusage));
    }
}

/* Pools */

CsThreadPool *
_cs_thread_pool_new (CsWorkload          *wl,
                     const CsPoolOptions *options,
                     CsPoolLifetime       lifetime,
                     GError             **error)
{
  CsThreadPool *pool;

  g_return_val_if_fail (wl != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->n_workers > 0, NULL);
  g_return_val_if_fail (options->cancelled != NULL, NULL);

  pool = g_new0 (CsThreadPool, 1);
  pool->wl = wl;
  pool->options = *options;
  pool->options.chunk_size = MAX (options->chunk_size, 1);
  pool->lifetime = lifetime;
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->cond);
  g_mutex_init (&pool->io_lock);

  if (options->gil)
    pool->gil = cs_gil_new (options->switch_interval_s > 0 ? options->switch_interval_s : 0.005);
  init_workers (pool);
  if (lifetime == CS_POOL_PERSISTENT && !start_persistent_threads (pool, error))
    g_clear_pointer (&pool, _cs_thread_pool_free);
  return pool;
}

void
_cs_thread_pool_free (CsThreadPool *pool)
{
  if (pool == NULL)
    return;
  if (pool->workers != NULL)
    {
      if (pool->n_threads > 0)
        shutdown_threads (pool);
      for (guint i = 0; i < pool->options.n_workers; i++)
        cs_gil_thread_free (pool->workers[i].ctx.gil_thread);
      g_free (pool->workers);
    }
  g_clear_pointer (&pool->gil, cs_gil_free);
  g_clear_error (&pool->error);
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->cond);
  g_mutex_clear (&pool->io_lock);
  g_free (pool);
}

void
_cs_thread_pool_run (CsThreadPool *pool, CsRun *run)
{
  guint n = pool->options.n_workers;
  struct rusage after;
  GError *create_error = NULL;
  gint64 deadline = 0;
  PassEnd end;
  CsMemoryGrowth growth;
  CsMemoryTotal memory;

  reset_pass (pool);
  cs_memory_growth_begin (&growth);
  if (pool->lifetime == CS_POOL_PER_RUN)
    pool->n_ready = 0;
  pool->n_running = n;

  /* ---- timed region ---- */
  gint64 t0 = g_get_monotonic_time ();
  if (pool->options.timeout_s > 0)
    deadline = t0 + (gint64) (pool->options.timeout_s * G_USEC_PER_SEC);
  if (pool->lifetime == CS_POOL_PER_RUN)
    create_threads (pool, &create_error);
  else
    {
      g_mutex_lock (&pool->lock);
      pool->generation++;
      g_cond_broadcast (&pool->cond);
      g_mutex_unlock (&pool->lock);
    }
  end = wait_pass (pool, deadline);
  guint n_created = pool->n_threads;
  if (pool->lifetime == CS_POOL_PER_RUN)
    join_threads (pool);
  gint64 t1 = g_get_monotonic_time ();
  /* ---- end of timed region ---- */

  getrusage (RUSAGE_SELF, &after);
  cs_memory_growth_end (&growth, &memory);
  run->wall_s = (t1 - t0) / 1e6;
  run->max_rss_kb = after.ru_maxrss;
  run->mem_total_kb = memory.total_kb;
  run->mem_peak_kb = memory.peak_kb;
  run->startup_s = pool->lifetime == CS_POOL_PER_RUN && n_created == n ? median_startup_s (pool)
                                                                       : 0;
  if (create_error != NULL)
    record_error (pool, create_error);
  collect_thread_pass (pool, run, end);
}
