/* test-gil.c: the emulated CPython GIL: mutual exclusion, switch interval, blocking sections
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include "cs-gil.h"

typedef struct
{
  CsGil        *gil;
  CsTaskContext ctx;
  gint         *inside;      /* threads currently running a kernel under the GIL */
  gint         *max_inside;
  gint         *stop;
  guint64       iterations;
  gint64        run_us;      /* how long to run */
} Spinner;

static void
spinner_init (Spinner *s, CsGil *gil, gint *inside, gint *max_inside, gint *stop, gint64 run_us)
{
  static const gint never = 0;

  *s = (Spinner) { 0 };
  s->gil = gil;
  s->inside = inside;
  s->max_inside = max_inside;
  s->stop = stop;
  s->run_us = run_us;
  s->ctx.cancelled = &never;
  s->ctx.gil = gil;
  s->ctx.gil_thread = cs_gil_thread_new (gil);
  s->ctx.gil_drop_request = cs_gil_get_drop_request (gil);
}

/* A CPU-bound "kernel": marks itself inside, spins a little, checks no one else is inside,
 * leaves, and polls the eval breaker, like bytecode would. */
static gpointer
spinner_main (gpointer data)
{
  Spinner *s = data;
  gint64 end = g_get_monotonic_time () + s->run_us;

  cs_gil_acquire (s->gil, s->ctx.gil_thread);
  while (g_get_monotonic_time () < end && !g_atomic_int_get (s->stop))
    {
      gint now = g_atomic_int_add (s->inside, 1) + 1;
      gint max;
      while ((max = g_atomic_int_get (s->max_inside)) < now &&
             !g_atomic_int_compare_and_exchange (s->max_inside, max, now))
        ;
      for (volatile int i = 0; i < 200; i++)
        ;
      g_atomic_int_add (s->inside, -1);
      s->iterations++;
      cs_task_checkpoint (&s->ctx);
    }
  cs_gil_release (s->gil, s->ctx.gil_thread);
  return NULL;
}

/* Runs n spinners for run_us; returns the statistics. */
static void
run_spinners (double interval_s, guint n, gint64 run_us, CsGilStats *stats, gint *max_inside,
              guint64 *min_iterations)
{
  CsGil *gil = cs_gil_new (interval_s);
  g_autofree Spinner *spinners = g_new0 (Spinner, n);
  g_autofree GThread **threads = g_new0 (GThread *, n);
  gint inside = 0, stop = 0;

  *max_inside = 0;
  for (guint i = 0; i < n; i++)
    spinner_init (&spinners[i], gil, &inside, max_inside, &stop, run_us);
  for (guint i = 0; i < n; i++)
    threads[i] = g_thread_new ("spinner", spinner_main, &spinners[i]);
  *min_iterations = G_MAXUINT64;
  for (guint i = 0; i < n; i++)
    {
      g_thread_join (threads[i]);
      *min_iterations = MIN (*min_iterations, spinners[i].iterations);
      cs_gil_thread_free (spinners[i].ctx.gil_thread);
    }
  cs_gil_get_stats (gil, stats);
  cs_gil_free (gil);
}

static void
test_exclusive (void)
{
  CsGilStats stats;
  gint max_inside;
  guint64 min_iterations;

  run_spinners (0.001, 3, 200 * 1000, &stats, &max_inside, &min_iterations);
  /* Never two kernels at once, yet everyone ran and the GIL changed hands. */
  g_assert_cmpint (max_inside, ==, 1);
  g_assert_cmpuint (min_iterations, >, 0);
  g_assert_cmpuint (stats.switches, >, 0);
  g_assert_cmpuint (stats.drop_requests, >, 0);
}

/* Two CPU-bound threads for 0.4 s: the holder keeps the GIL about one switch interval, so
 * switches ≈ duration / interval. A loaded machine delays wake-ups, which only lowers the
 * count: the upper bounds (never more often than the interval allows) are tight, the lower
 * bounds wide, and 1 ms vs 20 ms stay clearly apart. */
static void
test_switch_interval (void)
{
  const gint64 run_us = 400 * 1000;
  CsGilStats fast, slow;
  gint max_inside;
  guint64 min_iterations;

  run_spinners (0.001, 2, run_us, &fast, &max_inside, &min_iterations);
  g_assert_cmpint (max_inside, ==, 1);
  run_spinners (0.020, 2, run_us, &slow, &max_inside, &min_iterations);
  g_assert_cmpint (max_inside, ==, 1);

  g_test_message ("switches: %" G_GUINT64_FORMAT " at 1 ms, %" G_GUINT64_FORMAT " at 20 ms",
                  fast.switches, slow.switches);
  /* 0.4 s / 1 ms = 400 expected; 0.4 s / 20 ms = 20 expected. */
  g_assert_cmpuint (fast.switches, <=, 400 + 40);
  g_assert_cmpuint (fast.switches, >=, 400 / 10);
  g_assert_cmpuint (slow.switches, <=, 20 + 4);
  g_assert_cmpuint (slow.switches, >=, 20 / 4);
  g_assert_cmpuint (fast.switches, >, 2 * slow.switches);
  /* Every switch between CPU-bound threads comes from a drop request, and is a hand-over to a
   * thread that was waiting. */
  g_assert_cmpuint (fast.drop_requests, >=, fast.switches - 2);
  g_assert_cmpuint (fast.handovers, >=, fast.switches - 2);
  g_assert_cmpfloat (fast.handover_s, >, 0);
}

static void
test_switch_interval_setting (void)
{
  CsGil *gil = cs_gil_new (0.005);

  g_assert_cmpfloat_with_epsilon (cs_gil_get_switch_interval (gil), 0.005, 1e-9);
  cs_gil_set_switch_interval (gil, 0.0001);
  g_assert_cmpfloat_with_epsilon (cs_gil_get_switch_interval (gil), 0.0001, 1e-9);
  /* As in CPython, the interval never drops below 1 µs. */
  cs_gil_set_switch_interval (gil, 0);
  g_assert_cmpfloat_with_epsilon (cs_gil_get_switch_interval (gil), 1e-6, 1e-12);
  cs_gil_free (gil);
}

typedef struct
{
  CsGil  *gil;
  gint64  waited_us;
  gint    acquired;
} Taker;

static gpointer
taker_main (gpointer data)
{
  Taker *t = data;
  CsGilThread *thread = cs_gil_thread_new (t->gil);
  gint64 start = g_get_monotonic_time ();

  cs_gil_acquire (t->gil, thread);
  t->waited_us = g_get_monotonic_time () - start;
  g_atomic_int_set (&t->acquired, 1);
  cs_gil_release (t->gil, thread);
  cs_gil_thread_free (thread);
  return NULL;
}

/* While the holder is inside a blocking section, another thread gets the GIL at once. */
static void
test_blocking_releases (void)
{
  CsGil *gil = cs_gil_new (0.005);
  static const gint never = 0;
  CsTaskContext ctx = { .cancelled = &never, .gil = gil };
  Taker taker = { gil, 0, 0 };
  GThread *thread;

  ctx.gil_thread = cs_gil_thread_new (gil);
  ctx.gil_drop_request = cs_gil_get_drop_request (gil);
  cs_gil_acquire (gil, ctx.gil_thread);
  g_assert_true (cs_gil_is_held_by (gil, ctx.gil_thread));

  cs_task_begin_blocking (&ctx);
  g_assert_false (cs_gil_is_held_by (gil, ctx.gil_thread));
  thread = g_thread_new ("taker", taker_main, &taker);
  /* "Block" until the other thread got the GIL; give up after 2 s. */
  for (int i = 0; i < 2000 && !g_atomic_int_get (&taker.acquired); i++)
    g_usleep (1000);
  g_assert_true (g_atomic_int_get (&taker.acquired));
  cs_task_end_blocking (&ctx);
  g_assert_true (cs_gil_is_held_by (gil, ctx.gil_thread));
  g_thread_join (thread);
  cs_gil_release (gil, ctx.gil_thread);

  cs_gil_thread_free (ctx.gil_thread);
  cs_gil_free (gil);
}

/* A holder that never reaches a checkpoint keeps the GIL: the waiter waits the whole time, the
 * wait is counted, and it asked for a drop after one interval. */
static void
test_wait_statistics (void)
{
  CsGil *gil = cs_gil_new (0.002);
  CsGilThread *holder = cs_gil_thread_new (gil);
  Taker taker = { gil, 0, 0 };
  CsGilStats stats;
  GThread *thread;

  cs_gil_acquire (gil, holder);
  thread = g_thread_new ("taker", taker_main, &taker);
  g_usleep (60 * 1000);
  g_assert_false (g_atomic_int_get (&taker.acquired));
  g_assert_cmpint (g_atomic_int_get (cs_gil_get_drop_request (gil)), ==, 1);
  cs_gil_release (gil, holder);  /* forced: waits until the taker has it */
  g_thread_join (thread);

  cs_gil_get_stats (gil, &stats);
  g_assert_cmpint (taker.waited_us, >=, 55 * 1000);
  g_assert_cmpfloat (stats.wait_s, >=, 0.055);
  g_assert_cmpuint (stats.switches, ==, 1);
  g_assert_cmpuint (stats.drop_requests, >=, 1);
  g_assert_cmpuint (stats.handovers, ==, 1);
  g_assert_cmpuint (stats.forced_handovers, <=, 1);
  g_assert_cmpfloat (stats.handover_s, <, 0.05);

  cs_gil_reset_stats (gil);
  cs_gil_get_stats (gil, &stats);
  g_assert_cmpuint (stats.switches, ==, 0);
  g_assert_cmpfloat (stats.wait_s, ==, 0);
  cs_gil_thread_free (holder);
  cs_gil_free (gil);
}

static gpointer
holder_main (gpointer data)
{
  Taker *t = data;
  CsGilThread *thread = cs_gil_thread_new (t->gil);

  cs_gil_acquire (t->gil, thread);
  g_atomic_int_set (&t->acquired, 1);
  g_usleep (30 * 1000); /* no checkpoint: the other thread's reacquire has to wait, timed */
  cs_gil_release (t->gil, thread);
  cs_gil_thread_free (thread);
  return NULL;
}

/* A kernel reads errno after its blocking call, and waiting for the GIL back must not change it
 * (CPython restores errno in PyEval_RestoreThread for the same reason). */
static void
test_blocking_keeps_errno (void)
{
  CsGil *gil = cs_gil_new (0.002);
  static const gint never = 0;
  CsTaskContext ctx = { .cancelled = &never, .gil = gil };
  Taker holder = { gil, 0, 0 };
  GThread *thread;

  ctx.gil_thread = cs_gil_thread_new (gil);
  ctx.gil_drop_request = cs_gil_get_drop_request (gil);
  cs_gil_acquire (gil, ctx.gil_thread);
  cs_task_begin_blocking (&ctx);
  thread = g_thread_new ("holder", holder_main, &holder);
  for (int i = 0; i < 2000 && !g_atomic_int_get (&holder.acquired); i++)
    g_usleep (1000);
  g_assert_true (g_atomic_int_get (&holder.acquired));
  errno = EFBIG; /* what the blocking write() said */
  cs_task_end_blocking (&ctx);
  g_assert_cmpint (errno, ==, EFBIG);
  g_assert_true (cs_gil_is_held_by (gil, ctx.gil_thread));
  cs_gil_release (gil, ctx.gil_thread);
  g_thread_join (thread);
  cs_gil_thread_free (ctx.gil_thread);
  cs_gil_free (gil);
}

/* Outside gil mode the kernel hooks do nothing. */
static void
test_no_gil (void)
{
  static const gint never = 0;
  CsTaskContext ctx = { .cancelled = &never };

  cs_task_checkpoint (&ctx);
  cs_task_begin_blocking (&ctx);
  cs_task_end_blocking (&ctx);
  g_assert_false (cs_task_is_cancelled (&ctx));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gil/exclusive", test_exclusive);
  g_test_add_func ("/gil/switch-interval", test_switch_interval);
  g_test_add_func ("/gil/switch-interval-setting", test_switch_interval_setting);
  g_test_add_func ("/gil/blocking-releases", test_blocking_releases);
  g_test_add_func ("/gil/blocking-keeps-errno", test_blocking_keeps_errno);
  g_test_add_func ("/gil/wait-statistics", test_wait_statistics);
  g_test_add_func ("/gil/no-gil", test_no_gil);
  return g_test_run ();
}
