/* test-chart.c: chart layout, painting, exports and charts built from results
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <math.h>
#include <string.h>

#include "cs-chart-data.h"
#include "cs-chart-private.h" /* the topology markers' lines */
#include "cs-chart.h"
#include "cs-node-layout.h"
#include "fleet-test-util.h"

#define W 1600
#define H 1000

/* ---- Helpers ---- */

static CsChart *
make_chart (CsChartKind kind, guint n_series, guint n_points)
{
  CsChart *chart = cs_chart_new (kind);
  CsChartTopology topo = { 2, 4, 2, 1, 1 };

  cs_chart_set_title (chart, "Test chart");
  cs_chart_set_subtitle (chart, "fixed data");
  cs_chart_set_topology (chart, &topo);
  if (kind == CS_CHART_OVERHEAD)
    {
      const char *groups[] = { "thread", "process" };
      for (guint g = 0; g < 2; g++)
        for (guint w = 1; w <= 4; w *= 2)
          {
            double v[3] = { g == 1 ? 0.004 * w : 0.0002, 0.001, 0.02 / w };
            g_autofree char *label = g_strdup_printf ("%u", w);
            cs_chart_add_bar (chart, groups[g], label, v, 3);
          }
      return chart;
    }
  for (guint s = 0; s < n_series; s++)
    {
      g_autofree char *name = g_strdup_printf ("series %u", s);
      CsChartSeries *series = cs_chart_add_series (chart, name);
      for (guint i = 1; i <= n_points; i++)
        {
          double speedup = MIN ((double) i, 1.0 + 0.15 * s) * (1 - 0.01 * s);
          double y = kind == CS_CHART_EFFICIENCY ? 100 * speedup / i
                     : kind == CS_CHART_TIME ? 2.0 / speedup
                     : kind == CS_CHART_THROUGHPUT ? 3.0 * speedup : speedup;
          CsChartPoint *p = cs_chart_series_add_point (series, i, y);
          p->err_lo = 0.97 * y;
          p->err_hi = 1.03 * y;
          if (kind == CS_CHART_TIME)
            {
              p->band_lo = 0.9 * y;
              p->band_hi = 1.1 * y;
            }
          p->oversubscribed = i > 4;
        }
    }
  return chart;
}

static cairo_surface_t *
render (CsChart *chart, CsChartTheme theme, CsChartLayout **layout_out)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cairo_t *cr = cairo_create (surface);
  CsChartLayout *layout = cs_chart_layout_new (chart, W, H);

  cs_chart_layout_paint (layout, cr, theme);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  if (layout_out != NULL)
    *layout_out = layout;
  else
    cs_chart_layout_free (layout);
  return surface;
}

static gboolean
pixel_matches (guint32 px, const double rgb[3], int tolerance)
{
  int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
  return abs (r - (int) lround (rgb[0] * 255)) <= tolerance &&
         abs (g - (int) lround (rgb[1] * 255)) <= tolerance &&
         abs (b - (int) lround (rgb[2] * 255)) <= tolerance;
}

/* Pixels of colour rgb (± a few levels) inside rect. */
static guint
count_colour (cairo_surface_t *surface, CsChartRect rect, const double rgb[3])
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int x0 = MAX (0, (int) ceil (rect.x)), y0 = MAX (0, (int) ceil (rect.y));
  int x1 = MIN (cairo_image_surface_get_width (surface), (int) floor (rect.x + rect.width));
  int y1 = MIN (cairo_image_surface_get_height (surface), (int) floor (rect.y + rect.height));
  guint count = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (pixel_matches (((const guint32 *) (const void *) (data + y * stride))[x], rgb, 6))
        count++;
  return count;
}

static guint
count_not_colour (cairo_surface_t *surface, CsChartRect rect, const double rgb[3])
{
  guint total = (guint) (floor (rect.width) * floor (rect.height));
  return total - MIN (total, count_colour (surface, rect, rgb));
}

static void
assert_palette_colour_in_plot (cairo_surface_t *surface, const CsChartLayout *layout,
                               guint colour)
{
  double rgb[3];
  cs_chart_palette_colour (CS_CHART_THEME_LIGHT, colour, rgb);
  g_assert_cmpuint (count_colour (surface, cs_chart_layout_get_plot_rect (layout), rgb), >, 30);
}

/* ---- Rendering every kind ---- */

static void
test_render_kinds (void)
{
  for (CsChartKind kind = 0; kind < CS_N_CHART_KINDS; kind++)
    {
      g_autoptr (CsChart) chart = make_chart (kind, 3, 6);
      g_autoptr (CsChartLayout) layout = NULL;
      cairo_surface_t *surface = render (chart, CS_CHART_THEME_LIGHT, &layout);
      CsChartRect plot = cs_chart_layout_get_plot_rect (layout);
      double bg[3], ideal[3];

      g_test_message ("kind %s", cs_chart_kind_to_string (kind));
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, W);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, H);
      g_assert_false (cs_chart_layout_is_placeholder (layout));
      /* The plot takes most of the picture, and is inside it. */
      g_assert_cmpfloat (plot.x, >, 0);
      g_assert_cmpfloat (plot.y, >, 0);
      g_assert_cmpfloat (plot.x + plot.width, <=, W);
      g_assert_cmpfloat (plot.y + plot.height, <=, H);
      g_assert_cmpfloat (plot.width * plot.height, >, 0.3 * W * H);

      cs_chart_theme_colour_background (CS_CHART_THEME_LIGHT, bg);
      g_assert_cmpuint (count_not_colour (surface, plot, bg), >, plot.width * plot.height / 50);
      if (kind == CS_CHART_OVERHEAD)
        {
          /* start-up, dispatch, compute */
          assert_palette_colour_in_plot (surface, layout, 1);
          assert_palette_colour_in_plot (surface, layout, 4);
          assert_palette_colour_in_plot (surface, layout, 5);
        }
      else
        for (guint s = 0; s < 3; s++)
          assert_palette_colour_in_plot (surface, layout, s);
      cs_chart_theme_colour_ideal (CS_CHART_THEME_LIGHT, ideal);
      if (kind == CS_CHART_SPEEDUP || kind == CS_CHART_EFFICIENCY)
        {
          /* Grey also comes from antialiased text and axes: compare with the ideal hidden. */
          guint with_ideal = count_colour (surface, plot, ideal);
          cairo_surface_t *without;
          cs_chart_set_ideal (chart, FALSE, 0, 0);
          without = render (chart, CS_CHART_THEME_LIGHT, NULL);
          g_assert_cmpuint (with_ideal, >, count_colour (without, plot, ideal) + 100);
          cairo_surface_destroy (without);
        }
      cairo_surface_destroy (surface);
    }
}

static void
test_render_dark (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_SPEEDUP, 3, 6);
  g_autoptr (CsChartLayout) layout = NULL;
  cairo_surface_t *surface = render (chart, CS_CHART_THEME_DARK, &layout);
  CsChartRect all = { 0, 0, W, H };
  double bg[3], rgb[3];

  cs_chart_theme_colour_background (CS_CHART_THEME_DARK, bg);
  g_assert_cmpfloat (bg[0] + bg[1] + bg[2], <, 0.5);
  /* Mostly dark background, with the dark palette's colours on it. */
  g_assert_cmpuint (count_colour (surface, all, bg), >, W * H / 3);
  cs_chart_palette_colour (CS_CHART_THEME_DARK, 0, rgb);
  g_assert_cmpuint (count_colour (surface, cs_chart_layout_get_plot_rect (layout), rgb), >, 30);
  cairo_surface_destroy (surface);
}

/* A failed point ends the line: nothing of the series' colour between its neighbours. */
static void
test_failed_gap (void)
{
  g_autoptr (CsChart) chart = cs_chart_new (CS_CHART_THROUGHPUT);
  CsChartSeries *series = cs_chart_add_series (chart, "flat");
  g_autoptr (CsChartLayout) layout = NULL;
  cairo_surface_t *surface;
  const GPtrArray *lines;
  CsChartRect plot;
  double rgb[3];

  for (guint i = 1; i <= 5; i++)
    cs_chart_series_add_point (series, i, 2.0)->failed = i == 3;
  surface = render (chart, CS_CHART_THEME_LIGHT, &layout);
  plot = cs_chart_layout_get_plot_rect (layout);

  lines = cs_chart_layout_get_series_lines (layout, 0);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpuint (((GArray *) g_ptr_array_index (lines, 0))->len, ==, 4); /* 1, 2 */
  g_assert_cmpuint (((GArray *) g_ptr_array_index (lines, 1))->len, ==, 4); /* 4, 5 */

  {
    /* Hit-testing finds drawn points, never the failed one. */
    guint hs = 99, hp = 99;
    double y = cs_chart_layout_map_y (layout, 2.0);
    g_assert_true (cs_chart_layout_hit_test (layout, cs_chart_layout_map_x (layout, 4) + 3, y,
                                             10, &hs, &hp));
    g_assert_cmpuint (hs, ==, 0);
    g_assert_cmpuint (hp, ==, 3);
    g_assert_false (cs_chart_layout_hit_test (layout, cs_chart_layout_map_x (layout, 3), y, 10,
                                              NULL, NULL));
  }

  cs_chart_palette_colour (CS_CHART_THEME_LIGHT, series->colour, rgb);
  for (double x = 2.3; x <= 3.71; x += 0.7)
    {
      CsChartRect column = { cs_chart_layout_map_x (layout, x) - 2, plot.y, 4, plot.height };
      g_assert_cmpuint (count_colour (surface, column, rgb), ==, 0);
    }
  {
    /* Control: the line is there between two good points. */
    CsChartRect column = { cs_chart_layout_map_x (layout, 1.5) - 2, plot.y, 4, plot.height };
    g_assert_cmpuint (count_colour (surface, column, rgb), >, 0);
  }
  cairo_surface_destroy (surface);
}

/* ---- Axes and legend ---- */

static gboolean
is_nice_step (double step)
{
  double exponent = floor (log10 (step) + 1e-9);
  double f = step / pow (10, exponent);
  return fabs (f - 1) < 1e-6 || fabs (f - 2) < 1e-6 || fabs (f - 5) < 1e-6 || fabs (f - 10) < 1e-6;
}

static void
test_ticks (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_TIME, 2, 8);
  g_autoptr (CsChartLayout) layout = cs_chart_layout_new (chart, W, H);
  const GArray *yt = cs_chart_layout_get_y_ticks (layout);
  const GArray *xt = cs_chart_layout_get_x_ticks (layout);
  g_autoptr (CsChart) wide = make_chart (CS_CHART_SPEEDUP, 1, 0);
  g_autoptr (CsChartLayout) wide_layout = NULL;

  g_assert_cmpuint (yt->len, >=, 3);
  g_assert_cmpfloat (g_array_index (yt, CsChartTick, 0).value, ==, 0);
  for (guint i = 1; i < yt->len; i++)
    {
      double step = g_array_index (yt, CsChartTick, i).value -
                    g_array_index (yt, CsChartTick, i - 1).value;
      g_assert_true (is_nice_step (step));
      /* Increasing values go up the screen. */
      g_assert_cmpfloat (g_array_index (yt, CsChartTick, i).pos, <,
                         g_array_index (yt, CsChartTick, i - 1).pos);
    }
  /* Times up to 2.2 s × 1.1: the axis reaches past the largest band value. */
  g_assert_cmpfloat (g_array_index (yt, CsChartTick, yt->len - 1).value, >=, 2.2 * 0.99);
  for (guint i = 0; i < xt->len; i++)
    {
      double v = g_array_index (xt, CsChartTick, i).value;
      g_assert_cmpfloat (v, ==, floor (v));
    }
  g_assert_false (cs_chart_layout_get_log_x (layout));

  {
    /* Millions of tasks per second: short SI labels, not "3000000". */
    g_autoptr (CsChart) fast = cs_chart_new (CS_CHART_THROUGHPUT);
    CsChartSeries *s = cs_chart_add_series (fast, "fast");
    g_autoptr (CsChartLayout) fast_layout = NULL;
    const GArray *ft;
    cs_chart_series_add_point (s, 1, 1.5e6);
    cs_chart_series_add_point (s, 2, 2.9e6);
    fast_layout = cs_chart_layout_new (fast, W, H);
    ft = cs_chart_layout_get_y_ticks (fast_layout);
    g_assert_cmpstr (g_array_index (ft, CsChartTick, 0).label, ==, "0");
    g_assert_true (g_str_has_suffix (g_array_index (ft, CsChartTick, ft->len - 1).label, "M"));
  }

  /* 1..256 workers: a log₂ axis with power-of-two ticks. */
  for (guint x = 1; x <= 256; x *= 2)
    cs_chart_series_add_point (cs_chart_get_series (wide, 0), x, sqrt (x));
  wide_layout = cs_chart_layout_new (wide, W, H);
  g_assert_true (cs_chart_layout_get_log_x (wide_layout));
  xt = cs_chart_layout_get_x_ticks (wide_layout);
  g_assert_cmpuint (xt->len, >=, 5);
  for (guint i = 0; i < xt->len; i++)
    {
      guint64 v = g_ascii_strtoull (g_array_index (xt, CsChartTick, i).label, NULL, 10);
      g_assert_cmpuint (v & (v - 1), ==, 0);
    }
}

static gboolean
segment_hits (double x1, double y1, double x2, double y2, CsChartRect r)
{
  /* Sampled: plenty for 2-px precision at these sizes. */
  for (guint i = 0; i <= 200; i++)
    {
      double x = x1 + (x2 - x1) * i / 200.0, y = y1 + (y2 - y1) * i / 200.0;
      if (x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height)
        return TRUE;
    }
  return FALSE;
}

static void
assert_legend_clear (CsChart *chart)
{
  g_autoptr (CsChartLayout) layout = cs_chart_layout_new (chart, W, H);
  CsChartRect legend = cs_chart_layout_get_legend_rect (layout);

  g_assert_cmpint (cs_chart_layout_get_legend_place (layout), !=, CS_CHART_LEGEND_NONE);
  g_assert_cmpfloat (legend.width, >, 0);
  for (guint s = 0; s < cs_chart_get_n_series (chart); s++)
    {
      const GPtrArray *lines = cs_chart_layout_get_series_lines (layout, s);
      for (guint i = 0; i < lines->len; i++)
        {
          GArray *xy = g_ptr_array_index (lines, i);
          const double *v = (const double *) (const void *) xy->data;
          for (guint j = 0; j + 3 < xy->len; j += 2)
            g_assert_false (segment_hits (v[j], v[j + 1], v[j + 2], v[j + 3], legend));
          for (guint j = 0; j + 1 < xy->len; j += 2)
            g_assert_false (segment_hits (v[j], v[j + 1], v[j], v[j + 1], legend));
        }
    }
}

static void
test_legend_never_covers_data (void)
{
  g_autoptr (CsChart) speedup = make_chart (CS_CHART_SPEEDUP, 3, 6);
  g_autoptr (CsChart) time = make_chart (CS_CHART_TIME, 3, 6);
  g_autoptr (CsChart) many = make_chart (CS_CHART_SPEEDUP, 12, 64);
  g_autoptr (CsChart) efficiency = make_chart (CS_CHART_EFFICIENCY, 5, 16);

  assert_legend_clear (speedup);
  assert_legend_clear (time);
  assert_legend_clear (many);
  assert_legend_clear (efficiency);
}

/* ---- Extremes ---- */

static void
assert_renders (CsChart *chart)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = cs_chart_render (chart, CS_CHART_FORMAT_PNG, 800, 500, 1.0,
                                            CS_CHART_THEME_LIGHT, &error);
  g_autoptr (GBytes) svg = NULL;
  g_autoptr (CsChartLayout) layout = NULL;
  cairo_surface_t *surface;

  g_assert_no_error (error);
  g_assert_nonnull (png);
  svg = cs_chart_render (chart, CS_CHART_FORMAT_SVG, 800, 500, 1.0, CS_CHART_THEME_DARK, &error);
  g_assert_no_error (error);
  surface = render (chart, CS_CHART_THEME_LIGHT, &layout);
  /* No NaN positions in what a widget would query. */
  for (guint i = 0; i < cs_chart_layout_get_y_ticks (layout)->len; i++)
    g_assert_true (isfinite (g_array_index (cs_chart_layout_get_y_ticks (layout), CsChartTick,
                                            i).pos));
  for (guint i = 0; i < cs_chart_layout_get_x_ticks (layout)->len; i++)
    g_assert_true (isfinite (g_array_index (cs_chart_layout_get_x_ticks (layout), CsChartTick,
                                            i).pos));
  cairo_surface_destroy (surface);
}

static void
test_extremes (void)
{
  g_autoptr (CsChart) one = cs_chart_new (CS_CHART_SPEEDUP);
  g_autoptr (CsChart) wide = cs_chart_new (CS_CHART_SPEEDUP);
  g_autoptr (CsChart) many = make_chart (CS_CHART_SPEEDUP, 12, 64);
  g_autoptr (CsChart) equal = cs_chart_new (CS_CHART_TIME);
  g_autoptr (CsChart) equal_log = cs_chart_new (CS_CHART_TIME);
  g_autoptr (CsChart) bad = cs_chart_new (CS_CHART_TIME);
  g_autoptr (CsChart) zero = cs_chart_new (CS_CHART_SPEEDUP);
  CsChartTopology big = { 128, 256, 2, 2, 4 };
  CsChartSeries *s;

  cs_chart_series_add_point (cs_chart_add_series (one, "one"), 1, 1);
  s = cs_chart_add_series (wide, "256");
  cs_chart_set_topology (wide, &big);
  for (guint x = 1; x <= 256; x++)
    cs_chart_series_add_point (s, x, MIN (x, 100))->oversubscribed = x > 200;
  for (guint i = 0; i < 2; i++)
    {
      CsChart *c = i == 0 ? equal : equal_log;
      s = cs_chart_add_series (c, "equal");
      cs_chart_set_log_y (c, i == 1);
      for (guint x = 1; x <= 8; x++)
        {
          CsChartPoint *p = cs_chart_series_add_point (s, x, 1.0);
          p->band_lo = p->band_hi = p->err_lo = p->err_hi = 1.0;
        }
    }
  /* NaN, infinities, zero and negative values: skipped, never drawn. */
  s = cs_chart_add_series (bad, "bad");
  cs_chart_set_log_y (bad, TRUE);
  cs_chart_series_add_point (s, 1, NAN);
  cs_chart_series_add_point (s, 2, INFINITY)->err_hi = NAN;
  cs_chart_series_add_point (s, 3, 0.0)->err_lo = -1;
  cs_chart_series_add_point (s, 4, -INFINITY);
  cs_chart_series_add_point (s, NAN, 1);
  cs_chart_series_add_point (s, 5, 0.5)->band_lo = -2;
  s = cs_chart_add_series (zero, "zero");
  cs_chart_series_add_point (s, 1, 0);
  cs_chart_series_add_point (s, 2, 0);

  assert_renders (one);
  assert_renders (wide);
  assert_renders (many);
  assert_renders (equal);
  assert_renders (equal_log);
  assert_renders (bad);
  assert_renders (zero);
  g_assert_true (cs_chart_has_data (bad));
}

static void
test_empty_placeholder (void)
{
  g_autoptr (CsChart) empty = cs_chart_new (CS_CHART_SPEEDUP);
  g_autoptr (CsChart) all_failed = cs_chart_new (CS_CHART_EFFICIENCY);
  g_autoptr (CsChart) no_bars = cs_chart_new (CS_CHART_OVERHEAD);
  CsChart *charts[] = { empty, all_failed, no_bars };
  CsChartSeries *s = cs_chart_add_series (all_failed, "failed");

  cs_chart_set_title (empty, "Nothing");
  cs_chart_series_add_point (s, 1, NAN)->failed = TRUE;
  cs_chart_series_add_point (s, 2, 1)->failed = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      g_autoptr (CsChartLayout) layout = NULL;
      cairo_surface_t *surface;
      double bg[3];

      g_assert_false (cs_chart_has_data (charts[i]));
      surface = render (charts[i], CS_CHART_THEME_LIGHT, &layout);
      g_assert_true (cs_chart_layout_is_placeholder (layout));
      /* The placeholder text is drawn in the middle. */
      cs_chart_theme_colour_background (CS_CHART_THEME_LIGHT, bg);
      g_assert_cmpuint (count_not_colour (surface, (CsChartRect) { W / 4, H / 3, W / 2, H / 3 },
                                          bg), >, 100);
      cairo_surface_destroy (surface);
    }
}

static void
test_text_scale (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_SPEEDUP, 3, 6);
  g_autoptr (CsChartLayout) automatic = cs_chart_layout_new (chart, 600, 400);
  g_autoptr (CsChartLayout) fixed = cs_chart_layout_new_full (chart, 600, 400, 1.0);
  g_autoptr (CsChartLayout) big = cs_chart_layout_new_full (chart, 600, 400, 2.0);
  CsChartRect a = cs_chart_layout_get_plot_rect (automatic);
  CsChartRect f = cs_chart_layout_get_plot_rect (fixed);
  CsChartRect b = cs_chart_layout_get_plot_rect (big);

  /* Larger text leaves less room for the plot; the automatic scale is small at 600×400. */
  g_assert_cmpfloat (a.width * a.height, >, f.width * f.height);
  g_assert_cmpfloat (f.width * f.height, >, b.width * b.height);
  g_assert_cmpfloat (b.width, >, 0);
}

static void
test_deterministic (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_SPEEDUP, 4, 12);
  g_autoptr (GBytes) a = cs_chart_render (chart, CS_CHART_FORMAT_PNG, 0, 0, 1, 0, NULL);
  g_autoptr (GBytes) b = cs_chart_render (chart, CS_CHART_FORMAT_PNG, 0, 0, 1, 0, NULL);
  g_autoptr (GBytes) c = cs_chart_render (chart, CS_CHART_FORMAT_PNG, 0, 0, 2, 0, NULL);

  g_assert_nonnull (a);
  g_assert_true (g_bytes_equal (a, b));
  g_assert_false (g_bytes_equal (a, c));
}

/* ---- Exports ---- */

typedef struct
{
  guint    depth;
  gboolean root_is_svg;
  gboolean in_title;
  GString *title;
} SvgState;

static void
svg_start (GMarkupParseContext *context, const char *name, const char **attr_names,
           const char **attr_values, gpointer user_data, GError **error)
{
  SvgState *state = user_data;
  if (state->depth == 0)
    state->root_is_svg = g_str_equal (name, "svg");
  state->in_title = state->depth == 1 && g_str_equal (name, "title");
  state->depth++;
}

static void
svg_end (GMarkupParseContext *context, const char *name, gpointer user_data, GError **error)
{
  SvgState *state = user_data;
  state->depth--;
  state->in_title = FALSE;
}

static void
svg_text (GMarkupParseContext *context, const char *text, gsize len, gpointer user_data,
          GError **error)
{
  SvgState *state = user_data;
  if (state->in_title)
    g_string_append_len (state->title, text, len);
}

static void
test_svg (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_SPEEDUP, 3, 6);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) svg = NULL;
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgState state = { 0, FALSE, FALSE, g_string_new (NULL) };
  GMarkupParseContext *context;
  gsize len;
  const char *data;

  cs_chart_set_title (chart, "Speedup <&> of cpu");
  svg = cs_chart_render (chart, CS_CHART_FORMAT_SVG, 1200, 750, 1, CS_CHART_THEME_LIGHT, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (svg, &len);
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &state, NULL);
  /* Skip the XML declaration, which GMarkup does not take. */
  data = strstr (data, "?>") + 2;
  g_assert_true (g_markup_parse_context_parse (context, data,
                                               len - (data - (const char *) g_bytes_get_data (svg, NULL)),
                                               &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_true (state.root_is_svg);
  g_assert_cmpstr (state.title->str, ==, "Speedup <&> of cpu");
  g_markup_parse_context_free (context);
  g_string_free (state.title, TRUE);
}

static void
test_pdf (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_TIME, 3, 6);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = NULL;
  gsize len;
  const char *data;
  g_autofree char *tail = NULL;

  cs_chart_set_title (chart, "Time of the cpu preset");
  pdf = cs_chart_render (chart, CS_CHART_FORMAT_PDF, 0, 0, 1, CS_CHART_THEME_LIGHT, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (pdf, &len);
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  tail = g_strndup (data + len - 7, 7);
  g_assert_nonnull (strstr (tail, "%%EOF"));
  g_assert_nonnull (memmem (data, len, "/Title (Time of the cpu preset)", 31));
}

static void
test_csv (void)
{
  g_autoptr (CsChart) chart = cs_chart_new (CS_CHART_SPEEDUP);
  CsChartSeries *s = cs_chart_add_series (chart, "threads, fast");
  CsChartPoint *p = cs_chart_series_add_point (s, 1, 1.0);
  g_autofree char *csv = NULL;
  g_autofree char *bars_csv = NULL;
  g_autoptr (CsChart) bars = cs_chart_new (CS_CHART_OVERHEAD);
  const double v[3] = { 0.5, 0.25, 1.5 };

  p->err_lo = 0.9;
  p->err_hi = 1.1;
  p->median_s = 2.0;
  p->ci_lo_s = 1.8;
  p->ci_hi_s = 2.2;
  p->speedup = 1.0;
  p->efficiency = 1.0;
  /* min and max in the value's unit: the slowest run's speed-up, then the fastest one's */
  p->min_s = 1.6;
  p->max_s = 2.5;
  p = cs_chart_series_add_point (s, 2, 1.5);
  p->median_s = 4.0 / 3;
  p->oversubscribed = TRUE;
  cs_chart_series_add_point (s, 4, 9)->failed = TRUE;
  csv = cs_chart_to_csv (chart);
  g_assert_cmpstr (csv, ==,
                   "series,workers,value,low,high,min,max,median_s,ci_low_s,ci_high_s,speedup,"
                   "efficiency,status,flags\n"
                   "\"threads, fast\",1,1,0.9,1.1,0.8,1.25,2,1.8,2.2,1,1,ok,\n"
                   "\"threads, fast\",2,1.5,,,,,1.33333,,,,,ok,oversubscribed\n"
                   "\"threads, fast\",4,,,,,,,,,,,failed,\n");

  cs_chart_add_bar (bars, "process", "4", v, 3);
  bars_csv = cs_chart_to_csv (bars);
  g_assert_cmpstr (bars_csv, ==,
                   "group,workers,startup_s,dispatch_s,compute_s\n"
                   "process,4,0.5,0.25,1.5\n");
}

static void
test_export_files (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_SPEEDUP, 2, 4);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-chart-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "chart.PNG", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *csv = g_build_filename (dir, "chart.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "chart.gif", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "chart.png", NULL);
  cairo_surface_t *surface;

  g_assert_no_error (error);
  g_assert_true (cs_chart_export (chart, png, CS_CHART_FORMAT_AUTO, 640, 400, 2,
                                  CS_CHART_THEME_LIGHT, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 800);
  cairo_surface_destroy (surface);
  g_assert_true (cs_chart_export (chart, svg, CS_CHART_FORMAT_AUTO, 0, 0, 0, 0, &error));
  g_assert_true (cs_chart_export (chart, csv, CS_CHART_FORMAT_AUTO, 0, 0, 0, 0, &error));
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));

  g_assert_false (cs_chart_export (chart, bad, CS_CHART_FORMAT_AUTO, 0, 0, 0, 0, &error));
  g_assert_error (error, CS_CHART_ERROR, CS_CHART_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "chart.gif"));
  g_clear_error (&error);
  g_assert_false (cs_chart_export (chart, png, CS_CHART_FORMAT_PNG, 100000, 10, 1, 0, &error));
  g_assert_error (error, CS_CHART_ERROR, CS_CHART_ERROR_SIZE);
  g_clear_error (&error);
  g_assert_false (cs_chart_export (chart, missing, CS_CHART_FORMAT_AUTO, 0, 0, 0, 0, &error));
  g_assert_error (error, CS_CHART_ERROR, CS_CHART_ERROR_IO);
  g_clear_error (&error);

  g_unlink (png);
  g_unlink (svg);
  g_unlink (csv);
  g_rmdir (dir);
}

/* A FIFO (or a device) is refused, untouched: only regular files are written (issue #20). */
static void
test_export_fifo (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_SPEEDUP, 1, 3);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-chart-fifo-XXXXXX", &error);
  g_autofree char *fifo = g_build_filename (dir, "out.csv", NULL);
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (cs_chart_export (chart, fifo, CS_CHART_FORMAT_AUTO, 0, 0, 0, 0, &error));
  g_assert_error (error, CS_CHART_ERROR, CS_CHART_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not a regular file (a FIFO)"));
  g_assert_cmpint (g_stat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_unlink (fifo);
  g_rmdir (dir);
}

/* ---- Charts from results ---- */

static CsResult *
make_result (const char *label, double process_startup)
{
  CsMachine *machine = cs_machine_new ();
  CsSweepConfig *config = cs_sweep_config_new ();
  CsResult *result;
  const guint workers[] = { 1, 2, 4 };

  machine->hostname = g_strdup ("testhost");
  machine->cpu_model = g_strdup ("Test CPU");
  machine->n_packages = 1;
  machine->n_numa_nodes = 1;
  machine->n_cores = 2;
  machine->n_pus = 2;
  machine->smt_width = 1;
  cs_sweep_config_set_modes (config, (CsMode[]) { CS_MODE_THREAD, CS_MODE_PROCESS }, 2);
  config->n_workers = 3;
  config->workers = g_renew (guint, config->workers, 3);
  memcpy (config->workers, workers, sizeof workers);
  config->reps = 3;
  result = cs_result_new (machine, config);
  result->label = g_strdup (label);
  for (guint m = 0; m < 2; m++)
    for (guint w = 0; w < 3; w++)
      for (guint rep = 0; rep < 3; rep++)
        {
          CsRun *run = cs_run_new ();
          run->mode = m == 0 ? CS_MODE_THREAD : CS_MODE_PROCESS;
          run->workers = workers[w];
          run->rep = rep;
          run->wall_s = 1.0 / MIN (workers[w], 2) * (1 + 0.01 * rep) + (m == 1 ? process_startup : 0);
          run->startup_s = m == 1 ? process_startup : 0.0001;
          run->dispatch_s = 0.001;
          run->tasks = 64;
          /* process × 4 workers failed every time */
          run->status = m == 1 && workers[w] == 4 ? CS_RUN_FAILED : CS_RUN_OK;
          cs_result_add_run (result, run);
        }
  return result;
}

/* The y axis is fitted to the data, not to the ideal line: threads reach 2× (with their
 * intervals a little more) while the ideal climbs to 4× at 4 workers; the axis stops a little
 * above the data's top and the ideal line is clipped. */
static void
test_axis_fits_data (void)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  g_autoptr (CsChart) chart = NULL;
  g_autoptr (CsChartLayout) layout = NULL;
  double top = 0;

  g_ptr_array_add (results, make_result (NULL, 0.05));
  chart = cs_chart_new_from_results (results, CS_CHART_SPEEDUP, 0, FALSE, NULL);
  g_assert_true (chart->show_ideal);
  for (guint s = 0; s < cs_chart_get_n_series (chart); s++)
    {
      const CsChartSeries *series = cs_chart_get_series (chart, s);
      for (guint i = 0; i < series->points->len; i++)
        {
          const CsChartPoint *p = &g_array_index (series->points, CsChartPoint, i);
          if (!p->failed)
            top = MAX (top, MAX (p->y, isfinite (p->err_hi) ? p->err_hi : 0));
        }
    }
  g_assert_cmpfloat (top, >=, 2.0);
  layout = cs_chart_layout_new (chart, W, H);
  g_assert_cmpfloat (layout->y_hi, >=, top);
  g_assert_cmpfloat (layout->y_hi, <, 3.0); /* was 4: the ideal at 4 workers */
  /* 3 runs per point cannot give 95 %: the subtitle names the intervals' real coverage. */
  g_assert_nonnull (strstr (chart->subtitle, "75 % CI"));
  g_assert_null (strstr (chart->subtitle, "95 %"));
}

/* Time falls from the top-left and the legend goes to a bottom corner; in the window, whose
 * toasts cover the chart's bottom, it keeps to the top (beside the plot if need be). */
static void
test_legend_on_top (void)
{
  g_autoptr (CsChart) chart = make_chart (CS_CHART_TIME, 3, 8);
  g_autoptr (CsChartLayout) free_layout = cs_chart_layout_new (chart, W, H);
  g_autoptr (CsChartLayout) top_layout = NULL;
  CsChartLegendPlace place;

  place = cs_chart_layout_get_legend_place (free_layout);
  g_assert_true (place == CS_CHART_LEGEND_BOTTOM_LEFT || place == CS_CHART_LEGEND_BOTTOM_RIGHT);
  cs_chart_set_legend_on_top (chart, TRUE);
  top_layout = cs_chart_layout_new (chart, W, H);
  place = cs_chart_layout_get_legend_place (top_layout);
  g_assert_true (place == CS_CHART_LEGEND_TOP_LEFT || place == CS_CHART_LEGEND_TOP_RIGHT ||
                 place == CS_CHART_LEGEND_OUTSIDE_RIGHT);
}

/* A fit worse than a flat line (R² < 0) is not drawn: threads that slow down as workers are
 * added (1, 2, 4 s at 1, 2, 4 workers) give Amdahl its best, serial fraction 1, a flat line at
 * 1× far from speed-ups 0.5 and 0.25. The legend entry stays, with the reason. */
static void
test_bad_fit_hidden (void)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  g_autoptr (CsChart) chart = NULL;
  CsResult *r = make_result (NULL, 0.05);
  const CsChartCurve *curve;

  for (guint i = 0; i < r->runs->len; i++)
    {
      CsRun *run = g_ptr_array_index (r->runs, i);
      if (run->mode == CS_MODE_THREAD)
        run->wall_s = run->workers * (1 + 0.01 * run->rep);
    }
  g_ptr_array_add (results, r);
  chart = cs_chart_new_from_results (results, CS_CHART_SPEEDUP, CS_CHART_FIT_AMDAHL, FALSE, NULL);
  g_assert_cmpuint (cs_chart_get_series (chart, 0)->curves->len, ==, 1);
  curve = g_ptr_array_index (cs_chart_get_series (chart, 0)->curves, 0);
  g_assert_cmpuint (curve->xs->len, ==, 0);
  g_assert_nonnull (strstr (curve->label, "Amdahl: no fit (R² -"));
}

/* Memory: the median of each point's runs in MiB, their least and most as the band; a result
 * from before memory was measured has nothing to draw. Threads hold 1, 2, 3 MiB more per rep;
 * processes 10 MiB per worker. */
static void
test_memory_from_results (void)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  CsResult *r = make_result (NULL, 0.05);
  g_autoptr (CsChart) chart = NULL;
  g_autoptr (CsChart) old = NULL;
  g_autoptr (GError) error = NULL;
  const CsChartPoint *p;

  g_ptr_array_add (results, r);
  old = cs_chart_new_from_results (results, CS_CHART_MEMORY, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (cs_chart_has_data (old));
  for (guint i = 0; i < r->runs->len; i++)
    {
      CsRun *run = g_ptr_array_index (r->runs, i);
      run->mem_total_kb = run->mode == CS_MODE_THREAD ? 1024 * (run->rep + 1)
                                                      : 10240 * run->workers;
    }
  chart = cs_chart_new_from_results (results, CS_CHART_MEMORY, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (cs_chart_has_data (chart));
  g_assert_cmpstr (cs_chart_kind_to_string (CS_CHART_MEMORY), ==, "memory");
  g_assert_nonnull (strstr (cs_chart_get_title (chart), "memory vs workers"));
  p = &g_array_index (cs_chart_get_series (chart, 0)->points, CsChartPoint, 1);
  g_assert_cmpfloat (p->y, ==, 2.0);
  g_assert_cmpfloat (p->band_lo, ==, 1.0);
  g_assert_cmpfloat (p->band_hi, ==, 3.0);
  p = &g_array_index (cs_chart_get_series (chart, 1)->points, CsChartPoint, 1);
  g_assert_cmpfloat (p->y, ==, 20.0);
  /* process × 4 failed: no memory either */
  p = &g_array_index (cs_chart_get_series (chart, 1)->points, CsChartPoint, 2);
  g_assert_true (p->failed);
}

static void
test_from_results (void)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsChart) speedup = NULL;
  g_autoptr (CsChart) overhead = NULL;
  g_autoptr (CsChart) compare = NULL;
  CsChartSeries *thread, *process;
  const CsChartPoint *p;

  g_ptr_array_add (results, make_result (NULL, 0.05));
  speedup = cs_chart_new_from_results (results, CS_CHART_SPEEDUP, CS_CHART_FIT_AMDAHL, FALSE,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_chart_get_n_series (speedup), ==, 2);
  thread = cs_chart_get_series (speedup, 0);
  process = cs_chart_get_series (speedup, 1);
  g_assert_cmpstr (thread->name, ==, "Threads");
  g_assert_cmpstr (process->name, ==, "Processes");
  g_assert_cmpuint (thread->points->len, ==, 3);
  p = &g_array_index (thread->points, CsChartPoint, 1);
  g_assert_cmpfloat (p->x, ==, 2);
  g_assert_cmpfloat_with_epsilon (p->y, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->median_s, 0.505, 1e-9);
  g_assert_false (p->oversubscribed);
  g_assert_true (g_array_index (thread->points, CsChartPoint, 2).oversubscribed);
  g_assert_true (g_array_index (process->points, CsChartPoint, 2).failed);
  /* Amdahl needs three worker counts: threads have them, processes (one failed) do not. */
  g_assert_cmpuint (thread->curves->len, ==, 1);
  g_assert_nonnull (strstr (((CsChartCurve *) g_ptr_array_index (thread->curves, 0))->label,
                            "Amdahl"));
  g_assert_cmpuint (process->curves->len, ==, 0);
  g_assert_cmpuint (cs_chart_get_topology (speedup)->n_pus, ==, 2);
  g_assert_nonnull (strstr (cs_chart_get_title (speedup), "cpu"));
  g_assert_nonnull (strstr (cs_chart_get_subtitle (speedup), "testhost"));

  overhead = cs_chart_new_from_results (results, CS_CHART_OVERHEAD, 0, FALSE, &error);
  g_assert_cmpuint (cs_chart_get_n_bars (overhead), ==, 3 + 2);

  g_ptr_array_add (results, make_result ("other", 0.2));
  ((CsResult *) g_ptr_array_index (results, 0))->label = g_strdup ("laptop");
  compare = cs_chart_new_from_results (results, CS_CHART_EFFICIENCY, 0, FALSE, &error);
  g_assert_cmpuint (cs_chart_get_n_series (compare), ==, 4);
  g_assert_cmpstr (cs_chart_get_series (compare, 0)->name, ==, "Threads · laptop");
  g_assert_cmpstr (cs_chart_get_series (compare, 3)->name, ==, "Processes · other");
  g_assert_cmpfloat_with_epsilon (g_array_index (cs_chart_get_series (compare, 0)->points,
                                                 CsChartPoint, 1).y, 100.0, 1e-6);
  assert_renders (compare);

  {
    /* Without 1-worker runs there is no speedup: the placeholder says why. */
    g_autoptr (GPtrArray) no_base = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
    CsResult *r = make_result (NULL, 0.01);
    g_autoptr (CsChart) chart = NULL;
    g_autoptr (CsChart) time_chart = NULL;
    for (guint i = r->runs->len; i-- > 0;)
      if (((CsRun *) g_ptr_array_index (r->runs, i))->workers == 1)
        g_ptr_array_remove_index (r->runs, i);
    g_ptr_array_add (no_base, r);
    chart = cs_chart_new_from_results (no_base, CS_CHART_SPEEDUP, 0, FALSE, &error);
    g_assert_no_error (error);
    g_assert_false (cs_chart_has_data (chart));
    g_assert_nonnull (strstr (cs_chart_get_placeholder (chart), "1 worker"));
    time_chart = cs_chart_new_from_results (no_base, CS_CHART_TIME, 0, FALSE, &error);
    g_assert_true (cs_chart_has_data (time_chart));
  }

  g_ptr_array_set_size (results, 0);
  g_assert_null (cs_chart_new_from_results (results, CS_CHART_SPEEDUP, 0, FALSE, &error));
  g_assert_error (error, CS_CHART_ERROR, CS_CHART_ERROR_FORMAT);
}

/* ---- Per core: x = workers / that machine's physical cores ---- */

static GPtrArray *
two_machines (void)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);

  g_ptr_array_add (results, fleet_test_result ("alpha", 2, (guint[]) { 1, 2 }, 2));
  g_ptr_array_add (results, fleet_test_result ("beta", 8, (guint[]) { 1, 2, 4, 8, 16 }, 5));
  return results;
}

static void
assert_xs (CsChart *chart, guint series, const double *xs, const double *workers, guint n)
{
  const CsChartSeries *s = cs_chart_get_series (chart, series);

  g_assert_cmpuint (s->points->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const CsChartPoint *p = &g_array_index (s->points, CsChartPoint, i);
      g_assert_cmpfloat_with_epsilon (p->x, xs[i], 1e-12);
      g_assert_cmpfloat (p->workers, ==, workers[i]);
    }
}

static void
test_per_core_points (void)
{
  g_autoptr (GPtrArray) results = two_machines ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CsChart) chart = cs_chart_new_from_results_full (results, CS_CHART_EFFICIENCY, 0,
                                                              FALSE, CS_CHART_X_PER_CORE,
                                                              &error);
  g_autoptr (CsChart) raw = cs_chart_new_from_results (results, CS_CHART_EFFICIENCY, 0, FALSE,
                                                       &error);
  g_autofree char *csv = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (cs_chart_get_x_scale (chart), ==, CS_CHART_X_PER_CORE);
  g_assert_cmpint (cs_chart_get_x_scale (raw), ==, CS_CHART_X_WORKERS);
  g_assert_cmpuint (cs_chart_get_n_series (chart), ==, 2);
  g_assert_nonnull (strstr (cs_chart_get_series (chart, 1)->name, "beta"));
  g_assert_cmpuint (cs_chart_get_series (chart, 0)->result, ==, 0);
  g_assert_cmpuint (cs_chart_get_series (chart, 1)->result, ==, 1);
  assert_xs (chart, 0, (double[]) { 0.5, 1 }, (double[]) { 1, 2 }, 2);
  assert_xs (chart, 1, (double[]) { 0.125, 0.25, 0.5, 1, 2 }, (double[]) { 1, 2, 4, 8, 16 }, 5);
  assert_xs (raw, 1, (double[]) { 1, 2, 4, 8, 16 }, (double[]) { 1, 2, 4, 8, 16 }, 5);
  g_assert_nonnull (strstr (cs_chart_get_x_title (chart), "per physical core"));
  /* Different machines: no shared topology; efficiency's ideal (100 %) still holds. */
  g_assert_cmpuint (cs_chart_get_topology (chart)->n_cores, ==, 0);
  csv = cs_chart_to_csv (chart);
  g_assert_true (g_str_has_prefix (csv, "series,workers,per_core,value,"));
  g_assert_nonnull (strstr (csv, ",16,2,"));
}

/* The axis is linear from 0 past 100 %, ticks are percentages, and 100 % has its marker. */
static void
test_per_core_layout (void)
{
  g_autoptr (GPtrArray) results = two_machines ();
  g_autoptr (CsChart) chart = cs_chart_new_from_results_full (results, CS_CHART_SPEEDUP, 0,
                                                              FALSE, CS_CHART_X_PER_CORE, NULL);
  g_autoptr (CsChartLayout) layout = cs_chart_layout_new (chart, W, H);
  const GArray *xt = cs_chart_layout_get_x_ticks (layout);
  CsChartRect plot = cs_chart_layout_get_plot_rect (layout);
  gboolean has_100 = FALSE;
  double x0 = cs_chart_layout_map_x (layout, 0), x1 = cs_chart_layout_map_x (layout, 1);

  g_assert_false (cs_chart_layout_get_log_x (layout));
  g_assert_cmpfloat_with_epsilon (x0, plot.x, 1e-9);
  /* Linear: 50 % is half way from 0 to 100 %, 200 % (beta's 16 workers) inside the plot. */
  g_assert_cmpfloat_with_epsilon (cs_chart_layout_map_x (layout, 0.5), (x0 + x1) / 2, 1e-9);
  g_assert_cmpfloat (cs_chart_layout_map_x (layout, 2), <=, plot.x + plot.width);
  for (guint i = 0; i < xt->len; i++)
    {
      const CsChartTick *t = &g_array_index (xt, CsChartTick, i);
      g_assert_true (g_str_has_suffix (t->label, " %"));
      if (fabs (t->value - 1) < 1e-9)
        has_100 = g_str_equal (t->label, "100 %");
    }
  g_assert_true (has_100);
  g_assert_cmpuint (layout->vlines->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (layout->vlines, CsChartVLine, 0).x, x1, 1e-9);
  {
    /* The legend keeps clear of the marker line. */
    CsChartRect legend = cs_chart_layout_get_legend_rect (layout);
    g_assert_false (x1 >= legend.x && x1 <= legend.x + legend.width);
  }
  /* The speed-up's ideal differs per machine: not drawn. */
  g_assert_false (chart->show_ideal);
}

/* A result without a core count cannot be placed: it is left out, the others stay. */
static void
test_per_core_unknown_cores (void)
{
  g_autoptr (GPtrArray) results = two_machines ();
  CsResult *first = g_ptr_array_index (results, 0);
  g_autoptr (CsChart) chart = NULL;

  first->machine->n_cores = 0;
  first->machine->n_pus = 0;
  chart = cs_chart_new_from_results_full (results, CS_CHART_SPEEDUP, 0, FALSE,
                                          CS_CHART_X_PER_CORE, NULL);
  g_assert_cmpuint (cs_chart_get_n_series (chart), ==, 1);
  g_assert_nonnull (strstr (cs_chart_get_series (chart, 0)->name, "beta"));
}

/* ---- An mpi sweep across hosts: node boundaries ---- */

static CsMode
mpi_mode (void)
{
  CsMode mode;

  g_assert_true (cs_mode_from_string ("mpi", &mode));
  return mode;
}

static char *
synthetic_xml (const char *description)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) topo = cs_topology_new_synthetic (description, &error);
  char *xml;

  g_assert_no_error (error);
  xml = cs_topology_export_xml (topo, &error);
  g_assert_no_error (error);
  return xml;
}

/* "a: PU 0; a: PU 1; b: PU 0": ranks 0..n-1 filled host by host, each to its size. */
static char *
fill_bindings (guint n, const char *const *hosts, const guint *sizes)
{
  GString *s = g_string_new (NULL);
  guint h = 0, on_host = 0;

  for (guint r = 0; r < n; r++, on_host++)
    {
      if (hosts[h + 1] != NULL && on_host == sizes[h])
        h++, on_host = 0;
      g_string_append_printf (s, "%s%s: PU %u", r > 0 ? "; " : "", hosts[h], on_host);
    }
  return g_string_free (s, FALSE);
}

/* The result of `--modes mpi --workers 1-10` on hosts of 4 PUs (2 cores × 2) and 4 PUs
 * (4 cores), measured from a machine of 2: what the mpi backend records in the mode's info. */
static CsResult *
two_node_result (const char *first_host, const char *second_host)
{
  const char *const hosts[] = { first_host, second_host, NULL };
  guint workers[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  CsResult *r = fleet_test_result ("head", 2, workers, 10);
  CsModeConfig *mpi;
  g_autofree char *list = g_strjoin (",", first_host, second_host, NULL);
  g_autofree char *xml_a = synthetic_xml ("pack:1 core:2 pu:2");
  g_autofree char *xml_b = synthetic_xml ("pack:1 core:4 pu:1");
  g_autofree char *key_a = g_strconcat ("topology.", first_host, NULL);
  g_autofree char *key_b = g_strconcat ("topology.", second_host, NULL);

  cs_sweep_config_set_modes (r->config, (CsMode[]) { CS_MODE_THREAD, mpi_mode () }, 2);
  mpi = cs_sweep_config_find_mode (r->config, mpi_mode ());
  cs_mode_config_set (&mpi->info, "hosts", list);
  cs_mode_config_set (&mpi->info, key_a, xml_a);
  cs_mode_config_set (&mpi->info, key_b, xml_b);
  for (guint n = 1; n <= 10; n++)
    {
      g_autofree char *key = g_strdup_printf ("bindings.%u", n);
      g_autofree char *value = fill_bindings (n, hosts, (guint[]) { 4, 4 });
      cs_mode_config_set (&mpi->info, key, value);
    }
  for (guint i = 0, n = r->runs->len; i < n; i++)
    {
      CsRun *run = cs_run_copy (g_ptr_array_index (r->runs, i));
      run->mode = mpi_mode ();
      cs_result_add_run (r, run);
    }
  return r;
}

static const CsChartSeries *
series_of_mode (CsChart *chart, guint index)
{
  g_assert_cmpuint (cs_chart_get_n_series (chart), ==, 2);
  return cs_chart_get_series (chart, index);
}

static void
test_node_boundaries (void)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  g_autoptr (CsChart) chart = NULL;
  g_autoptr (CsChartLayout) layout = NULL;
  const CsChartTopology *topo;
  const CsChartSeries *threads, *ranks;

  g_ptr_array_add (results, two_node_result ("alpha", "beta"));
  chart = cs_chart_new_from_results (results, CS_CHART_SPEEDUP, 0, FALSE, NULL);
  topo = cs_chart_get_topology (chart);
  g_assert_cmpuint (topo->n_nodes, ==, 2);
  g_assert_cmpuint (topo->n_pus, ==, 8);
  g_assert_cmpuint (topo->n_cores, ==, 6);
  g_assert_cmpuint (cs_chart_get_n_node_boundaries (chart), ==, 1);
  g_assert_cmpuint (cs_chart_get_node_boundary (chart, 0)->workers, ==, 4);
  g_assert_cmpstr (cs_chart_get_node_boundary (chart, 0)->label, ==, "alpha | beta");
  /* Ranks are oversubscribed past both nodes' 8 PUs; threads past this machine's 2. */
  threads = series_of_mode (chart, 0);
  ranks = series_of_mode (chart, 1);
  g_assert_true (g_array_index (threads->points, CsChartPoint, 2).oversubscribed);
  g_assert_false (g_array_index (ranks->points, CsChartPoint, 7).oversubscribed);
  g_assert_true (g_array_index (ranks->points, CsChartPoint, 8).oversubscribed);

  /* Markers at 4 (the boundary) and 8 (every PU), the band from 8: no package or core marker. */
  layout = cs_chart_layout_new (chart, W, H);
  g_assert_cmpuint (layout->vlines->len, ==, 2);
  g_assert_cmpfloat (g_array_index (layout->vlines, CsChartVLine, 0).value, ==, 4);
  g_assert_cmpfloat (g_array_index (layout->vlines, CsChartVLine, 1).value, ==, 8);
  g_assert_cmpfloat_with_epsilon (layout->oversub_x, cs_chart_layout_map_x (layout, 8), 1e-9);
  assert_renders (chart);
}

/* Hosts whose names do not fit beside a line are numbered; ranks dealt round-robin
 * (--map-by node) reach the second node with the second worker. */
static void
test_node_boundaries_round_robin (void)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  CsResult *r = two_node_result ("rack1-compute-0001", "rack1-compute-0002");
  CsModeConfig *mpi = cs_sweep_config_find_mode (r->config, mpi_mode ());
  g_autoptr (CsChart) chart = NULL;

  for (guint n = 1; n <= 10; n++)
    {
      g_autoptr (GString) value = g_string_new (NULL);
      g_autofree char *key = g_strdup_printf ("bindings.%u", n);
      for (guint k = 0; k < n; k++)
        g_string_append_printf (value, "%srack1-compute-000%u: PU %u",
                                k > 0 ? "; " : "", k % 2 + 1, k / 2);
      cs_mode_config_set (&mpi->info, key, value->str);
    }
  g_ptr_array_add (results, r);
  chart = cs_chart_new_from_results (results, CS_CHART_SPEEDUP, 0, FALSE, NULL);
  g_assert_cmpuint (cs_chart_get_n_node_boundaries (chart), ==, 1);
  g_assert_cmpuint (cs_chart_get_node_boundary (chart, 0)->workers, ==, 1);
  g_assert_cmpstr (cs_chart_get_node_boundary (chart, 0)->label, ==, "node 1 | node 2");
}

/* A result without bindings: the nodes are filled in order, each to its slots. One host only,
 * or no mpi mode: the machine's own markers, as before. */
static void
test_node_layout_fallbacks (void)
{
  g_autoptr (CsResult) r = two_node_result ("alpha", "beta");
  g_autoptr (CsResult) one = two_node_result ("alpha", "beta");
  g_autoptr (CsResult) local = fleet_test_result ("head", 2, (guint[]) { 1, 2 }, 2);
  CsModeConfig *mpi = cs_sweep_config_find_mode (r->config, mpi_mode ());
  CsModeConfig *mpi_one = cs_sweep_config_find_mode (one->config, mpi_mode ());
  g_autoptr (CsNodeLayout) nodes = NULL;

  g_strfreev (mpi->info);
  mpi->info = NULL;
  cs_mode_config_set (&mpi->info, "hosts", "beta,alpha");
  cs_mode_config_set (&mpi->options, "hosts", "beta:3,alpha:5");
  nodes = cs_node_layout_new (r);
  g_assert_nonnull (nodes);
  g_assert_cmpuint (nodes->n_nodes, ==, 2);
  g_assert_cmpstr (nodes->nodes[0].host, ==, "beta");
  g_assert_cmpuint (nodes->nodes[1].first_rank, ==, 3);
  g_assert_cmpuint (nodes->n_pus, ==, 8); /* slots stand in for the unknown PUs */
  g_assert_null (nodes->nodes[0].topology);

  cs_mode_config_set (&mpi_one->info, "hosts", "alpha");
  for (guint n = 1; n <= 10; n++)
    {
      g_autofree char *key = g_strdup_printf ("bindings.%u", n);
      cs_mode_config_set (&mpi_one->info, key, "alpha: PU 0");
    }
  g_assert_null (cs_node_layout_new (one));
  g_assert_null (cs_node_layout_new (local));
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("CORESCOPE_CLI");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-chart-cli-XXXXXX", &error);
  g_autofree char *json = g_build_filename (dir, "r.json", NULL);
  g_autofree char *png = g_build_filename (dir, "r.png", NULL);
  g_autofree char *csv = g_build_filename (dir, "r.csv", NULL);
  g_autoptr (CsResult) result = make_result (NULL, 0.01);
  g_autofree char *out = NULL, *err = NULL, *content = NULL;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("CORESCOPE_CLI is not set");
      return;
    }
  g_assert_true (cs_result_save (result, json, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { cli, "chart", json, "--png", png, "--csv", csv, "--size", "800x500",
                           "--fit", "amdahl,usl", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &err, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_true (g_file_get_contents (png, &content, NULL, NULL));
  g_assert_true (memcmp (content, "\x89PNG", 4) == 0);
  g_clear_pointer (&content, g_free);
  g_assert_true (g_file_get_contents (csv, &content, NULL, NULL));
  g_assert_true (g_str_has_prefix (content, "series,workers,value"));
  g_assert_nonnull (strstr (content, "Processes,4,,"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { cli, "chart", json, "--kind", "pie", "--png", png, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &err, &status, &error));
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
    /* One line, naming the option. */
    g_assert_nonnull (strstr (err, "--kind"));
    g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  }
  g_unlink (json);
  g_unlink (png);
  g_unlink (csv);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chart/render/kinds", test_render_kinds);
  g_test_add_func ("/chart/render/dark", test_render_dark);
  g_test_add_func ("/chart/render/failed-gap", test_failed_gap);
  g_test_add_func ("/chart/layout/ticks", test_ticks);
  g_test_add_func ("/chart/layout/legend-never-covers-data", test_legend_never_covers_data);
  g_test_add_func ("/chart/render/extremes", test_extremes);
  g_test_add_func ("/chart/render/empty-placeholder", test_empty_placeholder);
  g_test_add_func ("/chart/layout/text-scale", test_text_scale);
  g_test_add_func ("/chart/render/deterministic", test_deterministic);
  g_test_add_func ("/chart/export/svg", test_svg);
  g_test_add_func ("/chart/export/pdf", test_pdf);
  g_test_add_func ("/chart/export/csv", test_csv);
  g_test_add_func ("/chart/export/files", test_export_files);
  g_test_add_func ("/chart/export/fifo", test_export_fifo);
  g_test_add_func ("/chart/data/from-results", test_from_results);
  g_test_add_func ("/chart/data/per-core", test_per_core_points);
  g_test_add_func ("/chart/layout/per-core", test_per_core_layout);
  g_test_add_func ("/chart/data/per-core-unknown-cores", test_per_core_unknown_cores);
  g_test_add_func ("/chart/data/node-boundaries", test_node_boundaries);
  g_test_add_func ("/chart/data/node-boundaries-round-robin", test_node_boundaries_round_robin);
  g_test_add_func ("/chart/data/node-layout-fallbacks", test_node_layout_fallbacks);
  g_test_add_func ("/chart/cli", test_cli);
  g_test_add_func ("/chart/data/memory", test_memory_from_results);
  g_test_add_func ("/chart/layout/axis-fits-data", test_axis_fits_data);
  g_test_add_func ("/chart/data/bad-fit-hidden", test_bad_fit_hidden);
  g_test_add_func ("/chart/layout/legend-on-top", test_legend_on_top);
  return g_test_run ();
}
