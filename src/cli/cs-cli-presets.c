/* cs-cli-presets.c: `corescope presets`, the workload presets and their parameters
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cs-cli.h"
#include "cs-workload.h"

#define COMMAND "presets"

static const char *
type_name (CsParamType type)
{
  switch (type)
    {
    case CS_PARAM_INT: return "int";
    case CS_PARAM_DOUBLE: return "number";
    case CS_PARAM_BOOL: return "bool";
    case CS_PARAM_SIZE: return "size";
    case CS_PARAM_DURATION: return "duration";
    case CS_PARAM_CHOICE: return "choice";
    case CS_PARAM_STRING: return "string";
    case CS_PARAM_FILE: return "file";
    default: return "?";
    }
}

/* "1 to 1000000", "poll | nanosleep", or "" */
static char *
describe_range (const CsParamSpec *spec)
{
  if (spec->type == CS_PARAM_CHOICE && spec->choices != NULL)
    return g_strjoinv (" | ", (char **) spec->choices);
  if (spec->max <= spec->min)
    return g_strdup ("");
  switch (spec->type)
    {
    case CS_PARAM_INT:
      return g_strdup_printf (_("%.0f to %.0f"), spec->min, spec->max);
    case CS_PARAM_DURATION:
      return g_strdup_printf (_("%gs to %gs"), spec->min, spec->max);
    case CS_PARAM_SIZE:
      return g_strdup_printf (_("%.0f to %.0f bytes"), spec->min, spec->max);
    default:
      return g_strdup_printf (_("%g to %g"), spec->min, spec->max);
    }
}

void
cs_cli_print_param (const CsParamSpec *spec)
{
  g_autofree char *range = describe_range (spec);
  g_autofree char *value = spec->unit != NULL && spec->type != CS_PARAM_SIZE &&
                           spec->type != CS_PARAM_DURATION
    ? g_strdup_printf ("%s %s", spec->default_value, _(spec->unit))
    : g_strdup (spec->default_value);

  printf ("    %-16s %-8s default %-14s %s\n", spec->name, type_name (spec->type), value, range);
  printf ("    %-16s %s\n", "", _(spec->help));
}

static void
print_preset (const CsPreset *preset, gboolean verbose)
{
  printf ("%-14s %s  [%s]\n", preset->name, _(preset->title),
          cs_category_to_string (preset->category));
  printf ("  %s\n", _(preset->summary));
  if (verbose)
    {
      printf ("\n  %s\n", _(preset->description));
      printf ("  %s %s\n\n", _("Expected:"), _(preset->expected));
    }
  if (preset->n_params > 0)
    printf ("  %s\n", _("Parameters (set with --param NAME=VALUE):"));
  for (guint i = 0; i < preset->n_params; i++)
    cs_cli_print_param (&preset->params[i]);
  printf ("\n");
}

int
cs_cli_presets (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[PRESET]"));
  g_autoptr (GError) error = NULL;
  guint n_presets = 0;
  const CsPreset *const *presets;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Lists the workload presets that “corescope run --preset” accepts, with their\n"
      "parameters, defaults and ranges. With a PRESET name, describes that one in full."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cs_cli_usage_error (COMMAND, "%s", error->message);
  if (argc > 2)
    return cs_cli_usage_error (COMMAND, _("at most one preset name (see --help)"));

  if (argc == 2)
    {
      const CsPreset *preset = cs_presets_lookup (argv[1], &error);
      if (preset == NULL)
        return cs_cli_usage_error (COMMAND, "%s", error->message);
      print_preset (preset, TRUE);
      return CS_CLI_EXIT_OK;
    }

  presets = cs_presets_get_all (&n_presets);
  for (guint i = 0; i < n_presets; i++)
    print_preset (presets[i], FALSE);
  return CS_CLI_EXIT_OK;
}
