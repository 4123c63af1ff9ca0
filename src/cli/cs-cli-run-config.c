/* cs-cli-run-config.c: `corescope run`'s arguments, and the sweep configuration they describe
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-json-guard.h"
#include "cs-backend.h"
#include "cs-cli-run-config.h"
#include "cs-cli.h"
#include "cs-sweep.h"

#define COMMAND "run"

/* The preset that runs the user's own Python function (cs-wl-python-callable.c). */
#define PYTHON_CALLABLE "python-callable"

void
cs_cli_run_options_clear (CsCliRunOptions *o)
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
  g_free (o->python);
  g_strfreev (o->mode_options);
  g_free (o->python_callable);
  g_free (o->python_args);
  g_strfreev (o->python_path);
  g_free (o->timeout);
  g_free (o->precision);
  g_free (o->max_time);
  g_free (o->json_path);
  g_free (o->csv_path);
  g_free (o->png_path);
}

/* ---- --help ------------------------------------------------------------------------------ */

/* Appends text after indent, wrapped at width columns. */
static void
append_wrapped (GString *out, const char *text, guint indent, guint width)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  guint column = indent;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint len = g_utf8_strlen (words[i], -1);

      if (column > indent && column + 1 + len > width)
        {
          g_string_append_printf (out, "\n%*s", indent, "");
          column = indent;
        }
      else if (column > indent)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += len;
    }
  g_string_append_c (out, '\n');
}

/* The modes and their options, from the registry: a new backend shows up here by itself. */
static char *
describe_modes (void)
{
  guint n;
  const CsBackend *const *backends = cs_backends_get_all (&n);
  GString *out = g_string_new (_("Modes (see “corescope modes” for what this machine has):\n"));

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (out, "  %-17s", backends[i]->name);
      append_wrapped (out, _(backends[i]->description), 19, 79);
      if (backends[i]->n_options == 0)
        continue;
      g_string_append_printf (out, "%19s%s", "", _("options:"));
      for (guint k = 0; k < backends[i]->n_options; k++)
        g_string_append_printf (out, " %s=%s", backends[i]->options[k].name,
                                backends[i]->options[k].default_value);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

GOptionContext *
cs_cli_run_option_context_new (CsCliRunOptions *o)
{
  const GOptionEntry entries[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &o->preset,
      N_("Workload preset (see “corescope presets”; default cpu)"), N_("NAME") },
    { "modes", 'm', 0, G_OPTION_ARG_STRING, &o->modes,
      N_("Execution modes, comma-separated (below; default thread,gil,process, or "
         "python-thread,python-process for --python-callable)"), N_("LIST") },
    { "workers", 'w', 0, G_OPTION_ARG_STRING, &o->workers,
      N_("Worker counts: 1,2,4 or 1-8 or pow2:16 (default 1 to the number of CPUs)"),
      N_("LIST") },
    { "reps", 'r', 0, G_OPTION_ARG_INT, &o->reps,
      N_("Measure exactly N repetitions of every point (default: adaptive, until the verdict "
         "is sure to --precision or --max-time has passed, at least 5)"), N_("N") },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &o->precision,
      N_("Adaptive: stop once every interval the verdict rests on is this narrow (default "
         "5%)"), N_("PERCENT") },
    { "max-time", 0, 0, G_OPTION_ARG_STRING, &o->max_time,
      N_("Adaptive: stop after this long even if unsure; the verdict then says inconclusive "
         "and what would settle it (default 60s)"), N_("DURATION") },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &o->warmup,
      N_("Warm-up rounds over every point, not recorded (default 1)"), N_("N") },
    { "param", 'P', 0, G_OPTION_ARG_STRING_ARRAY, &o->params,
      N_("Set a preset parameter (repeatable)"), N_("NAME=VALUE") },
    { "scaling", 0, 0, G_OPTION_ARG_STRING, &o->scaling,
      N_("strong (fixed total work) or weak (fixed work per worker)"), N_("KIND") },
    { "placement", 0, 0, G_OPTION_ARG_STRING, &o->placement,
      N_("Bind workers: none, compact, scatter or cores-only (default none)"), N_("POLICY") },
    { "start-method", 0, 0, G_OPTION_ARG_STRING, &o->start_method,
      N_("How process modes start workers: spawn or forkserver (process); fork, forkserver "
         "or spawn (python-process)"), N_("METHOD") },
    { "pool", 0, 0, G_OPTION_ARG_STRING, &o->pool,
      N_("per-run (workers started inside each timed run) or persistent"), N_("LIFETIME") },
    { "switch-interval", 0, 0, G_OPTION_ARG_STRING, &o->switch_interval,
      N_("GIL switch interval, like sys.setswitchinterval (default 5ms)"), N_("DURATION") },
    { "python", 0, 0, G_OPTION_ARG_FILENAME, &o->python,
      N_("The Python interpreter of the python-* modes (default python3 on PATH)"),
      N_("PATH") },
    { "option", 'O', 0, G_OPTION_ARG_STRING_ARRAY, &o->mode_options,
      N_("Set one mode's option (repeatable), e.g. python-process:start-method=spawn"),
      N_("MODE:NAME=VALUE") },
    { "python-callable", 0, 0, G_OPTION_ARG_STRING, &o->python_callable,
      N_("Run your own Python function: path/to/file.py:function or module:function; task i "
         "calls function(i)"), N_("TARGET") },
    { "python-args", 0, 0, G_OPTION_ARG_STRING, &o->python_args,
      N_("With --python-callable: a JSON list; task i calls function(list[i])"), N_("JSON") },
    { "python-path", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->python_path,
      N_("With --python-callable module:function: a directory for sys.path (repeatable)"),
      N_("DIR") },
    { "python-tasks", 0, 0, G_OPTION_ARG_INT, &o->python_tasks,
      N_("With --python-callable and no --python-args: how many tasks (default 16)"),
      N_("N") },
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
  g_autofree char *modes = describe_modes ();
  g_autofree char *description = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Runs a workload at every worker count in every execution mode, several times, and\n"
      "prints the median time, speedup and efficiency of every point."));
  description = g_strconcat (modes, "\n", _(
    "Examples:\n"
    "  corescope run --preset cpu --workers 1-4 --reps 5\n"
    "  corescope run --preset io-wait --modes thread,gil --workers pow2:16 --param latency=20ms\n"
    "  corescope run --preset cpu --modes gil,python-thread,process,python-process --workers 1,2\n"
    "  corescope run --python-callable job.py:work --python-args '[1, 2, 3, 4]'\n"
    "  corescope run --preset cpu --pool persistent --json cpu.json --csv cpu.csv"), NULL);
  g_option_context_set_description (context, description);
  return context;
}

/* ---- values ------------------------------------------------------------------------------ */

static gboolean
parse_modes (const char *text, CsSweepConfig *config, GError **error)
{
  g_auto (GStrv) names = g_strsplit (text, ",", -1);
  guint n = g_strv_length (names);
  g_autofree CsMode *modes = g_new0 (CsMode, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const CsBackend *backend = cs_backends_lookup (g_strstrip (names[i]), error);
      if (backend == NULL)
        return FALSE;
      modes[i] = cs_backend_get_mode (backend);
    }
  cs_sweep_config_set_modes (config, modes, n);
  return TRUE;
}

static int
apply_shared_option (CsSweepConfig *config, const char *flag, const char *name,
                     const char *value)
{
  g_autofree char *owners = NULL;

  if (value == NULL || cs_sweep_config_set_shared_option (config, name, value))
    return -1;
  owners = cs_backends_list_with_option (name);
  return cs_cli_usage_error (COMMAND, _("--%s: none of the chosen modes has this option (it "
                                        "belongs to: %s)"), flag, owners);
}

/* --option MODE:NAME=VALUE */
static int
apply_mode_option (CsSweepConfig *config, const char *text)
{
  const char *colon = strchr (text, ':'), *eq = colon ? strchr (colon, '=') : NULL;
  g_autofree char *mode_name = NULL;
  g_autofree char *name = NULL;
  CsModeConfig *entry;
  CsMode mode;

  if (colon == NULL || eq == NULL || eq == colon + 1)
    return cs_cli_usage_error (COMMAND, _("--option: “%s” is not MODE:NAME=VALUE (e.g. "
                                          "python-process:start-method=spawn)"), text);
  mode_name = g_strndup (text, colon - text);
  name = g_strndup (colon + 1, eq - colon - 1);
  if (!cs_mode_from_string (mode_name, &mode) ||
      (entry = cs_sweep_config_find_mode (config, mode)) == NULL)
    return cs_cli_usage_error (COMMAND, _("--option: “%s” is not one of the chosen modes"),
                               mode_name);
  cs_mode_config_set (&entry->options, name, eq + 1);
  return -1;
}

static int
apply_mode_options (const CsCliRunOptions *o, CsSweepConfig *config)
{
  int status;

  if ((status = apply_shared_option (config, "start-method", "start-method",
                                     o->start_method)) >= 0 ||
      (status = apply_shared_option (config, "pool", "pool", o->pool)) >= 0 ||
      (status = apply_shared_option (config, "switch-interval", "switch-interval",
                                     o->switch_interval)) >= 0 ||
      (status = apply_shared_option (config, "python", "python", o->python)) >= 0)
    return status;
  for (guint i = 0; o->mode_options != NULL && o->mode_options[i] != NULL; i++)
    if ((status = apply_mode_option (config, o->mode_options[i])) >= 0)
      return status;
  return -1;
}

static int
apply_enums (const CsCliRunOptions *o, CsSweepConfig *config)
{
  g_autoptr (GError) error = NULL;

  if (o->modes != NULL && !parse_modes (o->modes, config, &error))
    return cs_cli_usage_error (COMMAND, "--modes: %s", error->message);
  if (o->scaling != NULL && !cs_scaling_from_string (o->scaling, &config->scaling))
    return cs_cli_usage_error (COMMAND, _("--scaling: “%s” is not a scaling (use strong or "
                                          "weak)"), o->scaling);
  if (o->placement != NULL && !cs_placement_from_string (o->placement, &config->placement))
    return cs_cli_usage_error (COMMAND, _("--placement: “%s” is not a policy (use none, "
                                          "compact, scatter or cores-only)"), o->placement);
  return apply_mode_options (o, config);
}

/* "5%" or "0.05" → 0.05; FALSE for anything else or outside (0, 1). */
static gboolean
parse_fraction (const char *text, double *out)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text)
    return FALSE;
  if (*end == '%')
    v /= 100, end++;
  *out = v;
  return *end == '\0' && v > 0 && v < 1;
}

/* --reps N measures exactly N; without it, rounds go on until the verdict is as precise as
 * --precision asks, or --max-time has passed, after a minimum of rounds. A minute by default:
 * a round of the cpu preset's three modes at 1..2 workers takes about 1.5 s here, so 60 s
 * allows about 40 rounds, enough to narrow an interval of ±15 % after 5 rounds to ±5 % (the
 * width shrinks as 1/√n); past that, "inconclusive, measure on a quieter machine" is the more
 * useful answer, and a minute is what one waits for at a terminal. */
static int
apply_adaptive (const CsCliRunOptions *o, CsSweepConfig *config)
{
  if (o->reps > 0)
    {
      if (o->precision != NULL || o->max_time != NULL)
        return cs_cli_usage_error (COMMAND, _("--reps fixes the repetitions: drop --precision "
                                              "and --max-time, or drop --reps"));
      config->reps = o->reps;
      config->precision = 0;
      return -1;
    }
  config->reps = CS_SWEEP_ADAPTIVE_MIN_REPS;
  config->precision = CS_SWEEP_DEFAULT_PRECISION;
  config->max_time_s = CS_SWEEP_DEFAULT_MAX_TIME_S;
  if (o->precision != NULL && !parse_fraction (o->precision, &config->precision))
    return cs_cli_usage_error (COMMAND, _("--precision: “%s” is not a fraction between 0 and 1 "
                                          "(use e.g. 5%% or 0.05)"), o->precision);
  if (o->max_time != NULL && (!cs_parse_duration (o->max_time, &config->max_time_s) ||
                              config->max_time_s <= 0))
    return cs_cli_usage_error (COMMAND, _("--max-time: “%s” is not a positive duration (use "
                                          "e.g. 60s, 5min)"), o->max_time);
  return -1;
}

static int
apply_numbers (const CsCliRunOptions *o, CsSweepConfig *config)
{
  g_autoptr (GError) error = NULL;
  int status;

  if (o->workers != NULL)
    {
      g_free (config->workers);
      config->workers = NULL;
      if (!cs_parse_worker_list (o->workers, &config->workers, &config->n_workers, &error))
        return cs_cli_usage_error (COMMAND, "--workers: %s", error->message);
    }
  if (o->reps == 0 || o->reps < -1) /* -1: not given, adaptive */
    return cs_cli_usage_error (COMMAND, _("--reps: use a whole number of at least 1"));
  if ((status = apply_adaptive (o, config)) >= 0)
    return status;
  if (o->warmup < 0)
    return cs_cli_usage_error (COMMAND, _("--warmup: use a whole number of at least 0"));
  if (o->chunk_size < 1)
    return cs_cli_usage_error (COMMAND, _("--chunk-size: use a whole number of at least 1"));
  config->warmup = o->warmup;
  config->chunk_size = o->chunk_size;
  if (o->timeout != NULL && !cs_parse_duration (o->timeout, &config->timeout_s))
    return cs_cli_usage_error (COMMAND, _("--timeout: “%s” is not a duration (use e.g. 30s, "
                                          "2min, 0 for none)"), o->timeout);
  return -1;
}

/* --python-callable and its companions are the python-callable preset's parameters. */
/* Checked here, before any run: the driver's json.loads stops at Python's recursion limit and
 * json-glib recurses too, so a list nested 50 000 deep failed every run instead. */
static gboolean
args_nesting_ok (const char *args)
{
  guint line;

  return cs_json_check_nesting (args, strlen (args), CS_JSON_MAX_DEPTH, &line);
}

static int
apply_callable (const CsCliRunOptions *o, GPtrArray *params)
{
  g_autofree char *target = NULL;
  const char *colon;

  if (o->python_callable == NULL)
    {
      if (o->python_args != NULL || o->python_path != NULL || o->python_tasks > 0)
        return cs_cli_usage_error (COMMAND, _("--python-args, --python-path and --python-tasks "
                                              "go with --python-callable"));
      return -1;
    }
  colon = strrchr (o->python_callable, ':');
  if (colon == NULL || colon == o->python_callable || colon[1] == '\0')
    return cs_cli_usage_error (COMMAND, _("--python-callable: “%s” is not FILE.py:FUNCTION or "
                                          "MODULE:FUNCTION"), o->python_callable);
  if (o->python_args != NULL && !args_nesting_ok (o->python_args))
    return cs_cli_usage_error (COMMAND, _("--python-args: the list nests deeper than %d levels "
                                          "(Python's own parser would give up on it)"),
                               CS_JSON_MAX_DEPTH);
  target = g_strndup (o->python_callable, colon - o->python_callable);
  /* A path names a file; anything else is a module to import (with --python-path). */
  g_ptr_array_add (params, g_strdup_printf ("%s=%s", g_str_has_suffix (target, ".py") ||
                                            strchr (target, '/') != NULL ? "file" : "module",
                                            target));
  g_ptr_array_add (params, g_strdup_printf ("function=%s", colon + 1));
  if (o->python_args != NULL)
    g_ptr_array_add (params, g_strdup_printf ("args=%s", o->python_args));
  if (o->python_path != NULL)
    {
      g_autofree char *joined = g_strjoinv (":", o->python_path);
      g_ptr_array_add (params, g_strdup_printf ("path=%s", joined));
    }
  if (o->python_tasks > 0)
    g_ptr_array_add (params, g_strdup_printf ("tasks=%d", o->python_tasks));
  return -1;
}

static int
apply_preset (const CsCliRunOptions *o, CsSweepConfig *config)
{
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  int status;

  if (o->python_callable != NULL && o->preset != NULL &&
      !g_str_equal (o->preset, PYTHON_CALLABLE))
    return cs_cli_usage_error (COMMAND, _("--python-callable runs your function: leave out "
                                          "--preset"));
  if ((status = apply_callable (o, params)) >= 0)
    return status;
  for (guint i = 0; o->params != NULL && o->params[i] != NULL; i++)
    g_ptr_array_add (params, g_strdup (o->params[i]));
  g_ptr_array_add (params, NULL);
  g_free (config->preset);
  config->preset = g_strdup (o->python_callable != NULL ? PYTHON_CALLABLE
                             : o->preset != NULL ? o->preset : "cpu");
  g_strfreev (config->params);
  config->params = (char **) g_ptr_array_free (g_steal_pointer (&params), FALSE);
  return -1;
}

/* The modes every backend declares on by default for the preset (cs_backends_get_default_modes:
 * the window's form and --autorun follow the same rule). An unknown preset keeps the config's,
 * and the request names the preset. */
static void
default_modes (CsSweepConfig *config)
{
  const CsPreset *preset = cs_presets_lookup (config->preset, NULL);
  CsMode modes[CS_MAX_MODES];
  guint n = preset != NULL ? cs_backends_get_default_modes (preset, modes) : 0;

  if (n > 0)
    cs_sweep_config_set_modes (config, modes, n);
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

CsSweepConfig *
cs_cli_run_build_config (const CsCliRunOptions *o)
{
  g_autoptr (CsSweepConfig) config = cs_sweep_config_new ();

  default_workers (config);
  if (apply_preset (o, config) >= 0)
    return NULL;
  default_modes (config);
  if (apply_enums (o, config) >= 0 || apply_numbers (o, config) >= 0)
    return NULL;
  return g_steal_pointer (&config);
}
