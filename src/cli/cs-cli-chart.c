/* cs-cli-chart.c: `corescope chart`: draws results as PNG, SVG or PDF, and their CSV
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "cs-chart-data.h"
#include "cs-cli-results.h"
#include "cs-cli.h"

#define COMMAND "chart"

typedef struct
{
  char     *kind_name;
  char     *png, *svg, *pdf, *csv;
  char     *size;
  double    scale;
  char     *fit;
  char     *theme_name;
  char     *title;
  gboolean  log_y;
  gboolean  per_core;
  gboolean  help;
  /* checked */
  CsChartKind  kind;
  CsChartTheme theme;
  CsChartFits  fits;
  int          width, height;
} ChartOptions;

static void
chart_options_clear (ChartOptions *options)
{
  g_free (options->kind_name);
  g_free (options->png);
  g_free (options->svg);
  g_free (options->pdf);
  g_free (options->csv);
  g_free (options->size);
  g_free (options->fit);
  g_free (options->theme_name);
  g_free (options->title);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ChartOptions, chart_options_clear)

static GOptionContext *
create_option_context (ChartOptions *options)
{
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &options->kind_name,
      N_("speedup (default), efficiency, time, throughput, overhead or memory"), N_("KIND") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &options->png, N_("Save the chart as PNG"),
      N_("FILE") },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &options->svg, N_("Save the chart as SVG"),
      N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &options->pdf, N_("Save the chart as PDF"),
      N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &options->csv,
      N_("Save the plotted values as CSV"), N_("FILE") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &options->size,
      N_("Size in pixels (PNG) or points (SVG, PDF); default 1600x1000"), N_("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options->scale,
      N_("PNG pixels per unit, e.g. 2 for HiDPI (default 1)"), N_("S") },
    { "fit", 'f', 0, G_OPTION_ARG_STRING, &options->fit,
      N_("Fitted models to draw (speedup charts): amdahl, usl or amdahl,usl"), N_("LIST") },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &options->theme_name,
      N_("light (default) or dark"), N_("THEME") },
    { "log-y", 0, 0, G_OPTION_ARG_NONE, &options->log_y,
      N_("Logarithmic y axis (time and throughput charts)"), NULL },
    { "per-core", 0, 0, G_OPTION_ARG_NONE, &options->per_core,
      N_("x axis as the share of each machine's physical cores (compare machines of different "
         "sizes)"), NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &options->title, N_("Replace the title"),
      N_("TEXT") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &options->help, N_("Show this help"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Usage: corescope chart RESULT.json|FOLDER [MORE…] [OPTION…]\n\n"
      "Draws the results saved by “corescope run --json” as a chart: one series per mode\n"
      "(and per result when several are compared), medians with 95 % intervals, the ideal\n"
      "line, and markers where physical cores end and oversubscription starts.\n"
      "A FOLDER stands for every result file in it (*.json, by name), e.g. one per host\n"
      "from “corescope fleet”. FILE may be - for standard output."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  corescope chart cpu.json --png cpu.png --fit amdahl,usl\n"
      "  corescope chart cpu.json --kind time --log-y --svg cpu-time.svg --csv cpu-time.csv\n"
      "  corescope chart laptop.json server.json --kind efficiency --pdf compare.pdf\n"
      "  corescope chart fleet-dir --per-core --kind efficiency --png fleet.png\n"
      "  corescope chart cpu.json --kind overhead --png overhead.png --size 1200x750 --theme dark"));
  return context;
}

static void
print_help (GOptionContext *context)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  const char *body = strstr (help, "\n\n");

  printf ("%s", body != NULL ? body + 2 : help);
}

static gboolean
parse_size (const char *text, int *width, int *height)
{
  g_auto (GStrv) parts = NULL;
  guint64 w, h;

  if (text == NULL)
    {
      *width = CS_CHART_DEFAULT_WIDTH;
      *height = CS_CHART_DEFAULT_HEIGHT;
      return TRUE;
    }
  parts = g_strsplit_set (text, "x×X", -1);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 16, 16384, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 16, 16384, &h, NULL))
    return FALSE;
  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

/* Checks what GOption cannot; returns an exit status, or -1 when everything is fine. */
static int
validate_options (ChartOptions *o, int argc)
{
  if (argc < 2)
    return cs_cli_usage_error (COMMAND, _("no result file given (see --help)"));
  if (o->png == NULL && o->svg == NULL && o->pdf == NULL && o->csv == NULL)
    return cs_cli_usage_error (COMMAND, _("nothing to write: give --png, --svg, --pdf or --csv"));
  if ((g_strcmp0 (o->png, "-") == 0) + (g_strcmp0 (o->svg, "-") == 0) +
      (g_strcmp0 (o->pdf, "-") == 0) + (g_strcmp0 (o->csv, "-") == 0) > 1)
    return cs_cli_usage_error (COMMAND, _("only one output can go to standard output (-)"));
  o->kind = CS_CHART_SPEEDUP;
  if (o->kind_name != NULL && !cs_chart_kind_from_string (o->kind_name, &o->kind))
    return cs_cli_usage_error (COMMAND, _("--kind must be speedup, efficiency, time, throughput "
                                          "overhead or memory, not “%s”"), o->kind_name);
  o->theme = CS_CHART_THEME_LIGHT;
  if (o->theme_name != NULL && !cs_chart_theme_from_string (o->theme_name, &o->theme))
    return cs_cli_usage_error (COMMAND, _("--theme must be light or dark, not “%s”"),
                               o->theme_name);
  if (!cs_chart_fits_from_string (o->fit, &o->fits))
    return cs_cli_usage_error (COMMAND, _("--fit must be amdahl, usl or amdahl,usl, not “%s”"),
                               o->fit);
  if (o->fits != CS_CHART_FIT_NONE && o->kind != CS_CHART_SPEEDUP)
    return cs_cli_usage_error (COMMAND, _("--fit draws models of the speedup: use it with "
                                          "--kind speedup"));
  if (!parse_size (o->size, &o->width, &o->height))
    return cs_cli_usage_error (COMMAND, _("--size must be WIDTHxHEIGHT from 16 to 16384, "
                                          "e.g. 1600x1000, not “%s”"), o->size);
  if (o->scale == 0)
    o->scale = 1.0;
  if (!isfinite (o->scale) || o->scale < 0.25 || o->scale > 8)
    return cs_cli_usage_error (COMMAND, _("--scale must be from 0.25 to 8, not %g"), o->scale);
  return -1;
}

/* argv: the inputs from argv[1], NULL-terminated as GOption leaves them. */
static int
check_outputs (const ChartOptions *o, char **argv)
{
  const char *given[] = { o->png, o->svg, o->pdf, o->csv };
  const char *outputs[G_N_ELEMENTS (given) + 1] = { NULL };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (given[i] != NULL)
      outputs[n++] = given[i];
  return cs_cli_check_outputs (COMMAND, outputs, (const char *const *) argv + 1);
}

static GPtrArray *
load_results (int argc, char **argv, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  return cs_cli_load_results (COMMAND, (const char *const *) argv + 1, argc - 1, names, error);
}

/* "-" is standard output, e.g. `--csv -` or `--svg - | rsvg-convert ...`. */
static gboolean
write_to_stdout (CsChart *chart, CsChartFormat format, const ChartOptions *o, GError **error)
{
  g_autoptr (GBytes) bytes = cs_chart_render (chart, format, o->width, o->height, o->scale,
                                              o->theme, error);
  gsize length;
  const void *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not write to standard output"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_outputs (CsChart *chart, const ChartOptions *o, GError **error)
{
  const struct { const char *path; CsChartFormat format; } outputs[] = {
    { o->png, CS_CHART_FORMAT_PNG }, { o->svg, CS_CHART_FORMAT_SVG },
    { o->pdf, CS_CHART_FORMAT_PDF }, { o->csv, CS_CHART_FORMAT_CSV },
  };

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      if (outputs[i].path == NULL)
        continue;
      if (g_str_equal (outputs[i].path, "-")
          ? !write_to_stdout (chart, outputs[i].format, o, error)
          : !cs_chart_export (chart, outputs[i].path, outputs[i].format, o->width, o->height,
                              o->scale, o->theme, error))
        return FALSE;
    }
  return TRUE;
}

static int
run_chart (const ChartOptions *o, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = load_results (argc, argv, &error);
  g_autoptr (CsChart) chart = NULL;

  if (results == NULL)
    return cs_cli_failure (COMMAND, "%s", error->message);
  chart = cs_chart_new_from_results_full (results, o->kind, o->fits, o->log_y,
                                          o->per_core ? CS_CHART_X_PER_CORE : CS_CHART_X_WORKERS,
                                          &error);
  if (chart == NULL)
    return cs_cli_failure (COMMAND, "%s", error->message);
  if (o->title != NULL)
    cs_chart_set_title (chart, o->title);
  if (!cs_chart_has_data (chart))
    g_printerr (_("corescope chart: warning: no successful run to plot\n"));
  if (!write_outputs (chart, o, &error))
    return cs_cli_failure (COMMAND, "%s", error->message);
  return CS_CLI_EXIT_OK;
}

int
cs_cli_chart (int argc, char **argv)
{
  g_auto (ChartOptions) options = { 0 };
  g_autoptr (GOptionContext) context = create_option_context (&options);
  g_autoptr (GError) error = NULL;
  int status;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cs_cli_usage_error (COMMAND, "%s", error->message);
  if (options.help)
    {
      print_help (context);
      return CS_CLI_EXIT_OK;
    }
  status = validate_options (&options, argc);
  if (status >= 0)
    return status;
  if ((status = check_outputs (&options, argv)) != CS_CLI_EXIT_OK)
    return status;
  return run_chart (&options, argc, argv);
}
