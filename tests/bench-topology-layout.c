/* bench-topology-layout.c: how long the topology drawing takes per frame (goal: < 16 ms)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with `meson test -C build --benchmark bench-topology-layout -v` or directly. For a few
 * synthetic machines up to 256 PUs, prints the median of repeated layouts (what the widget
 * recomputes when its size changes) and paints (every frame) at 1100×650 onto a cairo image
 * surface, with per-PU load shown. The widget keeps one Pango context, so the benchmark does
 * too.
 */
#include "config.h"

#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "cs-topology-layout.h"

#define WIDTH 1100
#define HEIGHT 650

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

static void
bench (const char *description, guint reps, PangoContext *context, cairo_surface_t *surface)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) topology = cs_topology_new_synthetic (description, &error);
  g_autofree double *layout_ms = g_new0 (double, reps);
  g_autofree double *paint_ms = g_new0 (double, reps);
  double load[256];
  CsTopoPaintOptions options = { FALSE, NULL, 0, load, G_N_ELEMENTS (load) };

  if (topology == NULL)
    {
      fprintf (stderr, "bench-topology-layout: %s\n", error->message);
      exit (1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (load); i++)
    load[i] = (i % 10) / 10.0;
  for (guint i = 0; i < reps; i++)
    {
      /* A slightly different width each time, as when the user drags the window edge. */
      gint64 t0 = g_get_monotonic_time (), t1, t2;
      g_autoptr (CsTopoLayout) layout = cs_topo_layout_new (cs_topology_get_root (topology),
                                                            WIDTH - i % 7, HEIGHT, context);
      cairo_t *cr;

      t1 = g_get_monotonic_time ();
      cr = cairo_create (surface);
      cs_topo_layout_paint (layout, cr, &options);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      t2 = g_get_monotonic_time ();
      layout_ms[i] = (t1 - t0) / 1000.0;
      paint_ms[i] = (t2 - t1) / 1000.0;
    }
  printf ("  %-28s %4u PUs  layout %6.2f ms  paint %6.2f ms\n", description,
          cs_topology_get_n_pus (topology), median (layout_ms, reps), median (paint_ms, reps));
}

int
main (int argc, char **argv)
{
  guint reps = MAX (argc > 1 ? (guint) atoi (argv[1]) : 31, 1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  printf ("topology layout and paint at %dx%d, median of %u:\n", WIDTH, HEIGHT, reps);
  bench ("pack:1 core:1 pu:1", reps, context, surface);
  bench ("pack:1 core:4 pu:2", reps, context, surface);
  bench ("pack:2 numa:2 core:16 pu:2", reps, context, surface);
  bench ("pack:4 numa:2 core:16 pu:2", reps, context, surface);
  cairo_surface_destroy (surface);
  g_object_unref (context);
  return 0;
}
