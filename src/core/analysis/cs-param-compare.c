/* cs-param-compare.c: a result's parameter as comparisons see it (one file, one spelling)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-param-compare.h"
#include "cs-workload.h"

static gboolean
is_file_param (const char *preset_name, const char *name)
{
  const CsPreset *preset = preset_name != NULL ? cs_presets_lookup (preset_name, NULL) : NULL;
  int index = preset != NULL ? cs_param_specs_find (preset->params, preset->n_params, name) : -1;

  return index >= 0 && preset->params[index].type == CS_PARAM_FILE;
}

char *
cs_param_compare_value (const CsResult *result, const char *name)
{
  gsize len = strlen (name);
  const char *value = NULL;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (result != NULL && name != NULL, NULL);

  for (guint i = 0; result->config->params != NULL && result->config->params[i] != NULL; i++)
    if (strncmp (result->config->params[i], name, len) == 0
        && result->config->params[i][len] == '=')
      value = result->config->params[i] + len + 1;
  if (value == NULL || *value == '\0' || !is_file_param (result->config->preset, name))
    return g_strdup (value);
  canonical = g_canonicalize_filename (value, NULL);
  if (!g_file_test (canonical, G_FILE_TEST_EXISTS))
    return g_strdup (value);
  return g_steal_pointer (&canonical);
}
