/* cs-cli-run.c: `corescope run`, a sweep of modes × workers × repetitions from the terminal
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-analysis.h"
#include "cs-chart-data.h"
#include "cs-cli-run-config.h"
#include "cs-headline.h"
#include "cs-cli.h"
#include "cs-journal.h"
#include "cs-output.h"
#include "cs-run-noise.h"
#include "cs-result.h"
#include "cs-stats.h"
#include "cs-sweep-job.h"
#include "cs-topology.h"
#include "cs-workload.h"

#define COMMAND "run"

/* ---- progress ----------------------------------------------------------------------------- */

typedef struct
{
  gboolean quiet;
  gboolean tty;
  gboolean line_open;  /* the bar is on screen without its newline */
} ProgressState;

static char *
format_eta (double s)
{
  if (s < 0)
    return g_strdup ("?");
  if (s < 60)
    return g_strdup_printf ("%.0fs", ceil (s));
  return g_strdup_printf ("%d:%02d", (int) s / 60, (int) s % 60);
}

static void
on_progress (CsSweepJob *job, const CsSweepProgress *p, gpointer user_data)
{
  ProgressState *state = user_data;
  g_autofree char *eta = format_eta (p->eta_s);
  g_autofree char *toward = cs_sweep_progress_describe_precision (p);
  const char *mode = cs_mode_to_string (p->mode);

  if (state->quiet || p->done == 0)
    return;
  if (state->tty)
    {
      const int width = 30;
      int filled = p->total > 0 ? (int) ((double) p->done / p->total * width) : 0;
      char bar[31];
      for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '-';
      bar[width] = '\0';
      fprintf (stderr, "\r[%s] %u/%u  %-14s ×%-3u %s  %s %-6s", bar, p->done, p->total, mode,
               p->workers, p->warmup ? _("warm-up") : "       ", toward ? toward : "ETA",
               toward ? "" : eta);
      state->line_open = p->done < p->total;
      if (!state->line_open)
        fputc ('\n', stderr);
    }
  else if (p->warmup)
    fprintf (stderr, _("%u/%u warm-up %s ×%u, ETA %s\n"), p->done, p->total, mode, p->workers,
             eta);
  else
    fprintf (stderr, _("%u/%u %s ×%u rep %u: %.4f s %s, %s %s\n"), p->done, p->total, mode,
             p->workers, p->rep + 1, p->last_run->wall_s,
             cs_run_status_to_string (p->last_run->status), toward ? toward : _("ETA"),
             toward ? "" : eta);
  fflush (stderr);
}

/* ---- output ------------------------------------------------------------------------------- */

static char *
format_time (double s)
{
  if (isnan (s))
    return g_strdup ("—");
  if (s >= 1)
    return g_strdup_printf ("%.3f s", s);
  if (s >= 1e-3)
    return g_strdup_printf ("%.2f ms", s * 1e3);
  return g_strdup_printf ("%.1f µs", s * 1e6);
}

/* The mode column: as wide as the longest mode name (python-thread-ft), at least 14. */
static int
mode_width (const CsResultStats *stats)
{
  gsize width = 14;

  for (guint i = 0; i < cs_result_stats_get_n_points (stats); i++)
    width = MAX (width, strlen (cs_mode_to_string (cs_result_stats_get_point (stats, i)->mode)));
  return (int) width;
}

static void
print_point (FILE *out, const CsPointStats *p, int width)
{
  g_autofree char *median = format_time (p->median_s);
  g_autofree char *spread = format_time ((p->max_s - p->min_s) / 2);
  g_autofree char *failed = p->n_failed > 0
    ? g_strdup_printf (_("  (%u not ok)"), p->n_failed) : g_strdup ("");

  if (p->n == 0)
    {
      fprintf (out, "%-*s %7u  %12s  %12s  %8s  %10s%s\n", width, cs_mode_to_string (p->mode),
               p->workers, "—", "—", "—", "—", failed);
      return;
    }
  fprintf (out, "%-*s %7u  %12s  ±%11s  %7.2f×  %9.0f%%%s\n", width, cs_mode_to_string (p->mode),
           p->workers, median, spread, p->speedup, p->efficiency * 100, failed);
}

/* The observer's share and the runs measured again (cs-run-noise.h). */
static void
print_noise (FILE *out, const CsResult *result)
{
  double share = cs_result_observer_share (result);
  guint disturbed = 0;

  for (guint i = 0; i < result->runs->len; i++)
    disturbed += ((const CsRun *) g_ptr_array_index (result->runs, i))->remeasured;
  if (share >= 0)
    fprintf (out, _("Corescope itself used %.2f %% of the sweep's CPU time while runs were "
                    "timed (goal: under 1 %%).\n"), 100 * share);
  if (disturbed > 0)
    fprintf (out, ngettext ("%u disturbed run was measured again (kept in the result, "
                            "flagged).\n",
                            "%u disturbed runs were measured again (kept in the result, "
                            "flagged).\n", disturbed), disturbed);
}

/* What ran is not always what the mode's name says: python-thread on a free-threaded python3. */
static void
print_runtime_notes (FILE *out, const CsSweepConfig *config)
{
  for (guint i = 0; i < config->n_modes; i++)
    {
      CsMode mode = config->modes[i].mode;
      g_autofree char *title = cs_sweep_config_mode_title (config, mode);
      const char *exe = cs_mode_config_get_info (&config->modes[i], "executable");

      if (g_strcmp0 (title, cs_mode_to_string (mode)) != 0)
        fprintf (out, _("%s: %s ran without a GIL (%s)\n"), title, cs_mode_to_string (mode),
                 exe != NULL ? exe : "?");
    }
}

/* The table of points, then the verdict's headline as the last lines: the figures are the
 * same statistics `corescope analyze` and the window show. On stderr when a result goes to
 * standard output (--json -), so that stdout stays JSON. */
static void
print_summary (FILE *out, const CsResult *result, double precision)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsAnalysis) analysis = cs_analysis_new_full (result, precision, &error);
  const CsResultStats *stats;
  const CsVerdict *verdict;
  int width;

  if (analysis == NULL)
    {
      fprintf (stderr, "corescope run: %s\n", error->message);
      return;
    }
  stats = cs_analysis_get_stats (analysis);
  width = mode_width (stats);
  fprintf (out, "%-*s %7s  %12s  %12s  %8s  %10s\n", width, _("mode"), _("workers"),
           _("median"), _("±spread"), _("speedup"), _("efficiency"));
  for (guint i = 0; i < cs_result_stats_get_n_points (stats); i++)
    print_point (out, cs_result_stats_get_point (stats, i), width);
  print_runtime_notes (out, result->config);
  print_noise (out, result);
  /* The verdict's headline, so that `run` ends with an answer without `analyze`. */
  verdict = cs_analysis_get_verdict (analysis);
  fprintf (out, "\n%s\n", verdict->headline);
  if (verdict->settle != NULL)
    fprintf (out, "%s\n", verdict->settle);
}

/* FILE.csv → FILE-summary.csv; none for standard output. */
static char *
summary_path (const char *csv_path)
{
  g_autofree char *base = NULL;

  if (csv_path == NULL || cs_output_is_stdout (csv_path))
    return NULL;
  base = g_str_has_suffix (csv_path, ".csv")
    ? g_strndup (csv_path, strlen (csv_path) - 4) : g_strdup (csv_path);
  return g_strconcat (base, "-summary.csv", NULL);
}

static gboolean
save_chart (const CsResult *result, const char *path, GError **error)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new ();

  g_ptr_array_add (results, (gpointer) result);
  return cs_chart_export_results (results, CS_CHART_SPEEDUP, CS_CHART_FIT_NONE, path,
                                  CS_CHART_FORMAT_AUTO, 0, 0, 0, CS_CHART_THEME_LIGHT, error);
}

typedef gboolean (*SaveFunc) (const CsResult *result, const char *path, GError **error);

static gboolean
save_one (SaveFunc save, const CsResult *result, const char *path)
{
  g_autoptr (GError) error = NULL;

  if (path == NULL || save (result, path, &error))
    return TRUE;
  cs_cli_failure (COMMAND, "%s", error->message);
  return FALSE;
}

/* Every output is tried, so one that fails does not take the others with it. */
static gboolean
save_outputs (const CsCliRunOptions *o, const CsResult *result)
{
  g_autofree char *summary = summary_path (o->csv_path);
  gboolean ok = TRUE;

  ok &= save_one (cs_result_save, result, o->json_path);
  ok &= save_one (cs_result_save_csv, result, o->csv_path);
  ok &= save_one (cs_result_save_summary_csv, result, summary);
  ok &= save_one (save_chart, result, o->png_path);
  return ok;
}

/* Before the sweep: nothing is measured for outputs that could not be written. */
static int
check_outputs (const CsCliRunOptions *o)
{
  g_autofree char *summary = summary_path (o->csv_path);
  const char *given[] = { o->json_path, o->csv_path, summary, o->png_path };
  const char *outputs[G_N_ELEMENTS (given) + 1] = { NULL };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (given[i] != NULL)
      outputs[n++] = given[i];
  return cs_cli_check_outputs (COMMAND, outputs, NULL);
}

static gboolean
writes_stdout (const CsCliRunOptions *o)
{
  return cs_output_is_stdout (o->json_path) || cs_output_is_stdout (o->csv_path) ||
         cs_output_is_stdout (o->png_path);
}

/* Counts the runs that are not ok and names the first few on stderr, with their reason. */
static guint
report_failed (const CsResult *result)
{
  const guint shown = 5;
  guint n = 0;

  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);
      if (run->status == CS_RUN_OK)
        continue;
      if (n++ < shown)
        fprintf (stderr, _("corescope run: %s ×%u rep %u: %s%s%s\n"),
                 cs_mode_to_string (run->mode), run->workers, run->rep + 1,
                 cs_run_status_to_string (run->status), run->reason != NULL ? ": " : "",
                 run->reason != NULL ? run->reason : "");
    }
  return n;
}

/* The journal has the runs until every output is saved; then it goes. */
static void
settle_journal (const char *journal, gboolean saved)
{
  g_autoptr (GError) error = NULL;

  if (journal == NULL)
    return;
  if (!saved)
    fprintf (stderr, _("corescope run: the measurements are kept in the journal %s; get them "
                       "back with: corescope recover --json FILE %s\n"), journal, journal);
  else if (!cs_journal_discard (journal, &error))
    fprintf (stderr, "corescope run: %s\n", error->message);
}

static int
finish (const CsCliRunOptions *o, CsResult *result, CsSweepJob *job)
{
  guint failed = report_failed (result);
  int signum = cs_sweep_job_get_stop_signal (job);
  gboolean saved;

  if (!result->complete)
    fprintf (stderr, _("corescope run: cancelled; keeping the %u runs measured so far "
                       "(marked incomplete)\n"), result->runs->len);
  print_summary (writes_stdout (o) ? stderr : stdout, result, result->config->precision);
  saved = save_outputs (o, result);
  settle_journal (cs_sweep_job_get_journal_path (job), saved);
  if (failed > 0)
    fprintf (stderr, _("corescope run: %u of %u runs did not succeed (see the result's "
                       "reasons)\n"), failed, result->runs->len);
  if (!saved)
    return CS_CLI_EXIT_FAILURE;
  if (!result->complete)
    return 128 + (signum != 0 ? signum : SIGINT);
  return failed > 0 ? CS_CLI_EXIT_FAILURE : CS_CLI_EXIT_OK;
}

static CsSweepRequest *
build_request (CsCliRunOptions *o, int *status)
{
  g_autoptr (CsSweepConfig) config = cs_cli_run_build_config (o);
  g_autoptr (CsTopology) topology = NULL;
  g_autoptr (GError) error = NULL;
  CsSweepRequest *request;

  *status = CS_CLI_EXIT_USAGE;
  if (config == NULL)
    return NULL;
  if ((topology = cs_topology_new_local (&error)) == NULL)
    {
      *status = cs_cli_failure (COMMAND, "%s", error->message);
      return NULL;
    }
  if ((request = cs_sweep_request_new (config, topology, &error)) == NULL)
    cs_cli_usage_error (COMMAND, "%s", error->message);
  else
    cs_sweep_request_set_judge (request, cs_analysis_judge, NULL);
  return request;
}

int
cs_cli_run (int argc, char **argv)
{
  g_auto (CsCliRunOptions) o = { .reps = -1, .warmup = 1, .chunk_size = 1 };
  g_autoptr (GOptionContext) context = cs_cli_run_option_context_new (&o);
  g_autoptr (CsSweepRequest) request = NULL;
  g_autoptr (CsSweepJob) job = NULL;
  g_autoptr (CsResult) result = NULL;
  g_autoptr (GError) error = NULL;
  ProgressState progress = { 0 };
  int status;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cs_cli_usage_error (COMMAND, "%s", error->message);
  if (argc > 1)
    return cs_cli_usage_error (COMMAND, _("unexpected argument “%s” (see --help)"), argv[1]);
  if ((status = check_outputs (&o)) != CS_CLI_EXIT_OK)
    return status;
  if ((request = build_request (&o, &status)) == NULL)
    return status;

  /* The journal keeps the sweep as it runs: a CLI killed outright (SIGKILL, power loss) loses
   * at most one run, and `corescope recover` or the window gets it back. It stays until every
   * output is saved (settle_journal). */
  job = cs_sweep_job_new (request, CS_SWEEP_JOB_JOURNAL | CS_SWEEP_JOB_KEEP_JOURNAL);
  progress.quiet = o.quiet;
  progress.tty = isatty (STDERR_FILENO);
  cs_sweep_job_set_progress_func (job, on_progress, &progress, NULL);
  result = cs_sweep_job_run_with_signals (job, &error);
  if (progress.line_open)
    fputc ('\n', stderr);
  if (cs_sweep_job_get_journal_warning (job) != NULL)
    g_printerr (_("corescope run: warning: the sweep was not saved as it ran: %s\n"),
                cs_sweep_job_get_journal_warning (job));
  if (result == NULL)
    return cs_cli_failure (COMMAND, "%s", error->message);
  return finish (&o, result, job);
}
