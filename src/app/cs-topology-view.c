/* cs-topology-view.c: a widget that draws a CPU topology the way lstopo does
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-cpu-load.h"
#include "cs-topology-view.h"

#define LOAD_INTERVAL_MS 1000

/* The widget only caches and paints: the layout and the drawing live in the GTK-free core
 * (cs-topology-layout.c), which the exports and tests share. */

struct _CsTopologyView
{
  GtkWidget     parent_instance;

  CsTopology   *topology;
  CsTopoLayout *layout;       /* for layout_width × layout_height; NULL when stale */
  int           layout_width, layout_height;
  GArray       *highlighted;  /* guint OS indexes */
  GArray       *load;         /* double, by OS index; empty: no load shown */
  gboolean      show_load;
  /* Where the pointer is, rather than which box it was over: a new layout (a resize, another
   * topology) then rings the PU that is under the pointer now. */
  gboolean      pointer_inside;
  double        pointer_x, pointer_y;
  CsCpuLoad    *cpu_load;     /* while live load is on */
  guint         load_source;
};

G_DEFINE_FINAL_TYPE (CsTopologyView, cs_topology_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LIVE_LOAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
invalidate_layout (CsTopologyView *self)
{
  g_clear_pointer (&self->layout, cs_topo_layout_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

CsTopoLayout *
cs_topology_view_get_layout (CsTopologyView *self)
{
  int width, height;

  g_return_val_if_fail (CS_IS_TOPOLOGY_VIEW (self), NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->topology == NULL || width <= 0 || height <= 0)
    return NULL;
  if (self->layout != NULL && (width != self->layout_width || height != self->layout_height))
    g_clear_pointer (&self->layout, cs_topo_layout_free);
  if (self->layout == NULL)
    {
      self->layout = cs_topo_layout_new (cs_topology_get_root (self->topology), width, height,
                                         gtk_widget_get_pango_context (GTK_WIDGET (self)));
      self->layout_width = width;
      self->layout_height = height;
    }
  return self->layout;
}

void
cs_topology_view_get_paint_options (CsTopologyView *self, CsTopoPaintOptions *options)
{
  g_return_if_fail (CS_IS_TOPOLOGY_VIEW (self));

  options->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  options->highlighted_pus = (const guint *) self->highlighted->data;
  options->n_highlighted_pus = self->highlighted->len;
  options->pu_load = self->show_load ? (const double *) self->load->data : NULL;
  options->n_pu_load = self->show_load ? self->load->len : 0;
}

/* A ring in the accent colour around the PU under the pointer, with the PU's own rounding. */
static void
append_hover_outline (CsTopologyView *self, GtkSnapshot *snapshot, CsTopoLayout *layout)
{
  const float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4];
  const CsTopoBox *box;
  GskRoundedRect ring;

  if (!self->pointer_inside)
    return;
  box = cs_topo_layout_hit_test (layout, self->pointer_x, self->pointer_y);
  if (box == NULL || box->kind != CS_TOPO_NODE_PU)
    return;
  gdk_rgba_parse (&colors[0], "#1c71d8");
  colors[1] = colors[2] = colors[3] = colors[0];
  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (box->rect.x, box->rect.y,
                                                               box->rect.width, box->rect.height),
                                   4 * cs_topo_layout_get_font_size (layout) / 12);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

static void
cs_topology_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CsTopologyView *self = CS_TOPOLOGY_VIEW (widget);
  CsTopoLayout *layout = cs_topology_view_get_layout (self);
  CsTopoPaintOptions options;
  cairo_t *cr;

  if (layout == NULL)
    return;
  cs_topology_view_get_paint_options (self, &options);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->layout_width,
                                                                 self->layout_height));
  cs_topo_layout_paint (layout, cr, &options);
  cairo_destroy (cr);
  append_hover_outline (self, snapshot, layout);
}

static void
cs_topology_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  /* The drawing scales to any size; these only keep it from collapsing. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 500;
}

/* The first line (what the box is) in bold, the details below as they are. */
static char *
describe_markup (const char *text)
{
  const char *newline = strchr (text, '\n');
  g_autofree char *title = g_markup_escape_text (text, newline != NULL ? newline - text : -1);
  g_autofree char *rest = newline != NULL ? g_markup_escape_text (newline, -1) : g_strdup ("");

  return g_strdup_printf ("<b>%s</b>%s", title, rest);
}

static gboolean
cs_topology_view_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_mode,
                                GtkTooltip *tooltip)
{
  CsTopoLayout *layout = cs_topology_view_get_layout (CS_TOPOLOGY_VIEW (widget));
  const CsTopoBox *box;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  GdkRectangle area;

  if (layout == NULL || keyboard_mode)
    return FALSE;
  box = cs_topo_layout_hit_test (layout, x, y);
  if (box == NULL)
    return FALSE;
  text = cs_topo_node_describe (box->node);
  markup = describe_markup (text);
  gtk_tooltip_set_markup (tooltip, markup);
  /* The tooltip is refreshed as soon as the pointer leaves this box. */
  area = (GdkRectangle) { box->rect.x, box->rect.y, box->rect.width, box->rect.height };
  if (box->kind == CS_TOPO_NODE_CACHE)
    area.height = box->header_height;
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

/* The PU box under (x, y) in the current layout, or NULL. */
static const CsTopoBox *
pu_at (CsTopologyView *self, double x, double y)
{
  CsTopoLayout *layout = cs_topology_view_get_layout (self);
  const CsTopoBox *box = layout != NULL ? cs_topo_layout_hit_test (layout, x, y) : NULL;

  return box != NULL && box->kind == CS_TOPO_NODE_PU ? box : NULL;
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CsTopologyView *self)
{
  const CsTopoBox *before = self->pointer_inside
    ? pu_at (self, self->pointer_x, self->pointer_y) : NULL;

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  /* Redraw only when the ring moves to another PU (or goes away). */
  if (pu_at (self, x, y) != before)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller, CsTopologyView *self)
{
  gboolean had_ring = self->pointer_inside
    && pu_at (self, self->pointer_x, self->pointer_y) != NULL;

  self->pointer_inside = FALSE;
  if (had_ring)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_dark_changed (CsTopologyView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cs_topology_view_system_setting_changed (GtkWidget *widget, GtkSystemSetting setting)
{
  /* A new font or DPI changes every label's width: lay out again. */
  if (setting == GTK_SYSTEM_SETTING_FONT_NAME || setting == GTK_SYSTEM_SETTING_DPI
      || setting == GTK_SYSTEM_SETTING_FONT_CONFIG)
    invalidate_layout (CS_TOPOLOGY_VIEW (widget));
  GTK_WIDGET_CLASS (cs_topology_view_parent_class)->system_setting_changed (widget, setting);
}

static void
cs_topology_view_dispose (GObject *object)
{
  CsTopologyView *self = CS_TOPOLOGY_VIEW (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_handle_id (&self->load_source, g_source_remove);
  g_clear_pointer (&self->cpu_load, cs_cpu_load_free);
  g_clear_pointer (&self->layout, cs_topo_layout_free);
  g_clear_pointer (&self->topology, cs_topology_unref);
  G_OBJECT_CLASS (cs_topology_view_parent_class)->dispose (object);
}

static void
cs_topology_view_finalize (GObject *object)
{
  CsTopologyView *self = CS_TOPOLOGY_VIEW (object);

  g_array_unref (self->highlighted);
  g_array_unref (self->load);
  G_OBJECT_CLASS (cs_topology_view_parent_class)->finalize (object);
}

static void
cs_topology_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LIVE_LOAD:
      g_value_set_boolean (value, cs_topology_view_get_live_load (CS_TOPOLOGY_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_topology_view_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LIVE_LOAD:
      cs_topology_view_set_live_load (CS_TOPOLOGY_VIEW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_topology_view_class_init (CsTopologyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cs_topology_view_get_property;
  object_class->set_property = cs_topology_view_set_property;
  object_class->dispose = cs_topology_view_dispose;
  properties[PROP_LIVE_LOAD] =
    g_param_spec_boolean ("live-load", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  object_class->finalize = cs_topology_view_finalize;
  widget_class->snapshot = cs_topology_view_snapshot;
  widget_class->measure = cs_topology_view_measure;
  widget_class->query_tooltip = cs_topology_view_query_tooltip;
  widget_class->system_setting_changed = cs_topology_view_system_setting_changed;
  gtk_widget_class_set_css_name (widget_class, "topologyview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cs_topology_view_init (CsTopologyView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->highlighted = g_array_new (FALSE, FALSE, sizeof (guint));
  self->load = g_array_new (FALSE, TRUE, sizeof (double));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);
}

GtkWidget *
cs_topology_view_new (void)
{
  return g_object_new (CS_TYPE_TOPOLOGY_VIEW, NULL);
}

/* ---- live load --------------------------------------------------------------------------- */

static gboolean
sample_load (gpointer data)
{
  CsTopologyView *self = data;
  g_autoptr (GError) error = NULL;
  const double *values;
  guint n;

  /* Nothing to show while hidden (another page, minimised): skip the read. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_CONTINUE;
  if (!cs_cpu_load_sample (self->cpu_load, &error))
    {
      g_warning ("Live load stopped: %s", error->message);
      /* Destroying the source being dispatched is allowed; returning REMOVE is then a no-op. */
      cs_topology_view_set_live_load (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  if (cs_cpu_load_has_values (self->cpu_load))
    {
      values = cs_cpu_load_get_values (self->cpu_load, &n);
      cs_topology_view_set_pu_load (self, values, n);
    }
  return G_SOURCE_CONTINUE;
}

void
cs_topology_view_pause_live_load (CsTopologyView *self, gboolean paused)
{
  g_return_if_fail (CS_IS_TOPOLOGY_VIEW (self));

  if (self->cpu_load == NULL || paused == (self->load_source == 0))
    return;
  if (paused)
    {
      /* The reference sample: the load shown when the pause ends is the timed run's. */
      g_clear_handle_id (&self->load_source, g_source_remove);
      cs_cpu_load_sample (self->cpu_load, NULL);
      return;
    }
  sample_load (self);
  self->load_source = g_timeout_add (LOAD_INTERVAL_MS, sample_load, self);
  g_source_set_name_by_id (self->load_source, "[corescope] topology live load");
}

gboolean
cs_topology_view_get_live_load (CsTopologyView *self)
{
  g_return_val_if_fail (CS_IS_TOPOLOGY_VIEW (self), FALSE);
  return self->load_source != 0;
}

void
cs_topology_view_set_live_load (CsTopologyView *self, gboolean live)
{
  g_return_if_fail (CS_IS_TOPOLOGY_VIEW (self));

  /* Only this machine's PUs can be measured. */
  live = live && self->topology != NULL && cs_topology_is_this_system (self->topology);
  if (live == (self->load_source != 0))
    return;
  if (live)
    {
      self->cpu_load = cs_cpu_load_new ();
      cs_cpu_load_sample (self->cpu_load, NULL); /* the reference point */
      self->load_source = g_timeout_add (LOAD_INTERVAL_MS, sample_load, self);
      g_source_set_name_by_id (self->load_source, "[corescope] topology live load");
    }
  else
    {
      g_clear_handle_id (&self->load_source, g_source_remove);
      g_clear_pointer (&self->cpu_load, cs_cpu_load_free);
      cs_topology_view_set_pu_load (self, NULL, 0);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE_LOAD]);
}

/* Screen readers get the one-line summary the drawing shows. */
static void
update_accessible_label (CsTopologyView *self)
{
  g_autofree char *summary = self->topology != NULL ? cs_topology_describe (self->topology) : NULL;
  g_autofree char *label = NULL;

  /* Translators: accessible name of the drawing, %s is "2 packages, 64 cores, 128 PUs" */
  label = g_strdup_printf (_("CPU topology: %s"), summary != NULL ? summary : _("none"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
cs_topology_view_set_topology (CsTopologyView *self, CsTopology *topology)
{
  g_return_if_fail (CS_IS_TOPOLOGY_VIEW (self));

  if (topology == self->topology)
    return;
  g_clear_pointer (&self->topology, cs_topology_unref);
  if (topology != NULL)
    self->topology = cs_topology_ref (topology);
  update_accessible_label (self);
  if (self->load_source != 0 && (topology == NULL || !cs_topology_is_this_system (topology)))
    cs_topology_view_set_live_load (self, FALSE);
  invalidate_layout (self);
}

CsTopology *
cs_topology_view_get_topology (CsTopologyView *self)
{
  g_return_val_if_fail (CS_IS_TOPOLOGY_VIEW (self), NULL);
  return self->topology;
}

void
cs_topology_view_set_highlighted_pus (CsTopologyView *self, const guint *pus, guint n_pus)
{
  g_return_if_fail (CS_IS_TOPOLOGY_VIEW (self));

  g_array_set_size (self->highlighted, 0);
  if (n_pus > 0)
    g_array_append_vals (self->highlighted, pus, n_pus);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cs_topology_view_set_pu_load (CsTopologyView *self, const double *load, guint n_load)
{
  g_return_if_fail (CS_IS_TOPOLOGY_VIEW (self));

  g_array_set_size (self->load, 0);
  self->show_load = load != NULL;
  if (load != NULL && n_load > 0)
    g_array_append_vals (self->load, load, n_load);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
