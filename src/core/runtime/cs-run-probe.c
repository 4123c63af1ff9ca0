/* cs-run-probe.c: what else happened while one run was timed: steal, the observer's CPU time,
 * the workers' kernel counters and clock
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-probe"

#include <sys/resource.h>

#include "cs-perf-counters.h"
#include "cs-run-noise.h"
#include "cs-run-probe.h"
#include "cs-system-check.h"

/* The observer is Corescope's own process besides the run: the window's main loop and
 * renderer, the results view's thread, the CLI's printing. Its CPU time is the process's
 * (RUSAGE_SELF, which leaves out child processes) over the timed region, less the sweep's own
 * thread (it hands tasks to worker processes and collects their results: the run's dispatch,
 * not a disturbance) and less the workers' when they are threads of this process. Counters are
 * opened before the workers start so that inherit reaches them; when the workers run in a
 * process started earlier, the backend names it (workers_pid: a Python driver) and the
 * counters follow its process tree instead. Where no backend does (an MPI job), the counters
 * see only the thread that waits, so they are dropped when their task-clock is under half the
 * workers' CPU time. */

#define ATTACHED_MIN_SHARE 0.5
#define ATTACHED_MIN_CPU_S 0.01   /* below this (workers that sleep), nothing to compare */
/* /proc/stat counts in ticks of 10 ms (USER_HZ 100): over fewer than 50 ticks of all CPUs'
 * time (0.25 s of a 2-CPU machine) one stolen tick is 2 % or more, so shorter runs have no
 * steal figure rather than a wrong one. */
#define STEAL_MIN_TICKS 50

struct _CsRunProbe
{
  CsPerfCounters *counters;
  CsCpuTicks      ticks[2];
  gboolean        have_ticks[2];
  struct rusage   usage[2];
  struct rusage   thread_usage[2];  /* the sweep's thread: it dispatches, it is the run's */
  double          cpufreq_mhz[2];
};

static double
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

/* The average current clock of the online CPUs (cpufreq), 0 when not exposed. */
static double
read_cpufreq_mhz (void)
{
  guint n = g_get_num_processors (), found = 0;
  double sum = 0;

  for (guint c = 0; c < n; c++)
    {
      g_autofree char *path = g_strdup_printf ("/sys/devices/system/cpu/cpu%u/cpufreq/"
                                               "scaling_cur_freq", c);
      g_autofree char *text = NULL;
      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      sum += g_ascii_strtod (text, NULL) / 1e3;
      found++;
    }
  return found > 0 ? sum / found : 0;
}

static void
sample_machine (CsRunProbe *self, guint i)
{
  g_autofree char *stat = NULL;

  self->have_ticks[i] = g_file_get_contents ("/proc/stat", &stat, NULL, NULL) &&
                        cs_proc_stat_parse_total (stat, &self->ticks[i]);
  self->cpufreq_mhz[i] = read_cpufreq_mhz ();
}

CsRunProbe *
cs_run_probe_new (void)
{
  CsRunProbe *self = g_new0 (CsRunProbe, 1);

  self->counters = cs_perf_counters_open ();
  return self;
}

void
cs_run_probe_follow (CsRunProbe *self, GPid pid)
{
  g_return_if_fail (self != NULL && pid > 0);
  cs_perf_counters_free (self->counters);
  self->counters = cs_perf_counters_open_tree (pid);
}

void
cs_run_probe_start (CsRunProbe *self)
{
  g_return_if_fail (self != NULL);
  /* The probe's own reads stay outside the observer's time: the process's CPU time is read
   * last on the way in and first on the way out. */
  sample_machine (self, 0);
  getrusage (RUSAGE_THREAD, &self->thread_usage[0]);
  getrusage (RUSAGE_SELF, &self->usage[0]);
  cs_perf_counters_enable (self->counters);
}

void
cs_run_probe_stop (CsRunProbe *self)
{
  g_return_if_fail (self != NULL);
  getrusage (RUSAGE_SELF, &self->usage[1]);
  getrusage (RUSAGE_THREAD, &self->thread_usage[1]);
  cs_perf_counters_disable (self->counters);
  sample_machine (self, 1);
}

static double
process_cpu_s (const struct rusage *u)
{
  return timeval_s (&u->ru_utime) + timeval_s (&u->ru_stime);
}

static void
fill_counters (CsRunProbe *self, CsRun *run)
{
  double cpu = run->user_s + run->sys_s;
  double task_clock = cs_perf_counters_get_task_clock_s (self->counters);
  double cycles;

  /* A backend whose workers counted themselves (MPI ranks, on any host) has set them */
  if (run->perf_counters != NULL)
    {
      double own_clock;

      if (cs_run_get_perf_counter (run, "cycles", &cycles)
          && cs_run_get_perf_counter (run, "task_clock_s", &own_clock) && own_clock > 0)
        run->avg_freq_mhz = cycles / own_clock / 1e6;
      return;
    }
  if (task_clock < 0 ||
      (cpu >= ATTACHED_MIN_CPU_S && task_clock < ATTACHED_MIN_SHARE * cpu))
    return;
  run->perf_counters = g_new0 (char *, 1);
  cs_perf_counters_read (self->counters, &run->perf_counters);
  if (cs_run_get_perf_counter (run, "cycles", &cycles) && task_clock > 0)
    run->avg_freq_mhz = cycles / task_clock / 1e6;
}

void
cs_run_probe_finish (CsRunProbe *self, CsRun *run, gboolean workers_in_process)
{
  double observer;

  g_return_if_fail (self != NULL && run != NULL);
  run->steal_pct = -1;
  if (self->have_ticks[0] && self->have_ticks[1] &&
      self->ticks[1].total >= self->ticks[0].total + STEAL_MIN_TICKS)
    run->steal_pct = cs_cpu_ticks_steal_percent (&self->ticks[0], &self->ticks[1]);
  observer = process_cpu_s (&self->usage[1]) - process_cpu_s (&self->usage[0]);
  observer -= process_cpu_s (&self->thread_usage[1]) - process_cpu_s (&self->thread_usage[0]);
  if (workers_in_process)
    observer -= run->user_s + run->sys_s;
  /* getrusage has microsecond fields but the kernel's tick accounting behind the workers' and
   * the process's figures differs slightly: never below zero. */
  run->observer_cpu_s = MAX (observer, 0);
  run->avg_freq_mhz = 0;
  if (self->cpufreq_mhz[0] > 0 && self->cpufreq_mhz[1] > 0)
    run->avg_freq_mhz = (self->cpufreq_mhz[0] + self->cpufreq_mhz[1]) / 2;
  fill_counters (self, run);
}

void
cs_run_probe_free (CsRunProbe *self)
{
  if (self == NULL)
    return;
  cs_perf_counters_free (self->counters);
  g_free (self);
}
