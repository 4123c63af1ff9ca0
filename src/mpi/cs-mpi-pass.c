/* cs-mpi-pass.c: one timed pass: rank 0 hands out chunks of tasks, every active rank runs them
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-mpi-worker"

#include <math.h>
#include <stdatomic.h>
#include <sys/resource.h>

#include "cs-mpi-worker.h"
#include "cs-proc-memory.h"

/* Distribution: rank 0 is the dispatcher, not a shared counter. MPI_Fetch_and_op on a counter
 * in a window at rank 0 costs 0.1 µs between ranks of one host (osc/sm), but between hosts
 * Open MPI 4.1 has only osc/pt2pt over TCP, whose passive target makes progress only while
 * rank 0 is inside an MPI call: measured here, a rank asking while rank 0 computed waited for
 * the whole of rank 0's task (300 ms), and osc/pt2pt refuses MPI_THREAD_MULTIPLE, so no helper
 * thread can serve it. So rank 0's main thread serves requests (helped by worker 0, see
 * Dispatcher), and a compute thread of rank 0 is worker 0, taking chunks from the same counter
 * with an atomic add. Like process mode (cs-process-pool.c), each other active rank holds two
 * chunks: one running, one queued, so it never waits for a round trip; when it reports one
 * done, it gets the next, or the end marker once the counter has run out.
 *
 * The dispatcher cannot block in the kernel (MPI has no waitable descriptor), so between
 * messages it naps: NAP_MIN_US after a message, doubling to NAP_MAX_US while none comes, on a
 * condition that worker 0 signals when it finishes (so the clock stops at once then). A rank
 * that finishes last is seen within NAP_MAX_US; the naps cost rank 0's core a few per cent at
 * most, and nothing when workers == 1. */
#define NAP_MIN_US     10
#define NAP_MAX_US     250
#define CHUNKS_AHEAD   2
#define TAG_CHUNK      1
#define TAG_DONE       2

typedef struct
{
  guint64 checksum, tasks;
  gint64  dispatch_us;
  char   *error;          /* "rank R (HOST): message" of the first failed task here */
} Tally;

typedef struct
{
  guint64          total;   /* tasks in this pass */
  guint64          chunk;
  atomic_uint_least64_t next;
  atomic_int       stop;    /* a task failed: hand out nothing more */
} Plan;

/* Rank 0's bookkeeping of one other active rank. */
typedef struct
{
  int      outstanding; /* chunks sent whose "done" has not come back */
  gboolean ended;       /* the end marker was sent */
  int      failed;      /* its "done" message: non-zero once a task failed there */
} Remote;

/* Rank 0's side of the other ranks' chunks. Both of rank 0's threads serve it, one at a time
 * (lock; MPI_THREAD_SERIALIZED): the main thread between naps, and worker 0 between its chunks
 * when POLL_EVERY_US have passed. Worker 0 must help: it shares its core with the main thread
 * when ranks are bound, and a napping thread woken on a busy core waits for the scheduler's
 * slice (measured: 125 µs a chunk for the other rank), while worker 0 passes by every task. */
typedef struct
{
  GMutex       lock;
  Plan        *plan;
  Remote      *remotes;
  MPI_Request *requests;
  int         *which;
  int          workers;
  MPI_Comm     comm;
  gint64       busy_us;    /* time spent serving: the pass's dispatch_s */
  gint64       last_us;    /* last time worker 0 served */
  gboolean     helped;     /* worker 0 may serve (the library is MPI_THREAD_SERIALIZED) */
} Dispatcher;

#define POLL_EVERY_US 5

static void help_dispatch (Dispatcher *d);

/* Worker 0, the compute thread of rank 0: persists from its first pass to the close. */
struct _CsMpiLocal
{
  GThread        *thread;
  GMutex          lock;
  GCond           cond;
  const CsMpiJob *job;
  CsMpiWorkload  *workload;
  Plan           *plan;     /* set for each pass */
  Dispatcher     *dispatcher; /* for each pass */
  guint           generation;
  gboolean        ready, done, quit;
  char           *init_error;
  Tally           tally;
};

static gboolean
take_chunk (Plan *plan, guint64 *first, guint64 *count)
{
  guint64 f;

  if (atomic_load (&plan->stop))
    return FALSE;
  f = atomic_fetch_add_explicit (&plan->next, plan->chunk, memory_order_relaxed);
  if (f >= plan->total)
    return FALSE;
  *first = f;
  *count = MIN (plan->chunk, plan->total - f);
  return TRUE;
}

static gboolean
run_one (CsWorkload *wl, CsTaskContext *ctx, guint64 task, Tally *tally, GError **error)
{
  CsPayload input = { NULL, 0 };
  CsTaskOutput output = { 0, NULL, 0 };

  /* inputs of presets that every rank prepared itself (mandelbrot's row ranges) */
  if (wl->preset->task_input != NULL && !wl->preset->task_input (wl, task, &input, error))
    return FALSE;
  if (!wl->preset->run_task (wl, ctx, task, &input, &output, error))
    return FALSE;
  tally->checksum += output.checksum;
  tally->tasks++;
  return TRUE;
}

/* Runs pass tasks [first, first + count); task t is job task t % n_tasks (weak scaling). */
static void
run_chunk (const CsMpiJob *job, CsMpiWorkload *w, CsTaskContext *ctx, guint64 first,
           guint64 count, Tally *tally)
{
  guint64 n_tasks = w->wl->n_tasks;

  for (guint64 t = first; t < first + count && tally->error == NULL; t++)
    {
      g_autoptr(GError) error = NULL;

      if (!run_one (w->wl, ctx, t % n_tasks, tally, &error))
        tally->error = g_strdup_printf ("rank %d (%s): task %" G_GUINT64_FORMAT ": %s",
                                        job->rank, job->hostname, t % n_tasks,
                                        error != NULL ? error->message : "failed");
    }
}

static gpointer
new_scratch (CsMpiWorkload *w, guint index, char **error_out)
{
  g_autoptr(GError) error = NULL;
  gpointer scratch;

  if (w->wl->preset->worker_new == NULL)
    return NULL;
  scratch = w->wl->preset->worker_new (w->wl, index, &error);
  if (error != NULL)
    *error_out = g_strdup (error->message);
  return scratch;
}

static void
init_context (CsTaskContext *ctx, const CsMpiJob *job, gpointer scratch)
{
  static const gint never_cancelled = 0; /* Corescope cancels a job by killing it */

  *ctx = (CsTaskContext) { 0 };
  ctx->worker_index = (guint) job->rank;
  ctx->n_workers = (guint) job->size;
  ctx->cancelled = &never_cancelled;
  ctx->scratch = scratch;
}

static void
local_pass (struct _CsMpiLocal *local, CsTaskContext *ctx)
{
  Plan *plan = local->plan;
  guint64 first, count;

  for (;;)
    {
      gint64 t0 = g_get_monotonic_time ();
      gboolean more = take_chunk (plan, &first, &count);

      local->tally.dispatch_us += g_get_monotonic_time () - t0;
      if (!more)
        break;
      run_chunk (local->job, local->workload, ctx, first, count, &local->tally);
      if (local->tally.error != NULL)
        atomic_store (&plan->stop, 1);
      help_dispatch (local->dispatcher);
    }
}

/* worker_new runs in the thread that runs the tasks: some presets set per-thread state there
 * (io-wait's timer slack). */
static gpointer
local_thread (gpointer data)
{
  struct _CsMpiLocal *local = data;
  CsWorkload *wl = local->workload->wl;
  char *init_error = NULL;
  gpointer scratch = new_scratch (local->workload, 0, &init_error);
  CsTaskContext ctx;
  guint seen = 0;

  init_context (&ctx, local->job, scratch);
  g_mutex_lock (&local->lock);
  local->init_error = init_error;
  local->ready = TRUE;
  g_cond_broadcast (&local->cond);
  while (init_error == NULL)
    {
      while (!local->quit && local->generation == seen)
        g_cond_wait (&local->cond, &local->lock);
      if (local->quit)
        break;
      seen = local->generation;
      g_mutex_unlock (&local->lock);
      local_pass (local, &ctx);
      g_mutex_lock (&local->lock);
      local->done = TRUE;
      g_cond_broadcast (&local->cond);
    }
  g_mutex_unlock (&local->lock);
  if (scratch != NULL && wl->preset->worker_free != NULL)
    wl->preset->worker_free (wl, scratch);
  return NULL;
}

/* Rank 0: starts worker 0 on first use; its worker_new error, if any, in *error. */
static void
ensure_local (const CsMpiJob *job, CsMpiWorkload *w, char **error)
{
  struct _CsMpiLocal *local = w->local;

  if (local == NULL)
    {
      local = w->local = g_new0 (struct _CsMpiLocal, 1);
      g_mutex_init (&local->lock);
      g_cond_init (&local->cond);
      local->job = job;
      local->workload = w;
      local->thread = g_thread_new ("cs-mpi-worker-0", local_thread, local);
      g_mutex_lock (&local->lock);
      while (!local->ready)
        g_cond_wait (&local->cond, &local->lock);
      g_mutex_unlock (&local->lock);
    }
  if (local->init_error != NULL)
    *error = g_strdup (local->init_error);
}

void
cs_mpi_pass_release (CsMpiWorkload *w)
{
  struct _CsMpiLocal *local = w->local;

  if (local != NULL)
    {
      g_mutex_lock (&local->lock);
      local->quit = TRUE;
      g_cond_broadcast (&local->cond);
      g_mutex_unlock (&local->lock);
      g_thread_join (local->thread);
      g_mutex_clear (&local->lock);
      g_cond_clear (&local->cond);
      g_free (local->init_error);
      g_free (local);
      w->local = NULL;
    }
  if (w->has_scratch && w->wl->preset->worker_free != NULL && w->scratch != NULL)
    w->wl->preset->worker_free (w->wl, w->scratch);
  w->scratch = NULL;
  w->has_scratch = FALSE;
}

/* Per rank, before the clock starts: the rank's worker state (worker_new), once per open. */
static char *
ensure_worker (const CsMpiJob *job, CsMpiWorkload *w)
{
  char *error = NULL;

  if (job->rank == 0)
    ensure_local (job, w, &error);
  else if (!w->has_scratch)
    {
      w->scratch = new_scratch (w, (guint) job->rank, &error);
      w->has_scratch = error == NULL;
    }
  if (error == NULL)
    return NULL;
  return g_strdup_printf ("rank %d (%s): %s", job->rank, job->hostname, g_steal_pointer (&error));
}

/* The communicator of ranks 0..workers-1 (same rank numbers as in MPI_COMM_WORLD). Collective
 * over MPI_COMM_WORLD; every rank sees the same `run` requests, so all create them in the same
 * order. Ranks outside get MPI_COMM_NULL. */
static MPI_Comm
active_comm (CsMpiJob *job, int workers)
{
  if (!job->active_made[workers])
    {
      job->active_made[workers] = TRUE;
      MPI_Comm_split (MPI_COMM_WORLD, job->rank < workers ? 0 : MPI_UNDEFINED, job->rank,
                    &job->active[workers]);
    }
  return job->active[workers];
}

/* Sends rank r its next chunk, or the end marker (count 0) once there is none. */
static void
send_next (Plan *plan, Remote *remote, int r, MPI_Comm comm)
{
  guint64 msg[2] = { 0, 0 };

  if (!take_chunk (plan, &msg[0], &msg[1]))
    {
      msg[0] = msg[1] = 0;
      remote->ended = TRUE;
    }
  else
    remote->outstanding++;
  MPI_Send (msg, 2, MPI_UINT64_T, r, TAG_CHUNK, comm);
}

static void
post_done_receive (Remote *remotes, MPI_Request *requests, int r, MPI_Comm comm)
{
  if (remotes[r].outstanding > 0)
    MPI_Irecv (&remotes[r].failed, 1, MPI_INT, r, TAG_DONE, comm, &requests[r]);
  else
    requests[r] = MPI_REQUEST_NULL;
}

/* Handles the "done" messages that came in; FALSE when none had. Under d->lock. */
static gboolean
serve_remotes (Dispatcher *d)
{
  int n = 0;
  gint64 t0 = g_get_monotonic_time ();

  MPI_Testsome (d->workers, d->requests, &n, d->which, MPI_STATUSES_IGNORE);
  for (int i = 0; n != MPI_UNDEFINED && i < n; i++)
    {
      int r = d->which[i];
      Remote *remote = &d->remotes[r];

      remote->outstanding--;
      if (remote->failed)
        atomic_store (&d->plan->stop, 1);
      if (!remote->ended)
        send_next (d->plan, remote, r, d->comm);
      post_done_receive (d->remotes, d->requests, r, d->comm);
    }
  d->busy_us += g_get_monotonic_time () - t0;
  return n != MPI_UNDEFINED && n > 0;
}

/* Worker 0, between chunks: serve the others if it is time and nobody else is. */
static void
help_dispatch (Dispatcher *d)
{
  gint64 now;

  if (d == NULL || !d->helped || d->workers == 1)
    return;
  now = g_get_monotonic_time ();
  if (now - d->last_us < POLL_EVERY_US || !g_mutex_trylock (&d->lock))
    return;
  d->last_us = now;
  serve_remotes (d);
  g_mutex_unlock (&d->lock);
}

static gboolean
remotes_finished (const Remote *remotes, int workers)
{
  for (int r = 1; r < workers; r++)
    if (!remotes[r].ended || remotes[r].outstanding > 0)
      return FALSE;
  return TRUE;
}

/* Naps until worker 0 is done or nap_us have passed; TRUE when worker 0 is done. */
static gboolean
nap_on_local (struct _CsMpiLocal *local, gint64 nap_us, gboolean forever)
{
  gboolean done;

  g_mutex_lock (&local->lock);
  if (forever)
    while (!local->done)
      g_cond_wait (&local->cond, &local->lock);
  else if (!local->done)
    g_cond_wait_until (&local->cond, &local->lock, g_get_monotonic_time () + nap_us);
  done = local->done;
  g_mutex_unlock (&local->lock);
  return done;
}

static void
start_local (struct _CsMpiLocal *local, Plan *plan, Dispatcher *d)
{
  g_mutex_lock (&local->lock);
  local->plan = plan;
  local->dispatcher = d;
  local->done = FALSE;
  g_clear_pointer (&local->tally.error, g_free);
  local->tally = (Tally) { 0 };
  local->generation++;
  g_cond_broadcast (&local->cond);
  g_mutex_unlock (&local->lock);
}

static gboolean
dispatcher_finished (Dispatcher *d)
{
  gboolean finished;

  g_mutex_lock (&d->lock);
  finished = remotes_finished (d->remotes, d->workers);
  g_mutex_unlock (&d->lock);
  return finished;
}

/* The main thread's turn; FALSE when no message had come in. */
static gboolean
serve_turn (Dispatcher *d)
{
  gboolean served;

  g_mutex_lock (&d->lock);
  served = serve_remotes (d);
  g_mutex_unlock (&d->lock);
  return served;
}

static void
dispatcher_init (Dispatcher *d, const CsMpiJob *job, Plan *plan, int workers, MPI_Comm comm)
{
  *d = (Dispatcher) { 0 };
  g_mutex_init (&d->lock);
  d->plan = plan;
  d->workers = workers;
  d->comm = comm;
  d->remotes = g_new0 (Remote, workers);
  d->requests = g_new (MPI_Request, workers);
  d->which = g_new (int, workers);
  d->helped = job->serialized;
  d->requests[0] = MPI_REQUEST_NULL;
}

static void
dispatcher_clear (Dispatcher *d)
{
  g_mutex_clear (&d->lock);
  g_free (d->remotes);
  g_free (d->requests);
  g_free (d->which);
}

/* Rank 0's main thread during the timed part: feed the others until all are done. */
static void
dispatch (const CsMpiJob *job, CsMpiWorkload *w, Plan *plan, int workers, MPI_Comm comm,
          gint64 *dispatch_us)
{
  Dispatcher d;
  gboolean local_done = FALSE;
  gint64 nap = NAP_MIN_US;

  dispatcher_init (&d, job, plan, workers, comm);
  for (int r = 1; r < workers; r++)
    {
      for (int k = 0; k < CHUNKS_AHEAD && !d.remotes[r].ended; k++)
        send_next (plan, &d.remotes[r], r, comm);
      post_done_receive (d.remotes, d.requests, r, comm);
    }
  start_local (w->local, plan, &d);
  while (!local_done || !dispatcher_finished (&d))
    {
      nap = serve_turn (&d) ? NAP_MIN_US : MIN (nap * 2, NAP_MAX_US);
      if (!local_done)
        local_done = nap_on_local (w->local, nap, workers == 1);
      else if (!dispatcher_finished (&d))
        g_usleep ((gulong) nap);
    }
  /* worker 0 is done and no longer looks at d */
  *dispatch_us += d.busy_us;
  dispatcher_clear (&d);
}

/* Ranks 1..workers-1 during the timed part. */
static void
serve_chunks (const CsMpiJob *job, CsMpiWorkload *w, MPI_Comm comm, Tally *tally)
{
  CsTaskContext ctx;

  init_context (&ctx, job, w->scratch);
  for (;;)
    {
      guint64 msg[2];
      int failed;

      MPI_Recv (msg, 2, MPI_UINT64_T, 0, TAG_CHUNK, comm, MPI_STATUS_IGNORE);
      if (msg[1] == 0)
        break;
      /* after a failure the rest of the chunks only come back unrun */
      if (tally->error == NULL)
        run_chunk (job, w, &ctx, msg[0], msg[1], tally);
      failed = tally->error != NULL;
      MPI_Send (&failed, 1, MPI_INT, 0, TAG_DONE, comm);
    }
}

/* What the ranks add up after the clock stopped. */
typedef struct
{
  guint64 sums[2];     /* checksum (wrapping), tasks */
  double  times[3];    /* user_s, sys_s, dispatch_s */
  long    switches[2]; /* voluntary, involuntary */
  long    max_rss_kb;
  long    memory[2];   /* the active ranks' PSS and peak RSS summed, -1 if one was unknown */
  double  perf[CS_PERF_N_COUNTERS]; /* the active ranks' counters over the pass, summed (NAN:
                                     * a rank's kernel does not expose it) */
  guint64 *rank_tasks; /* rank 0: tasks each active rank ran (load balance, remote dispatch) */
} Totals;

static double
timeval_diff_s (const struct timeval *a, const struct timeval *b)
{
  return (double) (a->tv_sec - b->tv_sec) + (double) (a->tv_usec - b->tv_usec) / 1e6;
}

/* What the active ranks hold together, as process mode counts its workers (cs-proc-memory.h):
 * each rank reads its own /proc on its own host, after the clock stopped (smaps_rollup walks
 * the page tables) and while its workload's buffers are still mapped. */
static void
reduce_memory (MPI_Comm comm, long out[2])
{
  CsMemoryTotal total;
  long mine[2], lowest[2] = { 0, 0 };

  cs_memory_total_init (&total);
  cs_memory_total_add_process (&total, 0);
  mine[0] = (long) total.total_kb;
  mine[1] = (long) total.peak_kb;
  MPI_Reduce (mine, out, 2, MPI_LONG, MPI_SUM, 0, comm);
  MPI_Reduce (mine, lowest, 2, MPI_LONG, MPI_MIN, 0, comm);
  for (guint i = 0; i < 2; i++)
    if (lowest[i] < 0)
      out[i] = -1;
}

static void
reduce_totals (const Tally *tally, const struct rusage *before, const double *perf_before,
               const CsMpiJob *job, MPI_Comm comm, Totals *out)
{
  struct rusage now;
  Totals mine = { { tally->checksum, tally->tasks } };

  cs_perf_counters_read_values (job->perf, mine.perf);
  for (guint i = 0; i < CS_PERF_N_COUNTERS; i++)
    mine.perf[i] -= perf_before[i]; /* NAN stays NAN, and sums to NAN */

  getrusage (RUSAGE_SELF, &now);
  mine.times[0] = timeval_diff_s (&now.ru_utime, &before->ru_utime);
  mine.times[1] = timeval_diff_s (&now.ru_stime, &before->ru_stime);
  mine.times[2] = tally->dispatch_us / 1e6;
  mine.switches[0] = now.ru_nvcsw - before->ru_nvcsw;
  mine.switches[1] = now.ru_nivcsw - before->ru_nivcsw;
  mine.max_rss_kb = now.ru_maxrss;
  /* MPI_SUM on an unsigned type is C's unsigned addition: it wraps mod 2^64, like the engine */
  MPI_Reduce (mine.sums, out->sums, 2, MPI_UINT64_T, MPI_SUM, 0, comm);
  MPI_Reduce (mine.times, out->times, 3, MPI_DOUBLE, MPI_SUM, 0, comm);
  MPI_Reduce (mine.switches, out->switches, 2, MPI_LONG, MPI_SUM, 0, comm);
  MPI_Reduce (&mine.max_rss_kb, &out->max_rss_kb, 1, MPI_LONG, MPI_MAX, 0, comm);
  reduce_memory (comm, out->memory);
  MPI_Reduce (mine.perf, out->perf, CS_PERF_N_COUNTERS, MPI_DOUBLE, MPI_SUM, 0, comm);
  MPI_Gather (&tally->tasks, 1, MPI_UINT64_T, out->rank_tasks, 1, MPI_UINT64_T, 0, comm);
}

static JsonNode *
pass_reply (const CsMpiJob *job, const Totals *t, double wall_s, int workers)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *checksum = g_strdup_printf ("%016" G_GINT64_MODIFIER "x", t->sums[0]);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, TRUE);
#define ADD(kind, name, value)                                                                    \
  json_builder_set_member_name (b, name);                                                         \
  json_builder_add_##kind##_value (b, value)
  ADD (double, "wall_s", wall_s);
  /* the ranks were started before the sweep: Corescope measures mpirun's start-up itself */
  ADD (double, "startup_s", 0.0);
  ADD (double, "dispatch_s", t->times[2]);
  ADD (double, "user_s", t->times[0]);
  ADD (double, "sys_s", t->times[1]);
  ADD (int, "voluntary_cs", t->switches[0]);
  ADD (int, "involuntary_cs", t->switches[1]);
  ADD (int, "max_rss_kb", t->max_rss_kb);
  ADD (int, "mem_total_kb", t->memory[0]);
  ADD (int, "mem_peak_kb", t->memory[1]);
  ADD (int, "tasks", (gint64) t->sums[1]);
  ADD (string, "checksum", checksum);
#undef ADD
  json_builder_set_member_name (b, "perf_counters");
  json_builder_begin_object (b);
  for (guint i = 0; i < CS_PERF_N_COUNTERS; i++)
    if (!isnan (t->perf[i]))
      {
        json_builder_set_member_name (b, cs_perf_counters_name (i));
        json_builder_add_double_value (b, t->perf[i]);
      }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "bindings");
  json_builder_begin_array (b);
  for (int r = 0; r < workers; r++)
    json_builder_add_string_value (b, job->bindings[r]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rank_tasks");
  json_builder_begin_array (b);
  for (int r = 0; r < workers; r++)
    json_builder_add_int_value (b, (gint64) t->rank_tasks[r]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
cs_mpi_error_reply (const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The timed part, on an active rank; returns wall_s on rank 0. */
static double
timed_part (const CsMpiJob *job, CsMpiWorkload *w, Plan *plan, int workers, MPI_Comm comm,
            Tally *tally)
{
  double t0, t1;

  MPI_Barrier (comm);
  t0 = MPI_Wtime ();
  if (job->rank != 0)
    {
      serve_chunks (job, w, comm, tally);
      return 0;
    }
  dispatch (job, w, plan, workers, comm, &tally->dispatch_us);
  t1 = MPI_Wtime ();
  /* worker 0 is done: its counts join the dispatcher's */
  tally->checksum = w->local->tally.checksum;
  tally->tasks = w->local->tally.tasks;
  tally->dispatch_us += w->local->tally.dispatch_us;
  tally->error = g_steal_pointer (&w->local->tally.error);
  return t1 - t0;
}

/* Collective over MPI_COMM_WORLD (ranks >= workers only help make the communicator). */
JsonNode *
cs_mpi_run_pass (CsMpiJob *job, CsMpiWorkload *w, int workers)
{
  MPI_Comm comm = active_comm (job, workers);
  g_autofree char *setup_error = NULL;
  g_autofree char *first_error = NULL;
  Plan plan = { 0 };
  Tally tally = { 0 };
  Totals totals = { { 0 } };
  struct rusage before;
  double perf_before[CS_PERF_N_COUNTERS];
  MPI_Request synced;
  JsonNode *reply;
  double wall_s;

  if (comm == MPI_COMM_NULL)
    return NULL;
  setup_error = ensure_worker (job, w);
  if (!cs_mpi_agree (comm, setup_error, &first_error))
    return job->rank == 0 ? cs_mpi_error_reply (first_error) : NULL;
  plan.total = w->wl->n_tasks * (w->wl->scaling == CS_SCALING_WEAK ? (guint64) workers : 1);
  plan.chunk = w->chunk_size;
  if (job->rank == 0)
    totals.rank_tasks = g_new0 (guint64, workers);
  cs_perf_counters_read_values (job->perf, perf_before);
  getrusage (RUSAGE_SELF, &before);
  wall_s = timed_part (job, w, &plan, workers, comm, &tally);
  /* ranks that finished early wait here without spinning (see cs-mpi-comm.c) */
  MPI_Ibarrier (comm, &synced);
  cs_mpi_wait_napping (&synced);
  reduce_totals (&tally, &before, perf_before, job, comm, &totals);
  if (!cs_mpi_agree (comm, tally.error, &first_error))
    reply = job->rank == 0 ? cs_mpi_error_reply (first_error) : NULL;
  else
    reply = job->rank == 0 ? pass_reply (job, &totals, wall_s, workers) : NULL;
  g_free (tally.error);
  g_free (totals.rank_tasks);
  return reply;
}
