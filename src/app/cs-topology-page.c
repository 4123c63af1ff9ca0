/* cs-topology-page.c: the Topology page: CPU model, summary, origin and the drawing
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-topology-page.h"

struct _CsTopologyPage
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  GtkLabel       *title_label;
  GtkLabel       *summary_label;
  GtkLabel       *system_label;
  CsTopologyView *view;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (CsTopologyPage, cs_topology_page, GTK_TYPE_WIDGET)

static void
cs_topology_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_TOPOLOGY_PAGE);
  G_OBJECT_CLASS (cs_topology_page_parent_class)->dispose (object);
}

static void
cs_topology_page_class_init (CsTopologyPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cs_topology_page_dispose;
  g_type_ensure (CS_TYPE_TOPOLOGY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-topology-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, system_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, view);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, error_page);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cs_topology_page_init (CsTopologyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static const char *
title_for (CsTopology *topology)
{
  const char *model = cs_topology_get_cpu_model (topology);

  if (model != NULL && *model != '\0')
    return model;
  /* hwloc's synthetic topologies have no CPU model; real exports from other machines do. */
  return cs_topology_is_this_system (topology) ? _("Unknown Processor") : _("Synthetic Machine");
}

void
cs_topology_page_set_topology (CsTopologyPage *self, CsTopology *topology, const char *origin)
{
  g_autofree char *summary = NULL;

  g_return_if_fail (CS_IS_TOPOLOGY_PAGE (self));
  g_return_if_fail (topology != NULL);

  summary = cs_topology_describe (topology);
  gtk_label_set_text (self->title_label, title_for (topology));
  gtk_label_set_text (self->summary_label, summary);
  gtk_label_set_text (self->system_label, origin != NULL ? origin : "");
  gtk_widget_set_visible (GTK_WIDGET (self->system_label), origin != NULL && *origin != '\0');
  cs_topology_view_set_topology (self->view, topology);
  gtk_stack_set_visible_child_name (self->stack, "topology");
}

void
cs_topology_page_show_error (CsTopologyPage *self, const GError *error)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (CS_IS_TOPOLOGY_PAGE (self));
  g_return_if_fail (error != NULL);

  /* The description is markup; a file name in the message may contain '&' or '<'. */
  markup = g_markup_escape_text (error->message, -1);
  adw_status_page_set_description (self->error_page, markup);
  cs_topology_view_set_topology (self->view, NULL);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

CsTopologyView *
cs_topology_page_get_view (CsTopologyPage *self)
{
  g_return_val_if_fail (CS_IS_TOPOLOGY_PAGE (self), NULL);
  return self->view;
}
