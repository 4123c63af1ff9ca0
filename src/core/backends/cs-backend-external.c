/* cs-backend-external.c: runs of presets that run as a whole (the user's command), and one run
 * of a backend by name for tests and benchmarks
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-backend"

#include <sys/resource.h>

#include "cs-backend-private.h"

#define POLL_US (50 * G_USEC_PER_SEC / 1000)

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

void
_cs_backend_run_external (CsWorkload *wl, const CsPassOptions *options, CsRun *run)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  ExternalWatch watch = { cancellable, options->cancelled, 0, 0, 0 };
  struct rusage before, after;
  GError *error = NULL;
  guint64 checksum = 0;

  if (options->timeout_s > 0)
    watch.deadline = g_get_monotonic_time () + (gint64) (options->timeout_s * 1e6);
  GThread *watcher = g_thread_new ("cs-external-watch", external_watch_main, &watch);
  getrusage (RUSAGE_CHILDREN, &before);

  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = wl->preset->run_external (wl, options->n_workers, run->rep, &checksum,
                                          cancellable, &error);
  gint64 t1 = g_get_monotonic_time ();

  g_atomic_int_set (&watch.done, 1);
  g_thread_join (watcher);
  getrusage (RUSAGE_CHILDREN, &after);
  run->wall_s = (t1 - t0) / 1e6;
  add_rusage_delta (run, &before, &after);
  run->checksum = checksum;
  run->tasks = ok ? 1 : 0;
  if (ok)
    _cs_run_set_status (run, CS_RUN_OK, NULL);
  else if (g_atomic_int_get (&watch.timed_out))
    _cs_run_set_status (run, CS_RUN_TIMEOUT, _("the run took longer than the timeout"));
  else if (g_atomic_int_get (options->cancelled))
    _cs_run_set_status (run, CS_RUN_CANCELLED, NULL);
  else
    _cs_run_set_status (run, CS_RUN_FAILED, error != NULL ? error->message : NULL);
  g_clear_error (&error);
}

/* For tests and benchmarks: one run of a backend with its default options changed by
 * assignments ("pool=persistent"). */
gboolean
cs_engine_run (const char         *backend_name,
               const char *const  *options,
               CsWorkload         *wl,
               const CsPassOptions *pass,
               CsRun              *run)
{
  const CsBackend *backend = cs_backends_lookup (backend_name, NULL);
  g_autoptr (CsParams) params = NULL;
  g_autoptr (CsBackendSession) session = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (backend != NULL, FALSE);
  params = cs_backend_options_new (backend);
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    if (!cs_params_parse_assignment (params, options[i], &error))
      g_error ("cs_engine_run: %s", error->message);
  session = cs_backend_session_open (backend, params, &error);
  if (session == NULL)
    {
      run->mode = cs_backend_get_mode (backend);
      run->workers = pass->n_workers;
      _cs_run_set_status (run, CS_RUN_FAILED, error->message);
      return FALSE;
    }
  return cs_backend_session_run (session, wl, pass, run);
}
