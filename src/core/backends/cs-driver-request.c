/* cs-driver-request.c: the workload as a driver process gets it in `open` (DRIVERS.md), shared
 * by the backends that hand their runs to a driver (CPython, MPI)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-backend-private.h"
#include "cs-driver.h"

/* python-callable's list and path are typed for Python: a JSON list and a list of folders. */
static gboolean
add_callable_param (JsonBuilder *b, const CsParamSpec *spec, const char *value)
{
  if (g_str_equal (spec->name, "args"))
    {
      /* The preset's prepare() checked that it parses. */
      JsonNode *list = *value != '\0' ? json_from_string (value, NULL) : NULL;

      json_builder_add_value (b, list != NULL ? list : json_node_new (JSON_NODE_NULL));
      return TRUE;
    }
  if (g_str_equal (spec->name, "path"))
    {
      g_auto (GStrv) dirs = g_strsplit (value, ":", -1);

      json_builder_begin_array (b);
      for (guint i = 0; dirs[i] != NULL; i++)
        if (*dirs[i] != '\0')
          json_builder_add_string_value (b, dirs[i]);
      json_builder_end_array (b);
      return TRUE;
    }
  return FALSE;
}

/* Every parameter typed: integers, bytes for sizes, seconds for durations (DRIVERS.md). */
static void
add_params (JsonBuilder *b, const CsParams *params)
{
  guint n;
  const CsParamSpec *specs = cs_params_get_specs (params, &n);
  gboolean callable = g_str_equal (cs_params_get_preset (params)->name, "python-callable");

  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    {
      const char *name = specs[i].name, *text = cs_params_get_string (params, name);

      json_builder_set_member_name (b, name);
      if (callable && add_callable_param (b, &specs[i], text))
        continue;
      switch (specs[i].type)
        {
        case CS_PARAM_INT:
          json_builder_add_int_value (b, cs_params_get_int (params, name));
          break;
        case CS_PARAM_DOUBLE:
          json_builder_add_double_value (b, cs_params_get_double (params, name));
          break;
        case CS_PARAM_BOOL:
          json_builder_add_boolean_value (b, cs_params_get_bool (params, name));
          break;
        case CS_PARAM_SIZE:
          json_builder_add_int_value (b, (gint64) cs_params_get_size (params, name));
          break;
        case CS_PARAM_DURATION:
          json_builder_add_double_value (b, cs_params_get_duration (params, name));
          break;
        default:
          json_builder_add_string_value (b, text);
        }
    }
  json_builder_end_object (b);
}

void
_cs_driver_add_workload (JsonBuilder *b, const CsWorkload *wl)
{
  GHashTableIter iter;
  gpointer key, value;

  json_builder_set_member_name (b, "workload");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "preset");
  json_builder_add_string_value (b, wl->preset->name);
  json_builder_set_member_name (b, "params");
  add_params (b, wl->params);
  json_builder_set_member_name (b, "env");
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, wl->env);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (b, key);
      json_builder_add_string_value (b, value);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "n_tasks");
  json_builder_add_int_value (b, (gint64) wl->n_tasks);
  json_builder_set_member_name (b, "n_workers");
  json_builder_add_int_value (b, wl->n_workers);
  json_builder_end_object (b);
}

/* A `run` reply's measurements (DRIVERS.md), checked field by field. */
gboolean
_cs_driver_read_pass (JsonObject *reply, CsRun *run, GError **error)
{
  gint64 tasks = 0, vcs = 0, ivcs = 0, rss = 0;

  if (!cs_driver_get_double (reply, "wall_s", FALSE, &run->wall_s, error) ||
      !cs_driver_get_double (reply, "startup_s", TRUE, &run->startup_s, error) ||
      !cs_driver_get_double (reply, "dispatch_s", TRUE, &run->dispatch_s, error) ||
      !cs_driver_get_double (reply, "user_s", TRUE, &run->user_s, error) ||
      !cs_driver_get_double (reply, "sys_s", TRUE, &run->sys_s, error) ||
      !cs_driver_get_double (reply, "gil_wait_s", TRUE, &run->gil_wait_s, error) ||
      !cs_driver_get_int (reply, "voluntary_cs", TRUE, &vcs, error) ||
      !cs_driver_get_int (reply, "involuntary_cs", TRUE, &ivcs, error) ||
      !cs_driver_get_int (reply, "max_rss_kb", TRUE, &rss, error) ||
      !cs_driver_get_int (reply, "tasks", FALSE, &tasks, error) ||
      !cs_driver_get_hex64 (reply, "checksum", &run->checksum, error))
    return FALSE;
  run->tasks = (guint64) tasks;
  run->voluntary_cs = vcs;
  run->involuntary_cs = ivcs;
  run->max_rss_kb = rss;
  return TRUE;
}
