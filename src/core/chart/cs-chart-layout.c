/* cs-chart-layout.c: where everything of a chart goes, computed before anything is painted
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is pure geometry (rectangles, ticks, polylines, labels with their measured size),
 * so tests can query it and a widget can cache it until its size or data change. Text is
 * measured with a Pango context whose font options are fixed, which keeps layouts identical
 * whatever surface they are painted on.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cs-chart-private.h"

#define PAD(l) (16.0 * (l)->scale)
#define GAP(l) (8.0 * (l)->scale)
/* How far above the data (bars included) the y axis may reach for the ideal line and fits. */
#define CS_CHART_Y_HEADROOM 1.15

typedef struct
{
  gboolean any;
  double   x_min, x_max;   /* workers > 0 */
  double   y_max;          /* data units, points and bars and CIs */
  double   y_min_pos;      /* smallest positive value (log axes) */
  double   y_all_max;      /* including ideal and curves, capped */
} DataRange;

static void
label_clear (gpointer data)
{
  CsChartLabel *label = data;
  g_free (label->text);
}

static void
entry_clear (gpointer data)
{
  CsChartLegendEntry *entry = data;
  g_free (entry->label.text);
}

static void
tick_clear (gpointer data)
{
  CsChartTick *tick = data;
  g_free (tick->label);
}

static void
measure_wrapped (PangoContext *pango, CsChartFont font, double scale, const char *text,
                 double wrap, double *w, double *h)
{
  g_autoptr (PangoLayout) layout = _cs_chart_text_layout (pango, font, scale, text);
  PangoRectangle logical;

  if (wrap > 0)
    pango_layout_set_width (layout, (int) (wrap * PANGO_SCALE));
  pango_layout_get_extents (layout, NULL, &logical);
  *w = (double) logical.width / PANGO_SCALE;
  *h = (double) logical.height / PANGO_SCALE;
}

static void
measure (PangoContext *pango, CsChartFont font, double scale, const char *text, double *w,
         double *h)
{
  g_autoptr (PangoLayout) layout = _cs_chart_text_layout (pango, font, scale, text);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *w = (double) logical.width / PANGO_SCALE;
  *h = (double) logical.height / PANGO_SCALE;
}

/* Adds a label anchored at (x, y): ax/ay = 0 left/top, 0.5 centre, 1 right/bottom. */
static CsChartLabel *
add_label (CsChartLayout *layout, PangoContext *pango, CsChartFont font, CsChartInk ink,
           const char *text, double x, double y, double ax, double ay)
{
  CsChartLabel label = { 0 };

  label.text = g_strdup (text);
  label.font = font;
  label.ink = ink;
  measure (pango, font, layout->scale, text, &label.width, &label.height);
  label.x = x - ax * label.width;
  label.y = y - ay * label.height;
  g_array_append_val (layout->labels, label);
  return &g_array_index (layout->labels, CsChartLabel, layout->labels->len - 1);
}

/* ---- Axes ---- */

static double
nice_step (double raw)
{
  double exponent, fraction, nice;

  if (!(raw > 0) || !isfinite (raw))
    return 1.0;
  exponent = floor (log10 (raw));
  fraction = raw / pow (10.0, exponent);
  if (fraction <= 1.0)
    nice = 1.0;
  else if (fraction <= 2.0)
    nice = 2.0;
  else if (fraction <= 5.0)
    nice = 5.0;
  else
    nice = 10.0;
  return nice * pow (10.0, exponent);
}

static char *
format_tick (double value, double step)
{
  int decimals = 0;

  if (step < 1.0)
    decimals = (int) ceil (-log10 (step) - 1e-9);
  if (fabs (value) < step * 1e-6)
    value = 0.0; /* no "-0" */
  return g_strdup_printf ("%.*f", CLAMP (decimals, 0, 9), value);
}

/* Large values (throughputs) as 250k, 1.5M, 2G: short labels leave room for the plot. */
static char *
format_si_tick (double value, double step, double max)
{
  static const struct { double div; const char *suffix; } si[] = {
    { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (si); i++)
    if (max >= (si[i].div == 1e3 ? 1e4 : si[i].div))
      {
        g_autofree char *number = format_tick (value / si[i].div, step / si[i].div);
        return value == 0 ? g_strdup ("0") : g_strconcat (number, si[i].suffix, NULL);
      }
  return format_tick (value, step);
}

static void
add_tick (GArray *ticks, double value, char *label)
{
  CsChartTick tick = { .value = value, .pos = NAN, .label = label };
  g_array_append_val (ticks, tick);
}

static gboolean
point_ok (const CsChartPoint *p, gboolean log_y)
{
  return !p->failed && isfinite (p->x) && p->x > 0 && isfinite (p->y) && (!log_y || p->y > 0);
}

static void
range_add_y (DataRange *range, double y)
{
  if (!isfinite (y))
    return;
  range->y_max = MAX (range->y_max, y);
  if (y > 0)
    range->y_min_pos = MIN (range->y_min_pos, y);
}

static void
range_add_point (DataRange *range, const CsChartPoint *p)
{
  range->any = TRUE;
  range->x_min = MIN (range->x_min, p->x);
  range->x_max = MAX (range->x_max, p->x);
  range_add_y (range, p->y);
  range_add_y (range, p->err_lo);
  range_add_y (range, p->err_hi);
  range_add_y (range, p->band_lo);
  range_add_y (range, p->band_hi);
}

static void
range_add_curves (DataRange *range, const CsChartSeries *series, double *curve_y_max)
{
  for (guint c = 0; c < series->curves->len; c++)
    {
      const CsChartCurve *curve = g_ptr_array_index (series->curves, c);
      for (guint i = 0; i < curve->xs->len; i++)
        {
          double x = g_array_index (curve->xs, double, i);
          double y = g_array_index (curve->ys, double, i);
          if (!isfinite (x) || x <= 0 || !isfinite (y))
            continue;
          range->x_max = MAX (range->x_max, x);
          *curve_y_max = MAX (*curve_y_max, y);
        }
    }
}

static DataRange
compute_series_range (CsChart *chart)
{
  DataRange range = { FALSE, G_MAXDOUBLE, 0, 0, G_MAXDOUBLE, 0 };
  double extra_max = 0;

  for (guint s = 0; s < chart->series->len; s++)
    {
      const CsChartSeries *series = g_ptr_array_index (chart->series, s);
      for (guint i = 0; i < series->points->len; i++)
        {
          const CsChartPoint *p = &g_array_index (series->points, CsChartPoint, i);
          if (point_ok (p, chart->log_y))
            range_add_point (&range, p);
        }
    }
  if (!range.any)
    return range;
  for (guint s = 0; s < chart->series->len; s++)
    range_add_curves (&range, g_ptr_array_index (chart->series, s), &extra_max);
  if (chart->show_ideal)
    extra_max = MAX (extra_max, chart->ideal_slope * range.x_max + chart->ideal_intercept);
  /* The ideal line and fitted curves may climb far above the data (6× on a 2-core machine
   * swept to 6 workers): the axis is fitted to the data, its bars included, with a little
   * headroom for the lines' slope to show; what climbs higher is clipped at the plot's top. */
  range.y_all_max = MAX (range.y_max, MIN (extra_max, CS_CHART_Y_HEADROOM * range.y_max));
  if (range.y_max <= 0 && extra_max > 0)
    range.y_all_max = extra_max;
  return range;
}

static DataRange
compute_bar_range (CsChart *chart)
{
  DataRange range = { FALSE, 1, 1, 0, G_MAXDOUBLE, 0 };

  for (guint i = 0; i < chart->bars->len; i++)
    {
      const CsChartBar *bar = &g_array_index (chart->bars, CsChartBar, i);
      double total = 0;
      for (guint s = 0; s < CS_CHART_MAX_SEGMENTS; s++)
        if (isfinite (bar->values[s]) && bar->values[s] > 0)
          total += bar->values[s];
      range_add_y (&range, total);
      range.any = range.any || total > 0;
    }
  range.y_all_max = range.y_max;
  return range;
}

/* Seconds shown as s, ms or µs, whichever keeps tick labels short. */
static double
time_factor (double max_s, const char **unit)
{
  if (max_s >= 1.0)
    {
      *unit = _("s");
      return 1.0;
    }
  if (max_s >= 1e-3)
    {
      *unit = _("ms");
      return 1e3;
    }
  *unit = _("µs");
  return 1e6;
}

static gboolean
kind_is_time (CsChartKind kind)
{
  return kind == CS_CHART_TIME || kind == CS_CHART_OVERHEAD;
}

static char *
resolve_y_title (CsChartLayout *layout, const DataRange *range)
{
  CsChart *chart = layout->chart;
  const char *unit = "";

  layout->y_factor = 1.0;
  if (kind_is_time (chart->kind))
    layout->y_factor = time_factor (range->y_all_max, &unit);
  if (chart->y_title == NULL)
    return g_strdup ("");
  if (strstr (chart->y_title, "%s") != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (chart->y_title, "%s", 2);
      return g_strconcat (parts[0], unit, parts[1], NULL);
    }
  return g_strdup (chart->y_title);
}

static void
setup_y_linear (CsChartLayout *layout, const DataRange *range, double target)
{
  double hi = range->y_all_max * layout->y_factor;
  double step;

  if (!(hi > 0))
    hi = 1.0;
  step = nice_step (hi / target);
  layout->y_lo = 0.0;
  layout->y_hi = step * ceil (hi / step - 1e-9);
  /* Headroom, so the highest marker and its error bar do not sit on the frame. */
  if (layout->y_hi - hi < 0.04 * layout->y_hi)
    layout->y_hi += step;
  for (guint i = 0; i * step <= layout->y_hi + step * 1e-6; i++)
    add_tick (layout->y_ticks, i * step, format_si_tick (i * step, step, layout->y_hi));
}

static void
add_log_tick (CsChartLayout *layout, double value)
{
  double step = value >= 1 ? 1.0 : pow (10.0, floor (log10 (value) + 1e-9));
  add_tick (layout->y_ticks, log10 (value), format_tick (value, step));
}

static void
setup_y_log (CsChartLayout *layout, const DataRange *range)
{
  double lo = range->y_min_pos * layout->y_factor;
  double hi = range->y_all_max * layout->y_factor;
  int first, last;

  if (!(lo > 0) || !isfinite (lo))
    lo = hi > 0 ? hi : 1.0;
  if (!(hi >= lo))
    hi = lo;
  layout->y_lo = log10 (lo) - 0.12;
  layout->y_hi = log10 (hi) + 0.12;
  if (layout->y_hi - layout->y_lo < 1.0)
    {
      double mid = (layout->y_hi + layout->y_lo) / 2;
      layout->y_lo = mid - 0.5;
      layout->y_hi = mid + 0.5;
    }
  first = (int) ceil (layout->y_lo - 1e-9);
  last = (int) floor (layout->y_hi + 1e-9);
  for (int k = first - 1; k <= last; k++)
    {
      const double mults[] = { 1, 2, 5 };
      for (guint m = 0; m < G_N_ELEMENTS (mults); m++)
        {
          double v = mults[m] * pow (10.0, k);
          /* 2 and 5 only when there are few decades, or the axis would be crowded. */
          if ((m == 0 || last - first < 2) && log10 (v) >= layout->y_lo &&
              log10 (v) <= layout->y_hi)
            add_log_tick (layout, v);
        }
    }
}

static void
setup_x_linear (CsChartLayout *layout, const DataRange *range, double target)
{
  double hi = MAX (range->x_max, 2.0);
  double step = MAX (1.0, nice_step (hi / target));

  layout->x_lo = 0.0;
  layout->x_hi = hi + MAX (0.04 * hi, 0.25);
  for (guint i = 0; i * step <= hi + 1e-9; i++)
    add_tick (layout->x_ticks, i * step, format_tick (i * step, 1.0));
}

/* Per core: from 0 to at least 100 % (every core of each machine busy), ticks as percentages. */
static void
setup_x_per_core (CsChartLayout *layout, const DataRange *range, double target)
{
  double hi = MAX (range->x_max, 1.0);
  double step = MAX (0.1, nice_step (hi / target));

  layout->x_lo = 0.0;
  layout->x_hi = hi * 1.04;
  for (guint i = 0; i * step <= hi + 1e-9; i++)
    add_tick (layout->x_ticks, i * step, g_strdup_printf ("%.0f %%", i * step * 100));
}

static void
setup_x_log2 (CsChartLayout *layout, const DataRange *range, double target)
{
  int first, last;
  guint stride = 1;

  layout->x_lo = log2 (range->x_min) - 0.3;
  layout->x_hi = log2 (range->x_max) + 0.3;
  first = (int) ceil (layout->x_lo);
  last = (int) floor (layout->x_hi);
  while ((last - first) / (double) stride + 1 > target)
    stride++;
  for (int k = first; k <= last; k += stride)
    add_tick (layout->x_ticks, k, g_strdup_printf ("%.0f", exp2 (k)));
}

static void
place_tick_positions (CsChartLayout *layout)
{
  for (guint i = 0; i < layout->x_ticks->len; i++)
    {
      CsChartTick *t = &g_array_index (layout->x_ticks, CsChartTick, i);
      t->pos = layout->plot.x + (t->value - layout->x_lo) / (layout->x_hi - layout->x_lo) *
               layout->plot.width;
    }
  for (guint i = 0; i < layout->y_ticks->len; i++)
    {
      CsChartTick *t = &g_array_index (layout->y_ticks, CsChartTick, i);
      t->pos = layout->plot.y + layout->plot.height -
               (t->value - layout->y_lo) / (layout->y_hi - layout->y_lo) * layout->plot.height;
    }
}

/* ---- Public mapping ---- */

double
cs_chart_layout_map_x (const CsChartLayout *layout, double x)
{
  double v = x;

  if (layout->log_x)
    v = x > 0 ? log2 (x) : NAN;
  return layout->plot.x + (v - layout->x_lo) / (layout->x_hi - layout->x_lo) *
         layout->plot.width;
}

double
cs_chart_layout_map_y (const CsChartLayout *layout, double y)
{
  double v = y * layout->y_factor;

  if (layout->log_y)
    v = v > 0 ? log10 (v) : NAN;
  return layout->plot.y + layout->plot.height -
         (v - layout->y_lo) / (layout->y_hi - layout->y_lo) * layout->plot.height;
}

/* ---- Titles and placeholder ---- */

/* Titles wrap at the chart's width rather than run off its edge. */
static double
add_title (CsChartLayout *layout, PangoContext *pango, CsChartFont font, CsChartInk ink,
           const char *text, double y)
{
  CsChartLabel *label = add_label (layout, pango, font, ink, text, PAD (layout), y, 0, 0);

  label->wrap = MAX (1.0, layout->width - 2 * PAD (layout));
  measure_wrapped (pango, font, layout->scale, text, label->wrap, &label->width,
                   &label->height);
  return label->height;
}

static double
place_titles (CsChartLayout *layout, PangoContext *pango)
{
  CsChart *chart = layout->chart;
  double y = PAD (layout);

  if (chart->title != NULL && *chart->title != '\0')
    y += add_title (layout, pango, CS_CHART_FONT_TITLE, CS_CHART_INK_TEXT, chart->title, y);
  if (chart->subtitle != NULL && *chart->subtitle != '\0')
    y += 0.25 * GAP (layout) + add_title (layout, pango, CS_CHART_FONT_SUBTITLE,
                                          CS_CHART_INK_MUTED, chart->subtitle,
                                          y + 0.25 * GAP (layout));
  if (chart->annotation != NULL && *chart->annotation != '\0')
    y += 0.25 * GAP (layout) + add_title (layout, pango, CS_CHART_FONT_SUBTITLE,
                                          CS_CHART_INK_TEXT, chart->annotation,
                                          y + 0.25 * GAP (layout));
  return y + 1.5 * GAP (layout);
}

static void
place_placeholder (CsChartLayout *layout, PangoContext *pango, double top)
{
  const char *text = layout->chart->placeholder;

  if (text == NULL)
    text = _("No data to plot");
  layout->placeholder = TRUE;
  layout->plot = (CsChartRect) { PAD (layout), top, layout->width - 2 * PAD (layout),
                                 MAX (0, layout->height - top - PAD (layout)) };
  add_label (layout, pango, CS_CHART_FONT_PLACEHOLDER, CS_CHART_INK_MUTED, text,
             layout->plot.x + layout->plot.width / 2, layout->plot.y + layout->plot.height / 2,
             0.5, 0.5);
}

/* ---- Axes placement ---- */

static guint
count_distinct_bars (CsChart *chart, guint *n_groups)
{
  *n_groups = 0;
  for (guint i = 0; i < chart->bars->len; i++)
    {
      const CsChartBar *bar = &g_array_index (chart->bars, CsChartBar, i);
      if (i == 0 || !g_str_equal (bar->group,
                                  g_array_index (chart->bars, CsChartBar, i - 1).group))
        (*n_groups)++;
    }
  return chart->bars->len;
}

/* Overhead bars sit in slots of one unit, groups separated by a gap of one unit. */
static double
bar_slot_centre (CsChart *chart, guint index)
{
  double pos = 0.75;

  for (guint i = 1; i <= index; i++)
    {
      const CsChartBar *bar = &g_array_index (chart->bars, CsChartBar, i);
      const CsChartBar *prev = &g_array_index (chart->bars, CsChartBar, i - 1);
      pos += g_str_equal (bar->group, prev->group) ? 1.0 : 2.0;
    }
  return pos;
}

static void
setup_x_bars (CsChartLayout *layout)
{
  CsChart *chart = layout->chart;
  guint n_groups;
  guint n = count_distinct_bars (chart, &n_groups);

  layout->x_lo = 0.0;
  layout->x_hi = n > 0 ? bar_slot_centre (chart, n - 1) + 0.75 : 1.0;
}

static void
setup_axes (CsChartLayout *layout, const DataRange *range, const CsChartRect *avail,
            double y_target, double x_target)
{
  CsChart *chart = layout->chart;

  g_array_set_size (layout->x_ticks, 0);
  g_array_set_size (layout->y_ticks, 0);
  layout->log_y = chart->log_y && chart->kind != CS_CHART_OVERHEAD;
  if (layout->log_y)
    setup_y_log (layout, range);
  else
    setup_y_linear (layout, range, y_target);
  if (chart->kind == CS_CHART_OVERHEAD)
    setup_x_bars (layout);
  else if (chart->x_scale == CS_CHART_X_PER_CORE)
    setup_x_per_core (layout, range, x_target);
  else if (layout->log_x)
    setup_x_log2 (layout, range, x_target);
  else
    setup_x_linear (layout, range, x_target);
}

static double
max_tick_label_width (CsChartLayout *layout, PangoContext *pango, GArray *ticks)
{
  double max_w = 0;

  for (guint i = 0; i < ticks->len; i++)
    {
      double w, h;
      measure (pango, CS_CHART_FONT_TICK, layout->scale,
               g_array_index (ticks, CsChartTick, i).label, &w, &h);
      max_w = MAX (max_w, w);
    }
  return max_w;
}

static void
place_tick_labels (CsChartLayout *layout, PangoContext *pango)
{
  const CsChartRect *p = &layout->plot;

  for (guint i = 0; i < layout->y_ticks->len; i++)
    {
      const CsChartTick *t = &g_array_index (layout->y_ticks, CsChartTick, i);
      add_label (layout, pango, CS_CHART_FONT_TICK, CS_CHART_INK_MUTED, t->label,
                 p->x - GAP (layout), t->pos, 1.0, 0.5);
    }
  for (guint i = 0; i < layout->x_ticks->len; i++)
    {
      const CsChartTick *t = &g_array_index (layout->x_ticks, CsChartTick, i);
      add_label (layout, pango, CS_CHART_FONT_TICK, CS_CHART_INK_MUTED, t->label, t->pos,
                 p->y + p->height + GAP (layout), 0.5, 0.0);
    }
}

/* Bar labels (workers) under each bar, thinned when they would touch; group names below. */
static void
place_bar_labels (CsChartLayout *layout, PangoContext *pango, double tick_h)
{
  CsChart *chart = layout->chart;
  double unit = layout->plot.width / (layout->x_hi - layout->x_lo);
  double y = layout->plot.y + layout->plot.height + GAP (layout);
  double last_right = -G_MAXDOUBLE;
  guint group_start = 0;

  for (guint i = 0; i < chart->bars->len; i++)
    {
      const CsChartBar *bar = &g_array_index (chart->bars, CsChartBar, i);
      double cx = layout->plot.x + bar_slot_centre (chart, i) * unit;
      double w, h;
      measure (pango, CS_CHART_FONT_TICK, layout->scale, bar->label, &w, &h);
      if (cx - w / 2 > last_right + GAP (layout) / 2)
        {
          add_label (layout, pango, CS_CHART_FONT_TICK, CS_CHART_INK_MUTED, bar->label, cx, y,
                     0.5, 0.0);
          last_right = cx + w / 2;
        }
      if (i + 1 == chart->bars->len ||
          !g_str_equal (bar->group, g_array_index (chart->bars, CsChartBar, i + 1).group))
        {
          double x0 = layout->plot.x + bar_slot_centre (chart, group_start) * unit;
          add_label (layout, pango, CS_CHART_FONT_AXIS_TITLE, CS_CHART_INK_TEXT, bar->group,
                     (x0 + cx) / 2, y + tick_h + 0.5 * GAP (layout), 0.5, 0.0);
          group_start = i + 1;
        }
    }
}

/* Rotated by -90°, centred on the plot's height, at the left edge. */
static void
place_y_title (CsChartLayout *layout, PangoContext *pango, const char *text, double x)
{
  CsChartLabel *label = add_label (layout, pango, CS_CHART_FONT_AXIS_TITLE, CS_CHART_INK_TEXT,
                                   text, 0, 0, 0, 0);
  double w = label->width;

  label->vertical = TRUE;
  label->width = label->height;
  label->height = w;
  label->x = x;
  label->y = layout->plot.y + layout->plot.height / 2 - w / 2;
}

/* Places the plot rectangle inside avail with room for tick labels and axis titles. */
static void
place_axes (CsChartLayout *layout, PangoContext *pango, const DataRange *range,
            const CsChartRect *avail)
{
  CsChart *chart = layout->chart;
  g_autofree char *y_title = resolve_y_title (layout, range);
  double tick_w, tick_h, xt_w, xt_h, yt_w, yt_h, bottom, left, label_w;
  gboolean bars = chart->kind == CS_CHART_OVERHEAD;

  measure (pango, CS_CHART_FONT_TICK, layout->scale, "0123456789", &tick_w, &tick_h);
  measure (pango, CS_CHART_FONT_AXIS_TITLE, layout->scale, chart->x_title, &xt_w, &xt_h);
  measure (pango, CS_CHART_FONT_AXIS_TITLE, layout->scale, y_title, &yt_w, &yt_h);

  bottom = GAP (layout) + tick_h + GAP (layout) + xt_h;
  if (bars)
    bottom += xt_h + 0.5 * GAP (layout);
  layout->plot.y = avail->y;
  layout->plot.height = MAX (1.0, avail->height - bottom);
  /* Per core, the fractions are few and close to 1: a log axis would only squeeze them. */
  layout->log_x = !bars && chart->x_scale == CS_CHART_X_WORKERS && range->x_min >= 1 &&
                  range->x_max / range->x_min >= 16;
  setup_axes (layout, range, avail, CLAMP (layout->plot.height / (55 * layout->scale), 3, 10),
              CLAMP (avail->width / (85 * layout->scale), 2, 16));
  label_w = max_tick_label_width (layout, pango, layout->y_ticks);
  left = yt_h + GAP (layout) * 1.5 + label_w + GAP (layout);
  layout->plot.x = avail->x + left;
  layout->plot.width = MAX (1.0, avail->width - left);
  place_tick_positions (layout);

  if (bars)
    {
      g_array_set_size (layout->x_ticks, 0);
      place_tick_labels (layout, pango);
      place_bar_labels (layout, pango, tick_h);
    }
  else
    place_tick_labels (layout, pango);
  add_label (layout, pango, CS_CHART_FONT_AXIS_TITLE, CS_CHART_INK_TEXT, chart->x_title,
             layout->plot.x + layout->plot.width / 2, avail->y + avail->height, 0.5, 1.0);
  place_y_title (layout, pango, y_title, avail->x);
}

/* ---- Geometry of the data ---- */

static void
compute_series_lines (CsChartLayout *layout)
{
  CsChart *chart = layout->chart;

  g_ptr_array_set_size (layout->series_lines, 0);
  for (guint s = 0; s < chart->series->len; s++)
    {
      const CsChartSeries *series = g_ptr_array_index (chart->series, s);
      GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      GArray *current = NULL;

      for (guint i = 0; i < series->points->len; i++)
        {
          const CsChartPoint *p = &g_array_index (series->points, CsChartPoint, i);
          double xy[2];
          if (!point_ok (p, layout->log_y))
            {
              current = NULL;
              continue;
            }
          xy[0] = cs_chart_layout_map_x (layout, p->x);
          xy[1] = cs_chart_layout_map_y (layout, p->y);
          if (!isfinite (xy[0]) || !isfinite (xy[1]))
            continue;
          if (current == NULL)
            {
              current = g_array_new (FALSE, FALSE, sizeof (double));
              g_ptr_array_add (lines, current);
            }
          g_array_append_vals (current, xy, 2);
        }
      g_ptr_array_add (layout->series_lines, lines);
    }
}

static void
compute_bars (CsChartLayout *layout)
{
  CsChart *chart = layout->chart;
  double unit = layout->plot.width / (layout->x_hi - layout->x_lo);

  g_array_set_size (layout->bar_rects, 0);
  layout->bar_width = 0.72 * unit;
  for (guint i = 0; i < chart->bars->len; i++)
    {
      const CsChartBar *bar = &g_array_index (chart->bars, CsChartBar, i);
      double cx = layout->plot.x + bar_slot_centre (chart, i) * unit;
      double total = 0;
      for (guint s = 0; s < CS_CHART_MAX_SEGMENTS; s++)
        {
          double v = bar->values[s];
          CsChartBarRect r;
          double y0, y1;
          if (!isfinite (v) || v <= 0)
            continue;
          y0 = cs_chart_layout_map_y (layout, total);
          y1 = cs_chart_layout_map_y (layout, total + v);
          total += v;
          r.segment = s;
          r.rect = (CsChartRect) { cx - layout->bar_width / 2, y1, layout->bar_width, y0 - y1 };
          g_array_append_val (layout->bar_rects, r);
        }
    }
}

static gboolean
x_in_axis (const CsChartLayout *layout, double workers)
{
  double v = layout->log_x ? log2 (workers) : workers;
  return workers > 0 && v > layout->x_lo && v < layout->x_hi;
}

#define MAX_NOTE_ROWS 6

/* Marker labels go in rows at the top of the plot: each in the first row where it does not
 * touch the previous label, so close markers stack instead of overlapping. */
typedef struct
{
  double right[MAX_NOTE_ROWS];
} NoteRows;

typedef struct
{
  double      value;
  char       *text;
} Marker;

static void
place_note (CsChartLayout *layout, PangoContext *pango, NoteRows *rows, const char *text,
            double x)
{
  double w, h;
  guint row = 0;
  CsChartLabel *label;

  measure (pango, CS_CHART_FONT_NOTE, layout->scale, text, &w, &h);
  while (row + 1 < MAX_NOTE_ROWS && x < rows->right[row] + GAP (layout))
    row++;
  rows->right[row] = x + w;
  label = add_label (layout, pango, CS_CHART_FONT_NOTE, CS_CHART_INK_MUTED, text, x,
                     layout->plot.y + 0.5 * GAP (layout) + row * (h + 0.25 * GAP (layout)), 0,
                     0);
  label->boxed = TRUE;
}

static void
add_vline (CsChartLayout *layout, PangoContext *pango, NoteRows *rows, const Marker *marker)
{
  CsChartVLine line = { cs_chart_layout_map_x (layout, marker->value), marker->value };
  double w, h, x;

  g_array_append_val (layout->vlines, line);
  measure (pango, CS_CHART_FONT_NOTE, layout->scale, marker->text, &w, &h);
  x = line.x + 0.5 * GAP (layout);
  if (x + w > layout->plot.x + layout->plot.width - 0.5 * GAP (layout))
    x = line.x - 0.5 * GAP (layout) - w;
  place_note (layout, pango, rows, marker->text, x);
}

/* At the top right of the shaded region, beside or below the markers' labels; dropped when
 * the region is too narrow (the legend's hollow-marker entry still explains it). */
static void
add_oversubscribed_label (CsChartLayout *layout, PangoContext *pango, NoteRows *rows)
{
  double w, h, x;

  measure (pango, CS_CHART_FONT_NOTE, layout->scale, _("oversubscribed"), &w, &h);
  x = layout->plot.x + layout->plot.width - 0.5 * GAP (layout) - w;
  if (x >= layout->oversub_x + 0.5 * GAP (layout))
    place_note (layout, pango, rows, _("oversubscribed"), x);
}

static void
add_marker (GArray *markers, const CsChartLayout *layout, double value, char *text)
{
  Marker marker = { value, text };

  if (x_in_axis (layout, value))
    g_array_append_val (markers, marker);
  else
    g_free (text);
}

static int
compare_markers (gconstpointer a, gconstpointer b)
{
  double x = ((const Marker *) a)->value, y = ((const Marker *) b)->value;
  return (x > y) - (x < y);
}

static void
marker_clear (gpointer data)
{
  g_free (((Marker *) data)->text);
}

/* Per core, each machine has its own topology; the one boundary they share is 100 %: every
 * physical core busy, SMT siblings or oversubscription beyond. */
static void
add_per_core_marker (CsChartLayout *layout, PangoContext *pango, NoteRows *rows)
{
  Marker marker = { 1.0, _("all physical cores") };

  if (x_in_axis (layout, marker.value))
    add_vline (layout, pango, rows, &marker);
}

/* One machine's markers: package and NUMA boundaries (with compact placement), physical cores
 * used up (SMT siblings next). */
static void
add_machine_markers (GArray *markers, const CsChartLayout *layout)
{
  const CsChartTopology *topo = &layout->chart->topology;
  double per_package = (double) topo->n_cores / MAX (topo->n_packages, 1);

  for (guint k = 1; k < topo->n_packages && topo->n_cores % topo->n_packages == 0; k++)
    add_marker (markers, layout, k * per_package, g_strdup (_("package boundary")));
  for (guint k = 1; topo->n_numa_nodes > topo->n_packages && k < topo->n_numa_nodes &&
                    topo->n_cores % topo->n_numa_nodes == 0; k++)
    {
      double v = (double) k * topo->n_cores / topo->n_numa_nodes;
      if (fmod (v, per_package) != 0) /* else it is a package boundary already */
        add_marker (markers, layout, v, g_strdup (_("NUMA boundary")));
    }
  if (topo->n_cores > 0 && topo->n_cores < topo->n_pus)
    add_marker (markers, layout, topo->n_cores,
                g_strdup_printf (_("%u physical cores"), topo->n_cores));
  add_marker (markers, layout, topo->n_pus,
              topo->n_cores == topo->n_pus || topo->n_cores == 0
              ? g_strdup_printf (_("%u cores"), topo->n_pus)
              : g_strdup_printf (_("%u hardware threads"), topo->n_pus));
}

/* Several hosts' markers: where each node's ranks begin, and every node's PUs together (how
 * the ranks spread over one node's cores and SMT siblings depends on the mapping). */
static void
add_node_markers (GArray *markers, const CsChartLayout *layout)
{
  CsChart *chart = layout->chart;
  const CsChartTopology *topo = &chart->topology;

  for (guint i = 0; i < chart->node_boundaries->len; i++)
    {
      const CsChartNodeBoundary *b = &g_array_index (chart->node_boundaries,
                                                     CsChartNodeBoundary, i);
      add_marker (markers, layout, b->workers, g_strdup (b->label));
    }
  if (topo->n_pus > 0)
    add_marker (markers, layout, topo->n_pus,
                topo->n_cores == topo->n_pus || topo->n_cores == 0
                /* Translators: the PUs of every host of an MPI sweep together */
                ? g_strdup_printf (_("%u cores on %u nodes"), topo->n_pus, topo->n_nodes)
                : g_strdup_printf (_("%u hardware threads on %u nodes"), topo->n_pus,
                                   topo->n_nodes));
}

/* Vertical markers where the hardware changes, and the shaded band where every PU is busy
 * (oversubscribed next). */
static void
compute_topology_markers (CsChartLayout *layout, PangoContext *pango)
{
  const CsChartTopology *topo = &layout->chart->topology;
  g_autoptr (GArray) markers = g_array_new (FALSE, FALSE, sizeof (Marker));
  NoteRows rows;

  g_array_set_clear_func (markers, marker_clear);
  g_array_set_size (layout->vlines, 0);
  layout->oversub_x = NAN;
  for (guint i = 0; i < MAX_NOTE_ROWS; i++)
    rows.right[i] = -G_MAXDOUBLE;
  if (layout->chart->x_scale == CS_CHART_X_PER_CORE && layout->chart->kind != CS_CHART_OVERHEAD)
    {
      add_per_core_marker (layout, pango, &rows);
      return;
    }
  if (layout->chart->kind == CS_CHART_OVERHEAD)
    return;
  if (topo->n_nodes > 1)
    add_node_markers (markers, layout);
  else if (topo->n_pus > 0)
    add_machine_markers (markers, layout);

  g_array_sort (markers, compare_markers);
  for (guint i = 0; i < markers->len; i++)
    add_vline (layout, pango, &rows, &g_array_index (markers, Marker, i));
  if (topo->n_pus > 0 && x_in_axis (layout, topo->n_pus))
    {
      layout->oversub_x = cs_chart_layout_map_x (layout, topo->n_pus);
      add_oversubscribed_label (layout, pango, &rows);
    }
}

/* ---- Legend ---- */

static gboolean
any_point (CsChart *chart, gboolean oversubscribed, gboolean band)
{
  for (guint s = 0; s < chart->series->len; s++)
    {
      const CsChartSeries *series = g_ptr_array_index (chart->series, s);
      for (guint i = 0; i < series->points->len; i++)
        {
          const CsChartPoint *p = &g_array_index (series->points, CsChartPoint, i);
          if (!point_ok (p, chart->log_y))
            continue;
          if (oversubscribed && p->oversubscribed)
            return TRUE;
          if (band && isfinite (p->band_lo) && isfinite (p->band_hi))
            return TRUE;
        }
    }
  return FALSE;
}

static void
add_entry (CsChartLayout *layout, PangoContext *pango, CsChartEntryKind kind, guint index,
           guint sub, const char *text)
{
  CsChartLegendEntry entry = { kind, index, sub, 0, 0, { 0 } };

  entry.label.text = g_strdup (text);
  entry.label.font = CS_CHART_FONT_LEGEND;
  entry.label.ink = CS_CHART_INK_TEXT;
  measure (pango, CS_CHART_FONT_LEGEND, layout->scale, text, &entry.label.width,
           &entry.label.height);
  g_array_append_val (layout->entries, entry);
}

static void
build_legend_entries (CsChartLayout *layout, PangoContext *pango)
{
  CsChart *chart = layout->chart;

  if (chart->kind == CS_CHART_OVERHEAD)
    {
      for (guint i = 0; i < chart->n_segments; i++)
        add_entry (layout, pango, CS_CHART_ENTRY_SEGMENT, i, 0, _cs_chart_segment_name (chart, i));
      return;
    }
  for (guint s = 0; s < chart->series->len; s++)
    {
      const CsChartSeries *series = g_ptr_array_index (chart->series, s);
      add_entry (layout, pango, CS_CHART_ENTRY_SERIES, s, 0, series->name);
      for (guint c = 0; c < series->curves->len; c++)
        add_entry (layout, pango, CS_CHART_ENTRY_CURVE, s, c,
                   ((CsChartCurve *) g_ptr_array_index (series->curves, c))->label);
    }
  if (chart->show_ideal)
    add_entry (layout, pango, CS_CHART_ENTRY_IDEAL, 0, 0,
               chart->kind == CS_CHART_EFFICIENCY ? _("Ideal (100 %)")
                                                  : _("Ideal (linear scaling)"));
  if (any_point (chart, FALSE, TRUE))
    add_entry (layout, pango, CS_CHART_ENTRY_BAND, 0, 0, _("Min–max of runs"));
  if (any_point (chart, TRUE, FALSE))
    add_entry (layout, pango, CS_CHART_ENTRY_OVERSUBSCRIBED, 0, 0,
               _("Hollow: more workers than hardware threads"));
}

static void
legend_cell (CsChartLayout *layout, double *cell_w, double *cell_h)
{
  *cell_w = 0;
  *cell_h = 0;
  layout->entry_swatch_w = 30 * layout->scale;
  for (guint i = 0; i < layout->entries->len; i++)
    {
      const CsChartLegendEntry *e = &g_array_index (layout->entries, CsChartLegendEntry, i);
      *cell_w = MAX (*cell_w, layout->entry_swatch_w + GAP (layout) + e->label.width);
      *cell_h = MAX (*cell_h, e->label.height);
    }
  *cell_h = MAX (*cell_h, 2.6 * layout->marker_radius) + 0.5 * GAP (layout);
  layout->entry_row_h = *cell_h;
}

static void
position_entries (CsChartLayout *layout, guint n_cols, double cell_w)
{
  guint n = layout->entries->len;
  guint n_rows = (n + n_cols - 1) / n_cols;

  for (guint i = 0; i < n; i++)
    {
      CsChartLegendEntry *e = &g_array_index (layout->entries, CsChartLegendEntry, i);
      guint col = i / n_rows, row = i % n_rows;
      e->x = layout->legend.x + GAP (layout) + col * (cell_w + 2 * GAP (layout));
      e->y = layout->legend.y + GAP (layout) * 0.75 + row * layout->entry_row_h;
      e->label.x = e->x + layout->entry_swatch_w + GAP (layout);
      e->label.y = e->y + (layout->entry_row_h - e->label.height) / 2;
    }
}

static void
legend_size (CsChartLayout *layout, guint n_cols, double cell_w, double cell_h, double *w,
             double *h)
{
  guint n_rows = (layout->entries->len + n_cols - 1) / n_cols;
  *w = n_cols * cell_w + (n_cols - 1) * 2 * GAP (layout) + 2 * GAP (layout);
  *h = n_rows * cell_h + 1.5 * GAP (layout);
}

/* ---- Obstacles: everything the legend must not cover ---- */

static gboolean
segment_hits_rect (double x1, double y1, double x2, double y2, const CsChartRect *r)
{
  double t0 = 0, t1 = 1, dx = x2 - x1, dy = y2 - y1;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { x1 - r->x, r->x + r->width - x1, y1 - r->y, r->y + r->height - y1 };

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }
      double t = q[i] / p[i];
      if (p[i] < 0)
        {
          if (t > t1)
            return FALSE;
          t0 = MAX (t0, t);
        }
      else
        {
          if (t < t0)
            return FALSE;
          t1 = MIN (t1, t);
        }
    }
  return TRUE;
}

static gboolean
rects_overlap (const CsChartRect *a, const CsChartRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height &&
         b->y < a->y + a->height;
}

static gboolean
polyline_hits (const double *xy, guint n_pairs, const CsChartRect *r)
{
  for (guint i = 0; i < n_pairs; i++)
    {
      guint j = i + 1 < n_pairs ? i + 1 : i;
      if (segment_hits_rect (xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1], r))
        return TRUE;
    }
  return FALSE;
}

static gboolean
points_hit (const CsChartLayout *layout, const CsChartSeries *series, const CsChartRect *r)
{
  for (guint i = 0; i < series->points->len; i++)
    {
      const CsChartPoint *p = &g_array_index (series->points, CsChartPoint, i);
      double x = cs_chart_layout_map_x (layout, p->x);
      double lo, hi;
      if (!point_ok (p, layout->log_y) || !isfinite (x))
        continue;
      lo = isfinite (p->band_lo) ? p->band_lo : p->y;
      hi = isfinite (p->band_hi) ? p->band_hi : p->y;
      lo = MIN (lo, isfinite (p->err_lo) ? p->err_lo : p->y);
      hi = MAX (hi, isfinite (p->err_hi) ? p->err_hi : p->y);
      lo = cs_chart_layout_map_y (layout, lo);
      hi = cs_chart_layout_map_y (layout, hi);
      if (!isfinite (lo))
        lo = layout->plot.y + layout->plot.height;
      if (isfinite (hi) && segment_hits_rect (x, lo, x, hi, r))
        return TRUE;
    }
  return FALSE;
}

static gboolean
curves_hit (const CsChartLayout *layout, const CsChartSeries *series, const CsChartRect *r)
{
  for (guint c = 0; c < series->curves->len; c++)
    {
      const CsChartCurve *curve = g_ptr_array_index (series->curves, c);
      g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < curve->xs->len; i++)
        {
          double p[2] = { cs_chart_layout_map_x (layout, g_array_index (curve->xs, double, i)),
                          cs_chart_layout_map_y (layout, g_array_index (curve->ys, double, i)) };
          if (isfinite (p[0]) && isfinite (p[1]))
            g_array_append_vals (xy, p, 2);
        }
      if (xy->len > 0 && polyline_hits ((double *) (void *) xy->data, xy->len / 2, r))
        return TRUE;
    }
  return FALSE;
}

static gboolean
ideal_hits (const CsChartLayout *layout, const CsChartRect *r)
{
  const guint n = 64;
  double prev[2] = { NAN, NAN };

  if (!layout->chart->show_ideal)
    return FALSE;
  for (guint i = 0; i <= n; i++)
    {
      double v = layout->x_lo + (layout->x_hi - layout->x_lo) * i / n;
      double x = layout->log_x ? exp2 (v) : v;
      double y = layout->chart->ideal_slope * x + layout->chart->ideal_intercept;
      double p[2] = { cs_chart_layout_map_x (layout, x), cs_chart_layout_map_y (layout, y) };
      if (isfinite (prev[1]) && isfinite (p[1]) &&
          segment_hits_rect (prev[0], prev[1], p[0], p[1], r))
        return TRUE;
      prev[0] = p[0];
      prev[1] = p[1];
    }
  return FALSE;
}

static gboolean
legend_rect_is_free (const CsChartLayout *layout, const CsChartRect *legend)
{
  CsChart *chart = layout->chart;
  double m = layout->marker_radius + 0.5 * GAP (layout);
  CsChartRect r = { legend->x - m, legend->y - m, legend->width + 2 * m,
                    legend->height + 2 * m };

  for (guint s = 0; s < layout->series_lines->len; s++)
    {
      const GPtrArray *lines = g_ptr_array_index (layout->series_lines, s);
      const CsChartSeries *series = g_ptr_array_index (chart->series, s);
      for (guint i = 0; i < lines->len; i++)
        {
          const GArray *xy = g_ptr_array_index (lines, i);
          if (polyline_hits ((const double *) (const void *) xy->data, xy->len / 2, &r))
            return FALSE;
        }
      if (points_hit (layout, series, &r) || curves_hit (layout, series, &r))
        return FALSE;
    }
  for (guint i = 0; i < layout->bar_rects->len; i++)
    if (rects_overlap (&g_array_index (layout->bar_rects, CsChartBarRect, i).rect, &r))
      return FALSE;
  /* Marker lines run the plot's height: one through the legend would look cut. */
  for (guint i = 0; i < layout->vlines->len; i++)
    {
      double x = g_array_index (layout->vlines, CsChartVLine, i).x;
      if (x >= r.x && x <= r.x + r.width)
        return FALSE;
    }
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const CsChartLabel *l = &g_array_index (layout->labels, CsChartLabel, i);
      CsChartRect lr = { l->x, l->y, l->width, l->height };
      if (l->font == CS_CHART_FONT_NOTE && rects_overlap (&lr, &r))
        return FALSE;
    }
  return !ideal_hits (layout, &r);
}

static gboolean
place_legend_inside (CsChartLayout *layout, double w, double h)
{
  const CsChartRect *p = &layout->plot;
  double m = GAP (layout);
  const CsChartLegendPlace places[] = {
    CS_CHART_LEGEND_TOP_LEFT, CS_CHART_LEGEND_TOP_RIGHT, CS_CHART_LEGEND_BOTTOM_RIGHT,
    CS_CHART_LEGEND_BOTTOM_LEFT,
  };

  double below_notes = p->y + m;

  if (w > p->width * 0.5 || h > p->height * 0.6)
    return FALSE;
  /* The second round tries the top corners again under the topology markers' labels. */
  for (guint i = 0; i < layout->labels->len; i++)
    {
      const CsChartLabel *l = &g_array_index (layout->labels, CsChartLabel, i);
      if (l->font == CS_CHART_FONT_NOTE)
        below_notes = MAX (below_notes, l->y + l->height + layout->marker_radius + 1.5 * m);
    }
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (places); i++)
      {
        gboolean left = places[i] == CS_CHART_LEGEND_TOP_LEFT ||
                        places[i] == CS_CHART_LEGEND_BOTTOM_LEFT;
        gboolean top = places[i] == CS_CHART_LEGEND_TOP_LEFT ||
                       places[i] == CS_CHART_LEGEND_TOP_RIGHT;
        CsChartRect r = { left ? p->x + m : p->x + p->width - m - w,
                          top ? (round == 0 ? p->y + m : below_notes)
                              : p->y + p->height - m - h, w, h };
        if ((!top && (round == 1 || layout->chart->legend_on_top)) || r.y + h > p->y + p->height)
          continue;
        if (legend_rect_is_free (layout, &r))
          {
            layout->legend_place = places[i];
            layout->legend = r;
            return TRUE;
          }
      }
  return FALSE;
}

/* ---- Putting it together ---- */

static void
compute_geometry (CsChartLayout *layout, PangoContext *pango)
{
  if (layout->chart->kind == CS_CHART_OVERHEAD)
    compute_bars (layout);
  else
    compute_series_lines (layout);
  compute_topology_markers (layout, pango);
}

static double
compute_marker_radius (CsChart *chart, double scale)
{
  guint max_points = 0;
  double r = 4.5 * scale;

  for (guint s = 0; s < chart->series->len; s++)
    max_points = MAX (max_points,
                      ((CsChartSeries *) g_ptr_array_index (chart->series, s))->points->len);
  if (max_points > 128)
    r *= 0.45;
  else if (max_points > 48)
    r *= 0.6;
  else if (max_points > 24)
    r *= 0.8;
  return r;
}

static void
layout_with_legend (CsChartLayout *layout, PangoContext *pango, const DataRange *range,
                    double top)
{
  CsChartRect avail = { PAD (layout), top, layout->width - 2 * PAD (layout),
                        layout->height - top - PAD (layout) };
  guint n_fixed = layout->labels->len;
  double cell_w, cell_h, w, h;
  guint n_cols = 1;

  place_axes (layout, pango, range, &avail);
  compute_geometry (layout, pango);
  if (layout->entries->len == 0)
    return;
  legend_cell (layout, &cell_w, &cell_h);
  legend_size (layout, 1, cell_w, cell_h, &w, &h);
  if (place_legend_inside (layout, w, h))
    {
      position_entries (layout, 1, cell_w);
      return;
    }

  /* Outside: on the right while it fits in a few columns, else below the plot. */
  g_array_set_size (layout->labels, n_fixed);
  while (h > layout->plot.height && n_cols < layout->entries->len)
    legend_size (layout, ++n_cols, cell_w, cell_h, &w, &h);
  /* Below the plot is where the window's toasts sit: a legend kept on top may take more of
   * the width beside the plot. */
  if (w <= (layout->chart->legend_on_top ? 0.45 : 0.34) * layout->width &&
      h <= layout->plot.height)
    {
      layout->legend_place = CS_CHART_LEGEND_OUTSIDE_RIGHT;
      avail.width -= w + GAP (layout) * 2;
      place_axes (layout, pango, range, &avail);
      layout->legend = (CsChartRect) { avail.x + avail.width + 2 * GAP (layout), layout->plot.y,
                                       w, h };
    }
  else
    {
      n_cols = MAX (1, (guint) floor ((avail.width + 2 * GAP (layout)) /
                                      (cell_w + 2 * GAP (layout))));
      n_cols = MIN (n_cols, layout->entries->len);
      legend_size (layout, n_cols, cell_w, cell_h, &w, &h);
      layout->legend_place = CS_CHART_LEGEND_OUTSIDE_BOTTOM;
      avail.height -= h + GAP (layout);
      place_axes (layout, pango, range, &avail);
      layout->legend = (CsChartRect) { avail.x + (avail.width - w) / 2,
                                       avail.y + avail.height + GAP (layout), w, h };
    }
  compute_geometry (layout, pango);
  position_entries (layout, n_cols, cell_w);
}

CsChartLayout *
cs_chart_layout_new (CsChart *chart, double width, double height)
{
  return cs_chart_layout_new_full (chart, width, height, 0);
}

CsChartLayout *
cs_chart_layout_new_full (CsChart *chart, double width, double height, double text_scale)
{
  PangoContext *pango;
  CsChartLayout *layout;
  DataRange range;
  double top;

  g_return_val_if_fail (chart != NULL, NULL);

  layout = g_new0 (CsChartLayout, 1);
  layout->chart = cs_chart_ref (chart);
  layout->width = isfinite (width) && width >= 1 ? width : 1;
  layout->height = isfinite (height) && height >= 1 ? height : 1;
  layout->scale = text_scale > 0 && isfinite (text_scale)
                  ? CLAMP (text_scale, 0.25, 8.0)
                  : CLAMP (MIN (layout->width / 960.0, layout->height / 600.0), 0.6, 4.0);
  layout->labels = g_array_new (FALSE, TRUE, sizeof (CsChartLabel));
  g_array_set_clear_func (layout->labels, label_clear);
  layout->entries = g_array_new (FALSE, TRUE, sizeof (CsChartLegendEntry));
  g_array_set_clear_func (layout->entries, entry_clear);
  layout->x_ticks = g_array_new (FALSE, TRUE, sizeof (CsChartTick));
  g_array_set_clear_func (layout->x_ticks, tick_clear);
  layout->y_ticks = g_array_new (FALSE, TRUE, sizeof (CsChartTick));
  g_array_set_clear_func (layout->y_ticks, tick_clear);
  layout->series_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  layout->vlines = g_array_new (FALSE, TRUE, sizeof (CsChartVLine));
  layout->bar_rects = g_array_new (FALSE, TRUE, sizeof (CsChartBarRect));
  layout->y_factor = 1.0;
  layout->oversub_x = NAN;
  layout->marker_radius = compute_marker_radius (chart, layout->scale);

  pango = _cs_chart_pango_context_new ();
  top = place_titles (layout, pango);
  range = chart->kind == CS_CHART_OVERHEAD ? compute_bar_range (chart)
                                           : compute_series_range (chart);
  if (!cs_chart_has_data (chart) || !range.any)
    {
      place_placeholder (layout, pango, top);
      g_object_unref (pango);
      return layout;
    }
  build_legend_entries (layout, pango);
  layout_with_legend (layout, pango, &range, top);
  g_object_unref (pango);
  return layout;
}

void
cs_chart_layout_free (CsChartLayout *layout)
{
  if (layout == NULL)
    return;
  cs_chart_unref (layout->chart);
  g_array_unref (layout->labels);
  g_array_unref (layout->entries);
  g_array_unref (layout->x_ticks);
  g_array_unref (layout->y_ticks);
  g_ptr_array_unref (layout->series_lines);
  g_array_unref (layout->vlines);
  g_array_unref (layout->bar_rects);
  g_free (layout);
}

gboolean
cs_chart_layout_is_placeholder (const CsChartLayout *layout)
{
  return layout->placeholder;
}

CsChartRect
cs_chart_layout_get_plot_rect (const CsChartLayout *layout)
{
  return layout->plot;
}

CsChartRect
cs_chart_layout_get_legend_rect (const CsChartLayout *layout)
{
  return layout->legend;
}

CsChartLegendPlace
cs_chart_layout_get_legend_place (const CsChartLayout *layout)
{
  return layout->legend_place;
}

const GArray *
cs_chart_layout_get_x_ticks (const CsChartLayout *layout)
{
  return layout->x_ticks;
}

const GArray *
cs_chart_layout_get_y_ticks (const CsChartLayout *layout)
{
  return layout->y_ticks;
}

gboolean
cs_chart_layout_get_log_x (const CsChartLayout *layout)
{
  return layout->log_x;
}

const GPtrArray *
cs_chart_layout_get_series_lines (const CsChartLayout *layout, guint series)
{
  g_return_val_if_fail (series < layout->series_lines->len, NULL);
  return g_ptr_array_index (layout->series_lines, series);
}

gboolean
cs_chart_layout_hit_test (const CsChartLayout *layout, double x, double y, double max_distance,
                          guint *series, guint *point)
{
  CsChart *chart = layout->chart;
  double best = max_distance * max_distance;
  gboolean found = FALSE;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (layout->placeholder || chart->kind == CS_CHART_OVERHEAD)
    return FALSE;
  for (guint s = 0; s < chart->series->len; s++)
    {
      const CsChartSeries *cs = g_ptr_array_index (chart->series, s);
      for (guint i = 0; i < cs->points->len; i++)
        {
          const CsChartPoint *p = &g_array_index (cs->points, CsChartPoint, i);
          double dx, dy;
          if (!point_ok (p, layout->log_y))
            continue;
          dx = cs_chart_layout_map_x (layout, p->x) - x;
          dy = cs_chart_layout_map_y (layout, p->y) - y;
          if (isfinite (dx) && isfinite (dy) && dx * dx + dy * dy <= best)
            {
              best = dx * dx + dy * dy;
              found = TRUE;
              if (series != NULL)
                *series = s;
              if (point != NULL)
                *point = i;
            }
        }
    }
  return found;
}
