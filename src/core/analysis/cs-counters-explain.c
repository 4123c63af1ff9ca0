/* cs-counters-explain.c: why scaling stops, from the kernel's counters of the runs
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-counters-explain.h"
#include "cs-run-noise.h"
#include "cs-stats.h"

/* What counts as a change worth a sentence. IPC that falls by a fifth when workers are added is
 * the signature of workers waiting on memory (bandwidth or a shared cache): the same code, the
 * same instructions, more cycles. Context switches or migrations per CPU-second that at least
 * double (and are frequent enough to cost: 100 switches a second at ~5 µs each is 0.05 %) say
 * the workers take turns on the processing units: more workers than PUs, or a lock. */
#define IPC_DROP 0.8
#define SWITCH_GROWTH 2.0
#define SWITCH_MIN_PER_S 100.0
#define MIGRATION_MIN_PER_S 10.0

typedef double (*RunMetric) (const CsRun *run);

static double
metric_ratio (const CsRun *run, const char *num, const char *den, double scale)
{
  double a, b;

  if (!cs_run_get_perf_counter (run, num, &a) || !cs_run_get_perf_counter (run, den, &b) || b <= 0)
    return -1;
  return scale * a / b;
}

static double
run_ipc (const CsRun *run)
{
  return metric_ratio (run, "instructions", "cycles", 1);
}

static double
run_switches (const CsRun *run)
{
  return metric_ratio (run, "context_switches", "task_clock_s", 1);
}

static double
run_migrations (const CsRun *run)
{
  return metric_ratio (run, "cpu_migrations", "task_clock_s", 1);
}

static double
run_llc (const CsRun *run)
{
  return metric_ratio (run, "llc_misses", "instructions", 1000);
}

static double
point_median (const CsResult *result, CsMode mode, guint workers, RunMetric metric)
{
  g_autofree double *values = g_new0 (double, result->runs->len + 1);
  guint n = 0;

  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);
      double v;

      if (run->mode != mode || run->workers != workers || !cs_run_is_measurement (run))
        continue;
      if ((v = metric (run)) >= 0)
        values[n++] = v;
    }
  return n > 0 ? cs_stats_median (values, n) : -1;
}

void
cs_point_counters_get (const CsResult *result, CsMode mode, guint workers,
                       CsPointCounters *out)
{
  g_return_if_fail (result != NULL && out != NULL);
  out->ipc = point_median (result, mode, workers, run_ipc);
  out->switches_per_cpu_s = point_median (result, mode, workers, run_switches);
  out->migrations_per_cpu_s = point_median (result, mode, workers, run_migrations);
  out->llc_misses_per_kinstr = point_median (result, mode, workers, run_llc);
}

static void
explain_ipc (GString *text, const CsPointCounters *a, const CsPointCounters *b, guint after)
{
  if (a->ipc <= 0 || b->ipc < 0 || b->ipc >= IPC_DROP * a->ipc)
    return;
  g_string_append_printf (text, _("IPC falls from %.2f to %.2f at %u workers: the workers wait "
                                  "on memory (bandwidth or a shared cache)"), a->ipc, b->ipc,
                          after);
  if (a->llc_misses_per_kinstr >= 0 && b->llc_misses_per_kinstr > a->llc_misses_per_kinstr)
    g_string_append_printf (text, _(", with %.1f instead of %.1f last-level cache misses per "
                                    "1000 instructions"), b->llc_misses_per_kinstr,
                            a->llc_misses_per_kinstr);
}

/* TRUE when a rate at least doubled and is frequent enough to cost. */
static gboolean
grew (double before, double after_value, double minimum)
{
  return before >= 0 && after_value >= minimum &&
         after_value >= SWITCH_GROWTH * MAX (before, 1e-9);
}

static void
separate (GString *text)
{
  if (text->len > 0)
    g_string_append (text, "; ");
}

static void
explain_scheduling (GString *text, const CsPointCounters *a, const CsPointCounters *b,
                    guint after)
{
  if (grew (a->switches_per_cpu_s, b->switches_per_cpu_s, SWITCH_MIN_PER_S))
    {
      separate (text);
      g_string_append_printf (text, _("%.1f× the context switches per CPU-second at %u "
                                      "workers: the workers take turns (more workers than "
                                      "processing units, or a lock)"),
                              b->switches_per_cpu_s / MAX (a->switches_per_cpu_s, 1.0), after);
    }
  if (grew (a->migrations_per_cpu_s, b->migrations_per_cpu_s, MIGRATION_MIN_PER_S))
    {
      separate (text);
      g_string_append_printf (text, _("%.1f× the CPU migrations per CPU-second at %u workers: "
                                      "the scheduler moves workers between processing units "
                                      "(pin them with a placement)"),
                              b->migrations_per_cpu_s / MAX (a->migrations_per_cpu_s, 1.0),
                              after);
    }
}

char *
cs_counters_explain_knee (const CsResult *result, CsMode mode, guint before, guint after)
{
  g_autoptr (GString) text = g_string_new (NULL);
  CsPointCounters a, b;

  g_return_val_if_fail (result != NULL, NULL);
  cs_point_counters_get (result, mode, before, &a);
  cs_point_counters_get (result, mode, after, &b);
  explain_ipc (text, &a, &b, after);
  explain_scheduling (text, &a, &b, after);
  if (text->len == 0)
    return NULL;
  g_string_append (text, ".");
  return g_string_free (g_steal_pointer (&text), FALSE);
}
