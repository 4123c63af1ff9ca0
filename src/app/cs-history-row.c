/* cs-history-row.c: the words of a History row, which tell one saved sweep from the others
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-history-row.h"
#include "cs-workload.h"

/* Rows of one preset differ by their parameters: a user's function by its name and file, any
 * other preset by the parameters set away from their defaults (at most three). */
#define MAX_KEY_PARAMS 3

const char *
cs_history_row_preset_title (const char *name)
{
  const CsPreset *preset = name ? cs_presets_lookup (name, NULL) : NULL;

  if (preset != NULL)
    return g_dgettext (GETTEXT_PACKAGE, preset->title);
  return name ? name : _("Result");
}

static const char *
param_value (char **params, const char *name)
{
  gsize len = strlen (name);

  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    if (strncmp (params[i], name, len) == 0 && params[i][len] == '=')
      return params[i] + len + 1;
  return NULL;
}

/* "mywork.py:work" (or "pkg.jobs:work"), NULL when the preset calls no function. */
static char *
function_key (char **params)
{
  const char *function = param_value (params, "function");
  const char *file = param_value (params, "file");
  const char *module = param_value (params, "module");
  g_autofree char *base = file != NULL && *file != '\0' ? g_path_get_basename (file) : NULL;

  if (function == NULL)
    return NULL;
  return g_strdup_printf ("%s:%s", base != NULL ? base : module != NULL ? module : "", function);
}

static gboolean
is_default (const CsPreset *preset, const char *assignment)
{
  const char *eq = strchr (assignment, '=');

  for (guint i = 0; preset != NULL && eq != NULL && i < preset->n_params; i++)
    if (strncmp (preset->params[i].name, assignment, eq - assignment) == 0
        && preset->params[i].name[eq - assignment] == '\0')
      return g_strcmp0 (preset->params[i].default_value, eq + 1) == 0;
  return FALSE;
}

static char *
changed_params_key (const char *preset_name, char **params)
{
  const CsPreset *preset = preset_name ? cs_presets_lookup (preset_name, NULL) : NULL;
  g_autoptr (GString) key = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; params != NULL && params[i] != NULL && n < MAX_KEY_PARAMS; i++)
    if (!is_default (preset, params[i]))
      g_string_append_printf (key, "%s%s", n++ > 0 ? ", " : "", params[i]);
  return n > 0 ? g_string_free (g_steal_pointer (&key), FALSE) : NULL;
}

char *
cs_result_key_params (const CsResult *result)
{
  char *key;

  g_return_val_if_fail (result != NULL, NULL);

  key = function_key (result->config->params);
  return key != NULL ? key : changed_params_key (result->config->preset, result->config->params);
}

char *
cs_history_row_title (const CsHistoryEntry *entry)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->label != NULL)
    return g_strdup (entry->label);
  key = function_key (entry->params);
  if (key == NULL)
    key = changed_params_key (entry->preset, entry->params);
  if (key == NULL)
    return g_strdup (cs_history_row_preset_title (entry->preset));
  /* Translators: "Your Python function: mywork.py:work" */
  return g_strdup_printf (_("%s: %s"), cs_history_row_preset_title (entry->preset), key);
}

static void
append_sweep (GString *s, const CsHistoryEntry *entry)
{
  if (entry->modes != NULL && entry->modes[0] != NULL)
    {
      g_autofree char *modes = g_strjoinv (", ", entry->modes);

      g_string_append_printf (s, " · %s", modes);
    }
  if (entry->max_workers == 0)
    return;
  if (entry->min_workers == entry->max_workers)
    g_string_append_printf (s, ngettext (" · %u worker", " · %u workers", entry->max_workers),
                            entry->max_workers);
  else
    /* Translators: " · 1–4 workers" */
    g_string_append_printf (s, _(" · %u–%u workers"), entry->min_workers, entry->max_workers);
}

/* Failed first (the reason), then cancelled, then the headline. */
static void
append_outcome (GString *s, const CsHistoryEntry *entry)
{
  if (entry->n_failed > 0 && entry->n_failed == entry->n_runs)
    g_string_append_printf (s, _(" · failed: %s"), entry->first_failure);
  else if (!entry->complete)
    g_string_append_printf (s, " · %s", _("cancelled"));
  if (entry->n_failed > 0 && entry->n_failed < entry->n_runs)
    g_string_append_printf (s, ngettext (" · %u of %u run failed", " · %u of %u runs failed",
                                         entry->n_runs),
                            entry->n_failed, entry->n_runs);
  if (entry->headline != NULL && entry->n_failed < entry->n_runs)
    g_string_append_printf (s, " · %s", entry->headline);
}

char *
cs_history_row_subtitle (const CsHistoryEntry *entry)
{
  g_autofree char *date = NULL;
  GString *s;

  g_return_val_if_fail (entry != NULL, NULL);

  date = cs_result_format_date (entry->date);
  s = g_string_new (date);
  g_string_append_printf (s, " · %s", entry->hostname ? entry->hostname : _("unknown machine"));
  if (entry->label != NULL)
    g_string_append_printf (s, " · %s", cs_history_row_preset_title (entry->preset));
  append_sweep (s, entry);
  append_outcome (s, entry);
  return g_string_free (s, FALSE);
}
