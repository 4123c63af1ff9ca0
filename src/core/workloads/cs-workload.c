/* cs-workload.c: the preset registry, typed parameters and workload instances
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-workload"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-workload.h"

struct _CsParams
{
  const CsPreset *preset;
  char          **values; /* n_params entries, each validated against its spec */
};

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

static int
find_param_index (const CsPreset *preset, const char *name)
{
  for (guint i = 0; i < preset->n_params; i++)
    if (g_str_equal (preset->params[i].name, name))
      return (int) i;
  return -1;
}

const CsParamSpec *
cs_preset_find_param (const CsPreset *preset, const char *name)
{
  int i;

  g_return_val_if_fail (preset != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = find_param_index (preset, name);
  return i < 0 ? NULL : &preset->params[i];
}

/* Parsing of values. Each parser returns FALSE without touching *out on bad syntax; range
 * checks are separate so that syntax and range errors get their own messages. */

static gboolean
parse_double_prefix (const char *str, double *out, const char **rest)
{
  char *end = NULL;
  double v;

  while (g_ascii_isspace (*str))
    str++;
  if (*str == '\0')
    return FALSE;
  v = g_ascii_strtod (str, &end);
  if (end == str || !isfinite (v))
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  *out = v;
  *rest = end;
  return TRUE;
}

static gboolean
parse_int (const char *str, gint64 *out)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (str));

  return g_ascii_string_to_signed (trimmed, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static gboolean
parse_double (const char *str, double *out)
{
  const char *rest;
  double v;

  if (!parse_double_prefix (str, &v, &rest) || *rest != '\0')
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_bool (const char *str, gboolean *out)
{
  static const char *const yes[] = { "true", "yes", "1", "on", NULL };
  static const char *const no[] = { "false", "no", "0", "off", NULL };
  g_autofree char *lower = g_ascii_strdown (str, -1);

  g_strstrip (lower);
  if (g_strv_contains (yes, lower))
    *out = TRUE;
  else if (g_strv_contains (no, lower))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

typedef struct
{
  const char *suffix;
  double      factor;
} Suffix;

static gboolean
parse_with_suffix (const char *str, const Suffix *suffixes, double *out)
{
  const char *rest;
  double v;

  if (!parse_double_prefix (str, &v, &rest))
    return FALSE;
  for (guint i = 0; suffixes[i].suffix != NULL; i++)
    {
      if (g_ascii_strcasecmp (rest, suffixes[i].suffix) == 0)
        {
          *out = v * suffixes[i].factor;
          return TRUE;
        }
    }
  return FALSE;
}

/* Sizes are powers of 1024 whatever the spelling: users type "64K" meaning KiB. */
static gboolean
parse_size (const char *str, double *out)
{
  static const Suffix suffixes[] = {
    { "", 1 }, { "B", 1 },
    { "K", 1024.0 }, { "KB", 1024.0 }, { "KiB", 1024.0 },
    { "M", 1048576.0 }, { "MB", 1048576.0 }, { "MiB", 1048576.0 },
    { "G", 1073741824.0 }, { "GB", 1073741824.0 }, { "GiB", 1073741824.0 },
    { "T", 1099511627776.0 }, { "TB", 1099511627776.0 }, { "TiB", 1099511627776.0 },
    { NULL, 0 }
  };
  double v;

  if (!parse_with_suffix (str, suffixes, &v) || v < 0 || v != floor (v))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_duration (const char *str, double *out)
{
  static const Suffix suffixes[] = {
    { "", 1 }, { "s", 1 }, { "ms", 1e-3 }, { "us", 1e-6 }, { "µs", 1e-6 }, { "ns", 1e-9 },
    { "min", 60 },
    { NULL, 0 }
  };
  double v;

  if (!parse_with_suffix (str, suffixes, &v) || v < 0)
    return FALSE;
  *out = v;
  return TRUE;
}

/* Formatting of bounds for messages, in the units users type. */

static char *
format_duration (double s)
{
  if (s >= 1 || s == 0)
    return g_strdup_printf ("%gs", s);
  if (s >= 1e-3)
    return g_strdup_printf ("%gms", s * 1e3);
  return g_strdup_printf ("%gus", s * 1e6);
}

static char *
format_size (double bytes)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  guint u = 0;

  while (u + 1 < G_N_ELEMENTS (units) && bytes >= 1024 && fmod (bytes, 1024) == 0)
    {
      bytes /= 1024;
      u++;
    }
  return g_strdup_printf ("%.0f%s", bytes, units[u]);
}

static char *
format_bound (const CsParamSpec *spec, double v)
{
  switch (spec->type)
    {
    case CS_PARAM_SIZE:
      return format_size (v);
    case CS_PARAM_DURATION:
      return format_duration (v);
    case CS_PARAM_INT:
      return g_strdup_printf ("%.0f", v);
    default:
      return g_strdup_printf ("%g", v);
    }
}

static gboolean
has_range (const CsParamSpec *spec)
{
  return spec->max > spec->min;
}

static gboolean
check_range (const CsParamSpec *spec, const char *value, double v, GError **error)
{
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  if (!has_range (spec) || (v >= spec->min && v <= spec->max))
    return TRUE;
  lo = format_bound (spec, spec->min);
  hi = format_bound (spec, spec->max);
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
               _("%s: '%s' is out of range (use %s to %s%s%s)"), spec->name, value, lo, hi,
               spec->unit != NULL && spec->type != CS_PARAM_SIZE
                 && spec->type != CS_PARAM_DURATION ? " " : "",
               spec->unit != NULL && spec->type != CS_PARAM_SIZE
                 && spec->type != CS_PARAM_DURATION ? spec->unit : "");
  return FALSE;
}

static gboolean
syntax_error (const CsParamSpec *spec, const char *value, const char *what, const char *form,
              GError **error)
{
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
               _("%s: '%s' is not %s (use %s)"), spec->name, value, what, form);
  return FALSE;
}

static gboolean
validate_choice (const CsParamSpec *spec, const char *value, GError **error)
{
  g_autofree char *joined = NULL;

  if (spec->choices != NULL && g_strv_contains ((const char *const *) spec->choices, value))
    return TRUE;
  joined = spec->choices != NULL ? g_strjoinv (", ", (char **) spec->choices) : g_strdup ("");
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
               _("%s: '%s' is not one of the choices (use one of: %s)"), spec->name, value,
               joined);
  return FALSE;
}

gboolean
cs_param_spec_validate (const CsParamSpec *spec, const char *value, GError **error)
{
  gint64 i;
  double d;
  gboolean b;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  switch (spec->type)
    {
    case CS_PARAM_INT:
      if (!parse_int (value, &i))
        return syntax_error (spec, value, _("a whole number"), _("e.g. 100"), error);
      return check_range (spec, value, (double) i, error);
    case CS_PARAM_DOUBLE:
      if (!parse_double (value, &d))
        return syntax_error (spec, value, _("a number"), _("e.g. 0.5"), error);
      return check_range (spec, value, d, error);
    case CS_PARAM_BOOL:
      if (!parse_bool (value, &b))
        return syntax_error (spec, value, _("a boolean"), _("true or false"), error);
      return TRUE;
    case CS_PARAM_SIZE:
      if (!parse_size (value, &d))
        return syntax_error (spec, value, _("a size"), _("e.g. 4096, 64K, 16MiB, 1G"), error);
      return check_range (spec, value, d, error);
    case CS_PARAM_DURATION:
      if (!parse_duration (value, &d))
        return syntax_error (spec, value, _("a duration"), _("e.g. 200us, 5ms, 1.5s"), error);
      return check_range (spec, value, d, error);
    case CS_PARAM_CHOICE:
      return validate_choice (spec, value, error);
    case CS_PARAM_STRING:
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* CsParams */

CsParams *
cs_params_new (const CsPreset *preset)
{
  CsParams *params;

  g_return_val_if_fail (preset != NULL, NULL);

  params = g_new0 (CsParams, 1);
  params->preset = preset;
  params->values = g_new0 (char *, preset->n_params + 1);
  for (guint i = 0; i < preset->n_params; i++)
    params->values[i] = g_strdup (preset->params[i].default_value != NULL
                                  ? preset->params[i].default_value : "");
  return params;
}

CsParams *
cs_params_copy (const CsParams *params)
{
  CsParams *copy;

  g_return_val_if_fail (params != NULL, NULL);

  copy = g_new0 (CsParams, 1);
  copy->preset = params->preset;
  copy->values = g_strdupv (params->values);
  return copy;
}

void
cs_params_free (CsParams *params)
{
  if (params == NULL)
    return;
  g_strfreev (params->values);
  g_free (params);
}

const CsPreset *
cs_params_get_preset (const CsParams *params)
{
  g_return_val_if_fail (params != NULL, NULL);
  return params->preset;
}

static int
lookup_index (const CsParams *params, const char *name, GError **error)
{
  int i = find_param_index (params->preset, name);
  g_autoptr(GString) known = NULL;

  if (i >= 0)
    return i;
  known = g_string_new (NULL);
  for (guint j = 0; j < params->preset->n_params; j++)
    g_string_append_printf (known, "%s%s", j > 0 ? ", " : "", params->preset->params[j].name);
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PARAM,
               _("Preset '%s' has no parameter '%s' (known parameters: %s)"),
               params->preset->name, name, params->preset->n_params > 0 ? known->str : _("none"));
  return -1;
}

gboolean
cs_params_set (CsParams *params, const char *name, const char *value, GError **error)
{
  int i;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  i = lookup_index (params, name, error);
  if (i < 0)
    return FALSE;
  if (!cs_param_spec_validate (&params->preset->params[i], value, error))
    return FALSE;
  g_free (params->values[i]);
  params->values[i] = g_strdup (value);
  return TRUE;
}

gboolean
cs_params_parse_assignment (CsParams *params, const char *assignment, GError **error)
{
  const char *eq;
  g_autofree char *name = NULL;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);

  eq = strchr (assignment, '=');
  if (eq == NULL || eq == assignment)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
                   _("'%s' is not a parameter assignment (use name=value, e.g. tasks=64)"),
                   assignment);
      return FALSE;
    }
  name = g_strstrip (g_strndup (assignment, eq - assignment));
  return cs_params_set (params, name, eq + 1, error);
}

/* Getters: the stored value was validated on the way in, so a failure here is a programming
 * error (wrong name or wrong type). */
static const char *
get_checked (const CsParams *params, const char *name, CsParamType type)
{
  int i;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = find_param_index (params->preset, name);
  if (i < 0)
    {
      g_critical ("Preset '%s' has no parameter '%s'", params->preset->name, name);
      return NULL;
    }
  if (type != CS_PARAM_STRING && params->preset->params[i].type != type)
    {
      g_critical ("Parameter '%s' of preset '%s' read with the wrong type", name,
                  params->preset->name);
      return NULL;
    }
  return params->values[i];
}

const char *
cs_params_get_string (const CsParams *params, const char *name)
{
  return get_checked (params, name, CS_PARAM_STRING);
}

gint64
cs_params_get_int (const CsParams *params, const char *name)
{
  const char *v = get_checked (params, name, CS_PARAM_INT);
  gint64 i = 0;

  if (v != NULL)
    parse_int (v, &i);
  return i;
}

double
cs_params_get_double (const CsParams *params, const char *name)
{
  const char *v = get_checked (params, name, CS_PARAM_DOUBLE);
  double d = 0;

  if (v != NULL)
    parse_double (v, &d);
  return d;
}

gboolean
cs_params_get_bool (const CsParams *params, const char *name)
{
  const char *v = get_checked (params, name, CS_PARAM_BOOL);
  gboolean b = FALSE;

  if (v != NULL)
    parse_bool (v, &b);
  return b;
}

guint64
cs_params_get_size (const CsParams *params, const char *name)
{
  const char *v = get_checked (params, name, CS_PARAM_SIZE);
  double d = 0;

  if (v != NULL)
    parse_size (v, &d);
  return (guint64) d;
}

double
cs_params_get_duration (const CsParams *params, const char *name)
{
  const char *v = get_checked (params, name, CS_PARAM_DURATION);
  double d = 0;

  if (v != NULL)
    parse_duration (v, &d);
  return d;
}

char **
cs_params_to_strv (const CsParams *params)
{
  char **strv;

  g_return_val_if_fail (params != NULL, NULL);

  strv = g_new0 (char *, params->preset->n_params + 1);
  for (guint i = 0; i < params->preset->n_params; i++)
    strv[i] = g_strdup_printf ("%s=%s", params->preset->params[i].name, params->values[i]);
  return strv;
}

/* CsWorkload */

CsWorkload *
cs_workload_new (const CsParams *params, CsScaling scaling, guint n_workers)
{
  CsWorkload *wl;

  g_return_val_if_fail (params != NULL, NULL);

  wl = g_new0 (CsWorkload, 1);
  wl->preset = params->preset;
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
