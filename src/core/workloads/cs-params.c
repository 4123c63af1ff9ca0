/* cs-params.c: typed parameters (presets' parameters, backends' options), validated on the way in
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-params"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-workload.h"

/* One set of values for one table of specs: a preset's parameters or a backend's options. Every
 * stored value was validated against its spec, so the typed getters only convert. */
struct _CsParams
{
  const CsPreset    *preset;   /* NULL for a backend's options */
  const char        *owner;    /* the preset's or the backend's name, for messages */
  const CsParamSpec *specs;
  guint              n_specs;
  char             **values;   /* n_specs entries */
};

int
cs_param_specs_find (const CsParamSpec *specs, guint n_specs, const char *name)
{
  for (guint i = 0; i < n_specs; i++)
    if (g_str_equal (specs[i].name, name))
      return (int) i;
  return -1;
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

gboolean
cs_parse_duration (const char *str, double *out)
{
  static const Suffix suffixes[] = {
    { "", 1 }, { "s", 1 }, { "ms", 1e-3 }, { "us", 1e-6 }, { "µs", 1e-6 }, { "ns", 1e-9 },
    { "min", 60 },
    { NULL, 0 }
  };
  double v;

  if (str == NULL || !parse_with_suffix (str, suffixes, &v) || v < 0)
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
      if (!cs_parse_duration (value, &d))
        return syntax_error (spec, value, _("a duration"), _("e.g. 200us, 5ms, 1.5s"), error);
      return check_range (spec, value, d, error);
    case CS_PARAM_CHOICE:
      return validate_choice (spec, value, error);
    case CS_PARAM_STRING:
    case CS_PARAM_FILE:
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* CsParams */

static CsParams *
params_new (const CsPreset *preset, const char *owner, const CsParamSpec *specs, guint n_specs)
{
  CsParams *params = g_new0 (CsParams, 1);

  params->preset = preset;
  params->owner = owner;
  params->specs = specs;
  params->n_specs = n_specs;
  params->values = g_new0 (char *, n_specs + 1);
  for (guint i = 0; i < n_specs; i++)
    params->values[i] = g_strdup (specs[i].default_value != NULL ? specs[i].default_value : "");
  return params;
}

CsParams *
cs_params_new (const CsPreset *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);
  return params_new (preset, preset->name, preset->params, preset->n_params);
}

CsParams *
cs_params_new_for_specs (const char *owner, const CsParamSpec *specs, guint n_specs)
{
  g_return_val_if_fail (owner != NULL, NULL);
  g_return_val_if_fail (specs != NULL || n_specs == 0, NULL);
  return params_new (NULL, owner, specs, n_specs);
}

CsParams *
cs_params_copy (const CsParams *params)
{
  CsParams *copy;

  g_return_val_if_fail (params != NULL, NULL);

  copy = g_memdup2 (params, sizeof *params);
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

const CsParamSpec *
cs_params_get_specs (const CsParams *params, guint *n_specs)
{
  g_return_val_if_fail (params != NULL, NULL);
  if (n_specs != NULL)
    *n_specs = params->n_specs;
  return params->specs;
}

gboolean
cs_params_has (const CsParams *params, const char *name)
{
  g_return_val_if_fail (params != NULL && name != NULL, FALSE);
  return cs_param_specs_find (params->specs, params->n_specs, name) >= 0;
}

static int
lookup_index (const CsParams *params, const char *name, GError **error)
{
  int i = cs_param_specs_find (params->specs, params->n_specs, name);
  g_autoptr(GString) known = NULL;

  if (i >= 0)
    return i;
  known = g_string_new (NULL);
  for (guint j = 0; j < params->n_specs; j++)
    g_string_append_printf (known, "%s%s", j > 0 ? ", " : "", params->specs[j].name);
  if (params->preset != NULL)
    g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PARAM,
                 _("Preset '%s' has no parameter '%s' (known parameters: %s)"),
                 params->owner, name, params->n_specs > 0 ? known->str : _("none"));
  else
    g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PARAM,
                 _("%s: no option '%s' (known options: %s)"),
                 params->owner, name, params->n_specs > 0 ? known->str : _("none"));
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
  if (!cs_param_spec_validate (&params->specs[i], value, error))
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

  i = cs_param_specs_find (params->specs, params->n_specs, name);
  if (i < 0)
    {
      g_critical ("'%s' has no parameter '%s'", params->owner, name);
      return NULL;
    }
  if (type != CS_PARAM_STRING && params->specs[i].type != type)
    {
      g_critical ("Parameter '%s' of '%s' read with the wrong type", name, params->owner);
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
    cs_parse_duration (v, &d);
  return d;
}

char **
cs_params_to_strv (const CsParams *params)
{
  char **strv;

  g_return_val_if_fail (params != NULL, NULL);

  strv = g_new0 (char *, params->n_specs + 1);
  for (guint i = 0; i < params->n_specs; i++)
    strv[i] = g_strdup_printf ("%s=%s", params->specs[i].name, params->values[i]);
  return strv;
}
