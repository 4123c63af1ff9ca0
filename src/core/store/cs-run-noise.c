/* cs-run-noise.c: what disturbed a run (steal, the observer's own CPU time, the kernel's
 * counters), when a run counts as disturbed, and the observer's share of a sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cs-run-noise.h"

/* In a result file each run has a "noise" object:
 *   { "steal_pct": 0.0, "observer_cpu_s": 0.0012, "avg_freq_mhz": null, "disturbed": false,
 *     "remeasured": false, "counters": { "task_clock_s": 0.51, "cycles": null, ... } }
 * null is "not measured" (steal, observer) or "not exposed here" (a counter). Files written
 * before it have no such object, and load as not measured. */

gboolean
cs_run_noise_is_disturbed (const CsRun *run, char **why)
{
  double cpu = run->user_s + run->sys_s;
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (run != NULL, FALSE);
  if (run->status != CS_RUN_OK)
    return FALSE;
  if (run->steal_pct > CS_NOISE_STEAL_LIMIT_PCT)
    g_string_append_printf (text, _("steal %.1f %% of CPU time"), run->steal_pct);
  if (run->observer_cpu_s > CS_NOISE_OBSERVER_MIN_S &&
      run->observer_cpu_s > CS_NOISE_OBSERVER_LIMIT * cpu)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      if (cpu > 0)
        g_string_append_printf (text, _("Corescope itself used %.1f %% of the workers' CPU "
                                        "time"), 100 * run->observer_cpu_s / cpu);
      else
        g_string_append_printf (text, _("Corescope itself used %.1f ms of CPU time"),
                                1e3 * run->observer_cpu_s);
    }
  if (why != NULL)
    *why = text->len > 0 ? g_strdup (text->str) : NULL;
  return text->len > 0;
}

double
cs_result_observer_share (const CsResult *result)
{
  double observer = 0, total = 0;
  guint n = 0;

  g_return_val_if_fail (result != NULL, -1);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *r = g_ptr_array_index (result->runs, i);
      if (r->observer_cpu_s < 0 || !isfinite (r->observer_cpu_s))
        continue;
      observer += r->observer_cpu_s;
      total += r->observer_cpu_s + r->user_s + r->sys_s;
      n++;
    }
  return n > 0 && total > 0 ? observer / total : -1;
}

gboolean
cs_run_get_counter (const CsRun *run, const char *name, double *value)
{
  gsize len = strlen (name);

  g_return_val_if_fail (run != NULL && name != NULL, FALSE);
  for (guint i = 0; run->counters != NULL && run->counters[i] != NULL; i++)
    {
      const char *item = run->counters[i];
      char *end;
      double v;

      if (strncmp (item, name, len) != 0 || item[len] != '=' || item[len + 1] == '\0')
        continue;
      v = g_ascii_strtod (item + len + 1, &end);
      if (*end != '\0')
        return FALSE;
      if (value != NULL)
        *value = v;
      return TRUE;
    }
  return FALSE;
}

gboolean
cs_run_is_measurement (const CsRun *run)
{
  g_return_val_if_fail (run != NULL, FALSE);
  return run->status == CS_RUN_OK && !run->remeasured;
}

/* ---- JSON ----------------------------------------------------------------------------------- */

static void
add_number_or_null (JsonBuilder *b, const char *name, gboolean known, double value)
{
  json_builder_set_member_name (b, name);
  if (known && isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
build_counters (JsonBuilder *b, const CsRun *run)
{
  json_builder_set_member_name (b, "counters");
  if (run->counters == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  for (guint i = 0; run->counters[i] != NULL; i++)
    {
      g_auto (GStrv) kv = g_strsplit (run->counters[i], "=", 2);
      double v = 0;
      gboolean known = kv[1] != NULL && cs_run_get_counter (run, kv[0], &v);
      add_number_or_null (b, kv[0], known, v);
    }
  json_builder_end_object (b);
}

void
_cs_run_noise_build_json (JsonBuilder *b, const CsRun *run)
{
  json_builder_set_member_name (b, "noise");
  json_builder_begin_object (b);
  add_number_or_null (b, "steal_pct", run->steal_pct >= 0, run->steal_pct);
  add_number_or_null (b, "observer_cpu_s", run->observer_cpu_s >= 0, run->observer_cpu_s);
  add_number_or_null (b, "avg_freq_mhz", run->avg_freq_mhz > 0, run->avg_freq_mhz);
  json_builder_set_member_name (b, "disturbed");
  json_builder_add_boolean_value (b, run->disturbed);
  json_builder_set_member_name (b, "remeasured");
  json_builder_add_boolean_value (b, run->remeasured);
  build_counters (b, run);
  json_builder_end_object (b);
}

void
_cs_result_noise_build_json (JsonBuilder *b, const CsResult *result)
{
  double share = cs_result_observer_share (result);

  /* Derived from the runs, and read from them again on loading: saved for scripts. */
  json_builder_set_member_name (b, "noise");
  json_builder_begin_object (b);
  add_number_or_null (b, "observer_cpu_share", share >= 0, share);
  json_builder_end_object (b);
}

static gboolean
fail (GError **error, const char *filename, const char *path, const char *name,
      const char *problem)
{
  g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_INVALID, "%s: '%s.noise.%s' %s",
               filename, path, name, problem);
  return FALSE;
}

/* A number, or null/absent (keeps *out). */
static gboolean
read_optional_number (JsonObject *o, const char *name, double *out, const char *filename,
                      const char *path, GError **error)
{
  JsonNode *node = json_object_get_member (o, name);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = json_node_get_value_type (node);
  if (!JSON_NODE_HOLDS_VALUE (node) || (type != G_TYPE_DOUBLE && type != G_TYPE_INT64) ||
      !isfinite (json_node_get_double (node)))
    return fail (error, filename, path, name, _("must be a number or null"));
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
read_bool (JsonObject *o, const char *name, gboolean *out, const char *filename,
           const char *path, GError **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, filename, path, name, _("must be true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_counters (JsonObject *o, CsRun *run, const char *filename, const char *path,
               GError **error)
{
  JsonNode *node = json_object_get_member (o, "counters");
  g_autoptr (GList) names = NULL;
  JsonObject *counters;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, filename, path, "counters", _("must be an object"));
  counters = json_node_get_object (node);
  names = json_object_get_members (counters);
  run->counters = g_new0 (char *, 1);
  for (GList *l = names; l != NULL; l = l->next)
    {
      double v = NAN;
      char buf[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (!g_utf8_validate (l->data, -1, NULL) || strchr (l->data, '=') != NULL)
        return fail (error, filename, path, "counters", _("has a name that is not a counter"));
      if (!read_optional_number (counters, l->data, &v, filename, path, error))
        return FALSE;
      if (isfinite (v))
        g_ascii_formatd (buf, sizeof buf, "%.17g", v);
      cs_mode_config_set (&run->counters, l->data, buf);
    }
  return TRUE;
}

gboolean
_cs_run_noise_read_json (JsonObject *run_object, const char *path, CsRun *run,
                         const char *filename, GError **error)
{
  JsonNode *node = json_object_get_member (run_object, "noise");
  JsonObject *o;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_INVALID,
                   "%s: '%s.noise' %s", filename, path, _("must be an object"));
      return FALSE;
    }
  o = json_node_get_object (node);
  return read_optional_number (o, "steal_pct", &run->steal_pct, filename, path, error) &&
         read_optional_number (o, "observer_cpu_s", &run->observer_cpu_s, filename, path,
                               error) &&
         read_optional_number (o, "avg_freq_mhz", &run->avg_freq_mhz, filename, path, error) &&
         read_bool (o, "disturbed", &run->disturbed, filename, path, error) &&
         read_bool (o, "remeasured", &run->remeasured, filename, path, error) &&
         read_counters (o, run, filename, path, error);
}
