/* cs-window.c: the main window: presets in a sidebar, and pages (Workload, Topology...)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-headline.h"
#include "cs-preset-list.h"
#include "cs-run-panel.h"
#include "cs-topology-page.h"
#include "cs-window-private.h"

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CsSettings *
get_settings (CsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app != NULL ? cs_application_get_settings (CS_APPLICATION (app)) : NULL;
}

static void
on_preset_selected (CsWindow *self)
{
  const CsPreset *preset = cs_preset_list_get_selected (self->preset_list);
  CsSettings *settings = get_settings (self);

  cs_run_panel_set_preset (self->run_panel, preset);
  _cs_window_update_actions (self);
  if (preset == NULL)
    return;
  if (settings != NULL)
    cs_settings_set_last_preset (settings, preset->name);
  /* Picking a preset means "show me its form", also on a narrow window. */
  adw_view_stack_set_visible_child_name (self->stack, "workload");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* The Topology page previews where the sweep's largest worker count would run. */
void
_cs_window_update_placement_preview (CsWindow *self)
{
  g_autoptr (CsSweepConfig) config = cs_sweep_config_new ();
  CsSweepOptions *options = cs_run_panel_get_sweep_options (self->run_panel);
  guint max_workers = 0;

  /* Only the sweep options matter here, so it works before a preset is picked. Invalid options
   * (no worker list yet) clear the preview rather than leave a stale one. */
  if (!cs_sweep_options_fill_config (options, config, NULL))
    {
      cs_topology_page_show_placement (self->topology_page, CS_PLACEMENT_NONE, 0);
      return;
    }
  for (guint i = 0; i < config->n_workers; i++)
    max_workers = MAX (max_workers, config->workers[i]);
  cs_topology_page_show_placement (self->topology_page, config->placement, max_workers);
}

static void
show_presets_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  cs_preset_list_focus_search (self->preset_list);
}

static void
restore_last_preset (CsWindow *self)
{
  CsSettings *settings = get_settings (self);
  g_autofree char *name = settings != NULL ? cs_settings_get_last_preset (settings) : NULL;

  if (name != NULL && *name != '\0')
    cs_preset_list_select (self->preset_list, name);
}

static gboolean
cs_window_close_request (GtkWindow *window)
{
  /* A running sweep asks first; the window then closes once the sweep has stopped. */
  if (_cs_window_confirm_close (CS_WINDOW (window)))
    return TRUE;
  return GTK_WINDOW_CLASS (cs_window_parent_class)->close_request (window);
}

/* gtk_window_destroy () unrealizes the window but leaves dispose to the last reference, which
 * the sweep's task holds: stop the sweep here, or a destroyed window would wait for its end. */
static void
cs_window_unrealize (GtkWidget *widget)
{
  CsWindow *self = CS_WINDOW (widget);

  g_cancellable_cancel (self->sweep_cancellable);
  GTK_WIDGET_CLASS (cs_window_parent_class)->unrealize (widget);
}

static void
cs_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, cs_window_is_running (CS_WINDOW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_window_dispose (GObject *object)
{
  CsWindow *self = CS_WINDOW (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->run_tick, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_cancellable_cancel (self->sweep_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_WINDOW);
  G_OBJECT_CLASS (cs_window_parent_class)->dispose (object);
}

static void
cs_window_finalize (GObject *object)
{
  CsWindow *self = CS_WINDOW (object);

  g_clear_object (&self->sweep_cancellable);
  g_clear_pointer (&self->current, cs_result_free);
  g_clear_pointer (&self->recovered, cs_result_free);
  g_clear_pointer (&self->compared, g_ptr_array_unref);
  g_clear_object (&self->history);
  g_free (self->last_saved_path);
  g_free (self->last_failure);
  g_free (self->run_text);
  G_OBJECT_CLASS (cs_window_parent_class)->finalize (object);
}

static void
cs_window_class_init (CsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_window_dispose;
  object_class->finalize = cs_window_finalize;
  object_class->get_property = cs_window_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = cs_window_close_request;
  widget_class->unrealize = cs_window_unrealize;
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_type_ensure (CS_TYPE_PRESET_LIST);
  g_type_ensure (CS_TYPE_RESULTS_VIEW);
  g_type_ensure (CS_TYPE_HISTORY_PANEL);
  g_type_ensure (CS_TYPE_RUN_PANEL);
  g_type_ensure (CS_TYPE_TOPOLOGY_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, content);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, preset_list);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, run_panel);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, topology_page);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, run_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, history_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_selected);
  gtk_widget_class_install_action (widget_class, "win.show-presets", NULL, show_presets_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  _cs_window_class_init_topology (widget_class);
  _cs_window_class_init_sweep (widget_class);
  _cs_window_class_init_files (widget_class);
  _cs_window_class_init_recovery (widget_class);
  _cs_window_class_init_fleet (widget_class);
  _cs_window_class_init_check (widget_class);
}

static void
cs_window_init (CsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->history = cs_history_new (NULL);
  cs_history_set_describe_func (self->history, cs_headline_for_result);
  cs_preset_list_set_key_capture_widget (self->preset_list, GTK_WIDGET (self));
  _cs_window_init_topology (self);
  _cs_window_init_sweep (self);
  _cs_window_init_files (self);
  _cs_window_recover_journals (self);
  g_signal_connect_object (cs_run_panel_get_sweep_options (self->run_panel), "changed",
                           G_CALLBACK (_cs_window_update_placement_preview), self, G_CONNECT_SWAPPED);
}

typedef struct
{
  GFile          *file;
  CsFileLoadFunc  load;
  GDestroyNotify  free_func;
} FileLoad;

static void
file_load_free (gpointer data)
{
  FileLoad *load = data;

  g_object_unref (load->file);
  g_free (load);
}

static void
load_file_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  FileLoad *load = task_data;
  g_autofree char *path = g_file_get_path (load->file);
  g_autoptr (GError) error = NULL;
  gpointer object;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be opened"));
      return;
    }
  object = load->load (path, &error);
  if (object == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, object, load->free_func);
}

void
_cs_window_load_file_async (CsWindow *self, GFile *file, CsFileLoadFunc load,
                            GDestroyNotify free_func, const char *name,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, callback, user_data);
  FileLoad *data = g_new0 (FileLoad, 1);

  data->file = g_object_ref (file);
  data->load = load;
  data->free_func = free_func;
  g_task_set_name (task, name);
  g_task_set_task_data (task, data, file_load_free);
  g_task_run_in_thread (task, load_file_in_thread);
}

GFile *
_cs_window_load_file_get_file (GAsyncResult *result)
{
  FileLoad *load = g_task_get_task_data (G_TASK (result));

  return load->file;
}

CsWindow *
cs_window_new (CsApplication *application)
{
  CsWindow *self = g_object_new (CS_TYPE_WINDOW, "application", application, NULL);
  CsSettings *settings = get_settings (self);

  /* Here rather than in constructed(): GtkWindow:application is set after construction. */
  restore_last_preset (self);
  if (settings != NULL)
    cs_settings_bind_run_panel (settings, self->run_panel);
  return self;
}

void
cs_window_set_topology (CsWindow *self, CsTopology *topology, const char *origin)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  cs_topology_page_set_topology (self->topology_page, topology, origin);
  cs_topology_page_set_showing_other (self->topology_page, FALSE);
  cs_sweep_options_set_topology (cs_run_panel_get_sweep_options (self->run_panel), topology);
  _cs_window_update_placement_preview (self);
}

void
cs_window_show_topology_error (CsWindow *self, const GError *error)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  cs_topology_page_show_error (self->topology_page, error);
}

CsTopologyView *
cs_window_get_topology_view (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return cs_topology_page_get_view (self->topology_page);
}

CsPresetList *
cs_window_get_preset_list (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->preset_list;
}

CsRunPanel *
cs_window_get_run_panel (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->run_panel;
}

void
cs_window_show_page (CsWindow *self, const char *name)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

CsResultsView *
cs_window_get_results_view (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->results_view;
}
