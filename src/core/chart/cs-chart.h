/* cs-chart.h: a chart of scaling data, its layout and its drawing onto any cairo_t
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_CHART_ERROR (cs_chart_error_quark ())

typedef enum {
  CS_CHART_ERROR_FORMAT, /* unknown export format or file extension */
  CS_CHART_ERROR_SIZE,   /* width, height or scale out of range */
  CS_CHART_ERROR_RENDER, /* cairo reported an error while drawing */
  CS_CHART_ERROR_IO      /* the file could not be written */
} CsChartError;

typedef enum {
  CS_CHART_SPEEDUP,    /* default: speedup vs workers, ideal diagonal, CI error bars */
  CS_CHART_EFFICIENCY, /* parallel efficiency (%) vs workers, ideal at 100 % */
  CS_CHART_TIME,       /* median wall time vs workers, min–max band */
  CS_CHART_THROUGHPUT, /* preset units per second vs workers */
  CS_CHART_OVERHEAD,   /* stacked bars: start-up / dispatch / compute per mode */
  CS_CHART_MEMORY,     /* what a run's workers hold together (MiB) vs workers, min–max band */
  CS_N_CHART_KINDS
} CsChartKind;

/* What the x axis counts. Per core divides each result's worker counts by its machine's
 * physical cores, so machines of different sizes line up (1 = every core busy); ticks are then
 * percentages. For comparisons across a fleet. */
typedef enum {
  CS_CHART_X_WORKERS,
  CS_CHART_X_PER_CORE
} CsChartXScale;

typedef enum {
  CS_CHART_THEME_LIGHT,
  CS_CHART_THEME_DARK
} CsChartTheme;

typedef enum {
  CS_CHART_FORMAT_AUTO, /* from the file name's extension */
  CS_CHART_FORMAT_PNG,
  CS_CHART_FORMAT_SVG,
  CS_CHART_FORMAT_PDF,
  CS_CHART_FORMAT_CSV   /* the plotted values, not a picture */
} CsChartFormat;

typedef enum {
  CS_CHART_MARKER_CIRCLE,
  CS_CHART_MARKER_SQUARE,
  CS_CHART_MARKER_TRIANGLE,
  CS_CHART_MARKER_DIAMOND,
  CS_CHART_MARKER_TRIANGLE_DOWN,
  CS_CHART_MARKER_CROSS,
  CS_CHART_MARKER_PLUS,
  CS_CHART_MARKER_STAR,
  CS_CHART_N_MARKERS
} CsChartMarker;

#define CS_CHART_N_COLOURS 8      /* Okabe–Ito */
#define CS_CHART_MAX_SEGMENTS 4   /* stacked bar segments */
#define CS_CHART_DEFAULT_WIDTH 1600
#define CS_CHART_DEFAULT_HEIGHT 1000

/* One plotted point. Values that are not finite (NaN, ±inf) are never drawn; y <= 0 is not
 * drawn on a log axis. err_lo/err_hi draw an error bar (the CI), band_lo/band_hi a shaded band
 * (min–max); NaN = none. The stats fields are only written to CSV (NaN = unknown). */
typedef struct
{
  double   x;              /* workers, or workers per physical core (CS_CHART_X_PER_CORE) */
  double   y;
  double   workers;        /* the worker count (= x unless per core), for tooltips and CSV */
  double   err_lo, err_hi;
  double   band_lo, band_hi;
  gboolean failed;         /* no successful run: leaves a gap in the line */
  gboolean oversubscribed; /* more workers than PUs: drawn hollow */
  double   median_s, ci_lo_s, ci_hi_s, speedup, efficiency;
  double   min_s, max_s;   /* the fastest and slowest run: the CSV's min and max */
} CsChartPoint;

/* A fitted model's curve, sampled: drawn dashed in its series' colour. */
typedef struct
{
  char   *label;           /* "thread: Amdahl, s = 0.031" */
  GArray *xs, *ys;         /* double */
} CsChartCurve;

typedef struct
{
  char          *name;
  guint          colour;   /* palette index, modulo CS_CHART_N_COLOURS */
  CsChartMarker  marker;
  guint          result;   /* charts from results: the index of the result it comes from */
  GArray        *points;   /* CsChartPoint, in increasing x */
  GPtrArray     *curves;   /* CsChartCurve* */
} CsChartSeries;

/* One stacked bar (overhead kind). Consecutive bars with the same group are drawn together. */
typedef struct
{
  char   *group;           /* "thread" */
  char   *label;           /* "4" (workers) */
  double  values[CS_CHART_MAX_SEGMENTS]; /* seconds; NaN or < 0 count as 0 */
} CsChartBar;

/* Where the hardware changes, from the result's machine: 0 = unknown. With n_nodes > 1 (an
 * mpi sweep across hosts) the counts are every node's together, and the node boundaries
 * replace the package, NUMA and physical-core markers, which describe one machine. */
typedef struct
{
  guint n_cores;
  guint n_pus;
  guint smt_width;
  guint n_packages;
  guint n_numa_nodes;
  guint n_nodes;
} CsChartTopology;

/* Where the next host's ranks begin: up to `workers` workers ran on the nodes before it. */
typedef struct
{
  guint  workers;
  char  *label;            /* "node 1 | node 2" */
} CsChartNodeBoundary;

typedef struct _CsChart CsChart;

GQuark          cs_chart_error_quark (void);

CsChart        *cs_chart_new (CsChartKind kind);
CsChart        *cs_chart_ref (CsChart *chart);
void            cs_chart_unref (CsChart *chart);

CsChartKind     cs_chart_get_kind (CsChart *chart);
void            cs_chart_set_title (CsChart *chart, const char *title);
const char     *cs_chart_get_title (CsChart *chart);
void            cs_chart_set_subtitle (CsChart *chart, const char *subtitle);
const char     *cs_chart_get_subtitle (CsChart *chart);
/* One line drawn under the subtitle: the verdict's headline on a chart of one result. */
void            cs_chart_set_annotation (CsChart *chart, const char *annotation);
const char     *cs_chart_get_annotation (CsChart *chart);
/* Axis titles carry their unit: "Workers", "Speedup (×)", "Time per run (s)". The defaults come
 * from the kind. For the time kind the unit is chosen from the data (s, ms, µs) and "%s" in the
 * y title is replaced by it. */
void            cs_chart_set_x_title (CsChart *chart, const char *title);
void            cs_chart_set_y_title (CsChart *chart, const char *title);
const char     *cs_chart_get_x_title (CsChart *chart);
const char     *cs_chart_get_y_title (CsChart *chart);
/* Also sets the x title to the scale's default. */
void            cs_chart_set_x_scale (CsChart *chart, CsChartXScale scale);
CsChartXScale   cs_chart_get_x_scale (CsChart *chart);
void            cs_chart_set_log_y (CsChart *chart, gboolean log_y);
/* Keeps the legend out of the plot's bottom corners (top corners, else beside the plot): the
 * window's toasts cover the bottom of the chart. The chart's exports follow it too. */
void            cs_chart_set_legend_on_top (CsChart *chart, gboolean on_top);
gboolean        cs_chart_get_log_y (CsChart *chart);
/* The ideal line y = slope * x + intercept (speedup: 1, 0; efficiency: 0, 100). */
void            cs_chart_set_ideal (CsChart *chart, gboolean show, double slope, double intercept);
void            cs_chart_set_topology (CsChart *chart, const CsChartTopology *topology);
const CsChartTopology *cs_chart_get_topology (CsChart *chart);
void            cs_chart_add_node_boundary (CsChart *chart, guint workers, const char *label);
guint           cs_chart_get_n_node_boundaries (CsChart *chart);
const CsChartNodeBoundary *cs_chart_get_node_boundary (CsChart *chart, guint index);
/* Shown instead of the plot when there is nothing to draw (default "No data to plot"). */
void            cs_chart_set_placeholder (CsChart *chart, const char *text);
const char     *cs_chart_get_placeholder (CsChart *chart); /* NULL: the default */

/* The series is owned by the chart; colour and marker default to the series' index. */
CsChartSeries  *cs_chart_add_series (CsChart *chart, const char *name);
guint           cs_chart_get_n_series (CsChart *chart);
/* Gives series the colour and marker of the index-th series (what cs_chart_add_series does),
 * e.g. to keep a series' look when others before it are left out. */
void            cs_chart_series_set_style_index (CsChartSeries *series, guint index);
CsChartSeries  *cs_chart_get_series (CsChart *chart, guint index);
/* Appends a point; keep x increasing. Returns it so that optional fields can be set. */
CsChartPoint   *cs_chart_series_add_point (CsChartSeries *series, double x, double y);
CsChartCurve   *cs_chart_series_add_curve (CsChartSeries *series, const char *label);
void            cs_chart_curve_add_sample (CsChartCurve *curve, double x, double y);

/* Overhead kind: names of the stacked segments ("Start-up", "Dispatch", "Compute"). */
void            cs_chart_set_segment_names (CsChart *chart, const char *const *names);
CsChartBar     *cs_chart_add_bar (CsChart *chart, const char *group, const char *label,
                                  const double *values, guint n_values);
guint           cs_chart_get_n_bars (CsChart *chart);

/* TRUE when something can be plotted (else the placeholder is drawn). */
gboolean        cs_chart_has_data (CsChart *chart);

/* Colours and markers, so that widgets and tests agree with the drawing. Components 0..1. */
void            cs_chart_palette_colour (CsChartTheme theme, guint index, double rgb[3]);
void            cs_chart_theme_colour_ideal (CsChartTheme theme, double rgb[3]);
void            cs_chart_theme_colour_background (CsChartTheme theme, double rgb[3]);

/* ---- Layout: pure geometry, computed from the data and the size, cached by the caller. ---- */

typedef struct
{
  double x, y, width, height;
} CsChartRect;

typedef struct
{
  double value;
  double pos;      /* device x (x axis) or y (y axis) */
  char  *label;
} CsChartTick;

typedef struct _CsChartLayout CsChartLayout;

typedef enum {
  CS_CHART_LEGEND_NONE,
  CS_CHART_LEGEND_TOP_LEFT,
  CS_CHART_LEGEND_TOP_RIGHT,
  CS_CHART_LEGEND_BOTTOM_LEFT,
  CS_CHART_LEGEND_BOTTOM_RIGHT,
  CS_CHART_LEGEND_OUTSIDE_RIGHT,
  CS_CHART_LEGEND_OUTSIDE_BOTTOM
} CsChartLegendPlace;

/* width and height in device units (pixels at scale 1, points for PDF). Text and strokes grow
 * with the size (a 1600×1000 export reads like a 2× rendering of 800×500). */
CsChartLayout  *cs_chart_layout_new (CsChart *chart, double width, double height);
/* The same with a fixed text scale (1 = the sizes in points as given, what a widget wants
 * next to the desktop's fonts); text_scale <= 0 chooses it from the size. */
CsChartLayout  *cs_chart_layout_new_full (CsChart *chart, double width, double height,
                                          double text_scale);
void            cs_chart_layout_free (CsChartLayout *layout);
gboolean        cs_chart_layout_is_placeholder (const CsChartLayout *layout);
CsChartRect     cs_chart_layout_get_plot_rect (const CsChartLayout *layout);
CsChartRect     cs_chart_layout_get_legend_rect (const CsChartLayout *layout);
CsChartLegendPlace cs_chart_layout_get_legend_place (const CsChartLayout *layout);
const GArray   *cs_chart_layout_get_x_ticks (const CsChartLayout *layout); /* CsChartTick */
const GArray   *cs_chart_layout_get_y_ticks (const CsChartLayout *layout);
gboolean        cs_chart_layout_get_log_x (const CsChartLayout *layout);
/* Maps data to device coordinates (with the axes' scales; log axes take log). */
double          cs_chart_layout_map_x (const CsChartLayout *layout, double x);
double          cs_chart_layout_map_y (const CsChartLayout *layout, double y);
/* The polylines drawn for a series: a GPtrArray of GArray of double pairs (x, y device);
 * a failed point ends one polyline and the next starts after it. */
const GPtrArray *cs_chart_layout_get_series_lines (const CsChartLayout *layout, guint series);

/* The drawn point nearest to (x, y), within max_distance device units: TRUE with its series and
 * point indexes (tooltips). Failed points and points that are not drawn are never hit. */
gboolean        cs_chart_layout_hit_test (const CsChartLayout *layout, double x, double y,
                                          double max_distance, guint *series, guint *point);

/* Paints the layout (computed for the same chart) onto cr, from (0, 0). */
void            cs_chart_layout_paint (const CsChartLayout *layout, cairo_t *cr,
                                       CsChartTheme theme);
/* Layout + paint in one call. */
void            cs_chart_paint (CsChart *chart, cairo_t *cr, double width, double height,
                                CsChartTheme theme);

/* ---- Exports (cs-chart-export.c) ---- */

/* From an extension: ".png", ".svg", ".pdf", ".csv" (case-insensitive). */
gboolean        cs_chart_format_from_path (const char *path, CsChartFormat *out);
const char     *cs_chart_kind_to_string (CsChartKind kind);
gboolean        cs_chart_kind_from_string (const char *str, CsChartKind *out);
gboolean        cs_chart_theme_from_string (const char *str, CsChartTheme *out);

/* Renders into memory: PNG at (width × scale) × (height × scale) pixels, SVG/PDF at width ×
 * height points. */
GBytes         *cs_chart_render (CsChart *chart, CsChartFormat format, int width, int height,
                                 double scale, CsChartTheme theme, GError **error);
/* The plotted values, one row per point: series, workers, per_core (only for a per-core x
 * axis: workers per physical core), value (what is plotted: speedup,
 * efficiency %, time s or throughput), low, high (error bar), min, max (band), median_s,
 * ci_low_s, ci_high_s, speedup, efficiency, status; empty = not available. Numbers are
 * locale-independent. The overhead kind has group, workers and one column per segment. */
char           *cs_chart_to_csv (CsChart *chart);
/* Writes atomically (special files such as a FIFO are written in place). format AUTO takes it
 * from path; width/height <= 0 take the defaults (1600 × 1000), scale <= 0 takes 1. */
gboolean        cs_chart_export (CsChart *chart, const char *path, CsChartFormat format,
                                 int width, int height, double scale, CsChartTheme theme,
                                 GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsChart, cs_chart_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsChartLayout, cs_chart_layout_free)

G_END_DECLS
