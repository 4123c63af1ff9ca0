/* cs-chart-paint.c: paints a chart's layout onto any cairo_t (widget, PNG, SVG, PDF)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here follows the layout; coordinates that are not finite are skipped, so NaN
 * never reaches cairo (a NaN in a path puts the cairo_t in an error state for good).
 */
#include "config.h"

#include <math.h>

#include "cs-chart-private.h"

typedef struct
{
  const CsChartLayout *layout;
  CsChart             *chart;
  cairo_t             *cr;
  CsChartTheme         theme;
  PangoContext        *pango;
  double               s;       /* the layout's scale */
} Painter;

static void
set_theme (const Painter *p, CsChartThemeColour which, double alpha)
{
  double rgb[3];
  _cs_chart_theme_colour (p->theme, which, rgb);
  cairo_set_source_rgba (p->cr, rgb[0], rgb[1], rgb[2], alpha);
}

static void
set_palette (const Painter *p, guint index, double alpha)
{
  double rgb[3];
  cs_chart_palette_colour (p->theme, index, rgb);
  cairo_set_source_rgba (p->cr, rgb[0], rgb[1], rgb[2], alpha);
}

static gboolean
finite2 (double x, double y)
{
  return isfinite (x) && isfinite (y);
}

static void
clip_to_plot (const Painter *p)
{
  const CsChartRect *r = &p->layout->plot;
  cairo_rectangle (p->cr, r->x, r->y, r->width, r->height);
  cairo_clip (p->cr);
}

/* ---- Text ---- */

static void
paint_label (const Painter *p, const CsChartLabel *label, guint colour)
{
  g_autoptr (PangoLayout) text = _cs_chart_text_layout (p->pango, label->font, p->s, label->text);

  if (!finite2 (label->x, label->y))
    return;
  if (label->wrap > 0)
    pango_layout_set_width (text, (int) (label->wrap * PANGO_SCALE));
  if (label->boxed)
    {
      double m = 2.0 * p->s;
      set_theme (p, CS_CHART_THEME_BG, 0.85);
      cairo_rectangle (p->cr, label->x - m, label->y, label->width + 2 * m, label->height);
      cairo_fill (p->cr);
    }
  if (label->ink == CS_CHART_INK_SERIES)
    set_palette (p, colour, 1.0);
  else
    set_theme (p, label->ink == CS_CHART_INK_TEXT ? CS_CHART_THEME_FG : CS_CHART_THEME_MUTED,
               1.0);
  cairo_save (p->cr);
  if (label->vertical)
    {
      cairo_move_to (p->cr, label->x, label->y + label->height);
      cairo_rotate (p->cr, -G_PI / 2);
    }
  else
    cairo_move_to (p->cr, label->x, label->y);
  pango_cairo_update_layout (p->cr, text);
  pango_cairo_show_layout (p->cr, text);
  cairo_restore (p->cr);
}

static void
paint_labels (const Painter *p)
{
  for (guint i = 0; i < p->layout->labels->len; i++)
    paint_label (p, &g_array_index (p->layout->labels, CsChartLabel, i), 0);
}

/* ---- Frame: shading, grid, axes, topology markers ---- */

static void
paint_frame (const Painter *p)
{
  const CsChartLayout *l = p->layout;
  const CsChartRect *r = &l->plot;
  cairo_t *cr = p->cr;

  if (isfinite (l->oversub_x) && l->oversub_x < r->x + r->width)
    {
      set_theme (p, CS_CHART_THEME_SHADE, 1.0);
      cairo_rectangle (cr, l->oversub_x, r->y, r->x + r->width - l->oversub_x, r->height);
      cairo_fill (cr);
    }
  cairo_set_line_width (cr, 1.0 * p->s);
  set_theme (p, CS_CHART_THEME_GRID, 1.0);
  for (guint i = 0; i < l->y_ticks->len; i++)
    {
      double y = g_array_index (l->y_ticks, CsChartTick, i).pos;
      cairo_move_to (cr, r->x, y);
      cairo_line_to (cr, r->x + r->width, y);
    }
  for (guint i = 0; i < l->x_ticks->len; i++)
    {
      double x = g_array_index (l->x_ticks, CsChartTick, i).pos;
      cairo_move_to (cr, x, r->y);
      cairo_line_to (cr, x, r->y + r->height);
    }
  cairo_stroke (cr);

  set_theme (p, CS_CHART_THEME_AXIS, 1.0);
  cairo_set_line_width (cr, 1.25 * p->s);
  cairo_move_to (cr, r->x, r->y);
  cairo_line_to (cr, r->x, r->y + r->height);
  cairo_line_to (cr, r->x + r->width, r->y + r->height);
  cairo_stroke (cr);
}

static void
paint_vlines (const Painter *p)
{
  const CsChartLayout *l = p->layout;
  double dash[] = { 4.0 * p->s, 3.0 * p->s };

  if (l->vlines->len == 0)
    return;
  cairo_save (p->cr);
  set_theme (p, CS_CHART_THEME_MUTED, 0.9);
  cairo_set_line_width (p->cr, 1.25 * p->s);
  cairo_set_dash (p->cr, dash, 2, 0);
  for (guint i = 0; i < l->vlines->len; i++)
    {
      double x = g_array_index (l->vlines, CsChartVLine, i).x;
      cairo_move_to (p->cr, x, l->plot.y);
      cairo_line_to (p->cr, x, l->plot.y + l->plot.height);
    }
  cairo_stroke (p->cr);
  cairo_restore (p->cr);
}

/* ---- Data ---- */

static double
series_line_width (const Painter *p)
{
  return (p->chart->series->len > 6 ? 1.6 : 2.25) * p->s;
}

static void
paint_ideal (const Painter *p)
{
  const CsChartLayout *l = p->layout;
  const guint n = 128;
  double dash[] = { 7.0 * p->s, 5.0 * p->s };
  gboolean drawing = FALSE;

  if (!p->chart->show_ideal)
    return;
  cairo_save (p->cr);
  set_theme (p, CS_CHART_THEME_IDEAL, 1.0);
  cairo_set_line_width (p->cr, 1.8 * p->s);
  cairo_set_dash (p->cr, dash, 2, 0);
  /* Sampled, because y = x is a curve on a log₂ x axis. */
  for (guint i = 0; i <= n; i++)
    {
      double v = l->x_lo + (l->x_hi - l->x_lo) * i / n;
      double x = l->log_x ? exp2 (v) : v;
      double y = p->chart->ideal_slope * x + p->chart->ideal_intercept;
      double dx = cs_chart_layout_map_x (l, x), dy = cs_chart_layout_map_y (l, y);
      if (!finite2 (dx, dy))
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (p->cr, dx, dy);
      else
        cairo_move_to (p->cr, dx, dy);
      drawing = TRUE;
    }
  cairo_stroke (p->cr);
  cairo_restore (p->cr);
}

static gboolean
drawable (const CsChartLayout *l, const CsChartPoint *pt)
{
  return !pt->failed && isfinite (pt->x) && pt->x > 0 && isfinite (pt->y) &&
         (!l->log_y || pt->y > 0);
}

/* A band polygon over consecutive drawable points that have both band values. */
static void
paint_band_run (const Painter *p, const CsChartSeries *series, guint from, guint to)
{
  const CsChartLayout *l = p->layout;
  guint n = 0;

  for (guint i = from; i < to; i++)
    {
      const CsChartPoint *pt = &g_array_index (series->points, CsChartPoint, i);
      double x = cs_chart_layout_map_x (l, pt->x), y = cs_chart_layout_map_y (l, pt->band_hi);
      if (!finite2 (x, y))
        continue;
      n == 0 ? cairo_move_to (p->cr, x, y) : cairo_line_to (p->cr, x, y);
      n++;
    }
  for (guint i = to; i-- > from;)
    {
      const CsChartPoint *pt = &g_array_index (series->points, CsChartPoint, i);
      double x = cs_chart_layout_map_x (l, pt->x), y = cs_chart_layout_map_y (l, pt->band_lo);
      if (!isfinite (y) && l->log_y)
        y = l->plot.y + l->plot.height;
      if (finite2 (x, y) && n > 0)
        cairo_line_to (p->cr, x, y);
    }
  if (n > 0)
    {
      cairo_close_path (p->cr);
      set_palette (p, series->colour, 0.16);
      cairo_fill (p->cr);
    }
  cairo_new_path (p->cr);
}

static void
paint_bands (const Painter *p, const CsChartSeries *series)
{
  guint start = 0;

  for (guint i = 0; i <= series->points->len; i++)
    {
      const CsChartPoint *pt = i < series->points->len
                               ? &g_array_index (series->points, CsChartPoint, i) : NULL;
      if (pt != NULL && drawable (p->layout, pt) && isfinite (pt->band_lo) &&
          isfinite (pt->band_hi))
        continue;
      if (i > start)
        paint_band_run (p, series, start, i);
      start = i + 1;
    }
}

static void
set_curve_dash (const Painter *p, guint index)
{
  double long_dash[] = { 9.0 * p->s, 4.0 * p->s };
  double dots[] = { 1.0 * p->s, 4.0 * p->s };

  if (index % 2 == 0)
    cairo_set_dash (p->cr, long_dash, 2, 0);
  else
    {
      cairo_set_line_cap (p->cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (p->cr, dots, 2, 0);
    }
}

static void
paint_curves (const Painter *p, const CsChartSeries *series)
{
  const CsChartLayout *l = p->layout;

  for (guint c = 0; c < series->curves->len; c++)
    {
      const CsChartCurve *curve = g_ptr_array_index (series->curves, c);
      gboolean drawing = FALSE;
      cairo_save (p->cr);
      set_palette (p, series->colour, 0.9);
      cairo_set_line_width (p->cr, (c % 2 == 0 ? 1.6 : 2.2) * p->s);
      set_curve_dash (p, c);
      for (guint i = 0; i < curve->xs->len; i++)
        {
          double x = cs_chart_layout_map_x (l, g_array_index (curve->xs, double, i));
          double y = cs_chart_layout_map_y (l, g_array_index (curve->ys, double, i));
          if (!finite2 (x, y))
            {
              drawing = FALSE;
              continue;
            }
          drawing ? cairo_line_to (p->cr, x, y) : cairo_move_to (p->cr, x, y);
          drawing = TRUE;
        }
      cairo_stroke (p->cr);
      cairo_restore (p->cr);
    }
}

static void
paint_series_lines (const Painter *p, guint index, const CsChartSeries *series)
{
  const GPtrArray *lines = g_ptr_array_index (p->layout->series_lines, index);

  set_palette (p, series->colour, 1.0);
  cairo_set_line_width (p->cr, series_line_width (p));
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < lines->len; i++)
    {
      const GArray *xy = g_ptr_array_index (lines, i);
      const double *v = (const double *) (const void *) xy->data;
      if (xy->len < 4)
        continue;
      cairo_move_to (p->cr, v[0], v[1]);
      for (guint j = 2; j + 1 < xy->len; j += 2)
        cairo_line_to (p->cr, v[j], v[j + 1]);
      cairo_stroke (p->cr);
    }
}

static void
paint_error_bars (const Painter *p, const CsChartSeries *series)
{
  const CsChartLayout *l = p->layout;
  double cap = l->marker_radius * 0.9;

  set_palette (p, series->colour, 1.0);
  cairo_set_line_width (p->cr, 1.3 * p->s);
  for (guint i = 0; i < series->points->len; i++)
    {
      const CsChartPoint *pt = &g_array_index (series->points, CsChartPoint, i);
      double x = cs_chart_layout_map_x (l, pt->x);
      double lo = cs_chart_layout_map_y (l, pt->err_lo), hi = cs_chart_layout_map_y (l, pt->err_hi);
      if (!drawable (l, pt) || !isfinite (x) || !isfinite (hi))
        continue;
      if (!isfinite (lo))
        lo = l->plot.y + l->plot.height;
      cairo_move_to (p->cr, x, lo);
      cairo_line_to (p->cr, x, hi);
      cairo_move_to (p->cr, x - cap, lo);
      cairo_line_to (p->cr, x + cap, lo);
      cairo_move_to (p->cr, x - cap, hi);
      cairo_line_to (p->cr, x + cap, hi);
    }
  cairo_stroke (p->cr);
}

static void
regular_polygon (cairo_t *cr, double x, double y, double r, guint n, double rotation,
                 double inner)
{
  guint points = inner > 0 ? 2 * n : n;

  for (guint i = 0; i < points; i++)
    {
      double a = rotation + 2 * G_PI * i / points;
      double rr = inner > 0 && i % 2 == 1 ? inner : r;
      double px = x + rr * sin (a), py = y - rr * cos (a);
      i == 0 ? cairo_move_to (cr, px, py) : cairo_line_to (cr, px, py);
    }
  cairo_close_path (cr);
}

static void
cross_path (cairo_t *cr, CsChartMarker marker, double x, double y, double r)
{
  double d = marker == CS_CHART_MARKER_CROSS ? r * 0.95 : r * 1.25;

  cairo_save (cr);
  if (marker == CS_CHART_MARKER_CROSS)
    {
      cairo_translate (cr, x, y);
      cairo_rotate (cr, G_PI / 4);
      cairo_translate (cr, -x, -y);
    }
  cairo_move_to (cr, x - d, y);
  cairo_line_to (cr, x + d, y);
  cairo_move_to (cr, x, y - d);
  cairo_line_to (cr, x, y + d);
  cairo_restore (cr);
}

/* The outline of a filled marker shape, sized so that every shape looks about as heavy. */
static void
shape_path (cairo_t *cr, CsChartMarker marker, double x, double y, double r)
{
  switch (marker)
    {
    case CS_CHART_MARKER_CIRCLE:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case CS_CHART_MARKER_SQUARE:
      cairo_rectangle (cr, x - 0.88 * r, y - 0.88 * r, 1.76 * r, 1.76 * r);
      break;
    case CS_CHART_MARKER_TRIANGLE:
      regular_polygon (cr, x, y + 0.15 * r, 1.3 * r, 3, 0, 0);
      break;
    case CS_CHART_MARKER_TRIANGLE_DOWN:
      regular_polygon (cr, x, y - 0.15 * r, 1.3 * r, 3, G_PI, 0);
      break;
    case CS_CHART_MARKER_DIAMOND:
      regular_polygon (cr, x, y, 1.3 * r, 4, 0, 0);
      break;
    case CS_CHART_MARKER_STAR:
    case CS_CHART_MARKER_CROSS:
    case CS_CHART_MARKER_PLUS:
    case CS_CHART_N_MARKERS:
    default:
      regular_polygon (cr, x, y, 1.45 * r, 5, 0, 0.62 * r);
      break;
    }
}

static void
set_marker_ink (const Painter *p, guint colour, gboolean muted)
{
  if (muted)
    set_theme (p, CS_CHART_THEME_MUTED, 1.0);
  else
    set_palette (p, colour, 1.0);
}

/* Crosses and pluses are strokes; the other shapes are filled, with a thin outline of the
 * background so that overlapping markers stay distinct. Hollow = oversubscribed. */
static void
paint_marker (const Painter *p, CsChartMarker marker, double x, double y, double r,
              guint colour, gboolean hollow, gboolean muted)
{
  cairo_t *cr = p->cr;

  if (!finite2 (x, y))
    return;
  if (marker == CS_CHART_MARKER_CROSS || marker == CS_CHART_MARKER_PLUS)
    {
      cross_path (cr, marker, x, y, r);
      cairo_set_line_width (cr, hollow ? 0.35 * r : 0.6 * r);
      set_marker_ink (p, colour, muted);
      cairo_stroke (cr);
      return;
    }
  shape_path (cr, marker, x, y, r);
  if (hollow)
    set_theme (p, CS_CHART_THEME_BG, 1.0);
  else
    set_marker_ink (p, colour, muted);
  cairo_fill_preserve (cr);
  if (hollow)
    set_marker_ink (p, colour, muted);
  else
    set_theme (p, CS_CHART_THEME_BG, 1.0);
  cairo_set_line_width (cr, hollow ? 0.45 * r : 0.3 * r);
  cairo_stroke (cr);
}

static void
paint_points (const Painter *p, const CsChartSeries *series)
{
  const CsChartLayout *l = p->layout;
  double bottom = l->plot.y + l->plot.height - 1.2 * l->marker_radius;

  for (guint i = 0; i < series->points->len; i++)
    {
      const CsChartPoint *pt = &g_array_index (series->points, CsChartPoint, i);
      double x = cs_chart_layout_map_x (l, pt->x);
      if (drawable (l, pt))
        paint_marker (p, series->marker, x, cs_chart_layout_map_y (l, pt->y), l->marker_radius,
                      series->colour, pt->oversubscribed, FALSE);
      else if (pt->failed)
        /* A grey cross on the axis says "measured, and failed": the line has a gap here. */
        paint_marker (p, CS_CHART_MARKER_CROSS, x, bottom, 0.8 * l->marker_radius, 0, TRUE,
                      TRUE);
    }
}

static void
paint_series (const Painter *p)
{
  GPtrArray *all = p->chart->series;

  cairo_save (p->cr);
  clip_to_plot (p);
  paint_ideal (p);
  for (guint s = 0; s < all->len; s++)
    paint_bands (p, g_ptr_array_index (all, s));
  for (guint s = 0; s < all->len; s++)
    paint_curves (p, g_ptr_array_index (all, s));
  for (guint s = 0; s < all->len; s++)
    paint_series_lines (p, s, g_ptr_array_index (all, s));
  cairo_restore (p->cr);
  for (guint s = 0; s < all->len; s++)
    paint_error_bars (p, g_ptr_array_index (all, s));
  for (guint s = 0; s < all->len; s++)
    paint_points (p, g_ptr_array_index (all, s));
}

static void
paint_bars (const Painter *p)
{
  const CsChartLayout *l = p->layout;

  for (guint i = 0; i < l->bar_rects->len; i++)
    {
      const CsChartBarRect *b = &g_array_index (l->bar_rects, CsChartBarRect, i);
      cairo_rectangle (p->cr, b->rect.x, b->rect.y, b->rect.width, b->rect.height);
      set_palette (p, _cs_chart_segment_colour (b->segment), 1.0);
      cairo_fill_preserve (p->cr);
      set_theme (p, CS_CHART_THEME_BG, 1.0);
      cairo_set_line_width (p->cr, 1.0 * p->s);
      cairo_stroke (p->cr);
    }
}

/* ---- Legend ---- */

static void
paint_entry_swatch (const Painter *p, const CsChartLegendEntry *e)
{
  const CsChartLayout *l = p->layout;
  double x0 = e->x, x1 = e->x + l->entry_swatch_w, y = e->y + l->entry_row_h / 2;
  double dash[] = { 7.0 * p->s, 5.0 * p->s };
  const CsChartSeries *series = e->kind == CS_CHART_ENTRY_SERIES || e->kind == CS_CHART_ENTRY_CURVE
                                ? g_ptr_array_index (p->chart->series, e->index) : NULL;
  double h = l->entry_row_h * 0.55;

  cairo_save (p->cr);
  switch (e->kind)
    {
    case CS_CHART_ENTRY_SERIES:
      set_palette (p, series->colour, 1.0);
      cairo_set_line_width (p->cr, series_line_width (p));
      cairo_move_to (p->cr, x0, y);
      cairo_line_to (p->cr, x1, y);
      cairo_stroke (p->cr);
      paint_marker (p, series->marker, (x0 + x1) / 2, y, l->marker_radius, series->colour, FALSE,
                    FALSE);
      break;
    case CS_CHART_ENTRY_CURVE:
      /* A fit hidden for its poor R² has no line: its entry is only the reason. */
      if (((CsChartCurve *) g_ptr_array_index (series->curves, e->sub))->xs->len == 0)
        break;
      set_palette (p, series->colour, 0.9);
      cairo_set_line_width (p->cr, (e->sub % 2 == 0 ? 1.6 : 2.2) * p->s);
      set_curve_dash (p, e->sub);
      cairo_move_to (p->cr, x0, y);
      cairo_line_to (p->cr, x1, y);
      cairo_stroke (p->cr);
      break;
    case CS_CHART_ENTRY_IDEAL:
      set_theme (p, CS_CHART_THEME_IDEAL, 1.0);
      cairo_set_line_width (p->cr, 1.8 * p->s);
      cairo_set_dash (p->cr, dash, 2, 0);
      cairo_move_to (p->cr, x0, y);
      cairo_line_to (p->cr, x1, y);
      cairo_stroke (p->cr);
      break;
    case CS_CHART_ENTRY_BAND:
      set_theme (p, CS_CHART_THEME_MUTED, 0.25);
      cairo_rectangle (p->cr, x0, y - h / 2, x1 - x0, h);
      cairo_fill (p->cr);
      break;
    case CS_CHART_ENTRY_OVERSUBSCRIBED:
      paint_marker (p, CS_CHART_MARKER_CIRCLE, (x0 + x1) / 2, y, l->marker_radius, 0, TRUE, TRUE);
      break;
    case CS_CHART_ENTRY_SEGMENT:
    default:
      set_palette (p, _cs_chart_segment_colour (e->index), 1.0);
      cairo_rectangle (p->cr, x0 + (x1 - x0) / 4, y - h / 2, (x1 - x0) / 2, h);
      cairo_fill (p->cr);
      break;
    }
  cairo_restore (p->cr);
}

static void
paint_legend (const Painter *p)
{
  const CsChartLayout *l = p->layout;
  const CsChartRect *r = &l->legend;

  if (l->legend_place == CS_CHART_LEGEND_NONE || l->entries->len == 0)
    return;
  cairo_rectangle (p->cr, r->x, r->y, r->width, r->height);
  set_theme (p, CS_CHART_THEME_LEGEND_BG, 0.92);
  cairo_fill_preserve (p->cr);
  set_theme (p, CS_CHART_THEME_GRID, 1.0);
  cairo_set_line_width (p->cr, 1.0 * p->s);
  cairo_stroke (p->cr);
  for (guint i = 0; i < l->entries->len; i++)
    {
      const CsChartLegendEntry *e = &g_array_index (l->entries, CsChartLegendEntry, i);
      paint_entry_swatch (p, e);
      paint_label (p, &e->label, 0);
    }
}

void
cs_chart_layout_paint (const CsChartLayout *layout, cairo_t *cr, CsChartTheme theme)
{
  PangoContext *pango;
  Painter p;

  g_return_if_fail (layout != NULL && cr != NULL);

  pango = _cs_chart_pango_context_new ();
  p = (Painter) { layout, layout->chart, cr, theme, pango, layout->scale };
  cairo_save (cr);
  pango_cairo_update_context (cr, pango);
  set_theme (&p, CS_CHART_THEME_BG, 1.0);
  cairo_rectangle (cr, 0, 0, layout->width, layout->height);
  cairo_fill (cr);
  if (!layout->placeholder)
    {
      paint_frame (&p);
      paint_vlines (&p);
      if (layout->chart->kind == CS_CHART_OVERHEAD)
        paint_bars (&p);
      else
        paint_series (&p);
    }
  paint_labels (&p);
  if (!layout->placeholder)
    paint_legend (&p);
  cairo_restore (cr);
  g_object_unref (pango);
}

void
cs_chart_paint (CsChart *chart, cairo_t *cr, double width, double height, CsChartTheme theme)
{
  g_autoptr (CsChartLayout) layout = NULL;

  g_return_if_fail (chart != NULL && cr != NULL);
  layout = cs_chart_layout_new (chart, width, height);
  cs_chart_layout_paint (layout, cr, theme);
}
