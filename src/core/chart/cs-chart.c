/* cs-chart.c: the chart data model, independent of results, with its palette and themes
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cs-chart-private.h"

G_DEFINE_QUARK (cs-chart-error-quark, cs_chart_error)

/* Okabe & Ito's colour-blind-safe palette, ordered so that the first three (the three modes)
 * are the most distinct. Yellow is darkened on white, and every colour is lifted on dark
 * backgrounds, where the originals lose contrast. */
static const guint32 palette_light[CS_CHART_N_COLOURS] = {
  0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0x000000, 0xC8B400,
};
static const guint32 palette_dark[CS_CHART_N_COLOURS] = {
  0x4BA3E3, 0xF07F3C, 0x1FC08F, 0xE39AC5, 0xF2B33D, 0x8ACDF2, 0xE6E6E6, 0xF0E442,
};

static const guint32 theme_light[CS_CHART_N_THEME_COLOURS] = {
  0xFFFFFF, 0x1F1F1F, 0x5E5C64, 0xE8E8E8, 0x8A8A8A, 0x8F8F8F, 0xF2F2F2, 0xFFFFFF,
};
static const guint32 theme_dark[CS_CHART_N_THEME_COLOURS] = {
  0x1E1E1E, 0xEEEEEE, 0xAAAAAA, 0x363636, 0x777777, 0x9C9C9C, 0x2A2A2A, 0x242424,
};

static void
unpack_rgb (guint32 packed, double rgb[3])
{
  rgb[0] = ((packed >> 16) & 0xff) / 255.0;
  rgb[1] = ((packed >> 8) & 0xff) / 255.0;
  rgb[2] = (packed & 0xff) / 255.0;
}

void
cs_chart_palette_colour (CsChartTheme theme, guint index, double rgb[3])
{
  const guint32 *palette = theme == CS_CHART_THEME_DARK ? palette_dark : palette_light;
  unpack_rgb (palette[index % CS_CHART_N_COLOURS], rgb);
}

void
_cs_chart_theme_colour (CsChartTheme theme, CsChartThemeColour which, double rgb[3])
{
  const guint32 *colours = theme == CS_CHART_THEME_DARK ? theme_dark : theme_light;
  g_assert (which < CS_CHART_N_THEME_COLOURS);
  unpack_rgb (colours[which], rgb);
}

void
cs_chart_theme_colour_ideal (CsChartTheme theme, double rgb[3])
{
  _cs_chart_theme_colour (theme, CS_CHART_THEME_IDEAL, rgb);
}

void
cs_chart_theme_colour_background (CsChartTheme theme, double rgb[3])
{
  _cs_chart_theme_colour (theme, CS_CHART_THEME_BG, rgb);
}

/* Start-up in vermillion, dispatch in orange, compute in sky blue: the costs stand out, the
 * useful work recedes. */
guint
_cs_chart_segment_colour (guint segment)
{
  static const guint colours[CS_CHART_MAX_SEGMENTS] = { 1, 4, 5, 3 };
  return colours[segment % CS_CHART_MAX_SEGMENTS];
}

double
_cs_chart_font_points (CsChartFont font)
{
  static const double points[CS_CHART_N_FONTS] = { 14.5, 10.5, 10.5, 9.0, 9.5, 8.5, 12.0 };
  g_assert (font < CS_CHART_N_FONTS);
  return points[font];
}

gboolean
_cs_chart_value_ok (double v)
{
  return isfinite (v);
}

PangoContext *
_cs_chart_pango_context_new (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 96.0);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
  return context;
}

PangoLayout *
_cs_chart_text_layout (PangoContext *context, CsChartFont font, double scale, const char *text)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (desc, (int) (_cs_chart_font_points (font) * scale *
                                                 PANGO_SCALE));
  if (font == CS_CHART_FONT_TITLE)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (desc);
  return layout;
}

static void
curve_free (CsChartCurve *curve)
{
  g_free (curve->label);
  g_array_unref (curve->xs);
  g_array_unref (curve->ys);
  g_free (curve);
}

static void
series_free (CsChartSeries *series)
{
  g_free (series->name);
  g_array_unref (series->points);
  g_ptr_array_unref (series->curves);
  g_free (series);
}

static void
bar_clear (gpointer data)
{
  CsChartBar *bar = data;
  g_free (bar->group);
  g_free (bar->label);
}

static const char *
default_y_title (CsChartKind kind)
{
  switch (kind)
    {
    case CS_CHART_SPEEDUP:
      return _("Speedup over 1 worker (×)");
    case CS_CHART_EFFICIENCY:
      return _("Parallel efficiency (%)");
    case CS_CHART_TIME:
    case CS_CHART_OVERHEAD:
      /* %s is a time unit: s, ms or µs */
      return _("Time per run (%s)");
    case CS_CHART_THROUGHPUT:
      return _("Throughput (units/s)");
    case CS_CHART_MEMORY:
      return _("Memory the workers hold (MiB)");
    case CS_N_CHART_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
default_x_title (CsChartKind kind, CsChartXScale scale)
{
  if (kind == CS_CHART_OVERHEAD)
    return _("Workers, grouped by mode");
  return scale == CS_CHART_X_PER_CORE ? _("Workers per physical core of each machine")
                                      : _("Workers");
}

static void
node_boundary_clear (gpointer data)
{
  g_free (((CsChartNodeBoundary *) data)->label);
}

CsChart *
cs_chart_new (CsChartKind kind)
{
  CsChart *chart;

  g_return_val_if_fail (kind < CS_N_CHART_KINDS, NULL);

  chart = g_atomic_rc_box_new0 (CsChart);
  chart->kind = kind;
  chart->x_title = g_strdup (default_x_title (kind, CS_CHART_X_WORKERS));
  chart->y_title = g_strdup (default_y_title (kind));
  chart->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  chart->bars = g_array_new (FALSE, TRUE, sizeof (CsChartBar));
  chart->node_boundaries = g_array_new (FALSE, TRUE, sizeof (CsChartNodeBoundary));
  g_array_set_clear_func (chart->node_boundaries, node_boundary_clear);
  g_array_set_clear_func (chart->bars, bar_clear);
  if (kind == CS_CHART_SPEEDUP)
    cs_chart_set_ideal (chart, TRUE, 1.0, 0.0);
  else if (kind == CS_CHART_EFFICIENCY)
    cs_chart_set_ideal (chart, TRUE, 0.0, 100.0);
  if (kind == CS_CHART_OVERHEAD)
    {
      const char *names[] = { _("Worker start-up"), _("Dispatch"), _("Compute"), NULL };
      cs_chart_set_segment_names (chart, names);
      chart->default_segments = TRUE;
    }
  return chart;
}

CsChart *
cs_chart_ref (CsChart *chart)
{
  g_return_val_if_fail (chart != NULL, NULL);
  return g_atomic_rc_box_acquire (chart);
}

static void
chart_clear (gpointer data)
{
  CsChart *chart = data;

  g_free (chart->title);
  g_free (chart->subtitle);
  g_free (chart->annotation);
  g_free (chart->x_title);
  g_free (chart->y_title);
  g_free (chart->placeholder);
  g_ptr_array_unref (chart->series);
  for (guint i = 0; i < CS_CHART_MAX_SEGMENTS; i++)
    g_free (chart->segment_names[i]);
  g_array_unref (chart->bars);
  g_array_unref (chart->node_boundaries);
}

void
cs_chart_unref (CsChart *chart)
{
  g_return_if_fail (chart != NULL);
  g_atomic_rc_box_release_full (chart, chart_clear);
}

CsChartKind
cs_chart_get_kind (CsChart *chart)
{
  return chart->kind;
}

#define DEFINE_STRING_PROPERTY(name)                               \
  void cs_chart_set_##name (CsChart *chart, const char *value)     \
  {                                                                \
    g_return_if_fail (chart != NULL);                              \
    g_free (chart->name);                                          \
    chart->name = g_strdup (value);                                \
  }                                                                \
  const char *cs_chart_get_##name (CsChart *chart)                 \
  {                                                                \
    g_return_val_if_fail (chart != NULL, NULL);                    \
    return chart->name;                                            \
  }

DEFINE_STRING_PROPERTY (title)
DEFINE_STRING_PROPERTY (subtitle)
DEFINE_STRING_PROPERTY (annotation)
DEFINE_STRING_PROPERTY (x_title)
DEFINE_STRING_PROPERTY (y_title)

void
cs_chart_set_placeholder (CsChart *chart, const char *text)
{
  g_return_if_fail (chart != NULL);
  g_free (chart->placeholder);
  chart->placeholder = g_strdup (text);
}

const char *
cs_chart_get_placeholder (CsChart *chart)
{
  g_return_val_if_fail (chart != NULL, NULL);
  return chart->placeholder;
}

void
cs_chart_set_x_scale (CsChart *chart, CsChartXScale scale)
{
  g_return_if_fail (chart != NULL);
  chart->x_scale = scale;
  cs_chart_set_x_title (chart, default_x_title (chart->kind, scale));
}

CsChartXScale
cs_chart_get_x_scale (CsChart *chart)
{
  g_return_val_if_fail (chart != NULL, CS_CHART_X_WORKERS);
  return chart->x_scale;
}

void
cs_chart_set_log_y (CsChart *chart, gboolean log_y)
{
  chart->log_y = log_y;
}

void
cs_chart_set_legend_on_top (CsChart *chart, gboolean on_top)
{
  chart->legend_on_top = on_top;
}

gboolean
cs_chart_get_log_y (CsChart *chart)
{
  return chart->log_y;
}

void
cs_chart_set_ideal (CsChart *chart, gboolean show, double slope, double intercept)
{
  chart->show_ideal = show && isfinite (slope) && isfinite (intercept);
  chart->ideal_slope = slope;
  chart->ideal_intercept = intercept;
}

void
cs_chart_set_topology (CsChart *chart, const CsChartTopology *topology)
{
  if (topology != NULL)
    chart->topology = *topology;
  else
    memset (&chart->topology, 0, sizeof chart->topology);
}

const CsChartTopology *
cs_chart_get_topology (CsChart *chart)
{
  return &chart->topology;
}

void
cs_chart_add_node_boundary (CsChart *chart, guint workers, const char *label)
{
  CsChartNodeBoundary boundary = { workers, g_strdup (label) };

  g_return_if_fail (chart != NULL && label != NULL);
  g_array_append_val (chart->node_boundaries, boundary);
}

guint
cs_chart_get_n_node_boundaries (CsChart *chart)
{
  g_return_val_if_fail (chart != NULL, 0);
  return chart->node_boundaries->len;
}

const CsChartNodeBoundary *
cs_chart_get_node_boundary (CsChart *chart, guint index)
{
  g_return_val_if_fail (chart != NULL && index < chart->node_boundaries->len, NULL);
  return &g_array_index (chart->node_boundaries, CsChartNodeBoundary, index);
}

CsChartSeries *
cs_chart_add_series (CsChart *chart, const char *name)
{
  CsChartSeries *series = g_new0 (CsChartSeries, 1);
  guint index = chart->series->len;

  series->name = g_strdup (name != NULL ? name : "");
  cs_chart_series_set_style_index (series, index);
  series->points = g_array_new (FALSE, TRUE, sizeof (CsChartPoint));
  series->curves = g_ptr_array_new_with_free_func ((GDestroyNotify) curve_free);
  g_ptr_array_add (chart->series, series);
  return series;
}

void
cs_chart_series_set_style_index (CsChartSeries *series, guint index)
{
  g_return_if_fail (series != NULL);
  series->colour = index % CS_CHART_N_COLOURS;
  /* Past the palette's length, shift the marker so colour + shape stay unique. */
  series->marker = (index + index / CS_CHART_N_COLOURS) % CS_CHART_N_MARKERS;
}

guint
cs_chart_get_n_series (CsChart *chart)
{
  return chart->series->len;
}

CsChartSeries *
cs_chart_get_series (CsChart *chart, guint index)
{
  g_return_val_if_fail (index < chart->series->len, NULL);
  return g_ptr_array_index (chart->series, index);
}

CsChartPoint *
cs_chart_series_add_point (CsChartSeries *series, double x, double y)
{
  CsChartPoint point = {
    .x = x, .y = y, .workers = x,
    .err_lo = NAN, .err_hi = NAN, .band_lo = NAN, .band_hi = NAN,
    .median_s = NAN, .ci_lo_s = NAN, .ci_hi_s = NAN, .speedup = NAN, .efficiency = NAN,
    .min_s = NAN, .max_s = NAN,
  };

  g_array_append_val (series->points, point);
  return &g_array_index (series->points, CsChartPoint, series->points->len - 1);
}

CsChartCurve *
cs_chart_series_add_curve (CsChartSeries *series, const char *label)
{
  CsChartCurve *curve = g_new0 (CsChartCurve, 1);

  curve->label = g_strdup (label != NULL ? label : "");
  curve->xs = g_array_new (FALSE, FALSE, sizeof (double));
  curve->ys = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (series->curves, curve);
  return curve;
}

void
cs_chart_curve_add_sample (CsChartCurve *curve, double x, double y)
{
  g_array_append_val (curve->xs, x);
  g_array_append_val (curve->ys, y);
}

void
cs_chart_set_segment_names (CsChart *chart, const char *const *names)
{
  for (guint i = 0; i < CS_CHART_MAX_SEGMENTS; i++)
    g_clear_pointer (&chart->segment_names[i], g_free);
  chart->n_segments = 0;
  chart->default_segments = FALSE;
  for (guint i = 0; names != NULL && names[i] != NULL && i < CS_CHART_MAX_SEGMENTS; i++)
    {
      chart->segment_names[i] = g_strdup (names[i]);
      chart->n_segments = i + 1;
    }
}

const char *
_cs_chart_segment_name (CsChart *chart, guint segment)
{
  return segment < chart->n_segments ? chart->segment_names[segment] : "";
}

CsChartBar *
cs_chart_add_bar (CsChart *chart, const char *group, const char *label, const double *values,
                  guint n_values)
{
  CsChartBar bar = { 0 };

  bar.group = g_strdup (group != NULL ? group : "");
  bar.label = g_strdup (label != NULL ? label : "");
  for (guint i = 0; i < MIN (n_values, CS_CHART_MAX_SEGMENTS); i++)
    bar.values[i] = values[i];
  if (chart->n_segments < MIN (n_values, CS_CHART_MAX_SEGMENTS))
    chart->n_segments = MIN (n_values, CS_CHART_MAX_SEGMENTS);
  g_array_append_val (chart->bars, bar);
  return &g_array_index (chart->bars, CsChartBar, chart->bars->len - 1);
}

guint
cs_chart_get_n_bars (CsChart *chart)
{
  return chart->bars->len;
}

static gboolean
series_has_data (const CsChartSeries *series, gboolean log_y)
{
  for (guint i = 0; i < series->points->len; i++)
    {
      const CsChartPoint *p = &g_array_index (series->points, CsChartPoint, i);
      if (!p->failed && isfinite (p->x) && p->x > 0 && isfinite (p->y) && (!log_y || p->y > 0))
        return TRUE;
    }
  return FALSE;
}

static gboolean
bar_has_data (const CsChartBar *bar)
{
  for (guint i = 0; i < CS_CHART_MAX_SEGMENTS; i++)
    if (isfinite (bar->values[i]) && bar->values[i] > 0)
      return TRUE;
  return FALSE;
}

gboolean
cs_chart_has_data (CsChart *chart)
{
  g_return_val_if_fail (chart != NULL, FALSE);

  if (chart->kind == CS_CHART_OVERHEAD)
    {
      for (guint i = 0; i < chart->bars->len; i++)
        if (bar_has_data (&g_array_index (chart->bars, CsChartBar, i)))
          return TRUE;
      return FALSE;
    }
  for (guint i = 0; i < chart->series->len; i++)
    if (series_has_data (g_ptr_array_index (chart->series, i), chart->log_y))
      return TRUE;
  return FALSE;
}

static const char *kind_names[] = { "speedup", "efficiency", "time", "throughput", "overhead",
                                    "memory" };

const char *
cs_chart_kind_to_string (CsChartKind kind)
{
  g_return_val_if_fail (kind < CS_N_CHART_KINDS, NULL);
  return kind_names[kind];
}

gboolean
cs_chart_kind_from_string (const char *str, CsChartKind *out)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (str, kind_names[i]))
      {
        *out = (CsChartKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
cs_chart_theme_from_string (const char *str, CsChartTheme *out)
{
  if (g_strcmp0 (str, "light") == 0)
    *out = CS_CHART_THEME_LIGHT;
  else if (g_strcmp0 (str, "dark") == 0)
    *out = CS_CHART_THEME_DARK;
  else
    return FALSE;
  return TRUE;
}
