/* cs-window.c: the main window: header bar, primary menu and the pages later issues fill
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-topology-page.h"
#include "cs-window.h"

struct _CsWindow
{
  AdwApplicationWindow parent_instance;

  AdwViewStack   *stack;
  CsTopologyPage *topology_page;
};

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)

static void
cs_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_WINDOW);
  G_OBJECT_CLASS (cs_window_parent_class)->dispose (object);
}

static void
cs_window_class_init (CsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cs_window_dispose;
  g_type_ensure (CS_TYPE_TOPOLOGY_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, topology_page);
}

static void
cs_window_init (CsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CsWindow *
cs_window_new (CsApplication *application)
{
  return g_object_new (CS_TYPE_WINDOW, "application", application, NULL);
}

void
cs_window_set_topology (CsWindow *self, CsTopology *topology, const char *origin)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  cs_topology_page_set_topology (self->topology_page, topology, origin);
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
