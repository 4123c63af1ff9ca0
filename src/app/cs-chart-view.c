/* cs-chart-view.c: a widget that shows a chart of sweep results, laid out on demand
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-chart-view"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "cs-analysis.h"
#include "cs-chart-view.h"

/* Points within this many pixels of the pointer get a tooltip. */
#define HIT_DISTANCE 12.0

/* The widget only caches and paints: the chart and its layout come from the GTK-free core, which
 * the exports and the CLI share. Charts are built elsewhere (in a thread: building one computes
 * statistics and fits models) and handed over finished. */
struct _CsChartView
{
  GtkWidget      parent_instance;

  CsChartKind    kind;
  CsChart       *chart;     /* immutable once set; NULL: an empty chart is made on demand */
  CsChartLayout *layout;    /* for layout_width × layout_height; NULL when stale */
  int            layout_width, layout_height;
};

G_DEFINE_FINAL_TYPE (CsChartView, cs_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
invalidate_layout (CsChartView *self)
{
  g_clear_pointer (&self->layout, cs_chart_layout_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
invalidate_chart (CsChartView *self)
{
  g_clear_pointer (&self->chart, cs_chart_unref);
  invalidate_layout (self);
}

static const char *
placeholder_for (CsChartKind kind)
{
  if (kind == CS_CHART_OVERHEAD)
    return _("Start-up, dispatch and compute times appear here as points are measured");
  return _("Points appear here as soon as they are measured");
}

CsChart *
cs_chart_view_get_chart (CsChartView *self)
{
  g_return_val_if_fail (CS_IS_CHART_VIEW (self), NULL);

  if (self->chart == NULL)
    {
      self->chart = cs_chart_new (self->kind);
      cs_chart_set_placeholder (self->chart, placeholder_for (self->kind));
    }
  return self->chart;
}

CsChartLayout *
cs_chart_view_get_layout (CsChartView *self)
{
  int width, height;

  g_return_val_if_fail (CS_IS_CHART_VIEW (self), NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    return NULL;
  if (self->layout != NULL && (width != self->layout_width || height != self->layout_height))
    g_clear_pointer (&self->layout, cs_chart_layout_free);
  if (self->layout == NULL)
    {
      /* Text scale 1: the chart's fonts match the desktop's instead of growing with the size.
       * The layout is in logical pixels; GTK renders the cairo node at the monitor's scale. */
      /* The window's toasts sit over the chart's bottom: keep the legend clear of them. */
      cs_chart_set_legend_on_top (cs_chart_view_get_chart (self), TRUE);
      self->layout = cs_chart_layout_new_full (cs_chart_view_get_chart (self), width, height, 1);
      self->layout_width = width;
      self->layout_height = height;
    }
  return self->layout;
}

CsChartTheme
cs_chart_view_get_theme (CsChartView *self)
{
  g_return_val_if_fail (CS_IS_CHART_VIEW (self), CS_CHART_THEME_LIGHT);
  return adw_style_manager_get_dark (adw_style_manager_get_default ()) ? CS_CHART_THEME_DARK
                                                                        : CS_CHART_THEME_LIGHT;
}

/* Every chart view's snapshots, main thread only: tests check that none happens while a run
 * is timed. */
static guint n_snapshots;

guint
cs_chart_view_get_n_snapshots (void)
{
  return n_snapshots;
}

static void
cs_chart_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CsChartView *self = CS_CHART_VIEW (widget);
  CsChartLayout *layout = cs_chart_view_get_layout (self);
  cairo_t *cr;

  n_snapshots++;
  if (layout == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->layout_width,
                                                                 self->layout_height));
  cs_chart_layout_paint (layout, cr, cs_chart_view_get_theme (self));
  cairo_destroy (cr);
}

static void
cs_chart_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CsChartView *self = CS_CHART_VIEW (widget);

  if (width != self->layout_width || height != self->layout_height)
    g_clear_pointer (&self->layout, cs_chart_layout_free);
}

static void
cs_chart_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                       int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  /* Small enough for a narrow window; the natural size reads well next to a sidebar. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 440;
}

/* ---- tooltips ---------------------------------------------------------------------------- */

static char *
format_value (CsChartKind kind, double y)
{
  switch (kind)
    {
    case CS_CHART_SPEEDUP:
      return g_strdup_printf (_("speed-up %.2f×"), y);
    case CS_CHART_EFFICIENCY:
      return g_strdup_printf (_("efficiency %.0f %%"), y);
    case CS_CHART_THROUGHPUT:
      return g_strdup_printf (_("throughput %.4g per second"), y);
    case CS_CHART_MEMORY:
      return g_strdup_printf (_("workers hold %.1f MiB together"), y);
    case CS_CHART_TIME:
    case CS_CHART_OVERHEAD:
    case CS_N_CHART_KINDS:
    default:
      return NULL;
    }
}

/* "thread · 4 workers\nmedian 1.25 s (95 % CI 1.20 s – 1.31 s)\nspeed-up 3.61×" */
static char *
describe_point (CsChartView *self, const CsChartSeries *series, const CsChartPoint *point)
{
  GString *text = g_string_new (NULL);
  g_autofree char *name = g_markup_escape_text (series->name, -1);
  g_autofree char *value = format_value (self->kind, point->y);

  g_string_append_printf (text, "<b>%s</b> · ", name);
  g_string_append_printf (text, ngettext ("%u worker", "%u workers", (gulong) point->workers),
                          (guint) point->workers);
  if (point->x != point->workers)
    g_string_append_printf (text, _(" (%.0f %% of its physical cores)"), point->x * 100);
  if (!isnan (point->median_s))
    {
      g_autofree char *median = cs_format_seconds (point->median_s);

      g_string_append_printf (text, "\n%s %s", _("median"), median);
      if (!isnan (point->ci_lo_s) && !isnan (point->ci_hi_s))
        {
          g_autofree char *lo = cs_format_seconds (point->ci_lo_s);
          g_autofree char *hi = cs_format_seconds (point->ci_hi_s);

          g_string_append_printf (text, _(" (95 %% CI %s – %s)"), lo, hi);
        }
    }
  if (value != NULL)
    g_string_append_printf (text, "\n%s", value);
  if (!isnan (point->efficiency) && self->kind != CS_CHART_EFFICIENCY)
    g_string_append_printf (text, _("\nefficiency %.0f %%"), point->efficiency * 100);
  if (point->oversubscribed)
    g_string_append_printf (text, "\n%s", _("more workers than processing units"));
  return g_string_free (text, FALSE);
}

static gboolean
cs_chart_view_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard,
                             GtkTooltip *tooltip)
{
  CsChartView *self = CS_CHART_VIEW (widget);
  CsChartLayout *layout = cs_chart_view_get_layout (self);
  g_autofree char *markup = NULL;
  guint series_index, point_index;
  CsChartSeries *series;

  if (layout == NULL || keyboard
      || !cs_chart_layout_hit_test (layout, x, y, HIT_DISTANCE, &series_index, &point_index))
    return FALSE;
  series = cs_chart_get_series (cs_chart_view_get_chart (self), series_index);
  markup = describe_point (self, series,
                           &g_array_index (series->points, CsChartPoint, point_index));
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* ---- properties -------------------------------------------------------------------------- */

void
cs_chart_view_set_kind (CsChartView *self, CsChartKind kind)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));
  g_return_if_fail (kind < CS_N_CHART_KINDS);

  if (self->kind == kind)
    return;
  self->kind = kind;
  invalidate_chart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

CsChartKind
cs_chart_view_get_kind (CsChartView *self)
{
  g_return_val_if_fail (CS_IS_CHART_VIEW (self), CS_CHART_SPEEDUP);
  return self->kind;
}

void
cs_chart_view_set_chart (CsChartView *self, CsChart *chart)
{
  g_return_if_fail (CS_IS_CHART_VIEW (self));

  if (chart == self->chart)
    return;
  if (chart != NULL)
    {
      cs_chart_ref (chart);
      self->kind = cs_chart_get_kind (chart);
    }
  invalidate_chart (self);
  self->chart = chart;
}

static void
cs_chart_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsChartView *self = CS_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_chart_view_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  CsChartView *self = CS_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      cs_chart_view_set_kind (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ---- object ------------------------------------------------------------------------------ */

static void
cs_chart_view_dispose (GObject *object)
{
  CsChartView *self = CS_CHART_VIEW (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_pointer (&self->layout, cs_chart_layout_free);
  g_clear_pointer (&self->chart, cs_chart_unref);
  G_OBJECT_CLASS (cs_chart_view_parent_class)->dispose (object);
}

static void
cs_chart_view_class_init (CsChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_chart_view_dispose;
  object_class->get_property = cs_chart_view_get_property;
  object_class->set_property = cs_chart_view_set_property;
  widget_class->snapshot = cs_chart_view_snapshot;
  widget_class->size_allocate = cs_chart_view_size_allocate;
  widget_class->measure = cs_chart_view_measure;
  widget_class->query_tooltip = cs_chart_view_query_tooltip;
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, CS_N_CHART_KINDS - 1, CS_CHART_SPEEDUP,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "chartview");
}

static void
cs_chart_view_init (CsChartView *self)
{
  self->kind = CS_CHART_SPEEDUP;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  /* Rounded corners (style.css) clip the chart's own background. */
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  /* The theme's background and strokes differ in dark mode: repaint (the layout stays). */
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (gtk_widget_queue_draw), self);
}

GtkWidget *
cs_chart_view_new (CsChartKind kind)
{
  return g_object_new (CS_TYPE_CHART_VIEW, "kind", kind, NULL);
}
