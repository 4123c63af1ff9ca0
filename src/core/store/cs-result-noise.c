/* cs-result-noise.c: a run's noise record in result files (JSON)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cs-result-noise.h"
#include "cs-result.h"
#include "cs-run-noise.h"

/* In a result file each run has a "noise" object:
 *   { "steal_pct": 0.0, "observer_cpu_s": 0.0012, "avg_freq_mhz": null, "disturbed": false,
 *     "remeasured": false, "counters": { "task_clock_s": 0.51, "cycles": null, ... } }
 * null is "not measured" (steal, observer) or "not exposed here" (a counter). Files written
 * before it have no such object, and load as not measured. */

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
  if (run->perf_counters == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  for (guint i = 0; run->perf_counters[i] != NULL; i++)
    {
      g_auto (GStrv) kv = g_strsplit (run->perf_counters[i], "=", 2);
      double v = 0;
      gboolean known = kv[1] != NULL && cs_run_get_perf_counter (run, kv[0], &v);
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
  run->perf_counters = g_new0 (char *, 1);
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
      cs_mode_config_set (&run->perf_counters, l->data, buf);
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
