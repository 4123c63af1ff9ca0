/* cs-history-panel.c: the saved results, to reopen, rename, delete and tick for comparison
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-history-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-history-panel.h"
#include "cs-history-row.h"
#include "cs-workload.h"

struct _CsHistoryPanel
{
  GtkWidget     parent_instance;

  GtkListBox   *list_box;

  CsHistory    *history;
  gulong        changed_id;
  GCancellable *cancellable;  /* cancelled on dispose: late callbacks then do nothing */
  GPtrArray    *entries;      /* CsHistoryEntry*, as listed */
  GPtrArray    *compared;     /* char* paths, in the order ticked */
  GHashTable   *loaded;       /* path -> CsResult*, for the ticked rows */
  guint         busy;         /* operations under way */
  gboolean      reloading;
  gboolean      reload_again; /* the directory changed while it was being listed */
};

G_DEFINE_FINAL_TYPE (CsHistoryPanel, cs_history_panel, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RESULT_ACTIVATED,
  SIGNAL_COMPARE_CHANGED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_entries (CsHistoryPanel *self);

/* ---- async plumbing ------------------------------------------------------------------------ */

/* Every callback holds a reference to the panel; once it is disposed, cancelled operations
 * finish quietly. Returns FALSE when the callback should do nothing more. */
static gboolean
operation_done (CsHistoryPanel *self, GError *error)
{
  g_assert (self->busy > 0);
  self->busy--;
  if (error == NULL)
    return TRUE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, error->message);
  return FALSE;
}

static void
operation_start (CsHistoryPanel *self)
{
  self->busy++;
}

/* A load's callback needs the path it asked for. */
typedef struct
{
  CsHistoryPanel *self;
  char           *path;
} LoadCtx;

static void
load_ctx_free (LoadCtx *ctx)
{
  g_object_unref (ctx->self);
  g_free (ctx->path);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadCtx, load_ctx_free)

static void
load_result (CsHistoryPanel *self, const char *path, GAsyncReadyCallback callback)
{
  LoadCtx *ctx = g_new0 (LoadCtx, 1);

  ctx->self = g_object_ref (self);
  ctx->path = g_strdup (path);
  operation_start (self);
  cs_history_load_async (self->history, path, self->cancellable, callback, ctx);
}

/* ---- comparing ----------------------------------------------------------------------------- */

static gboolean
is_compared (CsHistoryPanel *self, const char *path)
{
  return g_ptr_array_find_with_equal_func (self->compared, path, g_str_equal, NULL);
}

static void
on_compared_loaded (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(LoadCtx) ctx = user_data;
  CsHistoryPanel *self = ctx->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) result = cs_history_load_finish (CS_HISTORY (source), res, &error);

  if (!operation_done (self, error))
    {
      /* A row that cannot be loaded cannot be compared: untick it. */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cs_history_panel_set_compared (self, ctx->path, FALSE);
      return;
    }
  /* Unticked again while it was loading: nothing changed. */
  if (!is_compared (self, ctx->path))
    return;
  g_hash_table_replace (self->loaded, g_strdup (ctx->path), g_steal_pointer (&result));
  g_signal_emit (self, signals[SIGNAL_COMPARE_CHANGED], 0);
}

/* Keeps the row's check button in step when the state changes from code (tests, errors). */
static void
sync_check (CsHistoryPanel *self, const char *path, gboolean compared)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "cs-check");

      if (check != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (row), "cs-path"), path) == 0)
        gtk_check_button_set_active (check, compared);
    }
}

void
cs_history_panel_set_compared (CsHistoryPanel *self, const char *path, gboolean compared)
{
  guint index;

  g_return_if_fail (CS_IS_HISTORY_PANEL (self));
  g_return_if_fail (path != NULL);

  if (compared == is_compared (self, path) || self->history == NULL)
    return;
  if (compared)
    {
      g_ptr_array_add (self->compared, g_strdup (path));
      sync_check (self, path, TRUE);
      load_result (self, path, on_compared_loaded);
      return;
    }
  g_ptr_array_find_with_equal_func (self->compared, path, g_str_equal, &index);
  g_hash_table_remove (self->loaded, path);
  sync_check (self, path, FALSE);  /* before path is freed with the array's element */
  g_ptr_array_remove_index (self->compared, index);
  g_signal_emit (self, signals[SIGNAL_COMPARE_CHANGED], 0);
}

GPtrArray *
cs_history_panel_get_compared (CsHistoryPanel *self)
{
  GPtrArray *results;

  g_return_val_if_fail (CS_IS_HISTORY_PANEL (self), NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  for (guint i = 0; i < self->compared->len; i++)
    {
      const CsResult *result = g_hash_table_lookup (self->loaded, self->compared->pdata[i]);

      if (result != NULL)
        g_ptr_array_add (results, cs_result_copy (result));
    }
  return results;
}

void
cs_history_panel_clear_compared (CsHistoryPanel *self)
{
  g_return_if_fail (CS_IS_HISTORY_PANEL (self));

  if (self->compared->len == 0)
    return;
  g_ptr_array_set_size (self->compared, 0);
  g_hash_table_remove_all (self->loaded);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "cs-check");

      if (check != NULL)
        gtk_check_button_set_active (check, FALSE);
    }
  g_signal_emit (self, signals[SIGNAL_COMPARE_CHANGED], 0);
}

/* Rows that disappeared (deleted here or elsewhere) cannot stay ticked. */
static void
forget_missing_compared (CsHistoryPanel *self)
{
  gboolean changed = FALSE;

  for (guint i = self->compared->len; i > 0; i--)
    {
      const char *path = self->compared->pdata[i - 1];
      gboolean listed = FALSE;

      for (guint j = 0; j < self->entries->len && !listed; j++)
        listed = g_str_equal (((CsHistoryEntry *) self->entries->pdata[j])->path, path);
      if (listed)
        continue;
      g_hash_table_remove (self->loaded, path);
      g_ptr_array_remove_index (self->compared, i - 1);
      changed = TRUE;
    }
  if (changed)
    g_signal_emit (self, signals[SIGNAL_COMPARE_CHANGED], 0);
}

/* ---- rows ---------------------------------------------------------------------------------- */

static void
on_check_toggled (GtkCheckButton *check, CsHistoryPanel *self)
{
  const char *path = g_object_get_data (G_OBJECT (check), "cs-path");

  cs_history_panel_set_compared (self, path, gtk_check_button_get_active (check));
}

static GtkWidget *
create_check (CsHistoryPanel *self, const CsHistoryEntry *entry)
{
  GtkWidget *check = gtk_check_button_new ();
  const char *name = entry->label ? entry->label : cs_history_row_preset_title (entry->preset);
  g_autofree char *label = g_strdup_printf (_("Compare %s"), name);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Compare"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_compared (self, entry->path));
  g_object_set_data_full (G_OBJECT (check), "cs-path", g_strdup (entry->path), g_free);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled), self, 0);
  return check;
}

static GtkWidget *
create_row_button (const char *icon, const char *tooltip, const char *action, const char *path)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (path));
  return button;
}

static GtkWidget *
create_row (CsHistoryPanel *self, const CsHistoryEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = create_check (self, entry);
  g_autofree char *subtitle = cs_history_row_subtitle (entry);
  g_autofree char *title = cs_history_row_title (entry);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, entry->path);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_row_button ("document-edit-symbolic", _("Rename"),
                                                "history.ask-rename", entry->path));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_row_button ("user-trash-symbolic", _("Delete"),
                                                "history.ask-delete", entry->path));
  g_object_set_data (G_OBJECT (row), "cs-check", check);
  g_object_set_data_full (G_OBJECT (row), "cs-path", g_strdup (entry->path), g_free);
  return row;
}

static void
rebuild_rows (CsHistoryPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < self->entries->len; i++)
    gtk_list_box_append (self->list_box, create_row (self, self->entries->pdata[i]));
}

static const CsHistoryEntry *
find_entry (CsHistoryPanel *self, const char *path)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      const CsHistoryEntry *entry = self->entries->pdata[i];

      if (g_str_equal (entry->path, path))
        return entry;
    }
  return NULL;
}

/* ---- listing ------------------------------------------------------------------------------- */

static void
on_listed (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(CsHistoryPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cs_history_list_finish (CS_HISTORY (source), res, &error);

  /* A list of another history (set_history while listing) is stale, and the new history's
   * own listing may still be under way. */
  if (CS_HISTORY (source) != self->history)
    {
      g_clear_error (&error);
      operation_done (self, NULL);
      return;
    }
  self->reloading = FALSE;
  if (!operation_done (self, error))
    return;
  g_ptr_array_unref (self->entries);
  self->entries = g_steal_pointer (&entries);
  rebuild_rows (self);
  forget_missing_compared (self);
  if (self->reload_again)
    list_entries (self);
}

static void
list_entries (CsHistoryPanel *self)
{
  if (self->history == NULL)
    return;
  if (self->reloading)
    {
      self->reload_again = TRUE;
      return;
    }
  self->reloading = TRUE;
  self->reload_again = FALSE;
  operation_start (self);
  cs_history_list_async (self->history, self->cancellable, on_listed, g_object_ref (self));
}

void
cs_history_panel_reload (CsHistoryPanel *self)
{
  g_return_if_fail (CS_IS_HISTORY_PANEL (self));
  list_entries (self);
}

static void
on_history_changed (CsHistory *history, CsHistoryPanel *self)
{
  list_entries (self);
}

void
cs_history_panel_set_history (CsHistoryPanel *self, CsHistory *history)
{
  g_return_if_fail (CS_IS_HISTORY_PANEL (self));
  g_return_if_fail (history == NULL || CS_IS_HISTORY (history));

  if (self->history == history)
    return;
  if (self->history != NULL)
    g_clear_signal_handler (&self->changed_id, self->history);
  g_set_object (&self->history, history);
  g_ptr_array_set_size (self->entries, 0);
  rebuild_rows (self);
  if (self->compared->len > 0)
    cs_history_panel_clear_compared (self);
  if (history == NULL)
    return;
  self->changed_id = g_signal_connect_object (history, "changed",
                                              G_CALLBACK (on_history_changed), self, 0);
  self->reloading = FALSE;  /* a listing of the old history is ignored when it finishes */
  list_entries (self);
}

CsHistory *
cs_history_panel_get_history (CsHistoryPanel *self)
{
  g_return_val_if_fail (CS_IS_HISTORY_PANEL (self), NULL);
  return self->history;
}

guint
cs_history_panel_get_n_entries (CsHistoryPanel *self)
{
  g_return_val_if_fail (CS_IS_HISTORY_PANEL (self), 0);
  return self->entries->len;
}

const CsHistoryEntry *
cs_history_panel_get_entry (CsHistoryPanel *self, guint index)
{
  g_return_val_if_fail (CS_IS_HISTORY_PANEL (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return self->entries->pdata[index];
}

gboolean
cs_history_panel_is_busy (CsHistoryPanel *self)
{
  g_return_val_if_fail (CS_IS_HISTORY_PANEL (self), FALSE);
  return self->busy > 0;
}

/* ---- adding, reopening --------------------------------------------------------------------- */

static void
on_saved (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(CsHistoryPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cs_history_save_finish (CS_HISTORY (source), res, &error);

  /* The history's "changed" signal has already started a new listing. */
  operation_done (self, error);
}

void
cs_history_panel_add (CsHistoryPanel *self, const CsResult *result)
{
  g_return_if_fail (CS_IS_HISTORY_PANEL (self));
  g_return_if_fail (result != NULL);
  g_return_if_fail (self->history != NULL);

  operation_start (self);
  cs_history_save_async (self->history, result, self->cancellable, on_saved,
                         g_object_ref (self));
}

static void
on_files_imported (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(CsHistoryPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  if (cs_history_import_files_finish (CS_HISTORY (source), res, NULL, &error))
    {
      operation_done (self, NULL);
      return;
    }
  if (!g_error_matches (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_INVALID))
    {
      operation_done (self, error);
      return;
    }
  /* A toast shows one line: one per bad file. */
  operation_done (self, NULL);
  lines = g_strsplit (error->message, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, lines[i]);
}

void
cs_history_panel_import_files (CsHistoryPanel *self, GFile **files, guint n_files)
{
  g_return_if_fail (CS_IS_HISTORY_PANEL (self));
  g_return_if_fail (self->history != NULL);

  operation_start (self);
  cs_history_import_files_async (self->history, files, n_files, self->cancellable,
                                 on_files_imported, g_object_ref (self));
}

static void
on_activated_loaded (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(LoadCtx) ctx = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) result = cs_history_load_finish (CS_HISTORY (source), res, &error);

  if (!operation_done (ctx->self, error))
    return;
  g_signal_emit (ctx->self, signals[SIGNAL_RESULT_ACTIVATED], 0, result, ctx->path);
}

static void
on_row_activated (CsHistoryPanel *self, GtkListBoxRow *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "cs-path");

  if (path == NULL || self->history == NULL)
    return;
  load_result (self, path, on_activated_loaded);
}

/* ---- rename and delete --------------------------------------------------------------------- */

static void
on_renamed (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(LoadCtx) ctx = user_data;
  CsHistoryPanel *self = ctx->self;
  g_autoptr(GError) error = NULL;

  cs_history_rename_finish (CS_HISTORY (source), res, &error);
  if (!operation_done (self, error) || !is_compared (self, ctx->path))
    return;
  /* Compared results carry their label into charts and tables: load the renamed one again. */
  g_hash_table_remove (self->loaded, ctx->path);
  load_result (self, ctx->path, on_compared_loaded);
}

static void
rename_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  CsHistoryPanel *self = CS_HISTORY_PANEL (widget);
  const char *path, *label;
  LoadCtx *ctx;

  g_variant_get (param, "(&s&s)", &path, &label);
  if (self->history == NULL)
    return;
  ctx = g_new0 (LoadCtx, 1);
  ctx->self = g_object_ref (self);
  ctx->path = g_strdup (path);
  operation_start (self);
  cs_history_rename_async (self->history, path, label, self->cancellable, on_renamed, ctx);
}

static void
on_deleted (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(CsHistoryPanel) self = user_data;
  g_autoptr(GError) error = NULL;

  cs_history_delete_finish (CS_HISTORY (source), res, &error);
  operation_done (self, error);
}

static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  CsHistoryPanel *self = CS_HISTORY_PANEL (widget);

  if (self->history == NULL)
    return;
  operation_start (self);
  cs_history_delete_async (self->history, g_variant_get_string (param, NULL),
                           self->cancellable, on_deleted, g_object_ref (self));
}

static GtkWindow *
parent_window (CsHistoryPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_rename_response (AdwMessageDialog *dialog, const char *response, CsHistoryPanel *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *path = g_object_get_data (G_OBJECT (dialog), "cs-path");

  if (g_strcmp0 (response, "rename") != 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "history.rename", "(ss)", path,
                              gtk_editable_get_text (entry));
}

static void
ask_rename_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  CsHistoryPanel *self = CS_HISTORY_PANEL (widget);
  const char *path = g_variant_get_string (param, NULL);
  const CsHistoryEntry *entry = find_entry (self, path);
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Rename Result"),
                                              _("The name is shown in the history and in "
                                                "the legends of compared charts."));
  GtkWidget *text = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (text), entry && entry->label ? entry->label : "");
  gtk_entry_set_activates_default (GTK_ENTRY (text), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), text);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cs-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_delete_response (AdwMessageDialog *dialog, const char *response, CsHistoryPanel *self)
{
  if (g_strcmp0 (response, "delete") != 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "history.delete", "s",
                              g_object_get_data (G_OBJECT (dialog), "cs-path"));
}

/* A deleted file is gone for good (no trash for app data): ask first. */
static void
ask_delete_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  CsHistoryPanel *self = CS_HISTORY_PANEL (widget);
  const char *path = g_variant_get_string (param, NULL);
  const CsHistoryEntry *entry = find_entry (self, path);
  const char *name = entry && entry->label ? entry->label
                     : entry ? cs_history_row_preset_title (entry->preset) : path;
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name ? name : "");
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading,
                                              _("The result file is removed from the "
                                                "history. This cannot be undone."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cs-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- drag and drop ------------------------------------------------------------------------- */

/* Result files dropped on the list are imported, like Open… does. */
static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, CsHistoryPanel *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (self->history == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  cs_history_panel_import_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

static void
add_drop_target (CsHistoryPanel *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* ---- keyboard ------------------------------------------------------------------------------ */

/* The path of the row holding the keyboard focus, or NULL. */
static const char *
focused_path (CsHistoryPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;

  if (row == NULL || !gtk_widget_is_ancestor (row, GTK_WIDGET (self->list_box)))
    return NULL;
  return g_object_get_data (G_OBJECT (row), "cs-path");
}

/* F2 renames and Delete deletes the focused row, as in Files. */
static gboolean
on_key_shortcut (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  CsHistoryPanel *self = CS_HISTORY_PANEL (widget);
  const char *path = focused_path (self);

  if (path == NULL)
    return FALSE;
  gtk_widget_activate_action (widget, g_variant_get_string (args, NULL), "s", path);
  return TRUE;
}

/* ---- the widget ---------------------------------------------------------------------------- */

static void
cs_history_panel_dispose (GObject *object)
{
  CsHistoryPanel *self = CS_HISTORY_PANEL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->history != NULL)
    g_clear_signal_handler (&self->changed_id, self->history);
  g_clear_object (&self->history);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_HISTORY_PANEL);
  /* The template's scrolled window has no id, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cs_history_panel_parent_class)->dispose (object);
}

static void
cs_history_panel_finalize (GObject *object)
{
  CsHistoryPanel *self = CS_HISTORY_PANEL (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->compared);
  g_hash_table_unref (self->loaded);
  G_OBJECT_CLASS (cs_history_panel_parent_class)->finalize (object);
}

static void
cs_history_panel_class_init (CsHistoryPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_history_panel_dispose;
  object_class->finalize = cs_history_panel_finalize;

  signals[SIGNAL_RESULT_ACTIVATED] =
    g_signal_new ("result-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_STRING);
  signals[SIGNAL_COMPARE_CHANGED] =
    g_signal_new ("compare-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "history.rename", "(ss)", rename_action);
  gtk_widget_class_install_action (widget_class, "history.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "history.ask-rename", "s", ask_rename_action);
  gtk_widget_class_install_action (widget_class, "history.ask-delete", "s", ask_delete_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_F2, 0, on_key_shortcut, "s",
                                "history.ask-rename");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Delete, 0, on_key_shortcut, "s",
                                "history.ask-delete");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-history-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CsHistoryPanel, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cs_history_panel_init (CsHistoryPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_drop_target (self);
  self->cancellable = g_cancellable_new ();
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_history_entry_free);
  self->compared = g_ptr_array_new_with_free_func (g_free);
  self->loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cs_result_free);
}

GtkWidget *
cs_history_panel_new (void)
{
  return g_object_new (CS_TYPE_HISTORY_PANEL, NULL);
}
