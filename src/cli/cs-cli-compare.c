/* cs-cli-compare.c: `corescope compare`: several results side by side
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
#include "cs-cli-results.h"
#include "cs-cli-table.h"
#include "cs-cli.h"
#include "cs-output.h"

#define COMMAND "compare"

/* A number with a fixed count of decimals and a unit, or a dash when it is not known. */
static char *
fmt (double v, int decimals, const char *suffix)
{
  return isfinite (v) ? g_strdup_printf ("%.*f%s", decimals, v, suffix) : g_strdup ("–");
}

static void
print_legend (const CsComparison *c, const CsResult *const *results)
{
  printf ("%s\n", _("Results"));
  for (guint i = 0; i < cs_comparison_get_n_results (c); i++)
    {
      const CsResult *r = results[i];
      const CsMachine *m = r->machine;
      g_autofree char *params = r->config->params ? g_strjoinv (" ", r->config->params) : NULL;

      printf (_("  [%u] %s: %s %s; placement %s; %u reps%s\n"), i + 1,
              cs_comparison_get_name (c, i), r->config->preset, params ? params : "",
              cs_placement_to_string (r->config->placement), r->config->reps,
              r->complete ? "" : _("; incomplete"));
      if (m != NULL)
        printf ("      %s: %s; %s\n", m->hostname ? m->hostname : "?",
                m->cpu_model ? m->cpu_model : "?",
                m->topology_summary ? m->topology_summary : "");
    }
}

static void
print_lines (const char *title, GPtrArray *lines, const char *empty)
{
  printf ("\n%s\n", title);
  if (lines->len == 0 && empty != NULL)
    printf ("  %s\n", empty);
  for (guint i = 0; i < lines->len; i++)
    printf ("  • %s\n", (char *) g_ptr_array_index (lines, i));
}

/* Per core: the worker count as a share of each result's physical cores, so that machines of
 * different sizes can be read at the same load. */
static double
cores_of (const CsResult *r)
{
  if (r->machine == NULL)
    return NAN;
  return r->machine->n_cores > 0 ? r->machine->n_cores
         : r->machine->n_pus > 0 ? r->machine->n_pus : NAN;
}

static void
add_header (CsCliTable *table, guint n, gboolean per_core)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (cells, g_strdup (_("mode")));
  g_ptr_array_add (cells, g_strdup (_("workers")));
  for (guint i = 0; per_core && i < n; i++)
    g_ptr_array_add (cells, g_strdup_printf (_("cores [%u]"), i + 1));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cells, g_strdup_printf (_("median [%u]"), i + 1));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cells, g_strdup_printf (_("speedup [%u]"), i + 1));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cells, g_strdup_printf (_("eff/core [%u]"), i + 1));
  for (guint i = 1; i < n; i++)
    g_ptr_array_add (cells, g_strdup_printf (_("time [%u]/[1]"), i + 1));
  for (guint i = 1; i < n; i++)
    g_ptr_array_add (cells, g_strdup_printf (_("rate [%u]/[1]"), i + 1));
  cs_cli_table_add_row (table, (const char *const *) cells->pdata);
}

static void
add_row (CsCliTable *table, const CsComparisonRow *row, const CsResult *const *results, guint n,
         gboolean per_core)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (cells, g_strdup (cs_mode_to_string (row->mode)));
  g_ptr_array_add (cells, g_strdup_printf ("%u", row->workers));
  for (guint i = 0; per_core && i < n; i++)
    g_ptr_array_add (cells, fmt (100.0 * row->workers / cores_of (results[i]), 0, " %"));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cells, row->points[i] && row->points[i]->n > 0
                            ? cs_format_seconds (row->points[i]->median_s) : g_strdup ("–"));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cells, fmt (row->points[i] ? row->points[i]->speedup : NAN, 2, "×"));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cells, fmt (row->efficiency_per_core[i] * 100, 0, " %"));
  for (guint i = 1; i < n; i++)
    g_ptr_array_add (cells, fmt (row->time_ratio[i], 2, ""));
  for (guint i = 1; i < n; i++)
    g_ptr_array_add (cells, fmt (row->throughput_ratio[i], 2, ""));
  cs_cli_table_add_row (table, (const char *const *) cells->pdata);
}

static void
print_table (const CsComparison *c, const CsResult *const *results, gboolean per_core)
{
  guint n = cs_comparison_get_n_results (c);
  g_autoptr(CsCliTable) table = cs_cli_table_new (2 + (per_core ? 4 : 3) * n + 2 * (n - 1), 1);
  g_autofree char *text = NULL;

  add_header (table, n, per_core);
  for (guint r = 0; r < cs_comparison_get_n_rows (c); r++)
    add_row (table, cs_comparison_get_row (c, r), results, n, per_core);
  text = cs_cli_table_to_string (table, "  ");
  printf ("\n%s\n", _("Side by side (speed-up vs each result's own 1-worker median; eff/core = "
                      "speed-up per physical core used; time and rate relative to [1])"));
  printf ("%s", text);
  if (per_core)
    printf ("%s\n", _("cores [i]: the workers as a share of result [i]'s physical cores"));
}

static void
print_help (void)
{
  printf ("%s\n\n%s\n", _("Usage: corescope compare A.json B.json [MORE.json…] [FOLDER…] "
                           "[--per-core] [--csv FILE]"),
          _("Aligns the results by mode and worker count and prints their median times,\n"
            "speed-ups, efficiency per physical core, time and throughput ratios against\n"
            "the first result, every parameter or machine property that differs, and\n"
            "which result was fastest. A FOLDER stands for every result file in it\n"
            "(*.json, by name), e.g. one per host from “corescope fleet”; files in it\n"
            "that do not load are skipped with a warning.\n\n"
            "  --per-core   also show each worker count as a share of each machine's\n"
            "               physical cores\n"
            "  --csv FILE   also write the comparison as CSV (one row per result and point)"));
}

typedef struct
{
  GPtrArray *paths;
  const char *csv;
  gboolean per_core;
} CompareArgs;

static int
parse_args (int argc, char **argv, CompareArgs *args, gboolean *help)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        return *help = TRUE, CS_CLI_EXIT_OK;
      if (g_str_equal (argv[i], "--csv"))
        {
          if (i + 1 >= argc)
            return cs_cli_usage_error (COMMAND, _("--csv needs a file name: --csv out.csv"));
          args->csv = argv[++i];
        }
      else if (g_str_has_prefix (argv[i], "--csv="))
        args->csv = argv[i] + strlen ("--csv=");
      else if (g_str_equal (argv[i], "--per-core"))
        args->per_core = TRUE;
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return cs_cli_usage_error (COMMAND, _("unknown option '%s' (try --help)"), argv[i]);
      else
        g_ptr_array_add (args->paths, argv[i]);
    }
  if (args->paths->len == 0)
    return cs_cli_usage_error (COMMAND, _("give at least two result files, or a folder of them, "
                                          "to compare"));
  return CS_CLI_EXIT_OK;
}

int
cs_cli_compare (int argc, char **argv)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(CsComparison) comparison = NULL;
  g_autoptr(GError) error = NULL;
  CompareArgs args = { paths, NULL, FALSE };
  gboolean help = FALSE;
  int status;

  if ((status = parse_args (argc, argv, &args, &help)) != CS_CLI_EXIT_OK || help)
    {
      if (help)
        print_help ();
      return status;
    }
  g_ptr_array_add (paths, NULL);
  if (args.csv != NULL && (status = cs_cli_check_outputs (COMMAND,
                                                          (const char *[]) { args.csv, NULL },
                                                          (const char *const *) paths->pdata)))
    return status;
  g_ptr_array_set_size (paths, paths->len - 1);
  results = cs_cli_load_results (COMMAND, (const char *const *) paths->pdata, paths->len, names,
                                 &error);
  if (results == NULL)
    return cs_cli_failure (COMMAND, "%s", error->message);
  if (results->len < 2)
    return cs_cli_usage_error (COMMAND, _("give at least two results to compare (use analyze "
                                          "for one)"));
  comparison = cs_comparison_new ((const CsResult *const *) results->pdata,
                                  (const char *const *) names->pdata, names->len, &error);
  if (comparison == NULL)
    return cs_cli_failure (COMMAND, "%s", error->message);

  print_legend (comparison, (const CsResult *const *) results->pdata);
  print_lines (_("Differences"), cs_comparison_get_differences (comparison),
               _("none: same preset, parameters, configuration and machine"));
  print_table (comparison, (const CsResult *const *) results->pdata, args.per_core);
  print_lines (_("Advice"), cs_comparison_get_advice (comparison), NULL);

  if (args.csv != NULL)
    {
      g_autofree char *csv = cs_comparison_to_csv (comparison);
      if (!cs_output_write (args.csv, csv, strlen (csv), &error))
        return cs_cli_failure (COMMAND, "%s", error->message);
    }
  return CS_CLI_EXIT_OK;
}
