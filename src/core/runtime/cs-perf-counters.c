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
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
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
 * hardware counters are scaled by time enabled / time running. A process started before the run
 * (cs_perf_counters_open_tree) gets the same events on each of its threads and descendants'
 * threads, found in /proc, each with inherit too. */

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

#define N_EVENTS G_N_ELEMENTS (events)

/* A tree of processes (cs_perf_counters_open_tree) has the events on each of its threads: fds
 * holds N_EVENTS descriptors per thread, -1 where the kernel refused, and a read sums them. */
struct _CsPerfCounters
{
  GArray *fds;
  guint   max_fds;   /* a tree's share of the descriptors, so that the run still gets its own */
};

static int
open_event (const EventSpec *spec, pid_t pid, gboolean exclude_kernel)
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
  return (int) syscall (SYS_perf_event_open, &attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Every event on one thread (0: the calling one). */
static void
open_on (CsPerfCounters *self, pid_t tid)
{
  for (guint i = 0; i < N_EVENTS; i++)
    {
      int fd = open_event (&events[i], tid, FALSE);

      if (fd < 0 && (errno == EACCES || errno == EPERM) && !events[i].kernel_only)
        fd = open_event (&events[i], tid, TRUE);
      g_array_append_val (self->fds, fd);
    }
}

static CsPerfCounters *
counters_new (void)
{
  CsPerfCounters *self = g_new0 (CsPerfCounters, 1);

  self->fds = g_array_new (FALSE, FALSE, sizeof (int));
  self->max_fds = G_MAXUINT;
  return self;
}

CsPerfCounters *
cs_perf_counters_open (void)
{
  CsPerfCounters *self = counters_new ();

  open_on (self, 0);
  return self;
}

#define MAX_TREE_DEPTH 16   /* driver, fork server, worker: anything deeper is not the pool's */

/* The threads of pid, then, depth first, those of the processes they started
 * (/proc/PID/task/TID/children). A process that ends meanwhile is skipped. */
static void
open_on_tree (CsPerfCounters *self, GPid pid, guint depth)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL || depth > MAX_TREE_DEPTH)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *children_path = g_strdup_printf ("%s/%s/children", dir_path, name);
      g_autofree char *children = NULL;
      g_auto (GStrv) pids = NULL;

      if (self->fds->len + N_EVENTS > self->max_fds)
        {
          g_debug ("counting the first %u threads of the driver's tree only (descriptors)",
                   self->fds->len / (guint) N_EVENTS);
          return;
        }
      open_on (self, (pid_t) atoi (name));
      if (!g_file_get_contents (children_path, &children, NULL, NULL))
        continue;
      pids = g_strsplit (g_strstrip (children), " ", -1);
      for (guint k = 0; pids[k] != NULL; k++)
        if (*pids[k] != '\0')
          open_on_tree (self, (GPid) atoi (pids[k]), depth + 1);
    }
}

CsPerfCounters *
cs_perf_counters_open_tree (GPid pid)
{
  CsPerfCounters *self = counters_new ();
  struct rlimit files = { 1024, 1024 };

  g_return_val_if_fail (pid > 0, self);
  getrlimit (RLIMIT_NOFILE, &files);
  self->max_fds = files.rlim_cur == RLIM_INFINITY ? G_MAXUINT : (guint) (files.rlim_cur / 4);
  open_on_tree (self, pid, 0);
  return self;
}

static void
for_each_fd (CsPerfCounters *self, unsigned long request)
{
  for (guint k = 0; k < self->fds->len; k++)
    if (g_array_index (self->fds, int, k) >= 0)
      ioctl (g_array_index (self->fds, int, k), request, 0);
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

/* Event i summed over every thread it was opened on; FALSE when it ran on none. */
static gboolean
read_event (CsPerfCounters *self, guint i, double *out)
{
  gboolean any = FALSE;

  *out = 0;
  for (guint k = i; k < self->fds->len; k += N_EVENTS)
    {
      double v;

      if (read_scaled (g_array_index (self->fds, int, k), &v))
        {
          *out += v;
          any = TRUE;
        }
    }
  return any;
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

      values[i] = read_event (self, i, &v) ? (is_task_clock (i) ? v / 1e9 : v) : NAN;
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
  return read_event (self, 0, &v) ? v / 1e9 : -1;
}

void
cs_perf_counters_free (CsPerfCounters *self)
{
  if (self == NULL)
    return;
  for (guint k = 0; k < self->fds->len; k++)
    if (g_array_index (self->fds, int, k) >= 0)
      close (g_array_index (self->fds, int, k));
  g_array_unref (self->fds);
  g_free (self);
}
