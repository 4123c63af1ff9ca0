/* cs-window-checks.c: the checks before a sweep starts, and the reasons a finished one failed
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-window"

#include <glib/gi18n.h>

#include "cs-headline.h"
#include "cs-python-check.h"
#include "cs-window-private.h"

/* A user's function that cannot load fails every run of the sweep, each after an interpreter
 * started; what can be read without running it (the file exists, parses, defines the function)
 * is checked first, in a thread (it starts python3), and the sweep is refused with the reason.
 * After a sweep, failed runs are said where the user looks: a toast with the first reason. */

/* Shows message in a toast and keeps it: what the user last read about a failure. */
void
_cs_window_show_failure (CsWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_failure);
  self->last_failure = g_strdup (message);
  /* A reason must stay until it is read, not go with the usual five seconds. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
cs_window_get_last_failure (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->last_failure;
}

/* A cancelled sweep says first that it was cancelled and what is kept, then the failures:
 * "the 0 runs measured so far are kept" read as if the one that timed out was lost (#18). */
static char *
describe_cancelled_failures (const CsResult *result, guint n_failed, const char *reason)
{
  guint n = result->runs->len;

  if (n == 1)
    return g_strdup_printf (_("Sweep cancelled: the run so far is kept, and it failed: %s"),
                            reason);
  if (n_failed == n)
    /* Translators: "Sweep cancelled: the 2 runs so far are kept, all failed: …" */
    return g_strdup_printf (ngettext ("Sweep cancelled: the %u run so far is kept, all failed: %s",
                                      "Sweep cancelled: the %u runs so far are kept, all failed: "
                                      "%s", n),
                            n, reason);
  /* Translators: "Sweep cancelled: the 5 runs so far are kept, 2 failed: …" */
  return g_strdup_printf (ngettext ("Sweep cancelled: the %u run so far is kept, %u failed: %s",
                                    "Sweep cancelled: the %u runs so far are kept, %u failed: %s",
                                    n),
                          n, n_failed, reason);
}

/* "The sweep failed: …" when no run succeeded, "3 of 12 runs failed: …" when some did, and
 * what a cancelled sweep kept; NULL when none failed. */
char *
_cs_window_describe_failures (const CsResult *result)
{
  const CsRun *first = cs_result_first_failure (result);
  guint n_failed = cs_result_count_failures (result);
  const char *reason;

  if (first == NULL)
    return NULL;
  reason = first->reason != NULL ? first->reason : cs_run_status_to_string (first->status);
  if (!result->complete)
    return describe_cancelled_failures (result, n_failed, reason);
  if (n_failed == result->runs->len)
    /* Translators: %s is the first run's reason, "job.py:work: ZeroDivisionError: ..." */
    return g_strdup_printf (_("The sweep failed: %s"), reason);
  /* Translators: "3 of 12 runs failed: job.py:work: ZeroDivisionError: ..." */
  return g_strdup_printf (ngettext ("%u of %u run failed: %s", "%u of %u runs failed: %s",
                                    result->runs->len),
                          n_failed, result->runs->len, reason);
}

/* ---- before the sweep -------------------------------------------------------------------- */

static void
check_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (cs_python_check_user_function (data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (source);
  CsSweepRequest *request = user_data;
  g_autoptr (GError) error = NULL;

  self->checking = FALSE;
  if (!self->disposed)
    {
      if (g_task_propagate_boolean (G_TASK (result), &error))
        _cs_window_start_job (self, request);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _cs_window_show_failure (self, error->message);
      _cs_window_update_actions (self);
    }
  cs_sweep_request_unref (request);
}

/* Starts request now when nothing needs checking, else once the checks pass (takes request). */
void
_cs_window_check_and_start (CsWindow *self, CsSweepRequest *request)
{
  const CsParams *params = cs_run_panel_get_params (self->run_panel);
  g_autoptr (GTask) task = NULL;

  if (params == NULL || !cs_params_has (params, "file"))
    {
      _cs_window_start_job (self, request);
      cs_sweep_request_unref (request);
      return;
    }
  self->checking = TRUE;
  _cs_window_update_actions (self);
  task = g_task_new (self, NULL, on_checked, request);
  g_task_set_task_data (task, cs_params_copy (params), (GDestroyNotify) cs_params_free);
  g_task_run_in_thread (task, check_in_thread);
}

gboolean
cs_window_is_checking (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);
  return self->checking;
}
