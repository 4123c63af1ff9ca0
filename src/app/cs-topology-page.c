/* cs-topology-page.c: the Topology page: CPU model, summary, origin and the drawing
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-topology-layout.h"
#include "cs-topology-page.h"

struct _CsTopologyPage
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  GtkLabel       *title_label;
  GtkLabel       *summary_label;
  GtkLabel       *system_label;
  GtkLabel       *placement_label;
  GtkWidget      *local_button;
  GtkWidget      *load_toggle;
  CsTopologyView *view;
  GtkBox         *load_legend;
  AdwStatusPage  *error_page;
  GtkLabel       *nodes_title_label;
  GtkLabel       *nodes_summary_label;
  GtkLabel       *nodes_origin_label;
  GtkBox         *nodes_box;
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
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/corescope/Corescope/cs-topology-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, system_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, placement_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, local_button);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, load_toggle);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, view);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, load_legend);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, nodes_title_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, nodes_summary_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, nodes_origin_label);
  gtk_widget_class_bind_template_child (widget_class, CsTopologyPage, nodes_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* ---- the live load's legend --------------------------------------------------------------- */

#define SWATCH_WIDTH 14
#define SWATCH_HEIGHT 18

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const CsTopoLoadBand *band = data;

  cs_topo_paint_load_swatch (cr, width, height, band->below - 0.01,
                             adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

/* "under 50 % · idle", "50–85 %", "85 % and over · busy", from the thresholds. */
static char *
describe_band (const CsTopoLoadBand *bands, guint i, guint n_bands)
{
  if (i == 0)
    /* Translators: the live load's legend: "under 50 % · idle" */
    return g_strdup_printf (_("under %.0f %% · idle"), 100 * bands[0].below);
  if (i + 1 == n_bands)
    /* Translators: the live load's legend: "85 % and over · busy" */
    return g_strdup_printf (_("%.0f %% and over · busy"), 100 * bands[i - 1].below);
  /* Translators: the live load's legend: "50–85 %" */
  return g_strdup_printf (_("%.0f–%.0f %%"), 100 * bands[i - 1].below, 100 * bands[i].below);
}

static GtkWidget *
legend_item (const CsTopoLoadBand *bands, guint i, guint n_bands)
{
  GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_drawing_area_new ();
  g_autofree char *text = describe_band (bands, i, n_bands);
  GtkWidget *label = gtk_label_new (text);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), SWATCH_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), SWATCH_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, (gpointer) &bands[i],
                                  NULL);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  /* The colours follow the drawing's into dark mode. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), swatch, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (label, "caption");
  /* The legend must not widen the page: a narrow window wraps it rather than fold. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (item), swatch);
  gtk_box_append (GTK_BOX (item), label);
  return item;
}

static void
build_load_legend (CsTopologyPage *self)
{
  guint n_bands;
  const CsTopoLoadBand *bands = cs_topo_load_bands (&n_bands);

  for (guint i = 0; i < n_bands; i++)
    gtk_box_append (self->load_legend, legend_item (bands, i, n_bands));
}

static void
cs_topology_page_init (CsTopologyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_load_legend (self);
}

GtkWidget *
cs_topology_page_get_load_legend (CsTopologyPage *self)
{
  g_return_val_if_fail (CS_IS_TOPOLOGY_PAGE (self), NULL);
  return GTK_WIDGET (self->load_legend);
}

static const char *
title_for (CsTopology *topology)
{
  const char *model = cs_topology_get_cpu_model (topology);

  if (model != NULL && *model != '\0')
    return model;
  /* Synthetic topologies and some exports have no CPU model. */
  return cs_topology_is_this_system (topology) ? _("Unknown Processor") : _("Another Machine");
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
  /* Load can only be measured here. */
  gtk_widget_set_visible (self->load_toggle, cs_topology_is_this_system (topology));
  gtk_stack_set_visible_child_name (self->stack, "topology");
}

void
cs_topology_page_set_showing_other (CsTopologyPage *self, gboolean other)
{
  g_return_if_fail (CS_IS_TOPOLOGY_PAGE (self));
  gtk_widget_set_visible (self->local_button, other);
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

static GArray *
placement_pus (CsTopology *topology, CsPlacementPolicy policy, guint n_workers)
{
  g_autoptr (GError) error = NULL;
  GArray *pus = g_array_new (FALSE, FALSE, sizeof (guint));
  CsWorkerPlacement *placements = cs_topology_place (topology, policy, n_workers, &error);

  if (placements == NULL)
    {
      g_warning ("Cannot preview the placement: %s", error->message);
      return pus;
    }
  for (guint w = 0; w < n_workers; w++)
    g_array_append_vals (pus, placements[w].pus, placements[w].n_pus);
  cs_worker_placements_free (placements, n_workers);
  return pus;
}

static char *
describe_placement (CsPlacementPolicy policy, guint n_workers, guint n_pus)
{
  /* Translators: "Highlighted: the 3 PUs that 4 workers use with compact placement" */
  return g_strdup_printf (ngettext ("Highlighted: the %u PU that %u workers use with %s placement",
                                    "Highlighted: the %u PUs that %u workers use with %s placement",
                                    n_pus),
                          n_pus, n_workers, cs_placement_to_string (policy));
}

static guint
count_distinct (GArray *pus)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < pus->len; i++)
    g_hash_table_add (seen, GUINT_TO_POINTER (g_array_index (pus, guint, i) + 1));
  return g_hash_table_size (seen);
}

void
cs_topology_page_show_placement (CsTopologyPage    *self,
                                 CsPlacementPolicy  policy,
                                 guint              n_workers)
{
  CsTopology *topology;
  g_autoptr (GArray) pus = NULL;
  g_autofree char *caption = NULL;

  g_return_if_fail (CS_IS_TOPOLOGY_PAGE (self));

  topology = cs_topology_view_get_topology (self->view);
  if (topology == NULL || policy == CS_PLACEMENT_NONE || n_workers == 0)
    {
      cs_topology_view_set_highlighted_pus (self->view, NULL, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->placement_label), FALSE);
      return;
    }
  pus = placement_pus (topology, policy, n_workers);
  cs_topology_view_set_highlighted_pus (self->view, (const guint *) pus->data, pus->len);
  caption = describe_placement (policy, n_workers, count_distinct (pus));
  gtk_label_set_text (self->placement_label, caption);
  gtk_widget_set_visible (GTK_WIDGET (self->placement_label), pus->len > 0);
}

/* ---- the nodes of an mpi sweep across hosts ---------------------------------------------- */

static GtkWidget *
node_label (const char *text, const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* "from 3 workers on, 2 ranks at most": where the node enters the workers axis. */
static char *
describe_node_ranks (const CsNode *node)
{
  guint from = node->first_rank + 1;
  g_autofree char *start = NULL, *most = NULL;

  if (node->first_rank == CS_NODE_RANK_UNKNOWN)
    return g_strdup (_("No rank recorded on this host"));
  start = g_strdup_printf (ngettext ("Used from %u worker on", "Used from %u workers on", from),
                           from);
  if (node->n_ranks == 0)
    return g_steal_pointer (&start);
  most = g_strdup_printf (ngettext ("%u rank at most", "%u ranks at most", node->n_ranks),
                          node->n_ranks);
  return g_strdup_printf ("%s, %s", start, most);
}

static GtkWidget *
node_drawing (CsTopology *topology)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *child;

  gtk_widget_add_css_class (frame, "topology-card");
  gtk_widget_set_vexpand (frame, TRUE);
  if (topology != NULL)
    {
      child = cs_topology_view_new ();
      cs_topology_view_set_topology (CS_TOPOLOGY_VIEW (child), topology);
    }
  else
    child = node_label (_("The result holds no topology for this host"), "dim-label");
  gtk_frame_set_child (GTK_FRAME (frame), child);
  return frame;
}

/* A card per node, in the order its ranks begin: reading across is reading the chart's
 * workers axis ("node 1 | node 2"). */
static GtkWidget *
node_card (const CsNodeLayout *nodes, guint i)
{
  const CsNode *node = &nodes->nodes[i];
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  /* Translators: a host of an MPI sweep: "node 1 · cs-node1" */
  g_autofree char *heading = g_strdup_printf (_("node %u · %s"), i + 1, node->host);
  g_autofree char *summary = node->topology != NULL ? cs_topology_describe (node->topology)
                                                    : g_strdup ("");
  g_autofree char *ranks = describe_node_ranks (node);

  gtk_widget_set_hexpand (card, TRUE);
  gtk_box_append (GTK_BOX (card), node_label (heading, "heading"));
  gtk_box_append (GTK_BOX (card), node_label (summary, "dim-label"));
  gtk_box_append (GTK_BOX (card), node_label (ranks, "caption"));
  gtk_box_append (GTK_BOX (card), node_drawing (node->topology));
  return card;
}

static char *
nodes_title (const CsNodeLayout *nodes)
{
  GString *title = g_string_new (NULL);

  for (guint i = 0; i < nodes->n_nodes; i++)
    {
      g_autofree char *name = cs_node_layout_node_name (nodes, i);
      g_string_append_printf (title, "%s%s", i > 0 ? " | " : "", name);
    }
  return g_string_free (title, FALSE);
}

static char *
nodes_summary (const CsNodeLayout *nodes)
{
  if (nodes->n_pus == 0)
    return g_strdup_printf (ngettext ("%u node", "%u nodes", nodes->n_nodes), nodes->n_nodes);
  /* Translators: "2 nodes, 8 PUs in all" */
  return g_strdup_printf (ngettext ("%u node, %u PUs in all", "%u nodes, %u PUs in all",
                                    nodes->n_nodes), nodes->n_nodes, nodes->n_pus);
}

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

void
cs_topology_page_set_nodes (CsTopologyPage *self, const CsNodeLayout *nodes, const char *origin)
{
  g_autofree char *title = NULL, *summary = NULL;

  g_return_if_fail (CS_IS_TOPOLOGY_PAGE (self));
  g_return_if_fail (nodes != NULL);

  title = nodes_title (nodes);
  summary = nodes_summary (nodes);
  gtk_label_set_text (self->nodes_title_label, title);
  gtk_label_set_text (self->nodes_summary_label, summary);
  gtk_label_set_text (self->nodes_origin_label, origin != NULL ? origin : "");
  gtk_widget_set_visible (GTK_WIDGET (self->nodes_origin_label), origin != NULL);
  remove_children (self->nodes_box);
  for (guint i = 0; i < nodes->n_nodes; i++)
    {
      if (i > 0)
        gtk_box_append (self->nodes_box, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
      gtk_box_append (self->nodes_box, node_card (nodes, i));
    }
  gtk_stack_set_visible_child_name (self->stack, "nodes");
}

gboolean
cs_topology_page_get_showing_nodes (CsTopologyPage *self)
{
  g_return_val_if_fail (CS_IS_TOPOLOGY_PAGE (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "nodes") == 0;
}

CsTopologyView *
cs_topology_page_get_view (CsTopologyPage *self)
{
  g_return_val_if_fail (CS_IS_TOPOLOGY_PAGE (self), NULL);
  return self->view;
}
