/* cs-window-recovery.c: sweeps that a crash interrupted come back as history entries at start-up
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-journal.h"
#include "cs-window-private.h"

/* What the worker thread found: the newest recovered result and how many journals it kept. */
typedef struct
{
  CsResult *newest;
  guint     n_recovered;
  GString  *errors;
} Recovery;

static void
recovery_free (gpointer data)
{
  Recovery *recovery = data;

  g_clear_pointer (&recovery->newest, cs_result_free);
  g_string_free (recovery->errors, TRUE);
  g_free (recovery);
}

/* Moves one journal into the history; the journal is removed only once its copy is saved. */
static void
recover_one (CsHistory *history, const char *path, Recovery *recovery)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = cs_journal_recover (path, &error);
  g_autofree char *saved = NULL;

  if (result != NULL)
    saved = cs_history_save (history, result, &error);
  if (saved == NULL)
    {
      g_string_append_printf (recovery->errors, "%s%s", recovery->errors->len ? "\n" : "",
                              error->message);
      return;
    }
  cs_journal_discard (path, NULL);
  recovery->n_recovered++;
  if (recovery->newest == NULL)
    recovery->newest = g_steal_pointer (&result);
}

static void
recover_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CsHistory *history = task_data;
  g_auto (GStrv) journals = cs_journal_find_recoverable (NULL);
  Recovery *recovery = g_new0 (Recovery, 1);

  recovery->errors = g_string_new (NULL);
  /* newest first, so the first one recovered is the one to show */
  for (guint i = 0; journals[i] != NULL; i++)
    recover_one (history, journals[i], recovery);
  g_task_return_pointer (task, recovery, recovery_free);
}

static void
show_recovered_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  if (self->recovered != NULL && self->job == NULL)
    _cs_window_show_result (self, cs_result_copy (self->recovered));
}

static void
toast_recovered (CsWindow *self, Recovery *recovery)
{
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (recovery->n_recovered == 1)
    message = g_strdup_printf (_("An unfinished sweep (%u runs) was recovered into History"),
                               self->recovered->runs->len);
  else
    message = g_strdup_printf (ngettext ("%u unfinished sweep was recovered into History",
                                         "%u unfinished sweeps were recovered into History",
                                         recovery->n_recovered),
                               recovery->n_recovered);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-recovered");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_recovered (GObject *source, GAsyncResult *res, gpointer user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr (CsWindow) self = g_weak_ref_get (weak);
  Recovery *recovery = g_task_propagate_pointer (G_TASK (res), NULL);

  weak_ref_free (weak);
  if (recovery == NULL || self == NULL || self->disposed)
    {
      g_clear_pointer (&recovery, recovery_free);
      return;
    }
  if (recovery->errors->len > 0)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (recovery->errors->str));
  if (recovery->newest != NULL)
    {
      g_clear_pointer (&self->recovered, cs_result_free);
      self->recovered = g_steal_pointer (&recovery->newest);
      cs_history_panel_reload (self->history_panel);
      toast_recovered (self, recovery);
    }
  recovery_free (recovery);
}

void
_cs_window_recover_journals (CsWindow *self)
{
  /* A weak reference: a window closed before the files are read is not kept alive by them. */
  GWeakRef *weak = g_new0 (GWeakRef, 1);
  g_autoptr (GTask) task = NULL;

  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, NULL, on_recovered, weak);

  g_task_set_source_tag (task, _cs_window_recover_journals);
  g_task_set_name (task, "[corescope] recover journals");
  g_task_set_task_data (task, g_object_ref (self->history), g_object_unref);
  g_task_run_in_thread (task, recover_thread);
}

const CsResult *
cs_window_get_recovered (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->recovered;
}

void
_cs_window_class_init_recovery (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-recovered", NULL,
                                   show_recovered_action);
}
