/* bench-chart.c: how long a big speedup chart takes to lay out and paint (goal: < 16 ms)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with `meson test -C build --benchmark bench-chart -v` or directly. Prints the median of
 * repeated renders of a 12-series × 64-point speedup chart (with 95 % error bars, topology
 * markers and a legend) at 1600×1000 onto a cairo image surface: what the widget does on
 * every frame whose size or data changed. PNG encoding is timed separately.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cs-chart.h"

#define WIDTH 1600
#define HEIGHT 1000

static CsChart *
make_big_chart (void)
{
  CsChart *chart = cs_chart_new (CS_CHART_SPEEDUP);
  CsChartTopology topo = { 32, 64, 2, 2, 2 };

  cs_chart_set_title (chart, "bench: speedup vs workers");
  cs_chart_set_subtitle (chart, "12 series × 64 points, 95 % error bars");
  cs_chart_set_topology (chart, &topo);
  for (guint s = 0; s < 12; s++)
    {
      g_autofree char *name = g_strdup_printf ("series %u", s);
      CsChartSeries *series = cs_chart_add_series (chart, name);
      double serial = 0.005 + 0.01 * s;
      for (guint n = 1; n <= 64; n++)
        {
          double y = 1.0 / (serial + (1 - serial) / n);
          CsChartPoint *p = cs_chart_series_add_point (series, n, y);
          p->err_lo = 0.95 * y;
          p->err_hi = 1.05 * y;
        }
    }
  return chart;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *values, guint n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int argc, char **argv)
{
  guint reps = argc > 1 ? (guint) atoi (argv[1]) : 31;
  g_autoptr (CsChart) chart = make_big_chart ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  g_autofree double *layout_ms = g_new0 (double, MAX (reps, 1));
  g_autofree double *total_ms = g_new0 (double, MAX (reps, 1));
  g_autofree double *png_ms = g_new0 (double, MAX (reps, 1));

  reps = MAX (reps, 1);
  /* One untimed render: fonts and glyph caches are warm in a running widget too. */
  {
    cairo_t *cr = cairo_create (surface);
    cs_chart_paint (chart, cr, WIDTH, HEIGHT, CS_CHART_THEME_LIGHT);
    cairo_destroy (cr);
  }
  for (guint i = 0; i < reps; i++)
    {
      gint64 t0 = g_get_monotonic_time (), t1, t2, t3;
      g_autoptr (CsChartLayout) layout = cs_chart_layout_new (chart, WIDTH, HEIGHT);
      cairo_t *cr;
      g_autoptr (GBytes) png = NULL;

      t1 = g_get_monotonic_time ();
      cr = cairo_create (surface);
      cs_chart_layout_paint (layout, cr, CS_CHART_THEME_LIGHT);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      t2 = g_get_monotonic_time ();
      png = cs_chart_render (chart, CS_CHART_FORMAT_PNG, WIDTH, HEIGHT, 1, 0, NULL);
      t3 = g_get_monotonic_time ();
      layout_ms[i] = (t1 - t0) / 1000.0;
      total_ms[i] = (t2 - t0) / 1000.0;
      png_ms[i] = (t3 - t2) / 1000.0;
    }
  printf ("chart render, 12 series x 64 points, %dx%d, median of %u:\n", WIDTH, HEIGHT, reps);
  printf ("  layout          %7.2f ms\n", median (layout_ms, reps));
  printf ("  layout + paint  %7.2f ms\n", median (total_ms, reps));
  printf ("  PNG export      %7.2f ms (render + encode, in memory)\n", median (png_ms, reps));
  cairo_surface_destroy (surface);
  return 0;
}
