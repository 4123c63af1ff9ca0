/* cs-stall-monitor.c: measures how late the main loop runs, to prove the UI stays responsive
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-stall-monitor.h"

/* GLib schedules a timeout's next beat interval_ms after the previous dispatch, so the time
 * between two dispatches minus the interval is exactly how long the loop was busy elsewhere
 * when the beat was due: a stall the user would feel as a frozen window. */

struct _CsStallMonitor
{
  guint   interval_ms;
  guint   source;
  gint64  last_us;
  gboolean recording;
  GArray *samples;  /* double, milliseconds late */
};

static gboolean
on_beat (gpointer data)
{
  CsStallMonitor *self = data;
  gint64 now = g_get_monotonic_time ();
  double late_ms = (now - self->last_us) / 1000.0 - self->interval_ms;

  self->last_us = now;
  if (self->recording)
    cs_stall_monitor_add_sample (self, MAX (late_ms, 0));
  return G_SOURCE_CONTINUE;
}

CsStallMonitor *
cs_stall_monitor_new (guint interval_ms)
{
  CsStallMonitor *self;

  g_return_val_if_fail (interval_ms > 0, NULL);

  self = g_new0 (CsStallMonitor, 1);
  self->interval_ms = interval_ms;
  self->recording = TRUE;
  self->samples = g_array_new (FALSE, FALSE, sizeof (double));
  self->last_us = g_get_monotonic_time ();
  /* High priority: the beat itself must not wait behind redraws to be measured. */
  self->source = g_timeout_add_full (G_PRIORITY_HIGH, interval_ms, on_beat, self, NULL);
  g_source_set_name_by_id (self->source, "[corescope] stall monitor heartbeat");
  return self;
}

void
cs_stall_monitor_free (CsStallMonitor *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source, g_source_remove);
  g_array_unref (self->samples);
  g_free (self);
}

void
cs_stall_monitor_set_recording (CsStallMonitor *self, gboolean recording)
{
  g_return_if_fail (self != NULL);
  self->recording = recording;
  /* Don't count the time spent not recording as one long stall. */
  self->last_us = g_get_monotonic_time ();
}

void
cs_stall_monitor_add_sample (CsStallMonitor *self, double late_ms)
{
  g_return_if_fail (self != NULL);
  g_array_append_val (self->samples, late_ms);
}

guint
cs_stall_monitor_get_n_samples (CsStallMonitor *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->samples->len;
}

double
cs_stall_monitor_get_max_ms (CsStallMonitor *self)
{
  double max = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->samples->len; i++)
    max = MAX (max, g_array_index (self->samples, double, i));
  return max;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
cs_stall_monitor_get_percentile_ms (CsStallMonitor *self, double p)
{
  g_autoptr (GArray) sorted = NULL;
  guint rank;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (p >= 0 && p <= 100, 0);

  if (self->samples->len == 0)
    return 0;
  sorted = g_array_copy (self->samples);
  g_array_sort (sorted, compare_double);
  /* Nearest rank: the smallest sample with at least p% of the samples at or below it. */
  rank = (guint) ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, rank > 0 ? rank - 1 : 0);
}

char *
cs_stall_monitor_format_report (CsStallMonitor *self)
{
  char p99[G_ASCII_DTOSTR_BUF_SIZE], max[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (self != NULL, NULL);
  /* Machine-readable numbers: the benchmark script parses this line. */
  g_ascii_formatd (p99, sizeof p99, "%.1f", cs_stall_monitor_get_percentile_ms (self, 99));
  g_ascii_formatd (max, sizeof max, "%.1f", cs_stall_monitor_get_max_ms (self));
  return g_strdup_printf ("main-loop stalls: %u beats of %u ms, p99 %s ms, max %s ms",
                          self->samples->len, self->interval_ms, p99, max);
}
