/* cs-process-pool.c: process mode: a pool of corescope-worker processes fed chunks of tasks
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-pool"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cs-pool-private.h"
#include "cs-worker-launch.h"
#include "cs-worker-protocol.h"

/* The channel: one AF_UNIX stream socketpair per worker, not shared memory. Process mode is
 * here to show what Python's multiprocessing costs, and there every task and result is pickled
 * and copied through a pipe (multiprocessing.Pipe is a socketpair on Linux): so task inputs
 * and outputs are copied through the socket too, and the per-task dispatch cost we measure is
 * a real one. Workloads that want zero-copy sharing say so with wl->shared_size: that region is
 * a memfd (created by the engine) that every worker maps MAP_SHARED, like
 * multiprocessing.shared_memory. A socket rather than two pipe(2)s: one fd per worker, and
 * send(MSG_NOSIGNAL) keeps a dead worker from raising SIGPIPE in a GUI process.
 *
 * Scheduling is dynamic, like Pool.map(chunksize=): each worker holds at most two chunks (one
 * running, one queued so it never waits for a round trip); when it returns one, it gets the
 * next. The parent drives everything from one poll() loop in the calling thread, with
 * non-blocking sockets on its side (a worker writing a large result while we write it a large
 * chunk cannot deadlock us); the loop wakes at least every 50 ms to see cancellation and the
 * deadline. Workers only ever block on their own socket.
 *
 * Ending: on timeout, cancellation, a worker's death, an error message or garbage on a channel
 * the pass stops at once and every worker is terminated (SIGTERM, then SIGKILL after a grace
 * period) and reaped before the call returns; the pool is then "broken" and only stopping it
 * is allowed. */

#define CHUNKS_IN_FLIGHT 2
#define POLL_SLICE_US    (50 * 1000)
#define GRACE_US         (200 * 1000)
#define START_TIMEOUT_US (30 * G_USEC_PER_SEC)

typedef struct
{
  guint         index;
  GPid          pid;           /* 0 until known: a forked worker's comes after it starts */
  CsForkTicket  ticket;        /* the fork server's answer to collect, when fork_pending */
  gboolean      fork_pending;
  int           fd;            /* our end of the channel, non-blocking; -1 once closed */
  gint64        started_us;
  double        startup_s;
  gboolean      ready;
  gboolean      eof;
  gboolean      reaped;
  int           wait_status;
  GByteArray   *out;           /* bytes not yet sent, from out_pos */
  gsize         out_pos;
  GByteArray   *in;            /* bytes received, not yet handled */
  guint         in_flight;     /* chunks handed out whose results are not back */
  gboolean      stats_pending;
  CsWorkerStats stats;
} PoolWorker;

struct _CsProcessPool
{
  CsWorkload    *wl;
  CsStartMethod  method;
  guint          n_workers;
  guint          chunk_size;
  double         timeout_s;
  const gint    *cancelled;
  CsWorkerPlacement *placements; /* a copy, or NULL */
  PoolWorker    *workers;
  gboolean       broken;

  /* The current phase (start-up or pass) */
  guint          n_ready;
  guint64        total, next, done;
  guint          n_stats;
  gboolean       failed;
  CsRunStatus    fail_status;
  char          *fail_reason;
  gint64         dispatch_us;
  GByteArray    *aligned;      /* a copy of an output payload that arrived misaligned */
};

static void worker_died (CsProcessPool *pool, PoolWorker *w);

static void
pool_fail (CsProcessPool *pool, CsRunStatus status, char *reason)
{
  if (pool->failed)
    {
      g_free (reason); /* the first cause is the one worth reporting */
      return;
    }
  pool->failed = TRUE;
  pool->fail_status = status;
  pool->fail_reason = reason;
}

static void
fail_malformed (CsProcessPool *pool, PoolWorker *w)
{
  pool_fail (pool, CS_RUN_FAILED,
             g_strdup_printf (_("worker %u sent a malformed message"), w->index));
}

/* Reaping */

static gboolean
reap_spawned (PoolWorker *w, gint64 timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      pid_t r = waitpid (w->pid, &w->wait_status, WNOHANG);

      if (r == w->pid)
        return TRUE;
      if (r < 0 && errno != EINTR)
        {
          w->wait_status = -1; /* someone else reaped it: status unknown */
          return TRUE;
        }
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (200);
    }
}

/* Reads the fork server's answer for w, which it sent while w started. */
static void
worker_collect_pid (CsProcessPool *pool, PoolWorker *w)
{
  g_autoptr(GError) error = NULL;

  if (!w->fork_pending)
    return;
  w->fork_pending = FALSE;
  if (!_cs_forkserver_collect (&w->ticket, &w->pid, &error))
    pool_fail (pool, CS_RUN_FAILED, g_strdup (error->message));
}

static gboolean
worker_reap (CsProcessPool *pool, PoolWorker *w, gint64 timeout_us)
{
  worker_collect_pid (pool, w);
  if (w->reaped || w->pid <= 0)
    return TRUE;
  if (pool->method == CS_START_FORKSERVER)
    w->reaped = _cs_forkserver_wait (w->pid, timeout_us, &w->wait_status);
  else
    w->reaped = reap_spawned (w, timeout_us);
  return w->reaped;
}

static void
worker_close (PoolWorker *w)
{
  if (w->fd >= 0)
    close (w->fd);
  w->fd = -1;
}

/* SIGTERM, a grace period, SIGKILL; every worker is reaped when this returns. Killing a fork
 * server child by pid is safe while the server has not reported it: until then it is at worst
 * a zombie, and its pid cannot be reused. */
static void
terminate_all (CsProcessPool *pool)
{
  gint64 deadline = g_get_monotonic_time () + GRACE_US;

  for (guint i = 0; i < pool->n_workers; i++)
    worker_collect_pid (pool, &pool->workers[i]);
  for (guint i = 0; i < pool->n_workers; i++)
    if (!pool->workers[i].reaped && pool->workers[i].pid > 0)
      kill (pool->workers[i].pid, SIGTERM);
  for (guint i = 0; i < pool->n_workers; i++)
    worker_reap (pool, &pool->workers[i], MAX (deadline - g_get_monotonic_time (), 0));
  for (guint i = 0; i < pool->n_workers; i++)
    {
      PoolWorker *w = &pool->workers[i];

      if (!w->reaped && w->pid > 0)
        {
          kill (w->pid, SIGKILL);
          if (!worker_reap (pool, w, 5 * G_USEC_PER_SEC))
            g_warning ("Worker process %d does not die", (int) w->pid);
        }
      worker_close (w);
    }
  pool->broken = TRUE;
}

/* Describes how a dead worker ended, for CsRun.reason. */
static char *
describe_death (PoolWorker *w)
{
  if (w->reaped && w->wait_status != -1 && WIFSIGNALED (w->wait_status))
    {
      const char *abbrev = sigabbrev_np (WTERMSIG (w->wait_status));

      if (abbrev != NULL)
        return g_strdup_printf (_("worker %u killed by SIG%s"), w->index, abbrev);
      return g_strdup_printf (_("worker %u killed by signal %d"), w->index,
                              WTERMSIG (w->wait_status));
    }
  if (w->reaped && w->wait_status != -1 && WIFEXITED (w->wait_status))
    return g_strdup_printf (_("worker %u exited with status %d"), w->index,
                            WEXITSTATUS (w->wait_status));
  return g_strdup_printf (_("worker %u closed its channel"), w->index);
}

static void
worker_died (CsProcessPool *pool, PoolWorker *w)
{
  w->eof = TRUE;
  worker_close (w);
  /* The channel closes as the process exits: its status follows within moments. */
  worker_reap (pool, w, G_USEC_PER_SEC);
  pool_fail (pool, CS_RUN_FAILED, describe_death (w));
}

/* Sending */

static void
worker_flush (CsProcessPool *pool, PoolWorker *w)
{
  while (w->fd >= 0 && w->out_pos < w->out->len)
    {
      ssize_t n = send (w->fd, w->out->data + w->out_pos, w->out->len - w->out_pos,
                        MSG_NOSIGNAL | MSG_DONTWAIT);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
      if (n < 0)
        {
          worker_died (pool, w); /* EPIPE, ECONNRESET: it is gone */
          return;
        }
      w->out_pos += (gsize) n;
    }
  if (w->out_pos == w->out->len)
    {
      g_byte_array_set_size (w->out, 0);
      w->out_pos = 0;
    }
}

static void
queue_simple (PoolWorker *w, CsMessageType type)
{
  CsWireWriter writer;

  cs_wire_begin (&writer, w->out, type);
  cs_wire_end (&writer);
}

static gboolean
queue_chunk (CsProcessPool *pool, PoolWorker *w)
{
  CsWorkload *wl = pool->wl;
  guint64 n = MIN ((guint64) pool->chunk_size, pool->total - pool->next);
  CsWireWriter writer;

  cs_wire_begin (&writer, w->out, CS_MSG_TASKS);
  cs_wire_put_u32 (&writer, (guint32) n);
  for (guint64 i = 0; i < n; i++)
    {
      guint64 task = (pool->next + i) % wl->n_tasks;
      CsPayload input = { NULL, 0 };
      g_autoptr(GError) error = NULL;

      if (wl->preset->task_input != NULL && !wl->preset->task_input (wl, task, &input, &error))
        {
          g_byte_array_set_size (w->out, writer.frame_start); /* never send half a frame */
          pool_fail (pool, CS_RUN_FAILED, g_strdup (error->message));
          return FALSE;
        }
      cs_wire_put_u64 (&writer, task);
      cs_wire_put_bytes (&writer, input.data, input.size);
    }
  if (!cs_wire_end (&writer))
    {
      pool_fail (pool, CS_RUN_FAILED,
                 g_strdup (_("a chunk of task inputs exceeds 2 GiB: lower the chunk size")));
      return FALSE;
    }
  pool->next += n;
  w->in_flight++;
  return TRUE;
}

static void
worker_feed (CsProcessPool *pool, PoolWorker *w)
{
  while (!pool->failed && w->fd >= 0 && w->in_flight < CHUNKS_IN_FLIGHT
         && pool->next < pool->total)
    if (!queue_chunk (pool, w))
      return;
  worker_flush (pool, w);
}

/* Receiving */

/* Outputs sit at any offset of the receive buffer; a preset may read them as doubles, so give
 * it malloc alignment, as an unpickled object would have. */
static void
deliver_output (CsProcessPool *pool, guint64 task, const CsPayload *output)
{
  CsWorkload *wl = pool->wl;
  CsPayload aligned = *output;

  if (output->size > 0 && (guintptr) output->data % (2 * sizeof (gpointer)) != 0)
    {
      if (pool->aligned->len < output->size)
        g_byte_array_set_size (pool->aligned, (guint) output->size);
      memcpy (pool->aligned->data, output->data, output->size);
      aligned.data = pool->aligned->data;
    }
  wl->preset->task_output (wl, task, &aligned);
}

static gboolean
handle_results (CsProcessPool *pool, PoolWorker *w, CsWireReader *r)
{
  CsWorkload *wl = pool->wl;
  guint32 n;

  if (w->in_flight == 0 || !cs_wire_get_u32 (r, &n))
    return FALSE;
  for (guint32 i = 0; i < n; i++)
    {
      guint64 task;
      CsPayload output;

      if (!cs_wire_get_u64 (r, &task) || !cs_wire_get_bytes (r, &output.data, &output.size)
          || task >= wl->n_tasks)
        return FALSE;
      if (wl->preset->task_output != NULL)
        deliver_output (pool, task, &output);
    }
  if (!cs_wire_reader_done (r))
    return FALSE;
  pool->done += n;
  w->in_flight--;
  worker_feed (pool, w);
  return TRUE;
}

static gboolean
handle_message (CsProcessPool *pool, PoolWorker *w, guint32 type, CsWireReader *r)
{
  g_autofree char *message = NULL;

  switch (type)
    {
    case CS_MSG_READY:
      if (w->ready || !cs_wire_reader_done (r))
        return FALSE;
      w->ready = TRUE;
      w->startup_s = (g_get_monotonic_time () - w->started_us) / 1e6;
      pool->n_ready++;
      return TRUE;
    case CS_MSG_RESULTS:
      return handle_results (pool, w, r);
    case CS_MSG_STATS:
      if (!w->stats_pending || !cs_wire_get_stats (r, &w->stats))
        return FALSE;
      w->stats_pending = FALSE;
      pool->n_stats++;
      return TRUE;
    case CS_MSG_ERROR:
      if (!cs_wire_get_string (r, &message))
        return FALSE;
      pool_fail (pool, CS_RUN_FAILED, g_strdup_printf (_("worker %u: %s"), w->index, message));
      return TRUE;
    default:
      return FALSE;
    }
}

/* Handles every complete frame in w->in. */
static void
worker_parse (CsProcessPool *pool, PoolWorker *w)
{
  gsize pos = 0;

  while (!pool->failed && w->in->len - pos >= sizeof (CsFrameHeader))
    {
      CsFrameHeader header;
      CsWireReader r;

      memcpy (&header, w->in->data + pos, sizeof header);
      if (header.length > CS_WIRE_MAX_FRAME || header.type < CS_MSG_READY
          || header.type > CS_MSG_ERROR)
        {
          fail_malformed (pool, w);
          return;
        }
      if (w->in->len - pos - sizeof header < header.length)
        break;
      cs_wire_reader_init (&r, w->in->data + pos + sizeof header, header.length);
      pos += sizeof header + header.length;
      if (!handle_message (pool, w, header.type, &r))
        {
          fail_malformed (pool, w);
          return;
        }
    }
  g_byte_array_remove_range (w->in, 0, (guint) pos);
}

static void
worker_receive (CsProcessPool *pool, PoolWorker *w)
{
  guint8 buf[64 * 1024];

  /* Bounded so that one chatty worker cannot starve the others within a wake-up. */
  for (int round = 0; round < 16 && w->fd >= 0; round++)
    {
      ssize_t n = recv (w->fd, buf, sizeof buf, MSG_DONTWAIT);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (n <= 0)
        {
          worker_parse (pool, w); /* an error message may precede the end */
          worker_died (pool, w);
          return;
        }
      g_byte_array_append (w->in, buf, (guint) n);
      if ((gsize) n < sizeof buf)
        break;
    }
  worker_parse (pool, w);
}

/* The loop */

static void
pool_pump (CsProcessPool *pool, gint64 deadline)
{
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, pool->n_workers);
  gint64 now = g_get_monotonic_time ();
  gint64 slice = deadline > 0 ? CLAMP (deadline - now, 0, POLL_SLICE_US) : POLL_SLICE_US;
  gint64 t0;

  for (guint i = 0; i < pool->n_workers; i++)
    {
      PoolWorker *w = &pool->workers[i];

      fds[i].fd = w->fd; /* negative: ignored by poll */
      fds[i].events = POLLIN | (w->out_pos < w->out->len ? POLLOUT : 0);
    }
  if (poll (fds, pool->n_workers, (int) ((slice + 999) / 1000)) <= 0)
    return;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < pool->n_workers && !pool->failed; i++)
    {
      PoolWorker *w = &pool->workers[i];

      if (w->fd >= 0 && (fds[i].revents & POLLOUT))
        worker_flush (pool, w);
      if (w->fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        worker_receive (pool, w);
    }
  pool->dispatch_us += g_get_monotonic_time () - t0;
}

typedef gboolean (*PhaseDone) (CsProcessPool *pool);

static gboolean
pool_wait (CsProcessPool *pool, PhaseDone done, gint64 deadline)
{
  while (!pool->failed && !done (pool))
    {
      if (g_atomic_int_get (pool->cancelled))
        pool_fail (pool, CS_RUN_CANCELLED, g_strdup (_("cancelled")));
      else if (deadline > 0 && g_get_monotonic_time () >= deadline)
        pool_fail (pool, CS_RUN_TIMEOUT,
                   g_strdup_printf (_("timed out after %g s"), pool->timeout_s));
      else
        pool_pump (pool, deadline);
    }
  return !pool->failed;
}

static gboolean
all_ready (CsProcessPool *pool)
{
  return pool->n_ready == pool->n_workers;
}

static gboolean
all_results_in (CsProcessPool *pool)
{
  return pool->done == pool->total;
}

static gboolean
all_stats_in (CsProcessPool *pool)
{
  return pool->n_stats == pool->n_workers;
}

/* Starting */

static void
fill_setup (CsProcessPool *pool, guint index, CsWorkerSetup *setup)
{
  CsWorkload *wl = pool->wl;
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  /* Test-only fault injection (see cs-worker-main.c): from the workload's env, which tests set
   * without touching the process environment, or from ours (for trying it on the CLI). */
  const char *fault = cs_workload_get_env (wl, "CORESCOPE_WORKER_FAULT");

  g_hash_table_iter_init (&iter, wl->env);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (keys, g_strdup (key));
      g_ptr_array_add (values, g_strdup (value));
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (values, NULL);

  setup->preset = g_strdup (wl->preset->name);
  setup->params = cs_params_to_strv (wl->params);
  setup->scaling = wl->scaling;
  setup->n_workers = wl->n_workers;
  setup->n_tasks = wl->n_tasks;
  setup->units_per_task = wl->units_per_task;
  setup->worker_index = index;
  setup->env_keys = (char **) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
  setup->env_values = (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
  setup->shared_size = wl->shared_size;
  if (pool->placements != NULL && pool->placements[index].n_pus > 0)
    {
      setup->n_pus = pool->placements[index].n_pus;
      setup->pus = g_memdup2 (pool->placements[index].pus, setup->n_pus * sizeof (guint));
    }
  if (fault == NULL)
    fault = g_getenv ("CORESCOPE_WORKER_FAULT");
  setup->fault = g_strdup (fault != NULL ? fault : "");
}

/* The set-up message goes into the channel before the worker exists: it finds it waiting as
 * soon as it reads, instead of waiting for us to learn that it started (with the fork server,
 * a round trip through the server). What the socket's buffer cannot hold yet is sent from the
 * poll loop. */
static void
queue_setup (CsProcessPool *pool, PoolWorker *w)
{
  CsWorkerSetup setup = { 0 };

  fcntl (w->fd, F_SETFL, fcntl (w->fd, F_GETFL) | O_NONBLOCK);
  fill_setup (pool, w->index, &setup);
  cs_wire_put_setup (w->out, &setup);
  cs_worker_setup_clear (&setup);
  worker_flush (pool, w);
}

/* A forked worker's pid is collected later (worker_collect_pid): waiting for the server's
 * answer here would put a round trip through the server, which competes with the new worker
 * for the CPUs, before we even listen to the worker. */
static gboolean
start_worker (CsProcessPool *pool, PoolWorker *w, int channel_fd, GError **error)
{
  int shared_fd = pool->wl->shared_size > 0 ? pool->wl->shared_fd : -1;

  if (pool->method == CS_START_SPAWN)
    return _cs_worker_spawn ("--worker", channel_fd, shared_fd, &w->pid, error);
  w->fork_pending = _cs_forkserver_request (channel_fd, shared_fd, &w->ticket, error);
  return w->fork_pending;
}

static gboolean
launch_worker (CsProcessPool *pool, PoolWorker *w, GError **error)
{
  int sv[2];
  gboolean ok;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int saved = errno;

      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START,
                   _("Cannot create a channel for a worker process: %s"), g_strerror (saved));
      return FALSE;
    }
  w->fd = sv[0];
  w->started_us = g_get_monotonic_time ();
  queue_setup (pool, w);
  ok = start_worker (pool, w, sv[1], error);
  close (sv[1]);
  if (!ok)
    w->pid = 0;
  return ok;
}

static void
pool_free (CsProcessPool *pool)
{
  for (guint i = 0; i < pool->n_workers; i++)
    {
      worker_close (&pool->workers[i]);
      g_byte_array_unref (pool->workers[i].out);
      g_byte_array_unref (pool->workers[i].in);
    }
  g_free (pool->workers);
  if (pool->placements != NULL)
    cs_worker_placements_free (pool->placements, pool->n_workers);
  g_byte_array_unref (pool->aligned);
  g_free (pool->fail_reason);
  g_free (pool);
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_startup_s (CsProcessPool *pool)
{
  g_autofree double *v = g_new (double, pool->n_workers);

  for (guint i = 0; i < pool->n_workers; i++)
    v[i] = pool->workers[i].startup_s;
  qsort (v, pool->n_workers, sizeof *v, compare_double);
  return pool->n_workers % 2 == 1 ? v[pool->n_workers / 2]
                                  : (v[pool->n_workers / 2 - 1] + v[pool->n_workers / 2]) / 2;
}

static CsProcessPool *
pool_new (CsWorkload *wl, const CsPoolOptions *options)
{
  CsProcessPool *pool = g_new0 (CsProcessPool, 1);

  pool->wl = wl;
  pool->method = options->start_method;
  pool->n_workers = options->n_workers;
  pool->chunk_size = MAX (options->chunk_size, 1);
  pool->timeout_s = options->timeout_s;
  pool->cancelled = options->cancelled;
  pool->workers = g_new0 (PoolWorker, pool->n_workers);
  pool->aligned = g_byte_array_new ();
  if (options->placements != NULL)
    {
      pool->placements = g_new0 (CsWorkerPlacement, pool->n_workers);
      for (guint i = 0; i < pool->n_workers; i++)
        {
          pool->placements[i].n_pus = options->placements[i].n_pus;
          pool->placements[i].pus = g_memdup2 (options->placements[i].pus,
                                               options->placements[i].n_pus * sizeof (guint));
        }
    }
  for (guint i = 0; i < pool->n_workers; i++)
    {
      pool->workers[i].index = i;
      pool->workers[i].fd = -1;
      pool->workers[i].out = g_byte_array_new ();
      pool->workers[i].in = g_byte_array_new ();
    }
  return pool;
}

static void
set_start_error (CsProcessPool *pool, GError **error)
{
  if (pool->fail_status == CS_RUN_CANCELLED)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, pool->fail_reason);
  else if (pool->fail_status == CS_RUN_TIMEOUT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _("The worker processes did not start in time"));
  else
    g_set_error_literal (error, CS_POOL_ERROR, CS_POOL_ERROR_WORKER, pool->fail_reason);
}

static void
worker_reset (PoolWorker *w)
{
  w->pid = 0;
  w->fd = -1;
  w->ready = w->eof = w->reaped = w->stats_pending = w->fork_pending = FALSE;
  w->in_flight = 0;
  w->out_pos = 0;
  g_byte_array_set_size (w->out, 0);
  g_byte_array_set_size (w->in, 0);
}

/* Starts every worker and waits until all are ready; on failure none is left running. */
static gboolean
launch_all (CsProcessPool *pool, GError **error)
{
  /* The run's timeout is for passes: a loaded machine may take a while to start workers, and
   * one that cannot start at all reports why (or is cancelled) long before this. */
  gint64 deadline;

  pool->failed = FALSE;
  g_clear_pointer (&pool->fail_reason, g_free);
  pool->n_ready = 0;
  pool->broken = FALSE;
  for (guint i = 0; i < pool->n_workers; i++)
    worker_reset (&pool->workers[i]);
  for (guint i = 0; i < pool->n_workers; i++)
    if (!launch_worker (pool, &pool->workers[i], error))
      {
        terminate_all (pool);
        return FALSE;
      }
  deadline = g_get_monotonic_time () + START_TIMEOUT_US;
  if (!pool_wait (pool, all_ready, deadline))
    {
      set_start_error (pool, error);
      terminate_all (pool);
      return FALSE;
    }
  for (guint i = 0; i < pool->n_workers; i++)
    worker_collect_pid (pool, &pool->workers[i]);
  if (pool->failed)
    {
      set_start_error (pool, error);
      terminate_all (pool);
      return FALSE;
    }
  return TRUE;
}

CsProcessPool *
_cs_process_pool_start (CsWorkload          *wl,
                        const CsPoolOptions *options,
                        CsRun               *run,
                        GError             **error)
{
  CsProcessPool *pool;

  g_return_val_if_fail (wl != NULL && options != NULL && options->cancelled != NULL, NULL);
  g_return_val_if_fail (options->n_workers > 0, NULL);

  if (wl->shared_size > 0 && wl->shared_fd < 0)
    {
      /* Anonymous memory cannot be handed to another process: the engine must use a memfd. */
      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START,
                   _("The shared region of preset '%s' is not backed by a file descriptor"),
                   wl->preset->name);
      return NULL;
    }

  /* The fork server is started once per process, before the first pool's clock matters. */
  if (options->start_method == CS_START_FORKSERVER && !_cs_forkserver_ensure (error))
    return NULL;

  pool = pool_new (wl, options);
  if (!launch_all (pool, error))
    {
      pool_free (pool);
      return NULL;
    }
  if (run != NULL)
    run->startup_s = median_startup_s (pool);
  return pool;
}

/* Passes */

static void
begin_pass (CsProcessPool *pool)
{
  /* As cs-pool-private.h says: weak scaling repeats the job's tasks once per worker. */
  pool->total = pool->wl->n_tasks;
  if (pool->wl->scaling == CS_SCALING_WEAK)
    pool->total *= MAX (pool->wl->n_workers, 1);
  pool->next = 0;
  pool->done = 0;
  pool->n_stats = 0;
  pool->dispatch_us = 0;
  for (guint i = 0; i < pool->n_workers; i++)
    memset (&pool->workers[i].stats, 0, sizeof (CsWorkerStats));
}

static void
end_pass (CsProcessPool *pool)
{
  for (guint i = 0; i < pool->n_workers; i++)
    {
      queue_simple (&pool->workers[i], CS_MSG_END_PASS);
      pool->workers[i].stats_pending = TRUE;
      worker_flush (pool, &pool->workers[i]);
    }
}

static void
collect_pass (CsProcessPool *pool, CsRun *run)
{
  run->checksum = 0;
  run->tasks = 0;
  run->user_s = run->sys_s = 0;
  run->voluntary_cs = run->involuntary_cs = 0;
  run->max_rss_kb = 0;
  for (guint i = 0; i < pool->n_workers; i++)
    {
      const CsWorkerStats *s = &pool->workers[i].stats;

      run->checksum += s->checksum;
      run->tasks += s->tasks;
      run->user_s += s->user_us / 1e6;
      run->sys_s += s->sys_us / 1e6;
      run->voluntary_cs += (gint64) s->voluntary_cs;
      run->involuntary_cs += (gint64) s->involuntary_cs;
      run->max_rss_kb = MAX (run->max_rss_kb, (gint64) s->max_rss_kb);
    }
  run->dispatch_s = pool->dispatch_us / 1e6;
}

/* Ends a pass that did not complete: its workers are terminated at once. Unless the run was
 * cancelled, a fresh set is started, so a persistent pool goes on with the next repetition
 * (the time that takes lands in this failed run, whose time means nothing anyway). */
static gboolean
fail_pass (CsProcessPool *pool, CsRun *run)
{
  g_autoptr(GError) error = NULL;

  run->status = pool->fail_status;
  g_free (run->reason);
  run->reason = g_strdup (pool->fail_reason);
  run->tasks = pool->done;
  run->dispatch_s = pool->dispatch_us / 1e6;
  terminate_all (pool);
  if (run->status != CS_RUN_CANCELLED && !g_atomic_int_get (pool->cancelled)
      && !launch_all (pool, &error))
    g_debug ("Cannot restart the worker processes: %s", error->message);
  return FALSE;
}

gboolean
_cs_process_pool_run_pass (CsProcessPool *pool, CsRun *run)
{
  gint64 deadline = 0;

  g_return_val_if_fail (pool != NULL && run != NULL, FALSE);

  pool->failed = FALSE;
  g_clear_pointer (&pool->fail_reason, g_free);
  if (pool->broken)
    {
      pool_fail (pool, CS_RUN_FAILED,
                 g_strdup (_("the worker processes were stopped by an earlier failure")));
      return fail_pass (pool, run);
    }
  begin_pass (pool);
  if (pool->timeout_s > 0)
    deadline = g_get_monotonic_time () + (gint64) (pool->timeout_s * G_USEC_PER_SEC);

  for (guint i = 0; i < pool->n_workers; i++)
    worker_feed (pool, &pool->workers[i]);
  if (!pool_wait (pool, all_results_in, deadline))
    return fail_pass (pool, run);
  end_pass (pool);
  if (!pool_wait (pool, all_stats_in, deadline))
    return fail_pass (pool, run);

  collect_pass (pool, run);
  if (run->tasks != pool->total)
    {
      pool_fail (pool, CS_RUN_FAILED,
                 g_strdup_printf (_("the workers ran %llu tasks instead of %llu"),
                                 (unsigned long long) run->tasks,
                                 (unsigned long long) pool->total));
      return fail_pass (pool, run);
    }
  return TRUE;
}

/* Stopping */

void
_cs_process_pool_stop (CsProcessPool *pool)
{
  gint64 deadline = g_get_monotonic_time () + GRACE_US;

  if (pool == NULL)
    return;
  /* Polite first: an idle worker exits as soon as it reads CS_MSG_EXIT (or the end of its
   * channel), which costs less than a signal and lets it run its workload's clean-up. */
  for (guint i = 0; i < pool->n_workers; i++)
    {
      PoolWorker *w = &pool->workers[i];

      if (w->fd < 0)
        continue;
      queue_simple (w, CS_MSG_EXIT);
      worker_flush (pool, w);
      shutdown (w->fd, SHUT_WR);
    }
  for (guint i = 0; i < pool->n_workers; i++)
    worker_reap (pool, &pool->workers[i], MAX (deadline - g_get_monotonic_time (), 0));
  terminate_all (pool);
  pool_free (pool);
}
