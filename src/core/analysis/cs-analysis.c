/* cs-analysis.c: plain-language recommendations from a result, and comparisons of results
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-analysis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cs-analysis.h"
#include "cs-backend.h"
#include "cs-csv.h"
#include "cs-param-compare.h"

G_DEFINE_QUARK (cs-analysis-error-quark, cs_analysis_error)

#define MODEL_MIN_R2       0.9   /* below this the model does not describe the data */

/* The verdict (cs-verdict.c) answers the question; the notes here only add what it does not
 * decide (the fitted model of the chosen mode, how two GIL implementations compare, noise and
 * missing points), so they cannot contradict it. */
struct _CsAnalysis
{
  CsResultStats    *stats;
  const CsResult   *result;
  CsSeriesFit       fits[CS_MAX_MODES];
  gboolean          has_fit[CS_MAX_MODES];
  char             *fit_problem[CS_MAX_MODES];
  CsVerdict        *verdict;
  CsRecommendation  rec;
};

char *
cs_format_seconds (double s)
{
  if (!isfinite (s))
    return g_strdup ("–");
  if (s < 0)
    {
      g_autofree char *abs = cs_format_seconds (-s);
      return g_strdup_printf ("−%s", abs);
    }
  if (s < 1e-3)
    return g_strdup_printf (_("%.0f µs"), s * 1e6);
  if (s < 0.01)
    return g_strdup_printf (_("%.2f ms"), s * 1e3);
  if (s < 0.1)
    return g_strdup_printf (_("%.1f ms"), s * 1e3);
  if (s < 1)
    return g_strdup_printf (_("%.0f ms"), s * 1e3);
  if (s < 120)
    return g_strdup_printf (_("%.2f s"), s);
  return g_strdup_printf (_("%u min %.0f s"), (guint) (s / 60), fmod (s, 60));
}

/* The names users type and read in tables (python-thread). */
static const char *
mode_title (CsMode mode)
{
  const CsBackend *backend = cs_backend_for_mode (mode);

  return backend != NULL ? backend->name : "?";
}

static void G_GNUC_PRINTF (2, 3)
advise (GPtrArray *advice, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (advice, g_strdup_vprintf (format, args));
  va_end (args);
}

static gboolean
has_speedup_ci (const CsPointStats *p)
{
  return p != NULL && p->n > 0 && isfinite (p->speedup_ci_low) && isfinite (p->speedup_ci_high);
}

/* ---- Two implementations of GIL threads ---------------------------------------------------- */

/* Two modes of different runtimes whose threads both ran under a GIL (an emulation and a real
 * interpreter); FALSE when the sweep did not measure such a pair. */
static gboolean
find_gil_pair (const CsAnalysis *a, CsMode *first, CsMode *second)
{
  const CsMode *modes;
  guint n_modes;

  modes = cs_result_stats_get_modes (a->stats, &n_modes);
  for (guint i = 0; i < n_modes; i++)
    for (guint j = i + 1; j < n_modes; j++)
      if (cs_verdict_mode_concurrency (a->result, modes[i]) == CS_CONCURRENCY_GIL_THREADS &&
          cs_verdict_mode_concurrency (a->result, modes[j]) == CS_CONCURRENCY_GIL_THREADS &&
          g_strcmp0 (cs_backend_for_mode (modes[i])->runtime,
                     cs_backend_for_mode (modes[j])->runtime) != 0)
        {
          *first = modes[i], *second = modes[j];
          return TRUE;
        }
  return FALSE;
}

static gboolean
disjoint (const CsPointStats *x, const CsPointStats *y)
{
  return x->speedup_ci_high < y->speedup_ci_low || y->speedup_ci_high < x->speedup_ci_low;
}

/* Whether the two GIL implementations tell the same story: they agree while their speed-up
 * intervals overlap at every worker count above one, and differ where one excludes the other. */
static void
recommend_gil_check (CsAnalysis *a)
{
  const CsPointStats *const *series, *x, *y;
  CsMode first, second;
  guint n, compared = 0;

  if (!find_gil_pair (a, &first, &second))
    return;
  series = cs_result_stats_get_series (a->stats, first, &n);
  for (guint i = 0; i < n; i++)
    {
      x = series[i];
      y = cs_result_stats_lookup (a->stats, second, x->workers);
      if (x->workers < 2 || !has_speedup_ci (x) || !has_speedup_ci (y))
        continue;
      compared++;
      if (disjoint (x, y))
        {
          advise (a->rec.advice, _("The two GIL implementations differ: at %u workers %s reaches "
                                   "%.2f× (95 %% interval %.2f–%.2f), %s %.2f× (%.2f–%.2f)."),
                  x->workers, mode_title (first), x->speedup, x->speedup_ci_low,
                  x->speedup_ci_high, mode_title (second), y->speedup, y->speedup_ci_low,
                  y->speedup_ci_high);
          return;
        }
    }
  if (compared > 0)
    advise (a->rec.advice, g_dngettext (GETTEXT_PACKAGE,
                                        "The two GIL implementations (%s and %s) agree: their "
                                        "speed-up intervals overlap at the %u worker count above "
                                        "one that both measured.",
                                        "The two GIL implementations (%s and %s) agree: their "
                                        "speed-up intervals overlap at all %u worker counts "
                                        "above one that both measured.", compared),
            mode_title (first), mode_title (second), compared);
}

/* ---- Model, noise, missing points ---------------------------------------------------------- */

static void
recommend_model (CsAnalysis *a, CsMode mode)
{
  const CsSeriesFit *fit = cs_analysis_get_fit (a, mode);
  const CsPointStats *const *series;
  guint n, n_max;

  if (fit == NULL || !fit->has_usl || !(fit->usl.r2 >= MODEL_MIN_R2))
    return;
  series = cs_result_stats_get_series (a->stats, mode, &n);
  n_max = MAX (64, series[n - 1]->workers * 4);
  if (isfinite (fit->usl.peak_n))
    advise (a->rec.advice, _("Model (USL, R² %.2f): %s speed-up peaks at about %.0f workers "
                             "(%.1f×); with %u workers it would reach %.1f×."),
            fit->usl.r2, mode_title (mode), fit->usl.peak_n, fit->usl.peak_speedup, n_max,
            cs_usl_predict (&fit->usl, n_max));
  else
    advise (a->rec.advice, _("Model (USL, R² %.2f): contention limits %s speed-up to %.1f×; "
                             "with %u workers it would reach %.1f×."),
            fit->usl.r2, mode_title (mode), fit->usl.peak_speedup, n_max,
            cs_usl_predict (&fit->usl, n_max));
  if (!(fit->usl.peak_n <= 4.0 * series[n - 1]->workers))
    advise (a->rec.advice, _("That extrapolates far beyond the %u workers measured: a rough "
                             "guide, not a promise."), series[n - 1]->workers);
  if (fit->has_karp_flatt && fit->karp_flatt == CS_KARP_FLATT_GROWING)
    advise (a->rec.advice, _("The Karp–Flatt serial fraction grows with the number of workers: "
                             "overhead (start-up, contention, coherency) grows with N, not just "
                             "a fixed serial part."));
}

static void
recommend_quality (CsAnalysis *a)
{
  guint n_points = cs_result_stats_get_n_points (a->stats), noisy = 0;
  guint missing = cs_result_stats_get_n_missing (a->stats);
  const CsPointStats *first_noisy = NULL;

  for (guint i = 0; i < n_points; i++)
    {
      const CsPointStats *p = cs_result_stats_get_point (a->stats, i);
      if (p->noisy && noisy++ == 0)
        first_noisy = p;
    }
  if (first_noisy != NULL)
    {
      g_autofree char *why = cs_point_stats_describe_noise (first_noisy);
      advise (a->rec.advice, g_dngettext (GETTEXT_PACKAGE,
                                          "%u point is noisy (%s × %u: %s).",
                                          "%u points are noisy (first: %s × %u: %s).", noisy),
              noisy, mode_title (first_noisy->mode), first_noisy->workers, why);
    }
  if (missing > 0 && cs_result_stats_get_n_failed (a->stats) > 0)
    advise (a->rec.advice, _("%u of %u points have no successful run (%u runs failed or timed "
                             "out); this analysis uses the others."), missing, n_points,
            cs_result_stats_get_n_failed (a->stats));
  else if (missing > 0)
    advise (a->rec.advice, _("%u of %u points were never measured (an interrupted or edited "
                             "result); this analysis uses the others."), missing, n_points);
}

/* ---- The analysis -------------------------------------------------------------------------- */
/* ---- The analysis -------------------------------------------------------------------------- */

static void
fit_modes (CsAnalysis *a)
{
  const CsMode *modes;
  guint n_modes;

  modes = cs_result_stats_get_modes (a->stats, &n_modes);
  for (guint m = 0; m < n_modes; m++)
    {
      const CsPointStats *const *series;
      g_autoptr(GError) error = NULL;
      guint n;

      series = cs_result_stats_get_series (a->stats, modes[m], &n);
      a->has_fit[modes[m]] = cs_fit_series (series, n, &a->fits[modes[m]], &error);
      if (!a->has_fit[modes[m]])
        a->fit_problem[modes[m]] = g_strdup (error->message);
    }
}

CsAnalysis *
cs_analysis_new_full (const CsResult *result, double precision, GError **error)
{
  g_autoptr(CsAnalysis) a = g_new0 (CsAnalysis, 1);

  g_return_val_if_fail (result != NULL, NULL);

  a->rec.advice = g_ptr_array_new_with_free_func (g_free);
  a->stats = cs_result_stats_new (result, error);
  if (a->stats == NULL)
    return NULL;
  a->result = result;
  fit_modes (a);

  a->verdict = cs_verdict_new (result, a->stats, precision);
  if (a->verdict->has_mode)
    recommend_model (a, a->verdict->mode);
  recommend_gil_check (a);
  recommend_quality (a);
  return g_steal_pointer (&a);
}

CsAnalysis *
cs_analysis_new (const CsResult *result, GError **error)
{
  return cs_analysis_new_full (result, 0, error);
}

void
cs_analysis_free (CsAnalysis *a)
{
  if (a == NULL)
    return;
  g_clear_pointer (&a->stats, cs_result_stats_free);
  for (guint m = 0; m < CS_MAX_MODES; m++)
    g_free (a->fit_problem[m]);
  g_clear_pointer (&a->verdict, cs_verdict_free);
  g_clear_pointer (&a->rec.advice, g_ptr_array_unref);
  g_free (a);
}

const CsResultStats *
cs_analysis_get_stats (const CsAnalysis *a)
{
  g_return_val_if_fail (a != NULL, NULL);
  return a->stats;
}

const CsSeriesFit *
cs_analysis_get_fit (const CsAnalysis *a, CsMode mode)
{
  g_return_val_if_fail (a != NULL && (guint) mode < CS_MAX_MODES, NULL);
  return a->has_fit[mode] ? &a->fits[mode] : NULL;
}

const char *
cs_analysis_get_fit_problem (const CsAnalysis *a, CsMode mode)
{
  g_return_val_if_fail (a != NULL && (guint) mode < CS_MAX_MODES, NULL);
  return a->fit_problem[mode];
}

const CsRecommendation *
cs_analysis_get_recommendation (const CsAnalysis *a)
{
  g_return_val_if_fail (a != NULL, NULL);
  return &a->rec;
}

const CsVerdict *
cs_analysis_get_verdict (const CsAnalysis *a)
{
  g_return_val_if_fail (a != NULL, NULL);
  return a->verdict;
}

gboolean
cs_analysis_judge (const CsResult *result, double precision, double *reached,
                   gpointer user_data)
{
  g_autoptr(CsResultStats) stats = cs_result_stats_new (result, NULL);
  g_autoptr(CsVerdict) verdict = NULL;

  *reached = INFINITY;
  if (stats == NULL)
    return FALSE;
  verdict = cs_verdict_new (result, stats, precision);
  *reached = verdict->precision_reached;
  return verdict->settled;
}

/* ---- Comparisons --------------------------------------------------------------------------- */

struct _CsComparison
{
  guint                 n_results;
  const CsResult      **results;
  char                **names;
  CsResultStats       **stats;
  GPtrArray            *rows;   /* CsComparisonRow* */
  GPtrArray            *differences;
  GPtrArray            *advice;
};

static void
row_free (CsComparisonRow *row)
{
  g_free (row->points);
  g_free (row->time_ratio);
  g_free (row->throughput_ratio);
  g_free (row->efficiency_per_core);
  g_free (row);
}

static double
ratio (double a, double b)
{
  return isfinite (a) && isfinite (b) && b > 0 ? a / b : NAN;
}

static void
fill_row (CsComparison *c, CsComparisonRow *row)
{
  const CsPointStats *ref;

  for (guint i = 0; i < c->n_results; i++)
    row->points[i] = cs_result_stats_lookup (c->stats[i], row->mode, row->workers);
  ref = row->points[0];
  for (guint i = 0; i < c->n_results; i++)
    {
      const CsPointStats *p = row->points[i];
      const CsMachine *m = c->results[i]->machine;
      guint cores = m != NULL && m->n_cores > 0 ? MIN (row->workers, m->n_cores) : row->workers;

      row->time_ratio[i] = row->throughput_ratio[i] = row->efficiency_per_core[i] = NAN;
      if (p == NULL || p->n == 0)
        continue;
      if (ref != NULL && ref->n > 0)
        {
          row->time_ratio[i] = ratio (p->median_s, ref->median_s);
          row->throughput_ratio[i] = ratio (p->throughput, ref->throughput);
        }
      row->efficiency_per_core[i] = p->speedup / cores;
    }
}

static void
add_row (CsComparison *c, CsMode mode, guint workers)
{
  CsComparisonRow *row;

  for (guint i = 0; i < c->rows->len; i++)
    {
      CsComparisonRow *r = g_ptr_array_index (c->rows, i);
      if (r->mode == mode && r->workers == workers)
        return;
    }
  row = g_new0 (CsComparisonRow, 1);
  row->mode = mode;
  row->workers = workers;
  row->points = g_new0 (const CsPointStats *, c->n_results);
  row->time_ratio = g_new0 (double, c->n_results);
  row->throughput_ratio = g_new0 (double, c->n_results);
  row->efficiency_per_core = g_new0 (double, c->n_results);
  fill_row (c, row);
  g_ptr_array_add (c->rows, row);
}

static int
compare_rows (gconstpointer pa, gconstpointer pb, gpointer user_data)
{
  const CsComparisonRow *a = *(CsComparisonRow **) pa, *b = *(CsComparisonRow **) pb;
  const CsResultStats *first = user_data;
  const CsMode *modes;
  guint n_modes, ia = CS_MAX_MODES + a->mode, ib = CS_MAX_MODES + b->mode;

  modes = cs_result_stats_get_modes (first, &n_modes);
  for (guint m = 0; m < n_modes; m++)
    {
      if (modes[m] == a->mode)
        ia = m;
      if (modes[m] == b->mode)
        ib = m;
    }
  if (ia != ib)
    return ia < ib ? -1 : 1;
  return (a->workers > b->workers) - (a->workers < b->workers);
}

static void
build_rows (CsComparison *c)
{
  for (guint i = 0; i < c->n_results; i++)
    for (guint p = 0; p < cs_result_stats_get_n_points (c->stats[i]); p++)
      {
        const CsPointStats *point = cs_result_stats_get_point (c->stats[i], p);
        add_row (c, point->mode, point->workers);
      }
  g_ptr_array_sort_with_data (c->rows, compare_rows, c->stats[0]);
}

/* Lists a property when its value is not the same in every result. */
static void
diff_values (CsComparison *c, const char *what, char **values)
{
  GString *line;
  gboolean same = TRUE;

  for (guint i = 1; i < c->n_results; i++)
    same &= g_strcmp0 (values[i], values[0]) == 0;
  if (same)
    return;
  line = g_string_new (NULL);
  g_string_append_printf (line, "%s: ", what);
  for (guint i = 0; i < c->n_results; i++)
    g_string_append_printf (line, "%s%s (%s)", i ? ", " : "", values[i] ? values[i] : "–",
                            c->names[i]);
  g_ptr_array_add (c->differences, g_string_free (line, FALSE));
}

typedef char *(*PropertyFunc) (const CsResult *result, gconstpointer data);

static void
diff_property (CsComparison *c, const char *what, PropertyFunc get, gconstpointer data)
{
  g_auto(GStrv) values = g_new0 (char *, c->n_results + 1);

  for (guint i = 0; i < c->n_results; i++)
    values[i] = get (c->results[i], data);
  diff_values (c, what, values);
}

static char *
join_modes (const CsSweepConfig *cfg)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < cfg->n_modes; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", cs_mode_to_string (cfg->modes[i].mode));
  return g_string_free (s, FALSE);
}

static char *
join_workers (const CsSweepConfig *cfg)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < cfg->n_workers; i++)
    g_string_append_printf (s, "%s%u", i ? "," : "", cfg->workers[i]);
  return g_string_free (s, FALSE);
}

/* "process:start-method" → that option's value in that mode, or NULL. */
static char *
mode_option_value (const CsSweepConfig *cfg, const char *key)
{
  const char *colon = strchr (key, ':');
  g_autofree char *name = g_strndup (key, colon - key);
  const CsModeConfig *m;
  CsMode mode;

  if (!cs_mode_from_string (name, &mode) || (m = cs_sweep_config_find_mode (cfg, mode)) == NULL)
    return NULL;
  return g_strdup (cs_mode_config_get_option (m, colon + 1));
}

/* Small getters so that every property is compared the same way. */
static char *get_preset (const CsResult *r, gconstpointer d) { return g_strdup (r->config->preset); }
static char *get_modes (const CsResult *r, gconstpointer d) { return join_modes (r->config); }
static char *get_workers (const CsResult *r, gconstpointer d) { return join_workers (r->config); }
static char *get_reps (const CsResult *r, gconstpointer d) { return g_strdup_printf ("%u", r->config->reps); }
static char *get_warmup (const CsResult *r, gconstpointer d) { return g_strdup_printf ("%u", r->config->warmup); }
static char *get_scaling (const CsResult *r, gconstpointer d) { return g_strdup (cs_scaling_to_string (r->config->scaling)); }
static char *get_placement (const CsResult *r, gconstpointer d) { return g_strdup (cs_placement_to_string (r->config->placement)); }
static char *get_timeout (const CsResult *r, gconstpointer d) { return cs_format_seconds (r->config->timeout_s); }
static char *get_chunk (const CsResult *r, gconstpointer d) { return g_strdup_printf ("%u", r->config->chunk_size); }
static char *get_param (const CsResult *r, gconstpointer d) { return cs_param_compare_value (r, d); }
static char *get_option (const CsResult *r, gconstpointer d) { return mode_option_value (r->config, d); }
static char *get_version (const CsResult *r, gconstpointer d) { return g_strdup (r->corescope_version); }
static char *get_build (const CsResult *r, gconstpointer d) { return g_strdup (r->build); }
static char *get_host (const CsResult *r, gconstpointer d) { return r->machine ? g_strdup (r->machine->hostname) : NULL; }
static char *get_cpu (const CsResult *r, gconstpointer d) { return r->machine ? g_strdup (r->machine->cpu_model) : NULL; }
static char *get_topo (const CsResult *r, gconstpointer d) { return r->machine ? g_strdup (r->machine->topology_summary) : NULL; }
static char *get_kernel (const CsResult *r, gconstpointer d) { return r->machine ? g_strdup (r->machine->kernel) : NULL; }
static char *get_complete (const CsResult *r, gconstpointer d) { return g_strdup (r->complete ? _("complete") : _("incomplete")); }

static void
diff_params (CsComparison *c)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < c->n_results; i++)
    for (guint p = 0; c->results[i]->config->params && c->results[i]->config->params[p]; p++)
      {
        const char *param = c->results[i]->config->params[p];
        const char *eq = strchr (param, '=');
        char *name = eq ? g_strndup (param, eq - param) : g_strdup (param);

        if (g_hash_table_contains (seen, name))
          g_free (name);
        else
          {
            g_hash_table_add (seen, name);
            g_ptr_array_add (names, name);
          }
      }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *what = g_strdup_printf (_("parameter %s"), (char *) names->pdata[i]);
      diff_property (c, what, get_param, names->pdata[i]);
    }
}

/* Every mode option of any result ("process:start-method"), compared like a parameter. */
static void
diff_mode_options (CsComparison *c)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  for (guint i = 0; i < c->n_results; i++)
    for (guint m = 0; m < c->results[i]->config->n_modes; m++)
      {
        const CsModeConfig *mode = &c->results[i]->config->modes[m];
        for (guint o = 0; mode->options != NULL && mode->options[o] != NULL; o++)
          {
            const char *eq = strchr (mode->options[o], '=');
            g_autofree char *name = g_strndup (mode->options[o],
                                               eq ? eq - mode->options[o] : -1);
            char *key = g_strdup_printf ("%s:%s", cs_mode_to_string (mode->mode), name);

            if (g_hash_table_contains (seen, key))
              g_free (key);
            else
              {
                g_hash_table_add (seen, key);
                g_ptr_array_add (keys, key);
              }
          }
      }
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i], *colon = strchr (key, ':');
      g_autofree char *mode = g_strndup (key, colon - key);
      /* Translators: "process option start-method" */
      g_autofree char *what = g_strdup_printf (_("%s option %s"), mode, colon + 1);

      diff_property (c, what, get_option, key);
    }
}

static void
build_differences (CsComparison *c)
{
  diff_property (c, _("preset"), get_preset, NULL);
  diff_params (c);
  diff_property (c, _("modes"), get_modes, NULL);
  diff_property (c, _("workers"), get_workers, NULL);
  diff_property (c, _("repetitions"), get_reps, NULL);
  diff_property (c, _("warm-up runs"), get_warmup, NULL);
  diff_property (c, _("scaling"), get_scaling, NULL);
  diff_property (c, _("placement"), get_placement, NULL);
  diff_mode_options (c);
  diff_property (c, _("timeout"), get_timeout, NULL);
  diff_property (c, _("chunk size"), get_chunk, NULL);
  diff_property (c, _("host"), get_host, NULL);
  diff_property (c, _("CPU"), get_cpu, NULL);
  diff_property (c, _("topology"), get_topo, NULL);
  diff_property (c, _("kernel"), get_kernel, NULL);
  diff_property (c, _("Corescope version"), get_version, NULL);
  diff_property (c, _("build"), get_build, NULL);
  diff_property (c, _("sweep"), get_complete, NULL);
}

/* For each mode, which result was fastest at the largest worker count all of them measured:
 * that is the placement (or machine, or parameter) to prefer. */
static void
advise_mode (CsComparison *c, CsMode mode)
{
  const CsComparisonRow *top = NULL;
  guint fastest = 0, slowest = 0;
  g_autofree char *t_fast = NULL, *t_slow = NULL;

  for (guint r = 0; r < c->rows->len; r++)
    {
      const CsComparisonRow *row = g_ptr_array_index (c->rows, r);
      gboolean everywhere = row->mode == mode;
      for (guint i = 0; i < c->n_results && everywhere; i++)
        everywhere = row->points[i] != NULL && row->points[i]->n > 0;
      if (everywhere && (top == NULL || row->workers > top->workers))
        top = row;
    }
  if (top == NULL)
    return;
  for (guint i = 1; i < c->n_results; i++)
    {
      if (top->points[i]->median_s < top->points[fastest]->median_s)
        fastest = i;
      if (top->points[i]->median_s > top->points[slowest]->median_s)
        slowest = i;
    }
  if (fastest == slowest)
    return;
  if (top->points[slowest]->median_s < top->points[fastest]->median_s * 1.03)
    {
      advise (c->advice, _("In %s mode at %u workers the results are within 3 %% of each other, "
                           "which is within the usual noise."), mode_title (mode), top->workers);
      return;
    }
  t_fast = cs_format_seconds (top->points[fastest]->median_s);
  t_slow = cs_format_seconds (top->points[slowest]->median_s);
  advise (c->advice, _("In %s mode at %u workers %s is fastest (%s), %.2f× faster than %s (%s)."),
          mode_title (mode), top->workers, c->names[fastest], t_fast,
          top->points[slowest]->median_s / top->points[fastest]->median_s, c->names[slowest],
          t_slow);
}

/* The modes both results ran have the same options (a pool started per run does more work). */
static gboolean
same_mode_options (const CsSweepConfig *a, const CsSweepConfig *b)
{
  for (guint i = 0; i < a->n_modes; i++)
    {
      const CsModeConfig *other = cs_sweep_config_find_mode (b, a->modes[i].mode);
      if (other != NULL && !g_strv_equal ((const char *const *) a->modes[i].options,
                                          (const char *const *) other->options))
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_work (const CsResult *a, const CsResult *b)
{
  return g_strcmp0 (a->config->preset, b->config->preset) == 0 &&
         a->config->scaling == b->config->scaling &&
         same_mode_options (a->config, b->config) &&
         (a->config->params == NULL) == (b->config->params == NULL) &&
         (a->config->params == NULL ||
          g_strv_equal ((const char *const *) a->config->params,
                        (const char *const *) b->config->params));
}

/* One worker does the same work whatever the placement or pool: when its time differs between
 * results of the same work on the same host, the machine's load changed between the sweeps and
 * any difference at higher worker counts is suspect. */
static gboolean
advise_drift (CsComparison *c, CsMode mode)
{
  const CsPointStats *p0 = cs_result_stats_lookup (c->stats[0], mode, 1);

  for (guint i = 1; p0 != NULL && p0->n > 0 && i < c->n_results; i++)
    {
      const CsPointStats *p = cs_result_stats_lookup (c->stats[i], mode, 1);
      const CsMachine *m0 = c->results[0]->machine, *m = c->results[i]->machine;
      double r;

      if (p == NULL || p->n == 0 || m0 == NULL || m == NULL ||
          g_strcmp0 (m0->hostname, m->hostname) != 0 || !same_work (c->results[0], c->results[i]))
        continue;
      r = MAX (p->median_s, p0->median_s) / MIN (p->median_s, p0->median_s);
      if (r > 1.1)
        {
          advise (c->advice, _("Caution: one %s worker took %.0f %% longer in one result than "
                               "in the other although it does the same work on the same host: "
                               "the machine's load changed between the sweeps. Repeat both on "
                               "an idle machine before trusting the differences."),
                  mode_title (mode), (r - 1) * 100);
          return TRUE;
        }
    }
  return FALSE;
}

static void
build_advice (CsComparison *c)
{
  const CsMode *modes;
  guint n_modes;
  gboolean placements_differ = FALSE;

  modes = cs_result_stats_get_modes (c->stats[0], &n_modes);
  for (guint m = 0; m < n_modes; m++)
    advise_mode (c, modes[m]);
  for (guint m = 0; m < n_modes && !advise_drift (c, modes[m]); m++)
    ;
  for (guint i = 1; i < c->n_results; i++)
    placements_differ |= c->results[i]->config->placement != c->results[0]->config->placement;
  if (placements_differ)
    advise (c->advice, _("The results differ in placement: the faster one above is the "
                         "placement to use on this machine for this workload; differences "
                         "under a few percent are within noise."));
  for (guint i = 1; i < c->n_results; i++)
    if (g_strcmp0 (c->results[i]->config->preset, c->results[0]->config->preset) != 0)
      {
        advise (c->advice, _("The results ran different presets: their times measure "
                             "different work and only the shapes of the curves compare."));
        break;
      }
}

CsComparison *
cs_comparison_new (const CsResult *const *results, const char *const *names, guint n_results,
                   GError **error)
{
  g_autoptr(CsComparison) c = g_new0 (CsComparison, 1);

  g_return_val_if_fail (results != NULL && names != NULL, NULL);

  if (n_results == 0)
    {
      g_set_error (error, CS_ANALYSIS_ERROR, CS_ANALYSIS_ERROR_NO_DATA,
                   _("nothing to compare"));
      return NULL;
    }
  c->n_results = n_results;
  c->results = g_memdup2 (results, sizeof (CsResult *) * n_results);
  c->names = g_new0 (char *, n_results + 1);
  c->stats = g_new0 (CsResultStats *, n_results);
  for (guint i = 0; i < n_results; i++)
    {
      g_autoptr(GError) local = NULL;

      c->names[i] = g_strdup (names[i]);
      c->stats[i] = cs_result_stats_new (results[i], &local);
      if (c->stats[i] == NULL)
        {
          g_set_error (error, CS_ANALYSIS_ERROR, CS_ANALYSIS_ERROR_NO_DATA, "%s: %s", names[i],
                       local->message);
          return NULL;
        }
    }
  c->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  c->differences = g_ptr_array_new_with_free_func (g_free);
  c->advice = g_ptr_array_new_with_free_func (g_free);
  build_rows (c);
  build_differences (c);
  build_advice (c);
  return g_steal_pointer (&c);
}

void
cs_comparison_free (CsComparison *c)
{
  if (c == NULL)
    return;
  for (guint i = 0; c->stats != NULL && i < c->n_results; i++)
    cs_result_stats_free (c->stats[i]);
  g_free (c->stats);
  g_free (c->results);
  g_strfreev (c->names);
  g_clear_pointer (&c->rows, g_ptr_array_unref);
  g_clear_pointer (&c->differences, g_ptr_array_unref);
  g_clear_pointer (&c->advice, g_ptr_array_unref);
  g_free (c);
}

guint
cs_comparison_get_n_results (const CsComparison *c)
{
  g_return_val_if_fail (c != NULL, 0);
  return c->n_results;
}

const char *
cs_comparison_get_name (const CsComparison *c, guint index)
{
  g_return_val_if_fail (c != NULL && index < c->n_results, NULL);
  return c->names[index];
}

const CsResultStats *
cs_comparison_get_stats (const CsComparison *c, guint index)
{
  g_return_val_if_fail (c != NULL && index < c->n_results, NULL);
  return c->stats[index];
}

guint
cs_comparison_get_n_rows (const CsComparison *c)
{
  g_return_val_if_fail (c != NULL, 0);
  return c->rows->len;
}

const CsComparisonRow *
cs_comparison_get_row (const CsComparison *c, guint index)
{
  g_return_val_if_fail (c != NULL && index < c->rows->len, NULL);
  return g_ptr_array_index (c->rows, index);
}

GPtrArray *
cs_comparison_get_differences (const CsComparison *c)
{
  g_return_val_if_fail (c != NULL, NULL);
  return c->differences;
}

GPtrArray *
cs_comparison_get_advice (const CsComparison *c)
{
  g_return_val_if_fail (c != NULL, NULL);
  return c->advice;
}

char *
cs_comparison_to_csv (const CsComparison *c)
{
  GString *s;

  g_return_val_if_fail (c != NULL, NULL);
  s = g_string_new ("result,preset,mode,workers,n,median_s,speedup,efficiency,"
                    "efficiency_per_core,throughput,time_ratio,throughput_ratio\n");
  for (guint r = 0; r < c->rows->len; r++)
    {
      const CsComparisonRow *row = g_ptr_array_index (c->rows, r);
      for (guint i = 0; i < c->n_results; i++)
        {
          const CsPointStats *p = row->points[i];
          cs_csv_append_text (s, c->names[i], TRUE);
          g_string_append_printf (s, ",%s,%s,%u,%u", c->results[i]->config->preset,
                                  cs_mode_to_string (row->mode), row->workers, p ? p->n : 0);
          cs_csv_append_short (s, p ? p->median_s : NAN);
          cs_csv_append_short (s, p ? p->speedup : NAN);
          cs_csv_append_short (s, p ? p->efficiency : NAN);
          cs_csv_append_short (s, row->efficiency_per_core[i]);
          cs_csv_append_short (s, p ? p->throughput : NAN);
          cs_csv_append_short (s, row->time_ratio[i]);
          cs_csv_append_short (s, row->throughput_ratio[i]);
          g_string_append_c (s, '\n');
        }
    }
  return g_string_free (s, FALSE);
}
