/* cs-engine.c: one timed run of a workload with n workers in one execution mode
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
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cs-engine.h"
#include "cs-gil.h"

/* Thread and gil mode: workers are GThreads that pull chunks of task indexes from one shared
 * atomic counter (the equivalent of a pool's task queue, without a lock), run them and add the
 * task checksums into a private sum; the sums are added after the pass. The parent thread only
 * waits: it wakes up every POLL_US to turn the caller's cancellation flag or the deadline into
 * the pool's own stop flag, which kernels see through their CsTaskContext. 20 wake-ups a second
 * cost nothing measurable and keep cancellation well under a second.
 *
 * Process mode hands the same pass to the process pool (cs-process-pool.c) and only times it.
 *
 * The timed region (between the two clock reads in run_threads() / run_processes()) does no
 * printing, no result allocation and no file work: per-run pools create and join their workers
 * in it, because that is what the mode costs a program that opens a pool per job. */

#define POLL_US (50 * G_USEC_PER_SEC / 1000)

typedef struct _CsEngineWorker CsEngineWorker;

struct _CsEngineWorker
{
  CsEnginePool  *pool;
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

struct _CsEnginePool
{
  CsWorkload      *wl;
  CsPoolOptions    options;
  CsPoolLifetime   lifetime;

  /* thread and gil modes */
  CsGil           *gil;
  CsEngineWorker  *workers;
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

  /* process mode */
  CsProcessPool   *process;
};

G_DEFINE_QUARK (cs-engine-error-quark, cs_engine_error)

guint64
cs_engine_total_tasks (const CsWorkload *wl)
{
  return wl->scaling == CS_SCALING_WEAK ? wl->n_tasks * MAX (wl->n_workers, 1) : wl->n_tasks;
}

/* Workload set-up */

static gboolean
map_shared (CsWorkload *wl, GError **error)
{
  int fd = memfd_create ("corescope-shared", MFD_CLOEXEC);

  if (fd < 0 || ftruncate (fd, (off_t) wl->shared_size) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, CS_ENGINE_ERROR, CS_ENGINE_ERROR_SETUP,
                   _("Cannot create a shared region of %llu bytes: %s"),
                   (unsigned long long) wl->shared_size, g_strerror (saved));
      return FALSE;
    }
  void *p = mmap (NULL, wl->shared_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    {
      int saved = errno;
      close (fd);
      g_set_error (error, CS_ENGINE_ERROR, CS_ENGINE_ERROR_SETUP,
                   _("Cannot map a shared region of %llu bytes: %s"),
                   (unsigned long long) wl->shared_size, g_strerror (saved));
      return FALSE;
    }
  wl->shared = p;
  wl->shared_fd = fd;
  return TRUE;
}

static void
unmap_shared (CsWorkload *wl)
{
  if (wl->shared != NULL)
    munmap (wl->shared, wl->shared_size);
  wl->shared = NULL;
  if (wl->shared_fd >= 0)
    close (wl->shared_fd);
  wl->shared_fd = -1;
}

gboolean
cs_engine_workload_setup (CsWorkload *wl, GError **error)
{
  const CsPreset *preset;

  g_return_val_if_fail (wl != NULL, FALSE);
  preset = wl->preset;

  if (preset->prepare != NULL && !preset->prepare (wl, error))
    return FALSE;
  if (wl->shared_size > 0 && !map_shared (wl, error))
    goto fail_finish;
  if (preset->init_shared != NULL && !preset->init_shared (wl, error))
    goto fail_unmap;
  if (preset->attach != NULL && !preset->attach (wl, error))
    goto fail_unmap;
  return TRUE;

fail_unmap:
  unmap_shared (wl);
fail_finish:
  if (preset->finish != NULL)
    preset->finish (wl);
  return FALSE;
}

void
cs_engine_workload_teardown (CsWorkload *wl)
{
  if (wl == NULL)
    return;
  if (wl->preset->detach != NULL)
    wl->preset->detach (wl);
  if (wl->preset->finish != NULL)
    wl->preset->finish (wl);
  unmap_shared (wl);
}

/* Worker threads */

static void
record_error (CsEnginePool *pool, GError *error)
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
worker_start (CsEngineWorker *w, GError **error)
{
  CsEnginePool *pool = w->pool;
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
worker_run_task (CsEngineWorker *w, guint64 task, GError **error)
{
  CsEnginePool *pool = w->pool;
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
worker_pass (CsEngineWorker *w)
{
  CsEnginePool *pool = w->pool;
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
worker_finish_pass (CsEnginePool *pool)
{
  g_mutex_lock (&pool->lock);
  if (--pool->n_running == 0)
    g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->lock);
}

static gpointer
worker_main (gpointer data)
{
  CsEngineWorker *w = data;
  CsEnginePool *pool = w->pool;
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

  if (w->ctx.scratch != NULL && pool->wl->preset->worker_free != NULL)
    pool->wl->preset->worker_free (pool->wl, w->ctx.scratch);
  w->ctx.scratch = NULL;
  return NULL;
}

static void
init_workers (CsEnginePool *pool)
{
  guint n = pool->options.n_workers;

  pool->workers = g_new0 (CsEngineWorker, n);
  for (guint i = 0; i < n; i++)
    {
      CsEngineWorker *w = &pool->workers[i];
      w->pool = pool;
      w->index = i;
      w->ctx.mode = pool->options.mode;
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

/* Creates the threads. Returns how many were created; on failure stops the pool, takes the
 * missing ones out of n_running and sets error. */
static guint
create_threads (CsEnginePool *pool, GError **error)
{
  guint n = pool->options.n_workers;

  for (guint i = 0; i < n; i++)
    {
      CsEngineWorker *w = &pool->workers[i];
      w->created_us = g_get_monotonic_time ();
      w->thread = g_thread_try_new ("cs-worker", worker_main, w, error);
      if (w->thread == NULL)
        {
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
join_threads (CsEnginePool *pool)
{
  for (guint i = 0; i < pool->n_threads; i++)
    g_clear_pointer (&pool->workers[i].thread, g_thread_join);
  pool->n_threads = 0;
}

typedef enum { PASS_DONE, PASS_CANCELLED, PASS_TIMEOUT } PassEnd;

/* Waits until every worker finished the pass, turning cancellation and the deadline into the
 * stop flag on the way. */
static PassEnd
wait_pass (CsEnginePool *pool, gint64 deadline)
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
shutdown_threads (CsEnginePool *pool)
{
  g_mutex_lock (&pool->lock);
  pool->quit = TRUE;
  g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->lock);
  join_threads (pool);
}

/* Persistent pools: start every thread and wait until all are ready (bound, scratch built). */
static gboolean
start_persistent_threads (CsEnginePool *pool, GError **error)
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

static void
add_rusage_delta (CsRun *run, const struct rusage *before, const struct rusage *after)
{
  run->user_s = timeval_s (&after->ru_utime) - timeval_s (&before->ru_utime);
  run->sys_s = timeval_s (&after->ru_stime) - timeval_s (&before->ru_stime);
  run->voluntary_cs = after->ru_nvcsw - before->ru_nvcsw;
  run->involuntary_cs = after->ru_nivcsw - before->ru_nivcsw;
  run->max_rss_kb = after->ru_maxrss;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static double
median_startup_s (CsEnginePool *pool)
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
set_status (CsRun *run, CsRunStatus status, const char *reason)
{
  run->status = status;
  g_free (run->reason);
  run->reason = g_strdup (reason);
}

static void
collect_thread_pass (CsEnginePool *pool, CsRun *run, PassEnd end)
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
      const CsEngineWorker *w = &pool->workers[i];
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
      run->gil_switches = stats.switches;
      run->gil_wait_s = stats.wait_s;
    }

  if (pool->error != NULL)
    set_status (run, CS_RUN_FAILED, pool->error->message);
  else if (end == PASS_TIMEOUT)
    set_status (run, CS_RUN_TIMEOUT, _("the run took longer than the timeout"));
  else if (end == PASS_CANCELLED)
    set_status (run, CS_RUN_CANCELLED, NULL);
  else if (tasks != pool->total_tasks)
    set_status (run, CS_RUN_FAILED, _("not every task was run"));
  else
    set_status (run, CS_RUN_OK, NULL);
}

static void
reset_pass (CsEnginePool *pool)
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

static void
run_threads (CsEnginePool *pool, CsRun *run)
{
  guint n = pool->options.n_workers;
  struct rusage after;
  GError *create_error = NULL;
  gint64 deadline = 0;
  PassEnd end;

  reset_pass (pool);
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
  run->wall_s = (t1 - t0) / 1e6;
  run->max_rss_kb = after.ru_maxrss;
  run->startup_s = pool->lifetime == CS_POOL_PER_RUN && n_created == n ? median_startup_s (pool)
                                                                       : 0;
  if (create_error != NULL)
    record_error (pool, create_error);
  collect_thread_pass (pool, run, end);
}

/* Process mode */

static void
run_processes (CsEnginePool *pool, CsRun *run)
{
  GError *error = NULL;
  gboolean started = TRUE;

  pool->total_tasks = cs_engine_total_tasks (pool->wl);
  /* ---- timed region ---- */
  gint64 t0 = g_get_monotonic_time ();
  if (pool->lifetime == CS_POOL_PER_RUN)
    {
      pool->process = _cs_process_pool_start (pool->wl, &pool->options, run, &error);
      started = pool->process != NULL;
    }
  gboolean ok = started && _cs_process_pool_run_pass (pool->process, run);
  if (pool->lifetime == CS_POOL_PER_RUN && started)
    g_clear_pointer (&pool->process, _cs_process_pool_stop);
  gint64 t1 = g_get_monotonic_time ();
  /* ---- end of timed region ---- */

  run->wall_s = (t1 - t0) / 1e6;
  if (pool->lifetime == CS_POOL_PERSISTENT)
    run->startup_s = 0;
  if (!started)
    {
      set_status (run, g_atomic_int_get (pool->options.cancelled) ? CS_RUN_CANCELLED
                                                                   : CS_RUN_FAILED,
                  error != NULL ? error->message : NULL);
      g_clear_error (&error);
    }
  else if (ok && run->tasks != pool->total_tasks)
    set_status (run, CS_RUN_FAILED, _("not every task was run"));
  else if (ok)
    set_status (run, CS_RUN_OK, NULL);
  else if (run->status == CS_RUN_OK)
    set_status (run, CS_RUN_FAILED, _("the worker processes did not finish the pass"));
}

/* External presets: the preset runs its own command; the engine times the call and turns the
 * cancellation flag and the deadline into a GCancellable from a small watcher thread. */

typedef struct
{
  GCancellable *cancellable;
  const gint   *cancelled;
  gint64        deadline;
  gint          done;
  gint          timed_out;
} ExternalWatch;

static gpointer
external_watch_main (gpointer data)
{
  ExternalWatch *watch = data;

  while (!g_atomic_int_get (&watch->done))
    {
      if (g_atomic_int_get (watch->cancelled))
        {
          g_cancellable_cancel (watch->cancellable);
          break;
        }
      if (watch->deadline > 0 && g_get_monotonic_time () >= watch->deadline)
        {
          g_atomic_int_set (&watch->timed_out, 1);
          g_cancellable_cancel (watch->cancellable);
          break;
        }
      g_usleep (POLL_US / 5);
    }
  return NULL;
}

static void
run_external (CsEnginePool *pool, CsRun *run)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  ExternalWatch watch = { cancellable, pool->options.cancelled, 0, 0, 0 };
  struct rusage before, after;
  GError *error = NULL;
  guint64 checksum = 0;

  if (pool->options.timeout_s > 0)
    watch.deadline = g_get_monotonic_time () + (gint64) (pool->options.timeout_s * 1e6);
  GThread *watcher = g_thread_new ("cs-external-watch", external_watch_main, &watch);
  getrusage (RUSAGE_CHILDREN, &before);

  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = pool->wl->preset->run_external (pool->wl, pool->options.n_workers, run->rep,
                                                &checksum, cancellable, &error);
  gint64 t1 = g_get_monotonic_time ();

  g_atomic_int_set (&watch.done, 1);
  g_thread_join (watcher);
  getrusage (RUSAGE_CHILDREN, &after);
  run->wall_s = (t1 - t0) / 1e6;
  add_rusage_delta (run, &before, &after);
  run->checksum = checksum;
  run->tasks = ok ? 1 : 0;
  if (ok)
    set_status (run, CS_RUN_OK, NULL);
  else if (g_atomic_int_get (&watch.timed_out))
    set_status (run, CS_RUN_TIMEOUT, _("the run took longer than the timeout"));
  else if (g_atomic_int_get (pool->options.cancelled))
    set_status (run, CS_RUN_CANCELLED, NULL);
  else
    set_status (run, CS_RUN_FAILED, error != NULL ? error->message : NULL);
  g_clear_error (&error);
}

/* Pools */

CsEnginePool *
cs_engine_pool_new (CsWorkload          *wl,
                    const CsPoolOptions *options,
                    CsPoolLifetime       lifetime,
                    GError             **error)
{
  CsEnginePool *pool;

  g_return_val_if_fail (wl != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->n_workers > 0, NULL);
  g_return_val_if_fail (options->cancelled != NULL, NULL);

  pool = g_new0 (CsEnginePool, 1);
  pool->wl = wl;
  pool->options = *options;
  pool->options.chunk_size = MAX (options->chunk_size, 1);
  pool->lifetime = lifetime;
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->cond);
  g_mutex_init (&pool->io_lock);

  if (wl->preset->run_external != NULL)
    return pool;

  if (options->mode == CS_MODE_PROCESS)
    {
      if (lifetime == CS_POOL_PERSISTENT)
        {
          g_autoptr (CsRun) scratch = cs_run_new ();
          pool->process = _cs_process_pool_start (wl, &pool->options, scratch, error);
          if (pool->process == NULL)
            g_clear_pointer (&pool, cs_engine_pool_free);
        }
      return pool;
    }

  if (options->mode == CS_MODE_GIL)
    pool->gil = cs_gil_new (options->switch_interval_s > 0 ? options->switch_interval_s : 0.005);
  init_workers (pool);
  if (lifetime == CS_POOL_PERSISTENT && !start_persistent_threads (pool, error))
    g_clear_pointer (&pool, cs_engine_pool_free);
  return pool;
}

gboolean
cs_engine_pool_run (CsEnginePool *pool, CsRun *run)
{
  g_return_val_if_fail (pool != NULL, FALSE);
  g_return_val_if_fail (run != NULL, FALSE);

  run->mode = pool->options.mode;
  run->workers = pool->options.n_workers;
  run->gil_switches = 0;
  run->gil_wait_s = 0;
  run->startup_s = 0;
  set_status (run, CS_RUN_OK, NULL);

  if (pool->wl->preset->run_external != NULL)
    run_external (pool, run);
  else if (pool->options.mode == CS_MODE_PROCESS)
    run_processes (pool, run);
  else
    run_threads (pool, run);

  if (run->status == CS_RUN_OK && pool->wl->units_per_task > 0)
    run->units = pool->wl->units_per_task * run->tasks;
  return run->status == CS_RUN_OK;
}

void
cs_engine_pool_free (CsEnginePool *pool)
{
  if (pool == NULL)
    return;
  if (pool->process != NULL)
    g_clear_pointer (&pool->process, _cs_process_pool_stop);
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

gboolean
cs_engine_run (CsWorkload          *wl,
               const CsPoolOptions *options,
               CsPoolLifetime       lifetime,
               CsRun               *run)
{
  g_autoptr (GError) error = NULL;
  CsEnginePool *pool = cs_engine_pool_new (wl, options, lifetime, &error);

  if (pool == NULL)
    {
      run->mode = options->mode;
      run->workers = options->n_workers;
      set_status (run, g_atomic_int_get (options->cancelled) ? CS_RUN_CANCELLED : CS_RUN_FAILED,
                  error->message);
      return FALSE;
    }
  gboolean ok = cs_engine_pool_run (pool, run);
  cs_engine_pool_free (pool);
  return ok;
}
