/* cs-results-view.c: the results of a sweep: progress, five charts, a table and a summary
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-results"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-chart-data.h"
#include "cs-headline.h"
#include "cs-results-view.h"

/* Everything shown for one set of results, computed in a thread: statistics (bootstrap
 * intervals) and model fits are too slow for a frame when a sweep has many points. */
/* What a build computes: one bit per chart kind, then the table's statistics and the
 * summary's analysis. */
#define WANT_STATS    (1u << CS_N_CHART_KINDS)
#define WANT_ANALYSIS (WANT_STATS << 1)
#define WANT_ALL      ((WANT_ANALYSIS << 1) - 1)

typedef struct
{
  GPtrArray *results;
  guint      wanted;
} BuildRequest;

typedef struct
{
  guint          fresh;     /* WANT_* bits computed for these results; the rest is older */
  CsChart       *charts[CS_N_CHART_KINDS];
  CsResultStats *stats;     /* of the first result; NULL when it has no successful run */
  CsAnalysis    *analysis;  /* likewise */
  char          *problem;   /* why there is no analysis */
} Presentation;

struct _CsResultsView
{
  GtkWidget      parent_instance;

  GtkStack      *state_stack;
  GtkStack      *progress_stack;   /* "progress", or "idle": the same height */
  GtkLabel      *progress_label;
  GtkLabel      *eta_label;
  GtkProgressBar *progress_bar;
  AdwViewStack  *views;
  CsChartView   *chart_views[CS_N_CHART_KINDS];
  GtkGrid       *table_grid;
  GtkBox        *summary_box;

  GPtrArray     *results;        /* latest, CsResult* */
  GPtrArray     *shown;          /* what the views show */
  Presentation  *presentation;
  GCancellable  *cancellable;    /* of the build in flight; NULL when idle */
  guint          n_table_rows;   /* of the latest presentation */
  gboolean       live;           /* a sweep is running: build only what is on screen */
  gboolean       rebuild_wanted; /* a page that is not up to date came on screen */
  gboolean       quiet;          /* a run is timed: start nothing, show nothing */
  GTask         *held;           /* a build that ended while quiet, applied after */
  gboolean       table_stale, summary_stale;
};

G_DEFINE_FINAL_TYPE (CsResultsView, cs_results_view, GTK_TYPE_WIDGET)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_build (CsResultsView *self);

/* ---- building (worker thread) ------------------------------------------------------------- */

static void
presentation_free (Presentation *p)
{
  for (guint i = 0; i < CS_N_CHART_KINDS; i++)
    g_clear_pointer (&p->charts[i], cs_chart_unref);
  g_clear_pointer (&p->stats, cs_result_stats_free);
  g_clear_pointer (&p->analysis, cs_analysis_free);
  g_free (p->problem);
  g_free (p);
}

static void
build_request_free (BuildRequest *request)
{
  g_ptr_array_unref (request->results);
  g_free (request);
}

/* Models only for one result: overlaid fits of several would hide the data. */
CsChartFits
cs_results_view_fits_for (CsChartKind kind, guint n_results)
{
  return kind == CS_CHART_SPEEDUP && n_results == 1 ? CS_CHART_FIT_AMDAHL : CS_CHART_FIT_NONE;
}

static void
build_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  BuildRequest *request = task_data;
  GPtrArray *results = request->results;
  Presentation *p = g_new0 (Presentation, 1);
  g_autoptr (GError) error = NULL;

  p->fresh = request->wanted;
  for (guint kind = 0; kind < CS_N_CHART_KINDS; kind++)
    {
      g_autoptr (GError) chart_error = NULL;
      CsChartFits fits = cs_results_view_fits_for (kind, results->len);

      if (!(request->wanted & (1u << kind)))
        continue;
      p->charts[kind] = cs_chart_new_from_results (results, kind, fits, FALSE, &chart_error);
      if (p->charts[kind] == NULL)
        g_warning ("Cannot chart these results: %s", chart_error->message);
    }
  if (results->len > 0)
    {
      const CsResult *first = g_ptr_array_index (results, 0);

      if (request->wanted & WANT_STATS)
        p->stats = cs_result_stats_new (first, NULL);
      if (request->wanted & WANT_ANALYSIS)
        p->analysis = cs_analysis_new (first, &error);
      if ((request->wanted & WANT_ANALYSIS) && p->analysis == NULL)
        p->problem = g_strdup (error->message);
    }
  g_task_return_pointer (task, p, (GDestroyNotify) presentation_free);
}

/* ---- table ------------------------------------------------------------------------------- */

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    gtk_widget_unparent (child);
}

static GtkWidget *
table_cell (GtkGrid *grid, int column, int row, const char *text, float xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (xalign > 0.5f)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

/* "12.5 %", or a dash when the value is unknown. */
static char *
format_or_dash (double value, int digits, const char *unit)
{
  if (isnan (value) || isinf (value))
    return g_strdup ("–");
  return g_strdup_printf ("%.*f%s", digits, value, unit);
}

/* "230–299 ms"; "830 µs – 1.2 ms" when the units differ. */
static char *
format_interval (const CsPointStats *point)
{
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  const char *lo_unit, *hi_unit;

  if (isnan (point->median_ci_low_s) || isnan (point->median_ci_high_s))
    return g_strdup ("–");
  lo = cs_format_seconds (point->median_ci_low_s);
  hi = cs_format_seconds (point->median_ci_high_s);
  lo_unit = strrchr (lo, ' ');
  hi_unit = strrchr (hi, ' ');
  if (lo_unit != NULL && hi_unit != NULL && g_str_equal (lo_unit, hi_unit))
    return g_strdup_printf ("%.*s–%s", (int) (lo_unit - lo), lo, hi);
  return g_strdup_printf ("%s – %s", lo, hi);
}

/* Flags in words; the tooltip explains a noisy point. */
static GtkWidget *
flags_cell (GtkGrid *grid, int row, const CsPointStats *point)
{
  g_autoptr (GString) flags = g_string_new (NULL);
  g_autofree char *noise = cs_point_stats_describe_noise (point);
  GtkWidget *label;

  if (point->n == 0)
    g_string_append (flags, _("missing"));
  else if (point->noisy)
    g_string_append (flags, _("noisy"));
  if (point->noise & CS_NOISE_OVERSUBSCRIBED)
    g_string_append_printf (flags, "%s%s", flags->len > 0 ? ", " : "", _("oversubscribed"));
  label = table_cell (grid, 8, row, flags->str, 0);
  gtk_widget_add_css_class (label, point->noisy || point->n == 0 ? "warning" : "dim-label");
  if (noise != NULL)
    gtk_widget_set_tooltip_text (label, noise);
  return label;
}

/* "1 run failed: job.py:work: ZeroDivisionError: …" on a line of its own under the point,
 * across the table: a reason is long, and in the last column it ran off the window's edge. */
static void
failures_line (GtkGrid *grid, int row, const CsPointStats *point, const char *reason)
{
  g_autoptr (GString) text = g_string_new (NULL);
  GtkWidget *label;

  g_string_append_printf (text, ngettext ("%u run failed", "%u runs failed", point->n_failed),
                          point->n_failed);
  if (reason != NULL)
    g_string_append_printf (text, ": %s", reason);
  label = gtk_label_new (text->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "warning");
  gtk_widget_add_css_class (label, "caption");
  gtk_grid_attach (grid, label, 0, row, 9, 1);
}

static const char *
failure_reason (const CsResult *result, CsMode mode, guint workers)
{
  const CsRun *run = result != NULL ? cs_result_first_failure_at (result, mode, workers) : NULL;

  return run != NULL ? run->reason : NULL;
}

static void
add_table_row (GtkGrid *grid, int row, const CsPointStats *point, const CsResult *result)
{
  g_autofree char *mode = cs_sweep_config_mode_title (result != NULL ? result->config : NULL,
                                                      point->mode);
  g_autofree char *workers = g_strdup_printf ("%u", point->workers);
  g_autofree char *median = point->n > 0 ? cs_format_seconds (point->median_s) : g_strdup ("–");
  g_autofree char *interval = format_interval (point);
  g_autofree char *cv = format_or_dash (point->cv * 100, 1, " %");
  g_autofree char *speedup = format_or_dash (point->speedup, 2, "×");
  g_autofree char *efficiency = format_or_dash (point->efficiency * 100, 0, " %");
  g_autofree char *runs = g_strdup_printf ("%u", point->n);

  /* Two grid rows a point: its values, then its failures when it has any. */
  int at = 2 * row - 1;

  table_cell (grid, 0, at, mode, 0);
  table_cell (grid, 1, at, workers, 1);
  table_cell (grid, 2, at, median, 1);
  table_cell (grid, 3, at, interval, 1);
  table_cell (grid, 4, at, cv, 1);
  table_cell (grid, 5, at, speedup, 1);
  table_cell (grid, 6, at, efficiency, 1);
  table_cell (grid, 7, at, runs, 1);
  flags_cell (grid, at, point);
  if (point->n_failed > 0)
    failures_line (grid, at + 1, point, failure_reason (result, point->mode, point->workers));
}

/* Without a single successful run there are no statistics, but each point's reason is what the
 * user needs: one row per configured point that failed. Returns the rows added. */
static guint
add_failed_rows (GtkGrid *grid, const CsResult *result)
{
  guint row = 0;

  for (guint m = 0; result != NULL && m < result->config->n_modes; m++)
    for (guint w = 0; w < result->config->n_workers; w++)
      {
        CsPointStats point = { .mode = result->config->modes[m].mode,
                               .workers = result->config->workers[w], .median_s = NAN,
                               .median_ci_low_s = NAN, .median_ci_high_s = NAN, .cv = NAN,
                               .speedup = NAN, .efficiency = NAN };
        const CsRun *failed = cs_result_first_failure_at (result, point.mode, point.workers);

        for (guint i = 0; failed != NULL && i < result->runs->len; i++)
          {
            const CsRun *run = g_ptr_array_index (result->runs, i);

            point.n_failed += run->mode == point.mode && run->workers == point.workers;
          }
        if (failed != NULL)
          add_table_row (grid, ++row, &point, result);
      }
  return row;
}

static void
fill_table (CsResultsView *self, const CsResultStats *stats)
{
  static const char *headers[] = {
    N_("Mode"), N_("Workers"), N_("Median"), N_("95 % interval"), N_("CV"), N_("Speed-up"),
    N_("Efficiency"), N_("Runs"), N_("Flags")
  };
  guint n = stats != NULL ? cs_result_stats_get_n_points (stats) : 0;
  const CsResult *first = self->results != NULL && self->results->len > 0
                            ? g_ptr_array_index (self->results, 0) : NULL;

  clear_container (GTK_WIDGET (self->table_grid));
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      GtkWidget *label = table_cell (self->table_grid, i, 0, _(headers[i]),
                                     i == 0 || i == 8 ? 0 : 1);
      gtk_widget_add_css_class (label, "heading");
    }
  for (guint i = 0; i < n; i++)
    add_table_row (self->table_grid, i + 1, cs_result_stats_get_point (stats, i),
                   first);
  if (stats == NULL)
    self->n_table_rows = add_failed_rows (self->table_grid, first);
}

/* ---- summary ----------------------------------------------------------------------------- */

static void
add_paragraph (CsResultsView *self, const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (self->summary_box, label);
}

/* "thread: a serial fraction of 3.1 % (Amdahl, R² 0.99) limits the speed-up to 32×." */
static char *
describe_fit (CsMode mode, const CsSeriesFit *fit)
{
  GString *text = g_string_new (NULL);

  if (fit->has_amdahl)
    {
      g_autofree char *limit = isinf (fit->amdahl.max_speedup)
                                 ? g_strdup (_("no limit"))
                                 : g_strdup_printf ("%.1f×", fit->amdahl.max_speedup);

      g_string_append_printf (text, _("%s: Amdahl’s law fits with a serial fraction of "
                                      "%.1f %% (R² %.2f); the speed-up limit is %s."),
                              cs_mode_to_string (mode), fit->amdahl.s * 100, fit->amdahl.r2,
                              limit);
    }
  if (fit->has_usl)
    {
      g_string_append (text, text->len > 0 ? " " : "");
      if (isinf (fit->usl.peak_n))
        g_string_append_printf (text, _("The Universal Scalability Law finds contention "
                                        "α = %.3f and no coherency cost (R² %.2f)."),
                                fit->usl.alpha, fit->usl.r2);
      else
        g_string_append_printf (text, _("The Universal Scalability Law finds contention "
                                        "α = %.3f and coherency β = %.4f: adding workers "
                                        "stops paying off near %.0f (R² %.2f)."),
                                fit->usl.alpha, fit->usl.beta, fit->usl.peak_n, fit->usl.r2);
    }
  return g_string_free (text, FALSE);
}

static void
add_fits (CsResultsView *self, const CsAnalysis *analysis)
{
  guint n_modes = 0;
  const CsMode *modes = cs_result_stats_get_modes (cs_analysis_get_stats (analysis), &n_modes);

  add_paragraph (self, _("Scaling Models"), "title-4");
  for (guint i = 0; i < n_modes; i++)
    {
      const CsSeriesFit *fit = cs_analysis_get_fit (analysis, modes[i]);
      g_autofree char *text = NULL;

      if (fit != NULL)
        text = describe_fit (modes[i], fit);
      else
        text = g_strdup_printf ("%s: %s", cs_mode_to_string (modes[i]),
                                cs_analysis_get_fit_problem (analysis, modes[i]));
      add_paragraph (self, text, NULL);
    }
}

static void
fill_summary (CsResultsView *self, const Presentation *p)
{
  const CsRecommendation *recommendation;
  const CsVerdict *verdict;

  clear_container (GTK_WIDGET (self->summary_box));
  if (p->analysis == NULL)
    {
      add_paragraph (self, _("Nothing to Summarise Yet"), "title-2");
      add_paragraph (self, p->problem != NULL ? p->problem
                                              : _("The summary appears once runs succeed."),
                     "dim-label");
      return;
    }
  verdict = cs_analysis_get_verdict (p->analysis);
  recommendation = cs_analysis_get_recommendation (p->analysis);
  add_paragraph (self, _("Verdict"), "title-2");
  add_paragraph (self, verdict->headline, "title-4");
  for (guint i = 0; i < verdict->reasons->len; i++)
    add_paragraph (self, g_ptr_array_index (verdict->reasons, i), NULL);
  if (verdict->settle != NULL)
    add_paragraph (self, verdict->settle, "dim-label");
  if (recommendation->advice->len > 0)
    add_paragraph (self, _("Notes"), "title-4");
  for (guint i = 0; i < recommendation->advice->len; i++)
    add_paragraph (self, g_ptr_array_index (recommendation->advice, i), NULL);
  add_fits (self, p->analysis);
}

/* ---- applying a build (main thread) -------------------------------------------------------- */

/* Widgets of the table and the summary are rebuilt only when they are on screen: during a sweep
 * new points arrive several times a second and rebuilding hidden pages would cost the main
 * loop (and the measurement) CPU time for nothing. */
static void
fill_visible_page (CsResultsView *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->views);

  if (self->presentation == NULL)
    return;
  if (self->table_stale && g_strcmp0 (name, "table") == 0)
    {
      fill_table (self, self->presentation->stats);
      self->table_stale = FALSE;
    }
  if (self->summary_stale && g_strcmp0 (name, "summary") == 0)
    {
      fill_summary (self, self->presentation);
      self->summary_stale = FALSE;
    }
}

/* What the page on screen needs; everything once the sweep is over. */
static guint
wanted_now (CsResultsView *self)
{
  CsChartView *view = cs_results_view_get_visible_chart_view (self);
  const char *name = adw_view_stack_get_visible_child_name (self->views);

  if (!self->live)
    return WANT_ALL;
  if (view != NULL)
    return 1u << cs_chart_view_get_kind (view);
  if (g_strcmp0 (name, "table") == 0)
    return WANT_STATS;
  if (g_strcmp0 (name, "summary") == 0)
    return WANT_ANALYSIS;
  return 0;
}

/* Parts a build left out stay as they were (older data) until their page is shown. */
static void
keep_older_parts (Presentation *p, Presentation *old)
{
  if (old == NULL)
    return;
  if (!(p->fresh & WANT_STATS))
    p->stats = g_steal_pointer (&old->stats);
  if (!(p->fresh & WANT_ANALYSIS))
    {
      p->analysis = g_steal_pointer (&old->analysis);
      p->problem = g_steal_pointer (&old->problem);
    }
}

static void
request_build (CsResultsView *self)
{
  if (self->cancellable == NULL && !self->quiet)
    start_build (self);
  else
    self->rebuild_wanted = TRUE;
}

static void
on_visible_page_changed (CsResultsView *self)
{
  fill_visible_page (self);
  if (self->results != NULL && self->presentation != NULL
      && (wanted_now (self) & ~self->presentation->fresh) != 0)
    request_build (self);
}

static void
show_presentation (CsResultsView *self, Presentation *p)
{
  for (guint kind = 0; kind < CS_N_CHART_KINDS; kind++)
    if (p->fresh & (1u << kind))
      cs_chart_view_set_chart (self->chart_views[kind], p->charts[kind]);
  keep_older_parts (p, self->presentation);
  g_clear_pointer (&self->presentation, presentation_free);
  self->presentation = p;
  self->n_table_rows = p->stats != NULL ? cs_result_stats_get_n_points (p->stats) : 0;
  self->table_stale = self->summary_stale = TRUE;
  fill_visible_page (self);
}

static void apply_build (CsResultsView *self, GTask *task);

static void
on_build_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CsResultsView) self = g_weak_ref_get (user_data);

  g_weak_ref_clear (user_data);
  g_free (user_data);
  if (self != NULL && self->quiet && !g_task_had_error (G_TASK (result)))
    {
      /* A run is being timed: swapping in would draw. Applied when it has ended. */
      g_set_object (&self->held, G_TASK (result));
      return;
    }
  apply_build (self, G_TASK (result));
}

static void
apply_build (CsResultsView *self, GTask *task)
{
  GPtrArray *built = ((BuildRequest *) g_task_get_task_data (task))->results;
  Presentation *p = g_task_propagate_pointer (task, NULL);

  if (p == NULL || self == NULL) /* cancelled: the view is going away */
    {
      g_clear_pointer (&p, presentation_free);
      return;
    }
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  self->shown = g_ptr_array_ref (built);
  show_presentation (self, p);
  if (self->results != built || self->rebuild_wanted)
    start_build (self);
  else
    g_signal_emit (self, signals[UPDATED], 0);
}

static void
start_build (CsResultsView *self)
{
  g_autoptr (GTask) task = NULL;
  BuildRequest *request = g_new0 (BuildRequest, 1);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  request->results = g_ptr_array_ref (self->results);
  request->wanted = wanted_now (self);
  self->rebuild_wanted = FALSE;
  self->cancellable = g_cancellable_new ();
  /* No source object: a cancelled build may end after the view is gone, and the task's last
   * reference may then be dropped by the worker thread, which must not finalize a widget. */
  g_weak_ref_init (ref, self);
  task = g_task_new (NULL, self->cancellable, on_build_done, ref);
  g_task_set_source_tag (task, start_build);
  g_task_set_name (task, "corescope-results-build");
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, request, (GDestroyNotify) build_request_free);
  g_task_run_in_thread (task, build_in_thread);
}

/* ---- public ------------------------------------------------------------------------------ */

void
cs_results_view_set_results (CsResultsView *self, GPtrArray *results)
{
  g_return_if_fail (CS_IS_RESULTS_VIEW (self));

  if (results != NULL && results->len == 0)
    results = NULL;
  if (results == self->results)
    return;
  if (results != NULL)
    g_ptr_array_ref (results);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;
  gtk_stack_set_visible_child_name (self->state_stack, results != NULL ? "results" : "empty");
  if (results == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      return;
    }
  /* A build in flight picks the latest results up when it is done: at most one at a time. */
  if (self->cancellable == NULL && !self->quiet)
    start_build (self);
}

gboolean
cs_results_view_is_animating (CsResultsView *self)
{
  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), FALSE);
  return gtk_stack_get_transition_running (self->state_stack) ||
         gtk_stack_get_transition_running (self->progress_stack);
}

void
cs_results_view_set_quiet (CsResultsView *self, gboolean quiet)
{
  g_autoptr (GTask) held = NULL;

  g_return_if_fail (CS_IS_RESULTS_VIEW (self));

  if (quiet == self->quiet)
    return;
  self->quiet = quiet;
  if (quiet)
    return;
  held = g_steal_pointer (&self->held);
  if (held != NULL)
    apply_build (self, held);
  else if (self->results != NULL && self->cancellable == NULL &&
           (self->results != self->shown || self->rebuild_wanted))
    start_build (self);
}

GPtrArray *
cs_results_view_get_results (CsResultsView *self)
{
  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), NULL);
  return self->results;
}

gboolean
cs_results_view_is_updating (CsResultsView *self)
{
  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), FALSE);
  return self->results != NULL && (self->results != self->shown || self->cancellable != NULL);
}

void
cs_results_view_set_live (CsResultsView *self, gboolean live)
{
  g_return_if_fail (CS_IS_RESULTS_VIEW (self));

  self->live = live;
  if (!live)
    on_visible_page_changed (self);
}

void
cs_results_view_set_progress (CsResultsView *self, const char *text, const char *remark,
                              double fraction)
{
  g_return_if_fail (CS_IS_RESULTS_VIEW (self));

  gtk_stack_set_visible_child_name (self->progress_stack, text != NULL ? "progress" : "idle");
  if (text == NULL)
    return;
  gtk_label_set_text (self->progress_label, text);
  gtk_label_set_text (self->eta_label, remark != NULL ? remark : "");
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (fraction, 1));
}

char *
cs_results_view_get_progress_text (CsResultsView *self)
{
  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->progress_stack), "progress") != 0)
    return NULL;
  return g_strdup_printf ("%s · %s", gtk_label_get_text (self->progress_label),
                          gtk_label_get_text (self->eta_label));
}

CsChartView *
cs_results_view_get_chart_view (CsResultsView *self, CsChartKind kind)
{
  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), NULL);
  g_return_val_if_fail (kind < CS_N_CHART_KINDS, NULL);
  return self->chart_views[kind];
}

CsChartView *
cs_results_view_get_visible_chart_view (CsResultsView *self)
{
  GtkWidget *child;

  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), NULL);
  child = adw_view_stack_get_visible_child (self->views);
  return CS_IS_CHART_VIEW (child) ? CS_CHART_VIEW (child) : NULL;
}

void
cs_results_view_show_view (CsResultsView *self, const char *name)
{
  g_return_if_fail (CS_IS_RESULTS_VIEW (self));
  adw_view_stack_set_visible_child_name (self->views, name);
}

guint
cs_results_view_get_n_table_rows (CsResultsView *self)
{
  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), 0);
  return self->n_table_rows;
}

char *
cs_results_view_get_table_text (CsResultsView *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), NULL);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->table_grid)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LABEL (c))
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (c)));
  return g_string_free (text, FALSE);
}

const CsAnalysis *
cs_results_view_get_analysis (CsResultsView *self)
{
  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), NULL);
  return self->presentation != NULL ? self->presentation->analysis : NULL;
}

AdwViewStackPage *
cs_results_view_add_page (CsResultsView *self, GtkWidget *child, const char *name,
                          const char *title, const char *icon_name)
{
  g_return_val_if_fail (CS_IS_RESULTS_VIEW (self), NULL);
  return adw_view_stack_add_titled_with_icon (self->views, child, name, title, icon_name);
}

/* ---- object ------------------------------------------------------------------------------ */

static void
cs_results_view_dispose (GObject *object)
{
  CsResultsView *self = CS_RESULTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->held);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_RESULTS_VIEW);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->presentation, presentation_free);
  G_OBJECT_CLASS (cs_results_view_parent_class)->dispose (object);
}

static void
cs_results_view_class_init (CsResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_results_view_dispose;
  /* The views show the latest results (charts, table and summary are up to date). */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  g_type_ensure (CS_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/corescope/Corescope/cs-results-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, CsResultsView, state_stack);
  gtk_widget_class_bind_template_child (widget_class, CsResultsView, progress_stack);
  gtk_widget_class_bind_template_child (widget_class, CsResultsView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CsResultsView, eta_label);
  gtk_widget_class_bind_template_child (widget_class, CsResultsView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CsResultsView, views);
  gtk_widget_class_bind_template_child (widget_class, CsResultsView, table_grid);
  gtk_widget_class_bind_template_child (widget_class, CsResultsView, summary_box);
  gtk_widget_class_bind_template_child_full (widget_class, "speedup_view", FALSE,
    G_STRUCT_OFFSET (CsResultsView, chart_views) + CS_CHART_SPEEDUP * sizeof (gpointer));
  gtk_widget_class_bind_template_child_full (widget_class, "efficiency_view", FALSE,
    G_STRUCT_OFFSET (CsResultsView, chart_views) + CS_CHART_EFFICIENCY * sizeof (gpointer));
  gtk_widget_class_bind_template_child_full (widget_class, "time_view", FALSE,
    G_STRUCT_OFFSET (CsResultsView, chart_views) + CS_CHART_TIME * sizeof (gpointer));
  gtk_widget_class_bind_template_child_full (widget_class, "throughput_view", FALSE,
    G_STRUCT_OFFSET (CsResultsView, chart_views) + CS_CHART_THROUGHPUT * sizeof (gpointer));
  gtk_widget_class_bind_template_child_full (widget_class, "overhead_view", FALSE,
    G_STRUCT_OFFSET (CsResultsView, chart_views) + CS_CHART_OVERHEAD * sizeof (gpointer));
  gtk_widget_class_bind_template_child_full (widget_class, "memory_view", FALSE,
    G_STRUCT_OFFSET (CsResultsView, chart_views) + CS_CHART_MEMORY * sizeof (gpointer));
}

static void
cs_results_view_init (CsResultsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->views, "notify::visible-child-name",
                            G_CALLBACK (on_visible_page_changed), self);
}
