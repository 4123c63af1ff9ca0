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
#include <unistd.h>

#include "cs-chart-data.h"
#include "cs-cli.h"
#include "cs-journal.h"
#include "cs-result.h"
#include "cs-stats.h"
#include "cs-sweep.h"
#include "cs-topology.h"
#include "cs-worker-launch.h"
#include "cs-workload.h"

#define COMMAND "run"

typedef struct
{
  char    *preset;
  char    *modes;
  char    *workers;
  gint     reps;
  gint     warmup;
  char   **params;
  char    *scaling;
  char    *placement;
  char    *start_method;
  char    *pool;
  char    *switch_interval;
  char    *timeout;
  gint     chunk_size;
  char    *json_path;
  char    *csv_path;
  char    *png_path;
  gboolean quiet;
} RunOptions;

static void
run_options_clear (RunOptions *o)
{
  g_free (o->preset);
  g_free (o->modes);
  g_free (o->workers);
  g_strfreev (o->params);
  g_free (o->scaling);
  g_free (o->placement);
  g_free (o->start_method);
  g_free (o->pool);
  g_free (o->switch_interval);
  g_free (o->timeout);
  g_free (o->json_path);
  g_free (o->csv_path);
  g_free (o->png_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, run_options_clear)

/* ---- arguments ---------------------------------------------------------------------------- */

static GOptionContext *
create_option_context (RunOptions *o)
{
  const GOptionEntry entries[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &o->preset,
      N_("Workload preset (see “corescope presets”; default cpu)"), N_("NAME") },
    { "modes", 'm', 0, G_OPTION_ARG_STRING, &o->modes,
      N_("Execution modes, comma-separated: thread, gil, process (default all three)"),
      N_("LIST") },
    { "workers", 'w', 0, G_OPTION_ARG_STRING, &o->workers,
      N_("Worker counts: 1,2,4 or 1-8 or pow2:16 (default 1 to the number of CPUs)"),
      N_("LIST") },
    { "reps", 'r', 0, G_OPTION_ARG_INT, &o->reps,
      N_("Measured repetitions of every point (default 5)"), N_("N") },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &o->warmup,
      N_("Warm-up rounds over every point, not recorded (default 1)"), N_("N") },
    { "param", 'P', 0, G_OPTION_ARG_STRING_ARRAY, &o->params,
      N_("Set a preset parameter (repeatable)"), N_("NAME=VALUE") },
    { "scaling", 0, 0, G_OPTION_ARG_STRING, &o->scaling,
      N_("strong (fixed total work) or weak (fixed work per worker)"), N_("KIND") },
    { "placement", 0, 0, G_OPTION_ARG_STRING, &o->placement,
      N_("Bind workers: none, compact, scatter or cores-only (default none)"), N_("POLICY") },
    { "start-method", 0, 0, G_OPTION_ARG_STRING, &o->start_method,
      N_("How process mode starts workers: spawn or forkserver"), N_("METHOD") },
    { "pool", 0, 0, G_OPTION_ARG_STRING, &o->pool,
      N_("per-run (workers started inside each timed run) or persistent"), N_("LIFETIME") },
    { "switch-interval", 0, 0, G_OPTION_ARG_STRING, &o->switch_interval,
      N_("GIL switch interval, like sys.setswitchinterval (default 5ms)"), N_("DURATION") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &o->timeout,
      N_("Give up on a run after this long (default none)"), N_("DURATION") },
    { "chunk-size", 0, 0, G_OPTION_ARG_INT, &o->chunk_size,
      N_("Tasks handed to a worker at a time, like Pool.map(chunksize=) (default 1)"),
      N_("N") },
    { "json", 'o', 0, G_OPTION_ARG_FILENAME, &o->json_path,
      N_("Save the whole result as JSON"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv_path,
      N_("Save one row per run as CSV (and the summary next to it, FILE-summary.csv)"),
      N_("FILE") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &o->png_path,
      N_("Draw the speedup chart at the end (PNG, or SVG/PDF by the file's extension)"),
      N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
      N_("No progress output"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Runs a workload at every worker count in every execution mode, several times, and\n"
      "prints the median time, speedup and efficiency of every point."));
  g_option_context_set_description (context,
    _("Modes:\n"
      "  thread   threads in one process, truly parallel (C, free-threaded Python)\n"
      "  gil      the same threads under an emulated CPython GIL (standard CPython)\n"
      "  process  one process per worker (multiprocessing)\n\n"
      "Examples:\n"
      "  corescope run --preset cpu --workers 1-4 --reps 5\n"
      "  corescope run --preset io-wait --modes thread,gil --workers pow2:16 "
      "--param latency=20ms\n"
      "  corescope run --preset cpu --pool persistent --json cpu.json --csv cpu.csv"));
  return context;
}

/* "5ms", "200us", "1.5s", "2" (seconds), "1min". */
static gboolean
parse_duration (const char *text, double *out)
{
  static const struct { const char *suffix; double scale; } units[] = {
    { "", 1 }, { "s", 1 }, { "ms", 1e-3 }, { "us", 1e-6 }, { "µs", 1e-6 }, { "ns", 1e-9 },
    { "min", 60 },
  };
  char *end = NULL;
  double v;

  if (text == NULL || !(g_ascii_isdigit (*text) || *text == '.'))
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (v) || v < 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (end, units[i].suffix))
      {
        *out = v * units[i].scale;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_modes (const char *text, CsSweepConfig *config)
{
  g_auto (GStrv) names = g_strsplit (text, ",", -1);
  guint n = g_strv_length (names);

  if (n == 0)
    return FALSE;
  g_free (config->modes);
  config->modes = g_new0 (CsMode, n);
  config->n_modes = 0;
  for (guint i = 0; i < n; i++)
    {
      CsMode mode;
      if (!cs_mode_from_string (g_strstrip (names[i]), &mode))
        return FALSE;
      for (guint j = 0; j < config->n_modes; j++)
        if (config->modes[j] == mode)
          return FALSE;
      config->modes[config->n_modes++] = mode;
    }
  return TRUE;
}

static int
apply_enums (const RunOptions *o, CsSweepConfig *config)
{
  if (o->modes != NULL && !parse_modes (o->modes, config))
    return cs_cli_usage_error (COMMAND, _("--modes: “%s” is not a list of modes (use e.g. "
                                          "thread,gil,process, each at most once)"), o->modes);
  if (o->scaling != NULL && !cs_scaling_from_string (o->scaling, &config->scaling))
    return cs_cli_usage_error (COMMAND, _("--scaling: “%s” is not a scaling (use strong or "
                                          "weak)"), o->scaling);
  if (o->placement != NULL && !cs_placement_from_string (o->placement, &config->placement))
    return cs_cli_usage_error (COMMAND, _("--placement: “%s” is not a policy (use none, "
                                          "compact, scatter or cores-only)"), o->placement);
  if (o->start_method != NULL &&
      !cs_start_method_from_string (o->start_method, &config->start_method))
    return cs_cli_usage_error (COMMAND, _("--start-method: “%s” is not a start method (use "
                                          "spawn or forkserver)"), o->start_method);
  if (o->pool != NULL && !cs_pool_from_string (o->pool, &config->pool))
    return cs_cli_usage_error (COMMAND, _("--pool: “%s” is not a pool lifetime (use per-run "
                                          "or persistent)"), o->pool);
  return -1;
}

static int
apply_numbers (const RunOptions *o, CsSweepConfig *config)
{
  g_autoptr (GError) error = NULL;

  if (o->workers != NULL)
    {
      g_free (config->workers);
      config->workers = NULL;
      if (!cs_parse_worker_list (o->workers, &config->workers, &config->n_workers, &error))
        return cs_cli_usage_error (COMMAND, "--workers: %s", error->message);
    }
  if (o->reps < 1)
    return cs_cli_usage_error (COMMAND, _("--reps: use a whole number of at least 1"));
  if (o->warmup < 0)
    return cs_cli_usage_error (COMMAND, _("--warmup: use a whole number of at least 0"));
  if (o->chunk_size < 1)
    return cs_cli_usage_error (COMMAND, _("--chunk-size: use a whole number of at least 1"));
  config->reps = o->reps;
  config->warmup = o->warmup;
  config->chunk_size = o->chunk_size;
  if (o->switch_interval != NULL &&
      (!parse_duration (o->switch_interval, &config->switch_interval_s) ||
       config->switch_interval_s <= 0 || config->switch_interval_s > 10))
    return cs_cli_usage_error (COMMAND, _("--switch-interval: “%s” is not a duration between "
                                          "1us and 10s (use e.g. 5ms, 500us)"),
                               o->switch_interval);
  if (o->timeout != NULL && !parse_duration (o->timeout, &config->timeout_s))
    return cs_cli_usage_error (COMMAND, _("--timeout: “%s” is not a duration (use e.g. 30s, "
                                          "2min, 0 for none)"), o->timeout);
  return -1;
}

/* Checks the preset and every --param against the registry. */
static int
apply_params (const RunOptions *o, CsSweepConfig *config)
{
  g_autoptr (GError) error = NULL;
  const CsPreset *preset = cs_presets_lookup (o->preset, &error);
  g_autoptr (CsParams) params = NULL;

  if (preset == NULL)
    return cs_cli_usage_error (COMMAND, _("--preset: unknown preset “%s” (see “corescope "
                                          "presets”)"), o->preset);
  params = cs_params_new (preset);
  for (guint i = 0; o->params != NULL && o->params[i] != NULL; i++)
    if (!cs_params_parse_assignment (params, o->params[i], &error))
      return cs_cli_usage_error (COMMAND, "--param: %s", error->message);
  g_free (config->preset);
  config->preset = g_strdup (o->preset);
  g_strfreev (config->params);
  config->params = g_strdupv (o->params != NULL ? o->params : (char *[]) { NULL });
  return -1;
}

static void
default_workers (CsSweepConfig *config)
{
  guint n = MAX (g_get_num_processors (), 1);

  g_free (config->workers);
  config->workers = g_new0 (guint, n);
  config->n_workers = n;
  for (guint i = 0; i < n; i++)
    config->workers[i] = i + 1;
}

/* Builds the configuration; returns an exit status, or -1 when it is fine. */
static int
build_config (const RunOptions *o, CsSweepConfig *config)
{
  static const CsMode all_modes[] = { CS_MODE_THREAD, CS_MODE_GIL, CS_MODE_PROCESS };
  int status;

  g_free (config->modes);
  config->modes = g_memdup2 (all_modes, sizeof all_modes);
  config->n_modes = G_N_ELEMENTS (all_modes);
  default_workers (config);
  if ((status = apply_params (o, config)) >= 0 || (status = apply_enums (o, config)) >= 0 ||
      (status = apply_numbers (o, config)) >= 0)
    return status;
  return -1;
}

/* ---- progress ----------------------------------------------------------------------------- */

typedef struct
{
  gboolean quiet;
  gboolean tty;
  gboolean line_open;  /* the bar is on screen without its newline */
  CsJournal *journal;  /* the sweep so far, on disk after every run; NULL: not kept */
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
on_progress (const CsSweepProgress *p, gpointer user_data)
{
  ProgressState *state = user_data;
  g_autofree char *eta = format_eta (p->eta_s);
  const char *mode = cs_mode_to_string (p->mode);

  if (state->journal != NULL)
    cs_journal_progress (p, state->journal);
  if (state->quiet)
    return;
  if (state->tty)
    {
      const int width = 30;
      int filled = p->total > 0 ? (int) ((double) p->done / p->total * width) : 0;
      char bar[31];
      for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '-';
      bar[width] = '\0';
      fprintf (stderr, "\r[%s] %u/%u  %-7s ×%-3u %s  ETA %-6s", bar, p->done, p->total, mode,
               p->workers, p->warmup ? _("warm-up") : "       ", eta);
      state->line_open = p->done < p->total;
      if (!state->line_open)
        fputc ('\n', stderr);
    }
  else if (p->warmup)
    fprintf (stderr, _("%u/%u warm-up %s ×%u, ETA %s\n"), p->done, p->total, mode, p->workers,
             eta);
  else
    fprintf (stderr, _("%u/%u %s ×%u rep %u: %.4f s %s, ETA %s\n"), p->done, p->total, mode,
             p->workers, p->rep + 1, p->last_run->wall_s,
             cs_run_status_to_string (p->last_run->status), eta);
  fflush (stderr);
}

/* A sweep killed outright (SIGKILL, power loss) leaves its runs in the journal, which the GUI
 * offers to recover; a journal that cannot be written costs only that safety net. */
static CsJournal *
start_journal (const CsSweepConfig *config, CsTopology *topology)
{
  g_autoptr (GError) error = NULL;
  CsJournal *journal = cs_journal_new (NULL, config, topology, &error);

  if (journal == NULL)
    g_printerr (_("corescope run: warning: the sweep is not saved as it runs: %s\n"),
                error->message);
  return journal;
}

/* ---- the sweep in a thread, signals in the main loop -------------------------------------- */

typedef struct
{
  CsSweepConfig *config;
  CsTopology    *topology;
  GCancellable  *cancellable;
  ProgressState  progress;
  GMainLoop     *loop;
  CsResult      *result;
  GError        *error;
} SweepJob;

static gboolean
on_signal (gpointer data)
{
  SweepJob *job = data;

  g_cancellable_cancel (job->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sweep_done (gpointer data)
{
  g_main_loop_quit (((SweepJob *) data)->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
sweep_thread (gpointer data)
{
  SweepJob *job = data;

  job->result = cs_sweep_run (job->config, job->topology, on_progress, &job->progress,
                              job->cancellable, &job->error);
  g_idle_add (on_sweep_done, job);
  return NULL;
}

/* Runs the sweep while SIGINT and SIGTERM cancel it; the result is kept either way. */
static void
run_sweep (SweepJob *job)
{
  guint sigint = g_unix_signal_add (SIGINT, on_signal, job);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, job);
  GThread *thread;

  job->loop = g_main_loop_new (NULL, FALSE);
  thread = g_thread_new ("cs-sweep", sweep_thread, job);
  g_main_loop_run (job->loop);
  g_thread_join (thread);
  if (job->progress.line_open)
    fputc ('\n', stderr);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_main_loop_unref (job->loop);
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

static void
print_point (const CsPointStats *p)
{
  g_autofree char *median = format_time (p->median_s);
  g_autofree char *spread = format_time ((p->max_s - p->min_s) / 2);
  g_autofree char *failed = p->n_failed > 0
    ? g_strdup_printf (_("  (%u not ok)"), p->n_failed) : g_strdup ("");

  if (p->n == 0)
    {
      printf ("%-8s %7u  %12s  %12s  %8s  %10s%s\n", cs_mode_to_string (p->mode), p->workers,
              "—", "—", "—", "—", failed);
      return;
    }
  printf ("%-8s %7u  %12s  ±%11s  %7.2f×  %9.0f%%%s\n", cs_mode_to_string (p->mode),
          p->workers, median, spread, p->speedup, p->efficiency * 100, failed);
}

static void
print_summary (const CsResult *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResultStats) stats = cs_result_stats_new (result, &error);

  if (stats == NULL)
    {
      fprintf (stderr, "corescope run: %s\n", error->message);
      return;
    }
  printf ("%-8s %7s  %12s  %12s  %8s  %10s\n", _("mode"), _("workers"), _("median"),
          _("±spread"), _("speedup"), _("efficiency"));
  for (guint i = 0; i < cs_result_stats_get_n_points (stats); i++)
    print_point (cs_result_stats_get_point (stats, i));
}

static char *
summary_path (const char *csv_path)
{
  g_autofree char *base = g_str_has_suffix (csv_path, ".csv")
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

static gboolean
save_outputs (const RunOptions *o, const CsResult *result)
{
  g_autoptr (GError) error = NULL;

  if (o->json_path != NULL && !cs_result_save (result, o->json_path, &error))
    {
      cs_cli_failure (COMMAND, "%s", error->message);
      return FALSE;
    }
  if (o->csv_path != NULL)
    {
      g_autofree char *summary = summary_path (o->csv_path);
      if (!cs_result_save_csv (result, o->csv_path, &error) ||
          !cs_result_save_summary_csv (result, summary, &error))
        {
          cs_cli_failure (COMMAND, "%s", error->message);
          return FALSE;
        }
    }
  if (o->png_path != NULL && !save_chart (result, o->png_path, &error))
    {
      cs_cli_failure (COMMAND, "%s", error->message);
      return FALSE;
    }
  return TRUE;
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

static int
finish (const RunOptions *o, CsResult *result)
{
  guint failed = report_failed (result);
  gboolean saved;

  if (!result->complete)
    fprintf (stderr, _("corescope run: cancelled; keeping the %u runs measured so far "
                       "(marked incomplete)\n"), result->runs->len);
  print_summary (result);
  saved = save_outputs (o, result);
  if (failed > 0)
    fprintf (stderr, _("corescope run: %u of %u runs did not succeed (see the result's "
                       "reasons)\n"), failed, result->runs->len);
  if (!saved)
    return CS_CLI_EXIT_FAILURE;
  if (!result->complete)
    return 128 + SIGINT;
  return failed > 0 ? CS_CLI_EXIT_FAILURE : CS_CLI_EXIT_OK;
}

static gboolean
uses_forkserver (const CsSweepConfig *config)
{
  if (config->start_method != CS_START_FORKSERVER)
    return FALSE;
  for (guint i = 0; i < config->n_modes; i++)
    if (config->modes[i] == CS_MODE_PROCESS)
      return TRUE;
  return FALSE;
}

int
cs_cli_run (int argc, char **argv)
{
  g_auto (RunOptions) o = { .reps = 5, .warmup = 1, .chunk_size = 1 };
  g_autoptr (GOptionContext) context = create_option_context (&o);
  g_autoptr (CsSweepConfig) config = cs_sweep_config_new ();
  g_autoptr (CsTopology) topology = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  SweepJob job = { 0 };
  int status;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cs_cli_usage_error (COMMAND, "%s", error->message);
  if (argc > 1)
    return cs_cli_usage_error (COMMAND, _("unexpected argument “%s” (see --help)"), argv[1]);
  if (o.preset == NULL)
    o.preset = g_strdup ("cpu");
  if ((status = build_config (&o, config)) >= 0)
    return status;

  topology = cs_topology_new_local (&error);
  if (topology == NULL)
    return cs_cli_failure (COMMAND, "%s", error->message);
  if (!cs_sweep_config_validate (config, topology, &error))
    return cs_cli_usage_error (COMMAND, "%s", error->message);

  /* Start the fork server now, before this process has any thread of ours, as Python's
   * forkserver start method does; it is exec'd, so this is tidiness rather than safety. */
  if (uses_forkserver (config) && !_cs_forkserver_ensure (&error))
    return cs_cli_failure (COMMAND, "%s", error->message);

  job.config = config;
  job.topology = topology;
  job.cancellable = cancellable;
  job.progress.quiet = o.quiet;
  job.progress.tty = isatty (STDERR_FILENO);
  job.progress.journal = start_journal (config, topology);
  run_sweep (&job);
  if (job.result == NULL)
    {
      g_clear_pointer (&job.progress.journal, cs_journal_finish);
      status = cs_cli_failure (COMMAND, "%s", job.error->message);
      g_clear_error (&job.error);
      return status;
    }
  status = finish (&o, job.result);
  /* The result is saved or printed: the crash-recovery copy has done its job. */
  g_clear_pointer (&job.progress.journal, cs_journal_finish);
  cs_result_free (job.result);
  return status;
}
