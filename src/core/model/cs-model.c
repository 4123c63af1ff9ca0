/* cs-model.c: the value types every layer shares: a machine, a sweep's configuration, a run,
 * a result
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-model.h"

/* Machines and results are reference-counted (GLib's atomic reference-counted boxes), so a
 * snapshot the window keeps, a comparison or a copy handed to a thread costs a reference, not
 * a deep copy of every run and of the topology's XML. A machine is not changed once described;
 * a result is not changed once shared: whoever adds runs to one holds the only reference (the
 * sweep, the loader), and copies with cs_result_copy() what it hands on. */
CsMachine *
cs_machine_new (void)
{
  return g_atomic_rc_box_new0 (CsMachine);
}

CsMachine *
cs_machine_ref (CsMachine *machine)
{
  g_return_val_if_fail (machine != NULL, NULL);
  return g_atomic_rc_box_acquire (machine);
}

CsMachine *
cs_machine_copy (const CsMachine *machine)
{
  CsMachine *copy;

  g_return_val_if_fail (machine != NULL, NULL);

  copy = cs_machine_new ();
  *copy = *machine;
  copy->hostname = g_strdup (machine->hostname);
  copy->os_name = g_strdup (machine->os_name);
  copy->kernel = g_strdup (machine->kernel);
  copy->arch = g_strdup (machine->arch);
  copy->cpu_model = g_strdup (machine->cpu_model);
  copy->topology_summary = g_strdup (machine->topology_summary);
  copy->topology_xml = g_strdup (machine->topology_xml);
  return copy;
}

static void
machine_clear (gpointer data)
{
  CsMachine *machine = data;

  g_free (machine->hostname);
  g_free (machine->os_name);
  g_free (machine->kernel);
  g_free (machine->arch);
  g_free (machine->cpu_model);
  g_free (machine->topology_summary);
  g_free (machine->topology_xml);
}

void
cs_machine_free (CsMachine *machine)
{
  if (machine != NULL)
    g_atomic_rc_box_release_full (machine, machine_clear);
}

/* ---- Value types --------------------------------------------------------------------------- */

CsSweepConfig *
cs_sweep_config_new (void)
{
  CsSweepConfig *config = g_new0 (CsSweepConfig, 1);

  config->preset = g_strdup ("cpu");
  config->params = g_new0 (char *, 1);
  cs_sweep_config_set_modes (config, (CsMode[]) { CS_MODE_THREAD }, 1);
  config->n_workers = 1;
  config->workers = g_new0 (guint, 1);
  config->workers[0] = 1;
  config->reps = 5;
  config->warmup = 1;
  config->scaling = CS_SCALING_STRONG;
  config->placement = CS_PLACEMENT_NONE;
  config->timeout_s = 0;
  config->chunk_size = 1;
  return config;
}

CsSweepConfig *
cs_sweep_config_copy (const CsSweepConfig *config)
{
  CsSweepConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_memdup2 (config, sizeof *config);
  copy->preset = g_strdup (config->preset);
  copy->params = config->params ? g_strdupv (config->params) : g_new0 (char *, 1);
  copy->modes = g_new0 (CsModeConfig, MAX (config->n_modes, 1));
  for (guint i = 0; i < config->n_modes; i++)
    {
      copy->modes[i].mode = config->modes[i].mode;
      copy->modes[i].options = g_strdupv (config->modes[i].options);
      copy->modes[i].info = g_strdupv (config->modes[i].info);
    }
  copy->workers = g_memdup2 (config->workers, sizeof (guint) * config->n_workers);
  return copy;
}

static void
free_modes (CsModeConfig *modes, guint n_modes)
{
  for (guint i = 0; i < n_modes; i++)
    {
      g_strfreev (modes[i].options);
      g_strfreev (modes[i].info);
    }
  g_free (modes);
}

void
cs_sweep_config_free (CsSweepConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->preset);
  g_strfreev (config->params);
  free_modes (config->modes, config->n_modes);
  g_free (config->workers);
  g_free (config);
}

void
cs_sweep_config_set_modes (CsSweepConfig *config, const CsMode *modes, guint n_modes)
{
  g_return_if_fail (config != NULL);
  g_return_if_fail (modes != NULL || n_modes == 0);

  free_modes (config->modes, config->n_modes);
  config->modes = g_new0 (CsModeConfig, MAX (n_modes, 1));
  config->n_modes = n_modes;
  for (guint i = 0; i < n_modes; i++)
    {
      config->modes[i].mode = modes[i];
      config->modes[i].options = g_new0 (char *, 1);
      config->modes[i].info = g_new0 (char *, 1);
    }
}

CsModeConfig *
cs_sweep_config_find_mode (const CsSweepConfig *config, CsMode mode)
{
  g_return_val_if_fail (config != NULL, NULL);

  for (guint i = 0; i < config->n_modes; i++)
    if (config->modes[i].mode == mode)
      return &config->modes[i];
  return NULL;
}

static int
find_assignment (char **list, const char *name)
{
  gsize len = strlen (name);

  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (strncmp (list[i], name, len) == 0 && list[i][len] == '=')
      return (int) i;
  return -1;
}

const char *
cs_mode_config_get_option (const CsModeConfig *mode, const char *name)
{
  int i;

  g_return_val_if_fail (mode != NULL && name != NULL, NULL);
  i = find_assignment (mode->options, name);
  return i < 0 ? NULL : mode->options[i] + strlen (name) + 1;
}

const char *
cs_mode_config_get_info (const CsModeConfig *mode, const char *key)
{
  int i;

  g_return_val_if_fail (mode != NULL && key != NULL, NULL);
  i = find_assignment (mode->info, key);
  return i < 0 ? NULL : mode->info[i] + strlen (key) + 1;
}

void
cs_mode_config_set (char ***list, const char *name, const char *value)
{
  int i;
  guint n;

  g_return_if_fail (list != NULL && name != NULL && value != NULL);

  i = find_assignment (*list, name);
  if (i >= 0)
    {
      g_free ((*list)[i]);
      (*list)[i] = g_strdup_printf ("%s=%s", name, value);
      return;
    }
  n = *list != NULL ? g_strv_length (*list) : 0;
  *list = g_renew (char *, *list, n + 2);
  (*list)[n] = g_strdup_printf ("%s=%s", name, value);
  (*list)[n + 1] = NULL;
}

CsRun *
cs_run_new (void)
{
  CsRun *run = g_atomic_rc_box_new0 (CsRun);

  run->mode = CS_MODE_THREAD;
  run->workers = 1;
  run->status = CS_RUN_OK;
  run->mem_total_kb = run->mem_peak_kb = -1;
  run->steal_pct = -1;
  run->observer_cpu_s = -1;
  return run;
}

CsRun *
cs_run_copy (const CsRun *run)
{
  CsRun *copy;

  g_return_val_if_fail (run != NULL, NULL);

  copy = g_atomic_rc_box_new0 (CsRun);
  *copy = *run;
  copy->reason = g_strdup (run->reason);
  copy->counters = g_new0 (CsCounter, run->n_counters);
  for (guint i = 0; i < run->n_counters; i++)
    {
      copy->counters[i].name = g_strdup (run->counters[i].name);
      copy->counters[i].value = run->counters[i].value;
    }
  copy->perf_counters = g_strdupv (run->perf_counters);
  return copy;
}

void
cs_run_clear_counters (CsRun *run)
{
  for (guint i = 0; i < run->n_counters; i++)
    g_free (run->counters[i].name);
  g_clear_pointer (&run->counters, g_free);
  run->n_counters = 0;
}

static void
run_clear (gpointer data)
{
  CsRun *run = data;

  g_free (run->reason);
  cs_run_clear_counters (run);
  g_strfreev (run->perf_counters);
}

CsRun *
cs_run_ref (CsRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);
  return g_atomic_rc_box_acquire (run);
}

void
cs_run_free (CsRun *run)
{
  if (run != NULL)
    g_atomic_rc_box_release_full (run, run_clear);
}

static CsCounter *
find_counter (const CsRun *run, const char *name)
{
  for (guint i = 0; i < run->n_counters; i++)
    if (g_str_equal (run->counters[i].name, name))
      return &run->counters[i];
  return NULL;
}

gboolean
cs_run_has_counter (const CsRun *run, const char *name)
{
  g_return_val_if_fail (run != NULL && name != NULL, FALSE);
  return find_counter (run, name) != NULL;
}

double
cs_run_get_counter (const CsRun *run, const char *name)
{
  const CsCounter *counter;

  g_return_val_if_fail (run != NULL && name != NULL, 0);
  counter = find_counter (run, name);
  return counter != NULL ? counter->value : 0;
}

void
cs_run_set_counter (CsRun *run, const char *name, double value)
{
  CsCounter *counter;

  g_return_if_fail (run != NULL && name != NULL);
  counter = find_counter (run, name);
  if (counter == NULL)
    {
      run->counters = g_renew (CsCounter, run->counters, run->n_counters + 1);
      counter = &run->counters[run->n_counters++];
      counter->name = g_strdup (name);
    }
  counter->value = value;
}

static char *
build_description (void)
{
  return g_strdup_printf ("%s, %s, sanitize %s", CS_BUILD_COMPILER, CS_BUILD_TYPE,
                          CS_BUILD_SANITIZE);
}

CsResult *
cs_result_new (CsMachine *machine, CsSweepConfig *config)
{
  CsResult *result;

  g_return_val_if_fail (config != NULL, NULL);

  result = cs_result_alloc ();
  result->format_version = CS_RESULT_FORMAT_VERSION;
  result->corescope_version = g_strdup (PACKAGE_VERSION);
  result->build = build_description ();
  result->started = g_date_time_new_now_utc ();
  result->complete = FALSE;
  result->machine = machine;
  result->config = config;
  result->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_run_free);
  result->precision_reached = NAN;
  return result;
}

CsResult *
cs_result_copy (const CsResult *result)
{
  CsResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = cs_result_alloc ();
  copy->format_version = result->format_version;
  copy->corescope_version = g_strdup (result->corescope_version);
  copy->build = g_strdup (result->build);
  copy->started = result->started ? g_date_time_ref (result->started) : NULL;
  copy->finished = result->finished ? g_date_time_ref (result->finished) : NULL;
  copy->complete = result->complete;
  copy->label = g_strdup (result->label);
  copy->work_unit = g_strdup (result->work_unit);
  copy->throughput_unit = g_strdup (result->throughput_unit);
  copy->machine = result->machine ? cs_machine_ref (result->machine) : NULL;
  copy->config = cs_sweep_config_copy (result->config);
  copy->stop_reason = g_strdup (result->stop_reason);
  copy->precision_reached = result->precision_reached;
  copy->runs = g_ptr_array_new_full (result->runs->len, (GDestroyNotify) cs_run_free);
  /* runs are shared: a run is not changed once it is in a result that was copied */
  for (guint i = 0; i < result->runs->len; i++)
    g_ptr_array_add (copy->runs, cs_run_ref (g_ptr_array_index (result->runs, i)));
  return copy;
}

static void
result_clear (gpointer data)
{
  CsResult *result = data;

  g_free (result->corescope_version);
  g_free (result->build);
  g_clear_pointer (&result->started, g_date_time_unref);
  g_clear_pointer (&result->finished, g_date_time_unref);
  g_free (result->label);
  g_free (result->work_unit);
  g_free (result->throughput_unit);
  g_free (result->stop_reason);
  g_clear_pointer (&result->machine, cs_machine_free);
  g_clear_pointer (&result->config, cs_sweep_config_free);
  g_clear_pointer (&result->runs, g_ptr_array_unref);
}

CsResult *
cs_result_alloc (void)
{
  return g_atomic_rc_box_new0 (CsResult);
}

CsResult *
cs_result_ref (CsResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return g_atomic_rc_box_acquire (result);
}

void
cs_result_free (CsResult *result)
{
  if (result != NULL)
    g_atomic_rc_box_release_full (result, result_clear);
}

void
cs_result_add_run (CsResult *result, CsRun *run)
{
  g_return_if_fail (result != NULL);
  g_return_if_fail (run != NULL);

  g_ptr_array_add (result->runs, run);
}

void
_cs_run_set_status (CsRun *run, CsRunStatus status, const char *reason)
{
  run->status = status;
  g_free (run->reason);
  run->reason = g_strdup (reason);
}
