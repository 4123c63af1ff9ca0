/* cs-cli-analyze.c: `corescope analyze`: statistics, scaling models and advice for one result
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs-analysis.h"
#include "cs-cli-table.h"
#include "cs-cli.h"

#define COMMAND "analyze"

/* A number with a fixed count of decimals and a unit, or a dash when it is not known. */
static char *
fmt (double v, int decimals, const char *suffix)
{
  return isfinite (v) ? g_strdup_printf ("%.*f%s", decimals, v, suffix) : g_strdup ("–");
}

static char *
fmt_time (double s)
{
  return isfinite (s) ? cs_format_seconds (s) : g_strdup ("–");
}

static char *
fmt_range (double lo, double hi, gboolean times)
{
  g_autofree char *a = times ? fmt_time (lo) : fmt (lo, 2, "");
  g_autofree char *b = times ? fmt_time (hi) : fmt (hi, 2, "");

  if (!isfinite (lo) || !isfinite (hi))
    return g_strdup ("");
  return g_strdup_printf ("%s – %s", a, b);
}

static char *
point_notes (const CsPointStats *p)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (p->n_failed > 0)
    g_string_append_printf (s, _("%u not ok; "), p->n_failed);
  if (p->n_outliers > 0)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u outlier; ", "%u outliers; ",
                                            p->n_outliers), p->n_outliers);
  if (p->noisy)
    g_string_append (s, _("noisy; "));
  if (p->noise & CS_NOISE_OVERSUBSCRIBED)
    g_string_append (s, _("oversubscribed; "));
  if (s->len >= 2)
    g_string_truncate (s, s->len - 2);
  return g_strdup (s->str);
}

static void
add_point_row (CsCliTable *table, const CsPointStats *p)
{
  g_autofree char *n = g_strdup_printf ("%u", p->n);
  g_autofree char *workers = g_strdup_printf ("%u", p->workers);
  g_autofree char *median = fmt_time (p->median_s);
  g_autofree char *range = fmt_range (p->median_ci_low_s, p->median_ci_high_s, TRUE);
  /* fewer than 6 runs cannot give 95 %: name the real coverage, as the chart does */
  g_autofree char *label = cs_stats_ci_label (p->n);
  g_autofree char *ci = p->median_ci_level < 0.95 ? g_strdup_printf ("%s (%s)", range, label)
                                                  : g_strdup (range);
  g_autofree char *mean = fmt_time (p->mean_s);
  g_autofree char *cv = fmt (p->cv * 100, 1, " %");
  g_autofree char *speedup = fmt (p->speedup, 2, "×");
  g_autofree char *speedup_range = fmt_range (p->speedup_ci_low, p->speedup_ci_high, FALSE);
  /* the bootstrap resamples the same few runs: named as the chart's bars are */
  g_autofree char *speedup_ci = p->median_ci_level < 0.95
                                ? g_strdup_printf ("%s (%s)", speedup_range, label)
                                : g_strdup (speedup_range);
  g_autofree char *vs_best = fmt (p->speedup_vs_best, 2, "×");
  g_autofree char *eff = fmt (p->efficiency * 100, 0, " %");
  g_autofree char *rate = fmt (p->throughput, p->throughput < 10 ? 2 : 0, "");
  g_autofree char *notes = point_notes (p);
  const char *cells[] = { cs_mode_to_string (p->mode), workers, n, median, ci, mean, cv,
                          speedup, speedup_ci, vs_best, eff, rate, notes };

  cs_cli_table_add_row (table, cells);
}

/* "  python-thread: python=python3, pool=per-run (CPython 3.11.2, /usr/bin/python3)";
 * "  python-thread (free-threaded): …, gil=disabled)" when it ran without a GIL */
static void
print_mode (const CsSweepConfig *config, const CsModeConfig *mode)
{
  g_autofree char *options = mode->options ? g_strjoinv (", ", mode->options) : NULL;
  g_autofree char *info = mode->info && mode->info[0] ? g_strjoinv (", ", mode->info) : NULL;
  g_autofree char *title = cs_sweep_config_mode_title (config, mode->mode);

  printf ("  %s: %s%s%s%s\n", title,
          options != NULL && *options ? options : _("no options"), info ? " (" : "",
          info ? info : "", info ? ")" : "");
}

static void
print_header (const char *path, const CsResult *r)
{
  g_autofree char *params = r->config->params ? g_strjoinv (" ", r->config->params) : NULL;
  g_autofree char *started = r->started ? g_date_time_format (r->started, "%F %T %Z") : NULL;

  printf (_("Result: %s\n"), path);
  printf (_("  preset %s %s; %s scaling; %u reps, %u warm-up; placement %s\n"),
          r->config->preset, params ? params : "", cs_scaling_to_string (r->config->scaling),
          r->config->reps, r->config->warmup, cs_placement_to_string (r->config->placement));
  if (r->config->precision > 0)
    printf (_("  adaptive: to ±%.0f %% or %s, at least %u reps\n"), r->config->precision * 100,
            fmt_time (r->config->max_time_s), r->config->reps);
  if (r->stop_reason != NULL && isfinite (r->precision_reached))
    printf (_("  stopped: %s (intervals ±%.1f %%)\n"), r->stop_reason,
            r->precision_reached * 100);
  else if (r->stop_reason != NULL)
    printf (_("  stopped: %s\n"), r->stop_reason);
  for (guint i = 0; i < r->config->n_modes; i++)
    print_mode (r->config, &r->config->modes[i]);
  if (r->machine != NULL)
    printf (_("  machine %s: %s; %s\n"), r->machine->hostname ? r->machine->hostname : "?",
            r->machine->cpu_model ? r->machine->cpu_model : "?",
            r->machine->topology_summary ? r->machine->topology_summary : "");
  printf (_("  measured %s by Corescope %s%s\n\n"), started ? started : "?",
          r->corescope_version, r->complete ? "" : _(" (incomplete: cancelled or interrupted)"));
}

static void
print_statistics (const CsResultStats *stats, const CsResult *r)
{
  g_autoptr(CsCliTable) table = cs_cli_table_new (13, 1 << 0 | 1 << 12);
  g_autofree char *rate = g_strdup_printf (_("%s/s"), r->work_unit ? r->work_unit : _("tasks"));
  const char *header[] = { _("mode"), _("workers"), _("n"), _("median"), _("95% CI"), _("mean"),
                           _("CV"), _("speedup"), _("95% CI"), _("vs best"), _("efficiency"),
                           rate, _("notes") };
  g_autofree char *text = NULL;

  cs_cli_table_add_row (table, header);
  for (guint i = 0; i < cs_result_stats_get_n_points (stats); i++)
    add_point_row (table, cs_result_stats_get_point (stats, i));
  text = cs_cli_table_to_string (table, "");
  printf ("%s\n", _("Statistics (successful runs only; speed-up vs the same mode's 1-worker "
                    "median; “vs best” vs the best 1-worker median of any mode)"));
  printf ("%s", text);
}

/* Points that were configured but have no successful run, with the first reason given. */
static void
print_missing (const CsResultStats *stats, const CsResult *r)
{
  for (guint i = 0; i < cs_result_stats_get_n_points (stats); i++)
    {
      const CsPointStats *p = cs_result_stats_get_point (stats, i);
      const char *reason = NULL;

      if (p->n > 0)
        continue;
      for (guint k = 0; k < r->runs->len && reason == NULL; k++)
        {
          const CsRun *run = g_ptr_array_index (r->runs, k);
          if (run->mode == p->mode && run->workers == p->workers)
            reason = run->reason ? run->reason : cs_run_status_to_string (run->status);
        }
      printf (_("  missing: %s × %u has no successful run (%s); it is left out\n"),
              cs_mode_to_string (p->mode), p->workers, reason ? reason : _("never measured"));
    }
}

static void
print_karp_flatt (const CsResultStats *stats, CsMode mode, const CsSeriesFit *fit)
{
  const CsPointStats *const *series;
  const char *trend[] = { N_("constant: a fixed serial part, as Amdahl assumes"),
                          N_("growing: overhead grows with the number of workers"),
                          N_("shrinking: superlinear effects or a slow 1-worker run") };
  guint n;

  series = cs_result_stats_get_series (stats, mode, &n);
  printf ("    %s", _("Karp–Flatt e(N):"));
  for (guint i = 0; i < n; i++)
    if (series[i]->workers > 1 && isfinite (series[i]->speedup))
      printf (" %u: %.3f", series[i]->workers, cs_karp_flatt (series[i]->workers,
                                                             series[i]->speedup));
  if (fit->has_karp_flatt)
    printf (" — %s", _(trend[fit->karp_flatt]));
  printf ("\n");
}

static void
print_usl (const CsUslFit *usl, guint max_workers)
{
  static const guint beyond[] = { 2, 4 };

  printf (_("    USL: α (contention) = %.4g, β (coherency) = %.4g, R² = %.3f"), usl->alpha,
          usl->beta, usl->r2);
  if (isfinite (usl->peak_n))
    printf (_("; peak at N* = %.1f workers: %.2f×\n"), usl->peak_n, usl->peak_speedup);
  else
    printf (_("; no peak (β = 0): approaches %.2f×\n"), usl->peak_speedup);
  printf ("    %s", _("predicted:"));
  for (guint i = 0; i < G_N_ELEMENTS (beyond); i++)
    printf (_(" %u workers → %.2f×;"), max_workers * beyond[i],
            cs_usl_predict (usl, max_workers * beyond[i]));
  printf (_(" 64 workers → %.2f×\n"), cs_usl_predict (usl, 64));
}

static void
print_models (const CsAnalysis *a)
{
  const CsResultStats *stats = cs_analysis_get_stats (a);
  const CsMode *modes;
  guint n_modes;

  printf ("\n%s\n", _("Scaling models (fitted to the speed-ups)"));
  modes = cs_result_stats_get_modes (stats, &n_modes);
  for (guint m = 0; m < n_modes; m++)
    {
      const CsSeriesFit *fit = cs_analysis_get_fit (a, modes[m]);
      const CsPointStats *const *series;
      guint n;

      series = cs_result_stats_get_series (stats, modes[m], &n);
      if (fit == NULL)
        {
          printf (_("  %s: not fitted: %s\n"), cs_mode_to_string (modes[m]),
                  cs_analysis_get_fit_problem (a, modes[m]));
          continue;
        }
      printf (_("  %s (%u points):\n"), cs_mode_to_string (modes[m]), fit->n_points);
      if (fit->has_amdahl)
        printf (_("    Amdahl: serial fraction s = %.4f (R² = %.3f), limit %.1f×\n"),
                fit->amdahl.s, fit->amdahl.r2, fit->amdahl.max_speedup);
      if (fit->has_usl)
        print_usl (&fit->usl, series[n - 1]->workers);
      print_karp_flatt (stats, modes[m], fit);
    }
}

static void
print_verdict (const CsAnalysis *a)
{
  const CsVerdict *v = cs_analysis_get_verdict (a);
  const CsRecommendation *rec = cs_analysis_get_recommendation (a);

  printf ("\n%s\n  %s\n", _("Verdict"), v->headline);
  for (guint i = 0; i < v->reasons->len; i++)
    printf ("  • %s\n", (char *) g_ptr_array_index (v->reasons, i));
  if (v->settle != NULL)
    printf ("  %s\n", v->settle);
  if (rec->advice->len > 0)
    printf ("\n%s\n", _("Notes"));
  for (guint i = 0; i < rec->advice->len; i++)
    printf ("  • %s\n", (char *) g_ptr_array_index (rec->advice, i));
}

static void
print_help (void)
{
  printf ("%s\n\n%s\n", _("Usage: corescope analyze RESULT.json [--csv SUMMARY.csv] [--json]"),
          _("Prints the statistics of every point (median with its 95 % confidence interval,\n"
            "spread, speed-up with a bootstrap interval, efficiency, throughput, outliers),\n"
            "the Amdahl and Universal Scalability Law fits with predictions beyond the\n"
            "measured worker counts, the Karp–Flatt serial fraction, and the verdict:\n"
            "threads or processes, how many workers, and how sure (95 % intervals of\n"
            "time ratios paired by repetition, decided at a 5 % margin).\n\n"
            "  --csv FILE   also write the summary CSV: one row per (mode, workers) with the\n"
            "               median, min, max, speed-up and efficiency\n"
            "  --json       print only the verdict, as a JSON object (for scripts)"));
}

static int
parse_args (int argc, char **argv, const char **path, const char **csv, gboolean *json,
            gboolean *help)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        return *help = TRUE, CS_CLI_EXIT_OK;
      if (g_str_equal (argv[i], "--json"))
        *json = TRUE;
      else if (g_str_equal (argv[i], "--csv"))
        {
          if (i + 1 >= argc)
            return cs_cli_usage_error (COMMAND, _("--csv needs a file name: --csv summary.csv"));
          *csv = argv[++i];
        }
      else if (g_str_has_prefix (argv[i], "--csv="))
        *csv = argv[i] + strlen ("--csv=");
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return cs_cli_usage_error (COMMAND, _("unknown option '%s' (try --help)"), argv[i]);
      else if (*path != NULL)
        return cs_cli_usage_error (COMMAND, _("give one result file (use compare for several)"));
      else
        *path = argv[i];
    }
  if (*path == NULL)
    return cs_cli_usage_error (COMMAND, _("missing RESULT.json (try --help)"));
  return CS_CLI_EXIT_OK;
}

int
cs_cli_analyze (int argc, char **argv)
{
  g_autoptr(CsResult) result = NULL;
  g_autoptr(CsAnalysis) analysis = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = NULL, *csv = NULL;
  gboolean help = FALSE, json = FALSE;
  int status;

  if ((status = parse_args (argc, argv, &path, &csv, &json, &help)) != CS_CLI_EXIT_OK || help)
    {
      if (help)
        print_help ();
      return status;
    }
  if (csv != NULL && (status = cs_cli_check_outputs (COMMAND, (const char *[]) { csv, NULL },
                                                     (const char *[]) { path, NULL })) != 0)
    return status;

  result = cs_result_load (path, &error);
  if (result != NULL)
    analysis = cs_analysis_new (result, &error);
  if (analysis == NULL)
    return cs_cli_failure (COMMAND, "%s%s%s", error->domain == CS_RESULT_ERROR ? "" : path,
                           error->domain == CS_RESULT_ERROR ? "" : ": ", error->message);

  if (json)
    {
      g_autofree char *text = cs_verdict_to_json (cs_analysis_get_verdict (analysis));
      printf ("%s\n", text);
      return CS_CLI_EXIT_OK;
    }
  print_header (path, result);
  print_statistics (cs_analysis_get_stats (analysis), result);
  print_missing (cs_analysis_get_stats (analysis), result);
  print_models (analysis);
  print_verdict (analysis);
  if (csv != NULL && !cs_result_save_summary_csv (result, csv, &error))
    return cs_cli_failure (COMMAND, "%s", error->message);
  return CS_CLI_EXIT_OK;
}
