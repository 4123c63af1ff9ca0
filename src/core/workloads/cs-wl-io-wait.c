/* cs-wl-io-wait.c: the "io-wait" preset: tasks that block, like requests waiting on a network
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <poll.h>
#include <sys/prctl.h>
#include <time.h>

#include "cs-presets-private.h"

/* A task is a real blocking wait in the kernel (poll() with no descriptors, or nanosleep()), as
 * a thread blocked on a socket is: it uses no CPU and, like every blocking call in CPython, it
 * releases the GIL around the wait. Waits are cut into slices of at most 100 ms so that a
 * cancelled run stops within that time. */

#define SLICE_S 0.1

static const char *const wait_choices[] = { "poll", "nanosleep", NULL };

typedef struct
{
  double   latency_s;
  gboolean use_poll;
} IoWaitPriv;

static const CsParamSpec io_wait_params[] = {
  { "tasks", CS_PARAM_INT, "32", 1, 1000000, N_("requests"), N_("Requests"),
    N_("How many requests the job makes (strong scaling) or each worker makes (weak)."),
    NULL },
  { "latency", CS_PARAM_DURATION, "10ms", 0, 60, NULL, N_("Latency"),
    N_("How long each request waits, as for a reply from a remote server."), NULL },
  { "wait", CS_PARAM_CHOICE, "poll", 0, 0, NULL, N_("Wait call"),
    N_("The blocking system call used to wait."), wait_choices },
};

static gboolean
io_wait_prepare (CsWorkload *wl, GError **error)
{
  wl->n_tasks = (guint64) cs_params_get_int (wl->params, "tasks");
  return TRUE;
}

static gboolean
io_wait_attach (CsWorkload *wl, GError **error)
{
  IoWaitPriv *priv = g_new0 (IoWaitPriv, 1);

  priv->latency_s = cs_params_get_duration (wl->params, "latency");
  priv->use_poll = g_str_equal (cs_params_get_string (wl->params, "wait"), "poll");
  wl->priv = priv;
  return TRUE;
}

/* Linux delays timer wake-ups of ordinary threads by up to 50 µs (the timer slack) to batch
 * them: harmless for 10 ms waits, a 25 % error for 200 µs ones. Every worker asks for the
 * smallest slack, in its own thread (the setting is per thread). */
static gpointer
io_wait_worker_new (CsWorkload *wl, guint worker_index, GError **error)
{
  prctl (PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  return NULL;
}

/* Blocks for seconds in one system call, restarted after signals until the time is up. */
static void
block_for (double seconds, gboolean use_poll)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  gint64 left;

  /* ppoll() rather than poll(): poll() rounds up to whole milliseconds, which would turn a
   * 200 µs latency into 1 ms. */
  while ((left = end - g_get_monotonic_time ()) > 0)
    {
      struct timespec ts = { left / G_USEC_PER_SEC, (left % G_USEC_PER_SEC) * 1000 };
      if (use_poll)
        ppoll (NULL, 0, &ts, NULL);
      else
        nanosleep (&ts, NULL);
    }
}

static gboolean
io_wait_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
                  CsTaskOutput *output, GError **error)
{
  const IoWaitPriv *priv = wl->priv;
  double left = priv->latency_s;

  cs_task_begin_blocking (ctx);
  while (left > 0 && !cs_task_is_cancelled (ctx))
    {
      double slice = MIN (left, SLICE_S);
      block_for (slice, priv->use_poll);
      left -= slice;
    }
  cs_task_end_blocking (ctx);
  output->checksum = (task + 1) * 0x9E3779B97F4A7C15ull;
  return TRUE;
}

static void
io_wait_detach (CsWorkload *wl)
{
  g_clear_pointer (&wl->priv, g_free);
}

/* Waits overlap in every mode: each worker waits for its share of the tasks one after another. */
static double
io_wait_estimate_s (const CsParams *params, const CsRunShape *shape)
{
  double tasks = cs_params_get_int (params, "tasks") * shape->work_factor;

  return ceil (tasks / shape->workers) * cs_params_get_duration (params, "latency");
}

const CsPreset cs_preset_io_wait = {
  .name = "io-wait",
  .title = N_("I/O wait: simulated network latency"),
  .summary = N_("Tasks that block in the kernel, as requests waiting for a server."),
  .description = N_("Each task waits for a fixed latency in a real blocking system call, using "
                    "no CPU. Waiting releases the global interpreter lock, so waits overlap in "
                    "every mode."),
  .expected = N_("All modes speed up almost linearly, far beyond the number of cores, until "
                 "there are as many workers as tasks; gil keeps up with thread."),
  .icon_name = "network-transmit-receive-symbolic",
  .category = CS_CATEGORY_IO,
  .work_unit = "requests",
  .throughput_unit = NULL,
  .params = io_wait_params,
  .n_params = G_N_ELEMENTS (io_wait_params),
  .estimate_s = io_wait_estimate_s,
  .prepare = io_wait_prepare,
  .attach = io_wait_attach,
  .worker_new = io_wait_worker_new,
  .run_task = io_wait_run_task,
  .detach = io_wait_detach,
};
