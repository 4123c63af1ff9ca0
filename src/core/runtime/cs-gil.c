/* cs-gil.c: an emulation of CPython's global interpreter lock ("new GIL", CPython >= 3.2)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include "cs-gil.h"

/* The protocol, as in CPython's Python/ceval_gil.c (3.2 to 3.12, FORCE_SWITCHING defined):
 *
 * - The GIL is a boolean `locked` protected by `mutex`, with a condition `cond` that waiters
 *   sleep on. It is not a plain mutex because of what follows.
 *
 * - take_gil(): while the GIL is locked, a thread waits on `cond` for at most the switch
 *   interval (sys.setswitchinterval, 5 ms by default). If that wait timed out AND no switch
 *   happened meanwhile (`switch_number` did not change: the holder kept it the whole interval),
 *   the waiter sets `gil_drop_request`. Then it waits again. When it finally takes the GIL it
 *   becomes `last_holder`, bumps `switch_number` if the holder changed, wakes a thread that is
 *   waiting for the switch (below) and clears a pending drop request.
 *
 * - The running thread polls `gil_drop_request` at its "eval breaker": in CPython between
 *   bytecodes, here in cs_task_checkpoint(), which kernels call every few microseconds. When it
 *   is set the thread calls drop_gil() then take_gil() (cs_gil_yield()).
 *
 * - drop_gil(): clears `locked` and signals `cond`. With FORCE_SWITCHING, if a drop was
 *   requested, the dropping thread then waits on a second condition, `switch_cond`, until
 *   another thread has actually taken the GIL (`last_holder` changed). Without that, the
 *   dropping thread would usually retake the GIL at once, before the woken waiter is scheduled,
 *   and CPU-bound threads would starve I/O threads (the "convoy effect" of the old GIL).
 *
 * - Blocking calls release it around themselves (Py_BEGIN_ALLOW_THREADS = drop_gil(),
 *   Py_END_ALLOW_THREADS = take_gil()): cs_task_begin_blocking()/cs_task_end_blocking().
 *
 * So a CPU-bound thread keeps the GIL for about one switch interval while others wait, and a
 * thread coming back from I/O may wait up to an interval before it runs again: exactly the
 * behaviour CPython programs see. Time is measured with the monotonic clock. */

struct _CsGil
{
  GMutex       mutex;          /* protects locked, switch_number, statistics */
  GCond        cond;           /* signalled when the GIL is dropped */
  gboolean     locked;
  guint64      switch_number;  /* incremented when a different thread takes the GIL */
  CsGilThread *last_holder;    /* read under either mutex, written under both */
  gint64       interval_us;

  GMutex       switch_mutex;   /* FORCE_SWITCHING: lets the dropper wait for the switch */
  GCond        switch_cond;

  gint         drop_request;   /* the eval breaker's flag: atomic */

  /* statistics, under mutex (those written by take_gil() under both mutexes) */
  guint64      switches;
  gint64       wait_us;
  guint64      drop_requests;
  guint64      forced_handovers;
  guint64      handovers;
  gint64       handover_us;
  gint64       drop_time;      /* when the GIL was last dropped */
  gboolean     forced_pending; /* under switch_mutex: a dropper waits for this switch */
};

struct _CsGilThread
{
  CsGil   *gil;
  gboolean holding;  /* only touched by the thread itself */
};

CsGil *
cs_gil_new (double switch_interval_s)
{
  CsGil *gil = g_new0 (CsGil, 1);

  g_mutex_init (&gil->mutex);
  g_cond_init (&gil->cond);
  g_mutex_init (&gil->switch_mutex);
  g_cond_init (&gil->switch_cond);
  cs_gil_set_switch_interval (gil, switch_interval_s);
  return gil;
}

void
cs_gil_free (CsGil *gil)
{
  if (gil == NULL)
    return;
  g_assert (!gil->locked);
  g_mutex_clear (&gil->mutex);
  g_cond_clear (&gil->cond);
  g_mutex_clear (&gil->switch_mutex);
  g_cond_clear (&gil->switch_cond);
  g_free (gil);
}

void
cs_gil_set_switch_interval (CsGil *gil, double seconds)
{
  g_return_if_fail (gil != NULL);
  /* CPython clamps the interval to at least 1 µs. */
  g_mutex_lock (&gil->mutex);
  gil->interval_us = MAX ((gint64) (seconds * G_USEC_PER_SEC + 0.5), 1);
  g_mutex_unlock (&gil->mutex);
}

double
cs_gil_get_switch_interval (CsGil *gil)
{
  g_return_val_if_fail (gil != NULL, 0);
  g_mutex_lock (&gil->mutex);
  double s = (double) gil->interval_us / G_USEC_PER_SEC;
  g_mutex_unlock (&gil->mutex);
  return s;
}

const gint *
cs_gil_get_drop_request (CsGil *gil)
{
  return &gil->drop_request;
}

CsGilThread *
cs_gil_thread_new (CsGil *gil)
{
  CsGilThread *thread = g_new0 (CsGilThread, 1);
  thread->gil = gil;
  return thread;
}

void
cs_gil_thread_free (CsGilThread *thread)
{
  if (thread == NULL)
    return;
  g_assert (!thread->holding);
  g_free (thread);
}

/* CPython's take_gil(). */
void
cs_gil_acquire (CsGil *gil, CsGilThread *thread)
{
  g_assert (!thread->holding);

  g_mutex_lock (&gil->mutex);
  gint64 start = g_get_monotonic_time ();

  while (gil->locked)
    {
      guint64 saved_switch_number = gil->switch_number;
      gint64 deadline = g_get_monotonic_time () + gil->interval_us;
      gboolean signalled = g_cond_wait_until (&gil->cond, &gil->mutex, deadline);

      /* Timed out and the holder kept the GIL the whole interval: ask it to drop. */
      if (!signalled && gil->locked && gil->switch_number == saved_switch_number)
        {
          g_atomic_int_set (&gil->drop_request, 1);
          gil->drop_requests++;
        }
    }

  gint64 now = g_get_monotonic_time ();
  g_mutex_lock (&gil->switch_mutex);
  gil->locked = TRUE;
  if (gil->last_holder != thread)
    {
      if (gil->last_holder != NULL)
        gil->switches++;
      gil->last_holder = thread;
      gil->switch_number++;
    }
  /* A hand-over: this thread was already waiting when the GIL was dropped. */
  if (start < gil->drop_time)
    {
      gil->handovers++;
      gil->handover_us += now - gil->drop_time;
    }
  if (gil->forced_pending)
    {
      gil->forced_handovers++;
      gil->forced_pending = FALSE;
    }
  /* Wake a forced dropper waiting for this switch. */
  g_cond_signal (&gil->switch_cond);
  g_mutex_unlock (&gil->switch_mutex);

  gil->wait_us += now - start;
  if (g_atomic_int_get (&gil->drop_request))
    g_atomic_int_set (&gil->drop_request, 0);
  g_mutex_unlock (&gil->mutex);

  thread->holding = TRUE;
}

/* CPython's drop_gil(), FORCE_SWITCHING included. */
void
cs_gil_release (CsGil *gil, CsGilThread *thread)
{
  g_assert (thread->holding);
  thread->holding = FALSE;

  g_mutex_lock (&gil->mutex);
  gil->locked = FALSE;
  gil->drop_time = g_get_monotonic_time ();
  g_cond_signal (&gil->cond);
  g_mutex_unlock (&gil->mutex);

  /* As CPython, look at the request only after the GIL is free. */
  if (!g_atomic_int_get (&gil->drop_request))
    return;

  /* Somebody asked for the GIL: do not retake it before they got it. The check of last_holder
   * and the wait are under switch_mutex, which take_gil() holds while it changes last_holder,
   * so the wake-up cannot be lost. A thread that takes the GIL always signals, so the loop ends
   * as soon as any other thread holds it. (If a waiter already took it, there is nothing to
   * wait for.) */
  g_mutex_lock (&gil->switch_mutex);
  if (gil->last_holder == thread)
    {
      g_atomic_int_set (&gil->drop_request, 0);
      gil->forced_pending = TRUE;
      while (gil->last_holder == thread)
        g_cond_wait (&gil->switch_cond, &gil->switch_mutex);
    }
  g_mutex_unlock (&gil->switch_mutex);
}

gboolean
cs_gil_is_held_by (CsGil *gil, CsGilThread *thread)
{
  return thread->holding;
}

void
cs_gil_yield (CsGil *gil, CsGilThread *thread)
{
  cs_gil_release (gil, thread);
  cs_gil_acquire (gil, thread);
}

void
cs_task_begin_blocking (CsTaskContext *ctx)
{
  int saved_errno = errno;

  if (ctx->gil != NULL)
    cs_gil_release (ctx->gil, ctx->gil_thread);
  errno = saved_errno;
}

void
cs_task_end_blocking (CsTaskContext *ctx)
{
  /* Kernels read errno after the blocking call, so the lock's own futex and timed waits must
   * not clobber it; CPython's PyEval_RestoreThread saves and restores errno the same way. */
  int saved_errno = errno;

  if (ctx->gil != NULL)
    cs_gil_acquire (ctx->gil, ctx->gil_thread);
  errno = saved_errno;
}

void
cs_gil_reset_stats (CsGil *gil)
{
  g_mutex_lock (&gil->mutex);
  g_assert (!gil->locked);
  g_mutex_lock (&gil->switch_mutex);
  gil->last_holder = NULL;
  g_mutex_unlock (&gil->switch_mutex);
  gil->switches = 0;
  gil->wait_us = 0;
  gil->drop_requests = 0;
  gil->forced_handovers = 0;
  gil->handovers = 0;
  gil->handover_us = 0;
  gil->forced_pending = FALSE;
  g_atomic_int_set (&gil->drop_request, 0);
  g_mutex_unlock (&gil->mutex);
}

void
cs_gil_get_stats (CsGil *gil, CsGilStats *stats)
{
  g_mutex_lock (&gil->mutex);
  stats->switches = gil->switches;
  stats->wait_s = (double) gil->wait_us / G_USEC_PER_SEC;
  stats->drop_requests = gil->drop_requests;
  stats->forced_handovers = gil->forced_handovers;
  stats->handovers = gil->handovers;
  stats->handover_s = (double) gil->handover_us / G_USEC_PER_SEC;
  g_mutex_unlock (&gil->mutex);
}
