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
cs_run_get_perf_counter (const CsRun *run, const char *name, double *value)
{
  gsize len = strlen (name);

  g_return_val_if_fail (run != NULL && name != NULL, FALSE);
  for (guint i = 0; run->perf_counters != NULL && run->perf_counters[i] != NULL; i++)
    {
      const char *item = run->perf_counters[i];
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
