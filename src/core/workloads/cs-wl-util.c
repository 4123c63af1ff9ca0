/* cs-wl-util.c: small helpers shared by the preset kernels
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib/gi18n-lib.h>

#include "cs-wl-util.h"

guint64
_cs_wl_spin (CsTaskContext *ctx, guint64 iterations, guint64 seed)
{
  guint64 x = seed | 1;

  for (guint64 i = 0; i < iterations; i++)
    {
      /* xorshift64: a dependent chain the compiler cannot shorten or vectorise */
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      if ((i & 1023) == 1023)
        cs_task_checkpoint (ctx);
    }
  return x;
}

static gpointer
measure_spin_rate (gpointer data)
{
  gint zero = 0;
  CsTaskContext ctx = { .cancelled = &zero };
  guint64 iters = 1 << 16;
  double best = 0;

  /* Grow the batch to about 5 ms, then keep the best of a few batches: the best is the least
   * disturbed by other processes sharing the core. */
  for (int round = 0; round < 40; round++)
    {
      gint64 t0 = g_get_monotonic_time ();
      volatile guint64 sink = _cs_wl_spin (&ctx, iters, round + 1);
      gint64 dt = g_get_monotonic_time () - t0;

      (void) sink;
      if (dt < 5000)
        {
          iters *= 2;
          continue;
        }
      best = MAX (best, iters / (dt * 1e-6));
      if (round > 20)
        break;
    }
  *(double *) data = best;
  return data;
}

double
_cs_wl_spin_rate (void)
{
  static GOnce once = G_ONCE_INIT;
  static double rate;

  g_once (&once, measure_spin_rate, &rate);
  return rate;
}

gboolean
_cs_wl_blocking_sleep (CsTaskContext *ctx, double seconds)
{
  struct timespec deadline;
  gboolean done = FALSE;

  clock_gettime (CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += (time_t) seconds;
  deadline.tv_nsec += (long) ((seconds - (time_t) seconds) * 1e9);
  if (deadline.tv_nsec >= 1000000000L)
    {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000L;
    }

  cs_task_begin_blocking (ctx);
  /* Sleep in slices of at most 50 ms so that a cancelled run stops promptly. */
  while (!done && !cs_task_is_cancelled (ctx))
    {
      struct timespec now, slice;

      clock_gettime (CLOCK_MONOTONIC, &now);
      slice = now;
      slice.tv_nsec += 50000000L;
      if (slice.tv_nsec >= 1000000000L)
        {
          slice.tv_sec++;
          slice.tv_nsec -= 1000000000L;
        }
      if (slice.tv_sec > deadline.tv_sec
          || (slice.tv_sec == deadline.tv_sec && slice.tv_nsec >= deadline.tv_nsec))
        {
          slice = deadline;
          done = TRUE;
        }
      while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &slice, NULL) == EINTR)
        ;
    }
  cs_task_end_blocking (ctx);
  return done;
}

void
_cs_wl_env_set_uint64 (CsWorkload *wl, const char *key, guint64 value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  cs_workload_set_env (wl, key, buf);
}

gboolean
_cs_wl_env_get_uint64 (CsWorkload *wl, const char *key, guint64 *value, GError **error)
{
  const char *str = cs_workload_get_env (wl, key);

  if (str != NULL && g_ascii_string_to_unsigned (str, 10, 0, G_MAXUINT64, value, NULL))
    return TRUE;
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
               _("%s: the workload environment lacks %s (was prepare() run?)"),
               wl->preset->name, key);
  return FALSE;
}

guint64
_cs_wl_available_memory (void)
{
  g_autofree char *contents = NULL;
  const char *line;
  guint64 kib = 0;

  if (!g_file_get_contents ("/proc/meminfo", &contents, NULL, NULL))
    return 0;
  line = strstr (contents, "MemAvailable:");
  if (line == NULL || sscanf (line, "MemAvailable: %" G_GUINT64_FORMAT, &kib) != 1)
    return 0;
  return kib * 1024;
}
