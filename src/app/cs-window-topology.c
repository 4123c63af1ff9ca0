/* cs-window-topology.c: the window's topology actions: open another machine's, back to this one
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-window-private.h"

/* Looking at another machine only changes the Topology page: sweeps always run here, so the
 * run panel keeps this machine's worker counts. */

static void
show_opened (CsWindow *self, CsTopology *topology, GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  /* Translators: where the shown topology comes from; %s is a file name */
  g_autofree char *origin = g_strdup_printf (_("Exported topology “%s”"), name);

  cs_topology_page_set_topology (self->topology_page, topology, origin);
  cs_topology_page_set_showing_other (self->topology_page, TRUE);
  _cs_window_update_placement_preview (self);
  adw_view_stack_set_visible_child_name (self->stack, "topology");
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CsWindow *self = CS_WINDOW (source);
  g_autoptr (GTask) outer = user_data;
  g_autoptr (CsTopology) topology = NULL;
  g_autoptr (GError) error = NULL;

  topology = g_task_propagate_pointer (G_TASK (result), &error);
  if (topology != NULL)
    {
      show_opened (self, topology, _cs_window_load_file_get_file (result));
      g_task_return_boolean (outer, TRUE);
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  g_task_return_error (outer, g_steal_pointer (&error));
}

void
cs_window_open_topology_file (CsWindow            *self,
                              GFile               *file,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *outer;

  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, cs_window_open_topology_file);
  /* hwloc parses the file off the main thread: a big machine's XML takes a while. */
  _cs_window_load_file_async (self, file, (CsFileLoadFunc) cs_topology_new_from_xml_file,
                              (GDestroyNotify) cs_topology_unref, "corescope-open-topology",
                              on_loaded, outer);
}

gboolean
cs_window_open_topology_file_finish (CsWindow *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, CsWindow *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    cs_window_open_topology_file (self, file, NULL, NULL);
  g_object_unref (chooser);
}

static void
open_topology_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Topology"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("hwloc XML topologies"));
  gtk_file_filter_add_suffix (filter, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
show_local_topology (CsWindow *self)
{
  CsApplication *app = CS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr (GError) error = NULL;
  CsTopology *topology = app != NULL ? cs_application_get_topology (app, &error) : NULL;

  if (topology != NULL)
    cs_window_set_topology (self, topology, cs_application_get_topology_origin (app));
  else if (error != NULL)
    cs_window_show_topology_error (self, error);
}

static void
show_local_topology_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  show_local_topology (CS_WINDOW (widget));
}

/* Which window asked, weakly (closing it must not wait for the thread), and for which result. */
typedef struct
{
  GWeakRef window;
  guint    request;
} NodesRequest;

static void
nodes_request_free (NodesRequest *request)
{
  g_weak_ref_clear (&request->window);
  g_free (request);
}

static void
read_nodes_in_thread (GTask *task, gpointer source, gpointer result, GCancellable *cancellable)
{
  CsNodeLayout *nodes = cs_node_layout_new (result);

  g_task_return_pointer (task, nodes, (GDestroyNotify) cs_node_layout_free);
}

static void
show_nodes (CsWindow *self, CsNodeLayout *nodes, const CsResult *result)
{
  g_autofree char *origin = NULL;

  if (nodes == NULL)
    {
      if (cs_topology_page_get_showing_nodes (self->topology_page))
        show_local_topology (self);
      return;
    }
  /* Translators: under the hosts' names on the Topology page; %s is a preset ("cpu") */
  origin = g_strdup_printf (_("The hosts the mpi mode of the shown result (%s) ran on, in the "
                              "order its ranks were placed"),
                            result->config != NULL ? result->config->preset : "?");
  cs_topology_page_set_nodes (self->topology_page, nodes, origin);
}

static void
on_nodes_read (GObject *source, GAsyncResult *res, gpointer user_data)
{
  NodesRequest *request = user_data;
  g_autoptr (CsWindow) self = g_weak_ref_get (&request->window);
  g_autoptr (CsNodeLayout) nodes = g_task_propagate_pointer (G_TASK (res), NULL);

  /* closed, or another result was shown meanwhile (its own request decides) */
  if (self != NULL && request->request == self->nodes_request)
    show_nodes (self, nodes, g_task_get_task_data (G_TASK (res)));
  nodes_request_free (request);
}

/* A result of an mpi sweep across hosts shows its nodes on the Topology page; any other
 * result gives the page back to this machine if it showed another result's nodes. The hosts'
 * topologies are XML documents, one per host: a fleet's worth is parsed in a thread. */
void
_cs_window_show_result_nodes (CsWindow *self, const CsResult *result)
{
  NodesRequest *request = g_new0 (NodesRequest, 1);
  g_autoptr (GTask) task = NULL;

  g_weak_ref_init (&request->window, self);
  request->request = ++self->nodes_request;
  if (result == NULL)
    {
      show_nodes (self, NULL, NULL);
      nodes_request_free (request);
      return;
    }
  task = g_task_new (NULL, NULL, on_nodes_read, request);
  g_task_set_source_tag (task, _cs_window_show_result_nodes);
  g_task_set_task_data (task, cs_result_copy (result), (GDestroyNotify) cs_result_free);
  g_task_run_in_thread (task, read_nodes_in_thread);
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, CsWindow *self)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  cs_window_open_topology_file (self, g_value_get_object (value), NULL, NULL);
  return TRUE;
}

/* An XML file dropped on the Topology page opens like Open… does. */
void
_cs_window_init_topology (CsWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->topology_page), GTK_EVENT_CONTROLLER (target));
}

void
_cs_window_class_init_topology (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-topology", NULL,
                                   open_topology_action);
  gtk_widget_class_install_action (widget_class, "win.show-local-topology", NULL,
                                   show_local_topology_action);
}
