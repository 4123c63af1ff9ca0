/* cs-chart-data.c: turns sweep results into charts: statistics, fitted models, topology
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-chart"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cs-backend.h"
#include "cs-chart-data.h"
#include "cs-fit.h"
#include "cs-headline.h"
#include "cs-node-layout.h"
#include "cs-stats.h"

/* Overhead bars per mode: beyond this, worker counts are thinned evenly. */
#define MAX_BARS_PER_GROUP 8
/* Fitted curves continue this far past the largest measured worker count. */
#define FIT_EXTENSION 1.25
#define FIT_SAMPLES 96

gboolean
cs_chart_fits_from_string (const char *str, CsChartFits *out)
{
  g_auto (GStrv) names = NULL;
  CsChartFits fits = CS_CHART_FIT_NONE;

  if (str == NULL || *str == '\0' || g_str_equal (str, "none"))
    {
      *out = CS_CHART_FIT_NONE;
      return TRUE;
    }
  names = g_strsplit (str, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (g_str_equal (names[i], "amdahl"))
        fits |= CS_CHART_FIT_AMDAHL;
      else if (g_str_equal (names[i], "usl"))
        fits |= CS_CHART_FIT_USL;
      else
        return FALSE;
    }
  *out = fits;
  return TRUE;
}

/* The legend names a series by its backend's label ("Python processes"). */
static const char *
mode_title (CsMode mode)
{
  const CsBackend *backend = cs_backend_for_mode (mode);

  return backend != NULL ? _(backend->label) : "?";
}

static const char *
kind_title (CsChartKind kind)
{
  switch (kind)
    {
    case CS_CHART_SPEEDUP:
      return _("speedup vs workers");
    case CS_CHART_EFFICIENCY:
      return _("parallel efficiency vs workers");
    case CS_CHART_TIME:
      return _("time per run vs workers");
    case CS_CHART_THROUGHPUT:
      return _("throughput vs workers");
    case CS_CHART_MEMORY:
      return _("memory vs workers");
    case CS_CHART_OVERHEAD:
    case CS_N_CHART_KINDS:
    default:
      return _("start-up, dispatch and compute per run");
    }
}

static const char *
per_core_kind_title (CsChartKind kind)
{
  switch (kind)
    {
    case CS_CHART_SPEEDUP:
      return _("speedup per share of each machine's cores");
    case CS_CHART_EFFICIENCY:
      return _("parallel efficiency per share of each machine's cores");
    case CS_CHART_TIME:
      return _("time per run per share of each machine's cores");
    case CS_CHART_THROUGHPUT:
      return _("throughput per share of each machine's cores");
    case CS_CHART_MEMORY:
      return _("memory per share of each machine's cores");
    case CS_CHART_OVERHEAD:
    case CS_N_CHART_KINDS:
    default:
      return kind_title (kind);
    }
}

/* What tells results apart in series names: the label, else the host, else the position. */
static char *
result_name (GPtrArray *results, guint index)
{
  const CsResult *r = g_ptr_array_index (results, index);

  if (r->label != NULL && *r->label != '\0')
    return g_strdup (r->label);
  for (guint i = 0; i < results->len; i++)
    {
      const CsResult *o = g_ptr_array_index (results, i);
      if (i != index && o->machine != NULL && r->machine != NULL &&
          g_strcmp0 (o->machine->hostname, r->machine->hostname) == 0)
        return g_strdup_printf (_("result %u"), index + 1);
    }
  if (r->machine != NULL && r->machine->hostname != NULL)
    return g_strdup (r->machine->hostname);
  return g_strdup_printf (_("result %u"), index + 1);
}

static char *
series_name (GPtrArray *results, guint index, CsMode mode)
{
  g_autofree char *name = NULL;

  if (results->len == 1)
    return g_strdup (mode_title (mode));
  name = result_name (results, index);
  return g_strdup_printf ("%s · %s", mode_title (mode), name);
}

/* ---- Titles ---- */

static char *
make_title (GPtrArray *results, CsChartKind kind, CsChartXScale x_scale)
{
  g_autoptr (GString) presets = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      const CsResult *r = g_ptr_array_index (results, i);
      const char *preset = r->config != NULL && r->config->preset != NULL ? r->config->preset
                                                                            : "?";
      if (strstr (presets->str, preset) == NULL)
        g_string_append_printf (presets, "%s%s", presets->len > 0 ? ", " : "", preset);
    }
  return g_strdup_printf ("%s: %s", presets->str, x_scale == CS_CHART_X_PER_CORE
                                                   ? per_core_kind_title (kind)
                                                   : kind_title (kind));
}

static char *
machine_summary (const CsMachine *m)
{
  if (m == NULL)
    return g_strdup (_("unknown machine"));
  if (m->n_cores > 0 && m->n_pus > 0 && m->cpu_model != NULL && *m->cpu_model != '\0')
    return g_strdup_printf (_("%s: %s, %u cores, %u hardware threads"),
                            m->hostname != NULL ? m->hostname : "?", m->cpu_model, m->n_cores,
                            m->n_pus);
  if (m->n_cores > 0 && m->n_pus > 0)
    return g_strdup_printf (_("%s: %u cores, %u hardware threads"),
                            m->hostname != NULL ? m->hostname : "?", m->n_cores, m->n_pus);
  return g_strdup (m->hostname != NULL ? m->hostname : "?");
}

/* The parameters as NAME=VALUE, leaving out those left empty (the module of a function given
 * by its file, no arguments list): they say nothing. */
static void
append_params (GString *out, const CsSweepConfig *config)
{
  gsize start = out->len;

  for (guint i = 0; config->params != NULL && config->params[i] != NULL; i++)
    if (!g_str_has_suffix (config->params[i], "="))
      g_string_append_printf (out, "%s%s", out->len > start ? " " : "", config->params[i]);
  if (out->len > start)
    g_string_append (out, " · ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u run per point",
                                            "%u runs per point", config->reps), config->reps);
  g_string_append_printf (out, ", %s", config->scaling == CS_SCALING_WEAK ? _("weak scaling")
                                                                          : _("strong scaling"));
}

/* How points and bars are drawn; n_runs: the fewest runs per point, which sets what the
 * intervals can claim (cs_stats_ci_label ()). */
static char *
kind_note (CsChartKind kind, guint n_runs)
{
  g_autofree char *ci = cs_stats_ci_label (n_runs);

  switch (kind)
    {
    case CS_CHART_SPEEDUP:
    case CS_CHART_EFFICIENCY:
      return g_strdup_printf (_("points: medians, bars: %s (bootstrap)"), ci);
    case CS_CHART_TIME:
      return g_strdup_printf (_("points: medians, bars: %s of the median"), ci);
    case CS_CHART_THROUGHPUT:
      return g_strdup_printf (_("points: medians, bars: %s of the median time"), ci);
    case CS_CHART_MEMORY:
      return g_strdup (_("points: medians, bands: least–most of the runs"));
    case CS_CHART_OVERHEAD:
    case CS_N_CHART_KINDS:
    default:
      return g_strdup (_("medians per run"));
    }
}

static guint
fewest_reps (GPtrArray *results)
{
  guint n = G_MAXUINT;

  for (guint i = 0; i < results->len; i++)
    {
      const CsResult *r = g_ptr_array_index (results, i);
      if (r->config != NULL && r->config->reps > 0)
        n = MIN (n, r->config->reps);
    }
  return n == G_MAXUINT ? 0 : n;
}

static char *
make_subtitle (GPtrArray *results, CsChartKind kind)
{
  const CsResult *first = g_ptr_array_index (results, 0);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *note = kind_note (kind, fewest_reps (results));

  if (results->len == 1)
    {
      g_autofree char *machine = machine_summary (first->machine);
      if (first->config != NULL)
        append_params (out, first->config);
      /* Two lines: what was run, then how it is drawn and where it ran. */
      g_string_append_printf (out, "\n%s · %s", machine, note);
    }
  else
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u result compared · %s",
                                              "%u results compared · %s", results->len),
                            results->len, note);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Points ---- */

static void
fill_point (CsChartPoint *pt, const CsPointStats *ps, CsChartKind kind)
{
  pt->median_s = ps->median_s;
  pt->min_s = ps->min_s;
  pt->max_s = ps->max_s;
  pt->ci_lo_s = ps->median_ci_low_s;
  pt->ci_hi_s = ps->median_ci_high_s;
  pt->speedup = ps->speedup;
  pt->efficiency = ps->efficiency;
  switch (kind)
    {
    case CS_CHART_SPEEDUP:
      pt->err_lo = ps->speedup_ci_low;
      pt->err_hi = ps->speedup_ci_high;
      break;
    case CS_CHART_EFFICIENCY:
      pt->err_lo = 100.0 * ps->speedup_ci_low / ps->workers;
      pt->err_hi = 100.0 * ps->speedup_ci_high / ps->workers;
      break;
    case CS_CHART_TIME:
      pt->err_lo = ps->median_ci_low_s;
      pt->err_hi = ps->median_ci_high_s;
      pt->band_lo = ps->min_s;
      pt->band_hi = ps->max_s;
      break;
    case CS_CHART_THROUGHPUT:
      /* Work per run is fixed, so throughput ∝ 1/time: the time's interval, inverted. */
      pt->err_lo = pt->y * ps->median_s / ps->median_ci_high_s;
      pt->err_hi = pt->y * ps->median_s / ps->median_ci_low_s;
      break;
    case CS_CHART_MEMORY:
      pt->band_lo = ps->mem_total_min_kb / 1024.0;
      pt->band_hi = ps->mem_total_max_kb / 1024.0;
      break;
    case CS_CHART_OVERHEAD:
    case CS_N_CHART_KINDS:
    default:
      break;
    }
}

static double
point_value (const CsPointStats *ps, CsChartKind kind, gboolean units)
{
  switch (kind)
    {
    case CS_CHART_SPEEDUP:
      return ps->speedup;
    case CS_CHART_EFFICIENCY:
      return 100.0 * ps->efficiency;
    case CS_CHART_TIME:
      return ps->median_s;
    case CS_CHART_THROUGHPUT:
      return units ? ps->unit_throughput : ps->throughput;
    case CS_CHART_MEMORY:
      return ps->mem_total_kb / 1024.0;
    case CS_CHART_OVERHEAD:
    case CS_N_CHART_KINDS:
    default:
      return NAN;
    }
}

/* R² is 1 − SSres/SStot: below 0 the model predicts the speed-ups worse than a flat line at
 * their mean, so its curve would draw a shape the data do not have. Such a fit is not drawn;
 * its legend entry keeps the reason. (Between 0 and the analysis's 0.9, used for predictions
 * beyond the data, the curve still shows the trend the data have.) */
#define FIT_MIN_DRAWN_R2 0.0

/* One fitted model's curve: its samples, or only a label saying why it is not drawn.
 * x_div: what worker counts are divided by on the x axis (1, or the machine's cores). */
static void
add_fit_curve (CsChartSeries *series, const char *label, const char *model, double r2,
               double max_n, double x_div, double (*predict) (const void *, double),
               const void *fit)
{
  CsChartCurve *curve;

  if (!(r2 >= FIT_MIN_DRAWN_R2))
    {
      g_autofree char *why = g_strdup_printf (_("%s: no fit (R² %.2f)"), model, r2);
      cs_chart_series_add_curve (series, why);
      return;
    }
  curve = cs_chart_series_add_curve (series, label);
  for (guint i = 0; i <= FIT_SAMPLES; i++)
    {
      double x = exp (log (max_n * FIT_EXTENSION) * i / FIT_SAMPLES);
      cs_chart_curve_add_sample (curve, x / x_div, predict (fit, x));
    }
}

static double
predict_amdahl (const void *fit, double n)
{
  return cs_amdahl_predict (fit, n);
}

static double
predict_usl (const void *fit, double n)
{
  return cs_usl_predict (fit, n);
}

static void
add_fit_curves (CsChartSeries *series, const char *name, const CsPointStats *const *points,
                guint n, CsChartFits fits, double x_div)
{
  CsSeriesFit fit = { 0 };
  g_autoptr (GError) error = NULL;
  double max_n = 1;

  if (!cs_fit_series (points, n, &fit, &error))
    {
      g_debug ("%s: no fit: %s", name, error->message);
      return;
    }
  for (guint i = 0; i < n; i++)
    max_n = MAX (max_n, points[i]->workers);
  if ((fits & CS_CHART_FIT_AMDAHL) && fit.has_amdahl)
    {
      g_autofree char *label = g_strdup_printf (_("%s: Amdahl, serial fraction %.3f (R² %.2f)"),
                                                name, fit.amdahl.s, fit.amdahl.r2);
      g_autofree char *model = g_strdup_printf (_("%s: Amdahl"), name);
      add_fit_curve (series, label, model, fit.amdahl.r2, max_n, x_div, predict_amdahl,
                     &fit.amdahl);
    }
  if ((fits & CS_CHART_FIT_USL) && fit.has_usl)
    {
      g_autofree char *label = g_strdup_printf (_("%s: USL, α %.3f, β %.4f (R² %.2f)"), name,
                                                fit.usl.alpha, fit.usl.beta, fit.usl.r2);
      g_autofree char *model = g_strdup_printf (_("%s: USL"), name);
      add_fit_curve (series, label, model, fit.usl.r2, max_n, x_div, predict_usl, &fit.usl);
    }
}

/* The physical cores per-core x divides by; hardware threads when the cores are unknown (an
 * older result), 0 when neither is known. */
static guint
cores_of (const CsResult *r)
{
  if (r->machine == NULL)
    return 0;
  return r->machine->n_cores > 0 ? r->machine->n_cores : r->machine->n_pus;
}

static double
x_divisor (CsChart *chart, const CsResult *r)
{
  return cs_chart_get_x_scale (chart) == CS_CHART_X_PER_CORE ? cores_of (r) : 1.0;
}

/* The PUs a mode's workers had: a multi-host mode across hosts had every node's. */
static guint
pus_of_mode (const CsResult *r, CsMode mode, const CsNodeLayout *nodes)
{
  if (nodes != NULL && nodes->mode == mode)
    return nodes->n_pus;
  return r->machine != NULL ? r->machine->n_pus : 0;
}

static void
add_mode_series (CsChart *chart, GPtrArray *results, guint ri, const CsResultStats *stats,
                 CsMode mode, CsChartFits fits, const CsNodeLayout *nodes)
{
  const CsResult *r = g_ptr_array_index (results, ri);
  double x_div = x_divisor (chart, r);
  guint n_pus = pus_of_mode (r, mode, nodes);
  CsChartKind kind = cs_chart_get_kind (chart);
  gboolean units = r->throughput_unit != NULL && *r->throughput_unit != '\0';
  g_autofree char *name = series_name (results, ri, mode);
  CsChartSeries *series = cs_chart_add_series (chart, name);
  guint n = 0;

  series->result = ri;
  const CsPointStats *const *points = cs_result_stats_get_series (stats, mode, &n);

  for (guint i = 0; i < n; i++)
    {
      const CsPointStats *ps = points[i];
      CsChartPoint *pt = cs_chart_series_add_point (series, ps->workers / x_div,
                                                    point_value (ps, kind, units));
      pt->workers = ps->workers;
      pt->failed = ps->n == 0;
      pt->oversubscribed = n_pus > 0 && ps->workers > n_pus;
      fill_point (pt, ps, kind);
    }
  if (kind == CS_CHART_SPEEDUP && fits != CS_CHART_FIT_NONE)
    add_fit_curves (series, name, points, n, fits, x_div);
}

/* ---- Overhead bars ---- */

static void
add_mode_bars (CsChart *chart, GPtrArray *results, guint ri, const CsResultStats *stats,
               CsMode mode)
{
  g_autofree char *group = series_name (results, ri, mode);
  guint n = 0, used = 0;
  const CsPointStats *const *points = cs_result_stats_get_series (stats, mode, &n);
  g_autofree const CsPointStats **ok = g_new0 (const CsPointStats *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    if (points[i]->n > 0 && isfinite (points[i]->median_s))
      ok[used++] = points[i];
  for (guint k = 0; k < MIN (used, MAX_BARS_PER_GROUP); k++)
    {
      /* Evenly spaced, always the first and the last worker count. */
      guint i = used <= MAX_BARS_PER_GROUP ? k
                : (guint) lround ((double) k * (used - 1) / (MAX_BARS_PER_GROUP - 1));
      const CsPointStats *ps = ok[i];
      double startup = isfinite (ps->startup_s) ? MAX (ps->startup_s, 0) : 0;
      double dispatch = isfinite (ps->dispatch_s) ? MAX (ps->dispatch_s, 0) : 0;
      double values[3] = { startup, dispatch, MAX (ps->median_s - startup - dispatch, 0) };
      g_autofree char *label = g_strdup_printf ("%u", ps->workers);
      cs_chart_add_bar (chart, group, label, values, 3);
    }
}

/* ---- Chart ---- */

static void
set_machine_topology (CsChart *chart, GPtrArray *results)
{
  const CsResult *first = g_ptr_array_index (results, 0);
  const CsMachine *m = first->machine;
  CsChartTopology topo = { 0 };

  if (m == NULL)
    return;
  /* Markers only make sense when every result was measured on the same kind of machine. */
  for (guint i = 1; i < results->len; i++)
    {
      const CsMachine *o = ((const CsResult *) g_ptr_array_index (results, i))->machine;
      if (o == NULL || o->n_pus != m->n_pus || o->n_cores != m->n_cores ||
          o->n_packages != m->n_packages || o->n_numa_nodes != m->n_numa_nodes)
        return;
    }
  topo.n_cores = m->n_cores;
  topo.n_pus = m->n_pus;
  topo.smt_width = m->smt_width;
  topo.n_packages = m->n_packages;
  topo.n_numa_nodes = m->n_numa_nodes;
  cs_chart_set_topology (chart, &topo);
}

/* The workers axis of an mpi sweep across hosts: where each node's ranks begin, and every
 * node's PUs together before oversubscription. */
static void
set_node_topology (CsChart *chart, const CsNodeLayout *nodes)
{
  CsChartTopology topo = { 0 };

  topo.n_cores = nodes->n_cores;
  topo.n_pus = nodes->n_pus;
  topo.n_nodes = nodes->n_nodes;
  cs_chart_set_topology (chart, &topo);
  for (guint i = 1; i < nodes->n_nodes; i++)
    {
      g_autofree char *label = cs_node_layout_boundary_label (nodes, i);

      if (nodes->nodes[i].first_rank != CS_NODE_RANK_UNKNOWN && nodes->nodes[i].first_rank > 0)
        cs_chart_add_node_boundary (chart, nodes->nodes[i].first_rank, label);
    }
}

/* Each result's CsNodeLayout, NULL for those that did not run across hosts. */
static GPtrArray *
node_layouts (GPtrArray *results)
{
  GPtrArray *layouts = g_ptr_array_new_full (results->len,
                                             (GDestroyNotify) cs_node_layout_free);

  for (guint i = 0; i < results->len; i++)
    g_ptr_array_add (layouts, cs_node_layout_new (g_ptr_array_index (results, i)));
  return layouts;
}

/* A result's own markers when none ran across hosts, the nodes' when all ran on the same ones,
 * and none when they differ. */
static void
set_topology (CsChart *chart, GPtrArray *results, CsNodeLayout **layouts)
{
  gboolean any = FALSE, same = TRUE;

  for (guint i = 0; i < results->len; i++)
    {
      any = any || layouts[i] != NULL;
      same = same && cs_node_layout_equal (layouts[0], layouts[i]);
    }
  if (!any)
    set_machine_topology (chart, results);
  else if (same)
    set_node_topology (chart, layouts[0]);
}

static void
set_throughput_title (CsChart *chart, const CsResult *first)
{
  g_autofree char *title = NULL;

  if (first->throughput_unit != NULL && *first->throughput_unit != '\0')
    title = g_strdup_printf (_("Throughput (%s)"), first->throughput_unit);
  else
    title = g_strdup_printf (_("Throughput (%s/s)"),
                             first->work_unit != NULL ? first->work_unit : _("tasks"));
  cs_chart_set_y_title (chart, title);
}

static void
add_result (CsChart *chart, GPtrArray *results, guint ri, CsChartFits fits,
            const CsNodeLayout *nodes)
{
  const CsResult *r = g_ptr_array_index (results, ri);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResultStats) stats = cs_result_stats_new (r, &error);
  const CsMode *modes;
  guint n_modes = 0;

  if (stats == NULL)
    {
      g_debug ("result %u: %s", ri + 1, error->message);
      return;
    }
  if (x_divisor (chart, r) == 0)
    {
      g_debug ("result %u: no core count, left out of the per-core chart", ri + 1);
      return;
    }
  modes = cs_result_stats_get_modes (stats, &n_modes);
  for (guint m = 0; m < n_modes; m++)
    {
      if (cs_chart_get_kind (chart) == CS_CHART_OVERHEAD)
        add_mode_bars (chart, results, ri, stats, modes[m]);
      else
        add_mode_series (chart, results, ri, stats, modes[m], fits, nodes);
    }
}

/* Successful runs whose speedup is unknown: no 1-worker point to divide by. */
static gboolean
measured_without_baseline (CsChart *chart)
{
  for (guint s = 0; s < cs_chart_get_n_series (chart); s++)
    {
      const CsChartSeries *series = cs_chart_get_series (chart, s);
      for (guint i = 0; i < series->points->len; i++)
        {
          const CsChartPoint *p = &g_array_index (series->points, CsChartPoint, i);
          if (!p->failed && isfinite (p->median_s) && !isfinite (p->speedup))
            return TRUE;
        }
    }
  return FALSE;
}

/* Per core, each machine has its own ideal speed-up (its worker counts) and its own topology:
 * neither can be drawn once for all. Efficiency's ideal, 100 %, holds for every machine. */
static void
setup_per_core (CsChart *chart)
{
  cs_chart_set_x_scale (chart, CS_CHART_X_PER_CORE);
  if (cs_chart_get_kind (chart) == CS_CHART_SPEEDUP)
    cs_chart_set_ideal (chart, FALSE, 1.0, 0.0);
}

CsChart *
cs_chart_new_from_results (GPtrArray *results, CsChartKind kind, CsChartFits fits,
                           gboolean log_y, GError **error)
{
  return cs_chart_new_from_results_full (results, kind, fits, log_y, CS_CHART_X_WORKERS, error);
}

CsChart *
cs_chart_new_from_results_full (GPtrArray *results, CsChartKind kind, CsChartFits fits,
                                gboolean log_y, CsChartXScale x_scale, GError **error)
{
  g_autoptr (CsChart) chart = NULL;
  g_autofree char *title = NULL, *subtitle = NULL;
  g_autoptr (GPtrArray) layouts = NULL;

  g_return_val_if_fail (kind < CS_N_CHART_KINDS, NULL);

  if (results == NULL || results->len == 0)
    {
      g_set_error (error, CS_CHART_ERROR, CS_CHART_ERROR_FORMAT, _("No results to chart"));
      return NULL;
    }
  chart = cs_chart_new (kind);
  title = make_title (results, kind, x_scale);
  subtitle = make_subtitle (results, kind);
  cs_chart_set_title (chart, title);
  cs_chart_set_subtitle (chart, subtitle);
  if (results->len == 1)
    {
      /* the one answer, on the chart it rests on, on screen and in every export */
      g_autofree char *headline = cs_headline_for_result (g_ptr_array_index (results, 0));
      cs_chart_set_annotation (chart, headline);
    }
  cs_chart_set_log_y (chart, log_y);
  cs_chart_set_placeholder (chart, _("No successful runs to plot"));
  if (kind == CS_CHART_THROUGHPUT)
    set_throughput_title (chart, g_ptr_array_index (results, 0));
  layouts = node_layouts (results);
  if (x_scale == CS_CHART_X_PER_CORE)
    setup_per_core (chart);
  else
    set_topology (chart, results, (CsNodeLayout **) layouts->pdata);
  for (guint i = 0; i < results->len; i++)
    add_result (chart, results, i, fits, g_ptr_array_index (layouts, i));
  if (!cs_chart_has_data (chart) && measured_without_baseline (chart))
    cs_chart_set_placeholder (chart, _("Speedup needs runs with 1 worker as its baseline; "
                                       "try the time or throughput chart"));
  return g_steal_pointer (&chart);
}

gboolean
cs_chart_export_results (GPtrArray *results, CsChartKind kind, CsChartFits fits,
                         const char *path, CsChartFormat format, int width, int height,
                         double scale, CsChartTheme theme, GError **error)
{
  g_autoptr (CsChart) chart = cs_chart_new_from_results (results, kind, fits, FALSE, error);

  if (chart == NULL)
    return FALSE;
  return cs_chart_export (chart, path, format, width, height, scale, theme, error);
}
