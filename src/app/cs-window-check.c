/* cs-window-check.c: win.check-system, `corescope check` in the window
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-window"

#include <glib/gi18n.h>

#include "cs-system-check.h"
#include "cs-window-private.h"

/* The check samples /proc for half a second: in a GTask thread, never on the main loop. The
 * findings are shown in a dialog, each with what to do about it, worst first in the heading. */

#define CHECK_INTERVAL_S 0.5

static void
check_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_task_return_pointer (task, cs_system_check_run (NULL, CHECK_INTERVAL_S),
                         (GDestroyNotify) cs_system_check_free);
}

static const char *
heading_for (CsCheckSeverity worst)
{
  switch (worst)
    {
    case CS_CHECK_WARNING:
      return _("This Machine Will Disturb Measurements");
    case CS_CHECK_NOTE:
      return _("This Machine Is Fit to Measure, with Notes");
    case CS_CHECK_OK:
    case CS_CHECK_NOT_EXPOSED:
    default:
      return _("This Machine Is Quiet");
    }
}

static char *
format_findings (const CsSystemCheck *check)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < check->findings->len; i++)
    {
      const CsCheckFinding *f = g_ptr_array_index (check->findings, i);

      g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "",
                              cs_check_severity_to_string (f->severity), f->summary);
      if (f->advice != NULL)
        g_string_append_printf (text, "\n  → %s", f->advice);
    }
  return g_string_free (text, FALSE);
}

static void
on_check_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CsWindow) self = data;
  g_autoptr (CsSystemCheck) check = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-system", TRUE);
  if (check == NULL || self->disposed)
    return;
  body = format_findings (check);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   heading_for (cs_system_check_get_worst (check)), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
check_system_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, on_check_done, g_object_ref (widget));

  /* One check at a time. */
  gtk_widget_action_set_enabled (widget, "win.check-system", FALSE);
  g_task_set_name (task, "corescope-system-check");
  g_task_run_in_thread (task, check_in_thread);
}

void
_cs_window_class_init_check (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.check-system", NULL, check_system_action);
}
