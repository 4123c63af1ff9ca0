/* cs-chart-export.c: a chart as PNG, SVG, PDF or the CSV of its plotted values
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every format is rendered into memory first and then written with one atomic
 * cs_output_write(), so a failed or interrupted export never leaves half a file.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "cs-chart-private.h"
#include "cs-csv.h"
#include "cs-output.h"

#define MAX_PIXELS (16384.0 * 16384.0)

gboolean
cs_chart_format_from_path (const char *path, CsChartFormat *out)
{
  static const struct { const char *ext; CsChartFormat format; } exts[] = {
    { ".png", CS_CHART_FORMAT_PNG }, { ".svg", CS_CHART_FORMAT_SVG },
    { ".pdf", CS_CHART_FORMAT_PDF }, { ".csv", CS_CHART_FORMAT_CSV },
  };
  g_autofree char *lower = NULL;

  if (path == NULL)
    return FALSE;
  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_str_has_suffix (lower, exts[i].ext))
      {
        *out = exts[i].format;
        return TRUE;
      }
  return FALSE;
}

static cairo_status_t
append_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t status, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, CS_CHART_ERROR, CS_CHART_ERROR_RENDER, _("Could not draw the chart: %s"),
               cairo_status_to_string (status));
  return FALSE;
}

static gboolean
paint_on_surface (CsChart *chart, cairo_surface_t *surface, int width, int height,
                  double scale, CsChartTheme theme, GError **error)
{
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  cairo_scale (cr, scale, scale);
  cs_chart_paint (chart, cr, width, height, theme);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  return check_status (status, error);
}

static GBytes *
render_png (CsChart *chart, int width, int height, double scale, CsChartTheme theme,
            GError **error)
{
  int pw = (int) ceil (width * scale), ph = (int) ceil (height * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  gboolean ok = check_status (cairo_surface_status (surface), error) &&
                paint_on_surface (chart, surface, width, height, scale, theme, error);

  if (ok)
    {
      cairo_surface_flush (surface);
      ok = check_status (cairo_surface_write_to_png_stream (surface, append_to_array, bytes),
                         error);
    }
  cairo_surface_destroy (surface);
  return ok ? g_byte_array_free_to_bytes (g_steal_pointer (&bytes)) : NULL;
}

/* cairo draws text as glyph outlines in SVG: add <title> so the file says what it shows (for
 * screen readers, search, and anyone reading the file). */
static GBytes *
svg_add_title (GByteArray *svg, CsChart *chart)
{
  g_autofree char *escaped = g_markup_escape_text (chart->title != NULL ? chart->title : "", -1);
  g_autofree char *desc = g_markup_escape_text (chart->subtitle != NULL ? chart->subtitle : "",
                                                -1);
  g_autofree char *meta = g_strdup_printf ("<title>%s</title>\n<desc>%s</desc>\n", escaped,
                                           desc);
  const char *data = (const char *) svg->data;
  const char *root = g_strstr_len (data, svg->len, "<svg");
  const char *end = root != NULL ? memchr (root, '>', svg->len - (root - data)) : NULL;
  GByteArray *out;

  if (end == NULL)
    return g_byte_array_free_to_bytes (g_byte_array_ref (svg));
  end++;
  while (end < data + svg->len && (*end == '\n' || *end == '\r'))
    end++;
  out = g_byte_array_sized_new (svg->len + strlen (meta));
  g_byte_array_append (out, svg->data, end - data);
  g_byte_array_append (out, (const guint8 *) meta, strlen (meta));
  g_byte_array_append (out, (const guint8 *) end, svg->len - (end - data));
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
render_vector (CsChart *chart, CsChartFormat format, int width, int height, CsChartTheme theme,
               GError **error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  gboolean ok;

  if (format == CS_CHART_FORMAT_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (append_to_array, bytes, width, height);
      cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
    }
  else
    {
      surface = cairo_pdf_surface_create_for_stream (append_to_array, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      chart->title != NULL ? chart->title : "");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Corescope");
    }
  ok = check_status (cairo_surface_status (surface), error) &&
       paint_on_surface (chart, surface, width, height, 1.0, theme, error);
  cairo_surface_finish (surface);
  ok = ok && check_status (cairo_surface_status (surface), error);
  cairo_surface_destroy (surface);
  if (!ok)
    return NULL;
  if (format == CS_CHART_FORMAT_SVG)
    return svg_add_title (bytes, chart);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static gboolean
check_size (int width, int height, double scale, GError **error)
{
  if (width < 1 || height < 1 || width > 16384 || height > 16384 || !isfinite (scale) ||
      scale <= 0 || scale > 8 || (double) width * scale * height * scale > MAX_PIXELS)
    {
      g_set_error (error, CS_CHART_ERROR, CS_CHART_ERROR_SIZE,
                   _("Chart size %d×%d at scale %g is out of range (1–16384 pixels a side, "
                     "scale up to 8)"), width, height, scale);
      return FALSE;
    }
  return TRUE;
}

GBytes *
cs_chart_render (CsChart *chart, CsChartFormat format, int width, int height, double scale,
                 CsChartTheme theme, GError **error)
{
  g_return_val_if_fail (chart != NULL, NULL);

  if (width <= 0)
    width = CS_CHART_DEFAULT_WIDTH;
  if (height <= 0)
    height = CS_CHART_DEFAULT_HEIGHT;
  if (scale <= 0)
    scale = 1.0;
  if (!check_size (width, height, scale, error))
    return NULL;
  switch (format)
    {
    case CS_CHART_FORMAT_PNG:
      return render_png (chart, width, height, scale, theme, error);
    case CS_CHART_FORMAT_SVG:
    case CS_CHART_FORMAT_PDF:
      return render_vector (chart, format, width, height, theme, error);
    case CS_CHART_FORMAT_CSV:
      {
        char *csv = cs_chart_to_csv (chart);
        return g_bytes_new_take (csv, strlen (csv));
      }
    case CS_CHART_FORMAT_AUTO:
    default:
      g_set_error (error, CS_CHART_ERROR, CS_CHART_ERROR_FORMAT,
                   _("No chart format given (png, svg, pdf or csv)"));
      return NULL;
    }
}

/* ---- CSV ---- */

/* min and max in the value's unit: the band where the chart draws one (time), else the fastest
 * and slowest run turned into the value the way the median is (speed-up, efficiency and
 * throughput are proportional to 1 / time). */
static void
append_range (GString *out, const CsChartPoint *p)
{
  gboolean inverse = isnan (p->band_lo) && !p->failed && isfinite (p->y) && p->y > 0
                     && p->median_s > 0 && p->min_s > 0 && p->max_s > 0;

  cs_csv_append_short (out, inverse ? p->y * p->median_s / p->max_s : p->band_lo);
  cs_csv_append_short (out, inverse ? p->y * p->median_s / p->min_s : p->band_hi);
}

/* per_core: x is workers per physical core, in its own column after the workers. */
static void
append_point_row (GString *out, const CsChartSeries *series, const CsChartPoint *p,
                  gboolean per_core)
{
  cs_csv_append_text (out, series->name, TRUE);
  cs_csv_append_short (out, p->workers);
  if (per_core)
    cs_csv_append_short (out, p->x);
  cs_csv_append_short (out, p->failed ? NAN : p->y);
  cs_csv_append_short (out, p->err_lo);
  cs_csv_append_short (out, p->err_hi);
  append_range (out, p);
  cs_csv_append_short (out, p->median_s);
  cs_csv_append_short (out, p->ci_lo_s);
  cs_csv_append_short (out, p->ci_hi_s);
  cs_csv_append_short (out, p->speedup);
  cs_csv_append_short (out, p->efficiency);
  /* status says whether the point was measured; flags what to know about it. */
  g_string_append (out, p->failed ? ",failed" : ",ok");
  g_string_append (out, p->oversubscribed ? ",oversubscribed" : ",");
  g_string_append_c (out, '\n');
}

static void
append_bars (GString *out, CsChart *chart)
{
  static const char *default_columns[] = { "startup_s", "dispatch_s", "compute_s" };

  g_string_append (out, "group,workers");
  for (guint s = 0; s < chart->n_segments; s++)
    {
      /* The default columns keep fixed names whatever the language of the labels. */
      g_autofree char *name = g_ascii_strdown (_cs_chart_segment_name (chart, s), -1);
      g_string_append_c (out, ',');
      if (chart->default_segments && s < G_N_ELEMENTS (default_columns))
        {
          g_string_append (out, default_columns[s]);
          continue;
        }
      g_strdelimit (name, " ,\"", '_');
      g_string_append_printf (out, "%s_s", name);
    }
  g_string_append_c (out, '\n');
  for (guint i = 0; i < chart->bars->len; i++)
    {
      const CsChartBar *bar = &g_array_index (chart->bars, CsChartBar, i);
      cs_csv_append_text (out, bar->group, TRUE);
      cs_csv_append_text (out, bar->label, FALSE);
      for (guint s = 0; s < chart->n_segments; s++)
        cs_csv_append_short (out, bar->values[s]);
      g_string_append_c (out, '\n');
    }
}

char *
cs_chart_to_csv (CsChart *chart)
{
  GString *out = g_string_new (NULL);
  gboolean per_core;

  g_return_val_if_fail (chart != NULL, NULL);

  if (chart->kind == CS_CHART_OVERHEAD)
    {
      append_bars (out, chart);
      return g_string_free (out, FALSE);
    }
  per_core = chart->x_scale == CS_CHART_X_PER_CORE;
  g_string_append (out, per_core ? "series,workers,per_core," : "series,workers,");
  g_string_append (out, "value,low,high,min,max,median_s,ci_low_s,ci_high_s,speedup,efficiency,"
                   "status,flags\n");
  for (guint s = 0; s < chart->series->len; s++)
    {
      const CsChartSeries *series = g_ptr_array_index (chart->series, s);
      for (guint i = 0; i < series->points->len; i++)
        append_point_row (out, series, &g_array_index (series->points, CsChartPoint, i),
                          per_core);
    }
  return g_string_free (out, FALSE);
}

gboolean
cs_chart_export (CsChart *chart, const char *path, CsChartFormat format, int width, int height,
                 double scale, CsChartTheme theme, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) local = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (format == CS_CHART_FORMAT_AUTO && !cs_chart_format_from_path (path, &format))
    {
      g_set_error (error, CS_CHART_ERROR, CS_CHART_ERROR_FORMAT,
                   _("%s: unknown chart format (use a .png, .svg, .pdf or .csv name)"), path);
      return FALSE;
    }
  bytes = cs_chart_render (chart, format, width, height, scale, theme, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  if (!cs_output_write (path, data, length, &local))
    {
      g_set_error (error, CS_CHART_ERROR, CS_CHART_ERROR_IO, _("%s: could not write the chart: %s"),
                   path, local->message);
      return FALSE;
    }
  return TRUE;
}
