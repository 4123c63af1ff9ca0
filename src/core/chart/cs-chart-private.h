/* cs-chart-private.h: what the chart model, its layout, its painter and its exports share
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "cs-chart.h"

G_BEGIN_DECLS

struct _CsChart
{
  CsChartKind      kind;
  char            *title;
  char            *subtitle;
  char            *annotation;    /* the verdict's headline, under the subtitle */
  char            *x_title;
  char            *y_title;
  char            *placeholder;
  gboolean         log_y;
  gboolean         legend_on_top;  /* never in the plot's bottom corners */
  CsChartXScale    x_scale;
  gboolean         show_ideal;
  double           ideal_slope, ideal_intercept;
  CsChartTopology  topology;
  GArray          *node_boundaries; /* CsChartNodeBoundary, in increasing workers */
  GPtrArray       *series;        /* CsChartSeries* */
  char            *segment_names[CS_CHART_MAX_SEGMENTS];
  gboolean         default_segments; /* start-up, dispatch, compute: fixed CSV columns */
  guint            n_segments;
  GArray          *bars;          /* CsChartBar */
};

/* The text styles of a chart; sizes in points, multiplied by the layout's scale. */
typedef enum {
  CS_CHART_FONT_TITLE,
  CS_CHART_FONT_SUBTITLE,
  CS_CHART_FONT_AXIS_TITLE,
  CS_CHART_FONT_TICK,
  CS_CHART_FONT_LEGEND,
  CS_CHART_FONT_NOTE,
  CS_CHART_FONT_PLACEHOLDER,
  CS_CHART_N_FONTS
} CsChartFont;

typedef enum {
  CS_CHART_INK_TEXT,
  CS_CHART_INK_MUTED,
  CS_CHART_INK_SERIES   /* colour = palette index */
} CsChartInk;

/* A piece of text placed by the layout: (x, y) is the top-left of its logical rectangle, or of
 * the rotated rectangle for the y axis title (rotated by -90°, (x, y) is then its bottom-left). */
typedef struct
{
  char        *text;
  CsChartFont  font;
  CsChartInk   ink;
  double       x, y, width, height;
  gboolean     vertical;
  gboolean     boxed;   /* drawn over a background-coloured box (marker labels) */
  double       wrap;    /* > 0: wrapped at this width (titles), as measured */
} CsChartLabel;

typedef enum {
  CS_CHART_ENTRY_SERIES,   /* index = series */
  CS_CHART_ENTRY_CURVE,    /* index = series, sub = curve */
  CS_CHART_ENTRY_IDEAL,
  CS_CHART_ENTRY_OVERSUBSCRIBED,
  CS_CHART_ENTRY_BAND,
  CS_CHART_ENTRY_SEGMENT   /* index = segment */
} CsChartEntryKind;

typedef struct
{
  CsChartEntryKind kind;
  guint            index, sub;
  double           x, y;       /* top-left of the entry's row */
  CsChartLabel     label;
} CsChartLegendEntry;

typedef struct
{
  double x;                    /* device */
  double value;                /* workers */
} CsChartVLine;

typedef struct
{
  CsChartRect rect;
  guint       segment;
} CsChartBarRect;

struct _CsChartLayout
{
  CsChart            *chart;
  double              width, height;
  double              scale;          /* fonts and strokes grow with the chart's size */
  gboolean            placeholder;
  GArray             *labels;         /* CsChartLabel: titles, axes, ticks, markers */
  CsChartRect         plot;
  gboolean            log_x, log_y;
  double              x_lo, x_hi;     /* axis limits, in log2 units when log_x */
  double              y_lo, y_hi;     /* in display units (log10 when log_y) */
  double              y_factor;       /* data → display units (time: s → ms...) */
  GArray             *x_ticks, *y_ticks;
  GPtrArray          *series_lines;   /* per series: GPtrArray of GArray of double pairs */
  double              marker_radius;
  GArray             *vlines;         /* CsChartVLine: topology markers */
  double              oversub_x;      /* device x where oversubscription starts; NaN = none */
  CsChartLegendPlace  legend_place;
  CsChartRect         legend;
  GArray             *entries;        /* CsChartLegendEntry */
  double              entry_swatch_w, entry_row_h;
  GArray             *bar_rects;      /* CsChartBarRect (overhead kind) */
  double              bar_width;
};

/* Colours of a theme. */
typedef enum {
  CS_CHART_THEME_BG,
  CS_CHART_THEME_FG,
  CS_CHART_THEME_MUTED,
  CS_CHART_THEME_GRID,
  CS_CHART_THEME_AXIS,
  CS_CHART_THEME_IDEAL,
  CS_CHART_THEME_SHADE,
  CS_CHART_THEME_LEGEND_BG,
  CS_CHART_N_THEME_COLOURS
} CsChartThemeColour;

void          _cs_chart_theme_colour (CsChartTheme theme, CsChartThemeColour which, double rgb[3]);
guint         _cs_chart_segment_colour (guint segment);
double        _cs_chart_font_points (CsChartFont font);
/* A Pango context with fixed font options (no hinting), so measuring and painting agree on
 * every surface and the output is the same whatever the target. */
PangoContext *_cs_chart_pango_context_new (void);
PangoLayout  *_cs_chart_text_layout (PangoContext *context, CsChartFont font, double scale,
                                     const char *text);
gboolean      _cs_chart_value_ok (double v);
const char   *_cs_chart_segment_name (CsChart *chart, guint segment);

G_END_DECLS
