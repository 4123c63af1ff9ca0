/* cs-workload.c: the preset registry and workload instances
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-workload"

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-workload.h"

G_DEFINE_QUARK (cs-workload-error-quark, cs_workload_error)

/* Registry */

const CsPreset *const *
cs_presets_get_all (guint *n_presets)
{
  guint n = 0;
  const CsPreset *const *table = _cs_presets_table (&n);

  if (n_presets != NULL)
    *n_presets = n;
  return table;
}

const CsPreset *
cs_presets_lookup (const char *name, GError **error)
{
  guint n = 0;
  const CsPreset *const *table = _cs_presets_table (&n);
  g_autoptr(GString) known = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (table[i]->name, name))
        return table[i];
      g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", table[i]->name);
    }
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PRESET,
               _("Unknown preset '%s' (known presets: %s)"), name, known->str);
  return NULL;
}

const CsParamSpec *
cs_preset_find_param (const CsPreset *preset, const char *name)
{
  int i;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = cs_param_specs_find (preset->params, preset->n_params, name);
  return i < 0 ? NULL : &preset->params[i];
}

double
cs_preset_estimate_s (const CsPreset *preset, const CsParams *params, const CsRunShape *shape)
{
  g_return_val_if_fail (preset != NULL && params != NULL && shape != NULL, -1);
  return preset->estimate_s != NULL ? preset->estimate_s (params, shape) : -1;
}

/* CsWorkload */

CsWorkload *
cs_workload_new (const CsParams *params, CsScaling scaling, guint n_workers)
{
  CsWorkload *wl;

  g_return_val_if_fail (params != NULL, NULL);

  wl = g_new0 (CsWorkload, 1);
  wl->preset = cs_params_get_preset (params);
  wl->params = cs_params_copy (params);
  wl->scaling = scaling;
  wl->n_workers = n_workers;
  wl->env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  wl->shared_fd = -1;
  return wl;
}

/* Only frees what new() made: detach/finish and the shared mapping belong to the engine, which
 * knows whether prepare and attach ran. */
void
cs_workload_free (CsWorkload *wl)
{
  if (wl == NULL)
    return;
  g_clear_pointer (&wl->params, cs_params_free);
  g_clear_pointer (&wl->env, g_hash_table_unref);
  g_free (wl->note);
  g_free (wl);
}

void
cs_workload_set_env (CsWorkload *wl, const char *key, const char *value)
{
  g_return_if_fail (wl != NULL);
  g_return_if_fail (key != NULL);

  if (value == NULL)
    g_hash_table_remove (wl->env, key);
  else
    g_hash_table_insert (wl->env, g_strdup (key), g_strdup (value));
}

const char *
cs_workload_get_env (CsWorkload *wl, const char *key)
{
  g_return_val_if_fail (wl != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (wl->env, key);
}
