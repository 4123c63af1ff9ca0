/* cs-perf-counters.c: the kernel's counters (perf_event_open) for the workers of one run
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-perf"

#include <errno.h>
#include <math.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cs-perf-counters.h"
#include "cs-model.h"

/* One fd per event, not a group: the kernel refuses to read a group of inherited events before
 * Linux 6.x, and a group fails whole when one hardware event is missing. Each counter is opened
 * on the calling thread (pid 0, any CPU) with inherit, so the threads and processes that the
 * run starts after this (worker threads, spawned workers) count too, and the parent's read()
 * sums their counts, also those of children that have already exited. Enable and disable on the
 * parent reach every inherited copy. With perf_event_paranoid 2 (the default) an unprivileged
 * process may count only user space: the counters are then opened again with exclude_kernel,
 * which keeps task-clock and page faults but loses what happens in the kernel (context
 * switches and migrations read 0), so those two are reported as not exposed then. Multiplexed
 * hardware counters are scaled by time enabled / time running. */

typedef struct
{
  const char *name;
  guint32     type;
  guint64     config;
  gboolean    kernel_only;   /* counted in the kernel: meaningless with exclude_kernel */
} EventSpec;

static const EventSpec events[] = {
  { "task_clock_s", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, FALSE },
  { "context_switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, TRUE },
  { "cpu_migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS, TRUE },
  { "page_faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, FALSE },
  { "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, FALSE },
  { "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, FALSE },
  { "llc_misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, FALSE },
};

struct _CsPerfCounters
{
  int fds[G_N_ELEMENTS (events)];
};

static int
open_event (const EventSpec *spec, gboolean exclude_kernel)
{
  struct perf_event_attr attr;

  memset (&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = spec->type;
  attr.config = spec->config;
  attr.disabled = 1;
  attr.inherit = 1;
  attr.exclude_kernel = exclude_kernel;
  attr.exclude_hv = 1;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return (int) syscall (SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

CsPerfCounters *
cs_perf_counters_open (void)
{
  CsPerfCounters *self = g_new0 (CsPerfCounters, 1);

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      self->fds[i] = open_event (&events[i], FALSE);
      if (self->fds[i] < 0 && (errno == EACCES || errno == EPERM) && !events[i].kernel_only)
        self->fds[i] = open_event (&events[i], TRUE);
    }
  return self;
}

static void
for_each_fd (CsPerfCounters *self, unsigned long request)
{
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (self->fds[i] >= 0)
      ioctl (self->fds[i], request, 0);
}

void
cs_perf_counters_enable (CsPerfCounters *self)
{
  g_return_if_fail (self != NULL);
  for_each_fd (self, PERF_EVENT_IOC_ENABLE);
}

void
cs_perf_counters_disable (CsPerfCounters *self)
{
  g_return_if_fail (self != NULL);
  for_each_fd (self, PERF_EVENT_IOC_DISABLE);
}

/* The count scaled for multiplexing; FALSE when the counter never ran (not exposed, or the
 * PMU was never free). */
static gboolean
read_scaled (int fd, double *out)
{
  guint64 v[3];

  if (fd < 0 || read (fd, v, sizeof v) != (ssize_t) sizeof v || v[2] == 0)
    return FALSE;
  *out = v[2] < v[1] ? (double) v[0] * v[1] / v[2] : (double) v[0];
  return TRUE;
}

G_STATIC_ASSERT (G_N_ELEMENTS (events) == CS_PERF_N_COUNTERS);

const char *
cs_perf_counters_name (guint i)
{
  g_return_val_if_fail (i < CS_PERF_N_COUNTERS, NULL);
  return events[i].name;
}

static gboolean
is_task_clock (guint i)
{
  return events[i].type == PERF_TYPE_SOFTWARE && events[i].config == PERF_COUNT_SW_TASK_CLOCK;
}

void
cs_perf_counters_read_values (CsPerfCounters *self, double values[CS_PERF_N_COUNTERS])
{
  g_return_if_fail (self != NULL && values != NULL);
  for (guint i = 0; i < CS_PERF_N_COUNTERS; i++)
    {
      double v;

      values[i] = read_scaled (self->fds[i], &v) ? (is_task_clock (i) ? v / 1e9 : v) : NAN;
    }
}

void
cs_perf_counters_set (char ***list, guint i, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE] = "";

  g_return_if_fail (list != NULL && i < CS_PERF_N_COUNTERS);
  if (!isnan (value))
    {
      if (is_task_clock (i))
        g_ascii_formatd (buf, sizeof buf, "%.6f", value);
      else
        g_snprintf (buf, sizeof buf, "%.0f", value);
    }
  cs_mode_config_set (list, events[i].name, buf);
}

void
cs_perf_counters_read (CsPerfCounters *self, char ***list)
{
  double values[CS_PERF_N_COUNTERS];

  g_return_if_fail (self != NULL && list != NULL);
  cs_perf_counters_read_values (self, values);
  for (guint i = 0; i < CS_PERF_N_COUNTERS; i++)
    cs_perf_counters_set (list, i, values[i]);
}

double
cs_perf_counters_get_task_clock_s (CsPerfCounters *self)
{
  double v;

  g_return_val_if_fail (self != NULL, -1);
  return read_scaled (self->fds[0], &v) ? v / 1e9 : -1;
}

void
cs_perf_counters_free (CsPerfCounters *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (self->fds[i] >= 0)
      close (self->fds[i]);
  g_free (self);
}
