/* cs-cpu-load.c: how busy each processing unit is, sampled from /proc/stat
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "cs-cpu-load.h"

/* /proc/stat has one line per online CPU: "cpuN user nice system idle iowait irq softirq steal
 * guest guest_nice", in clock ticks since boot. Guest time is already counted in user and nice,
 * so it is left out; idle and iowait are the time the PU was not busy. */

typedef struct
{
  guint64 busy, total;
  gboolean present;
} Ticks;

struct _CsCpuLoad
{
  GArray *previous;  /* Ticks by OS index */
  GArray *values;    /* double by OS index */
  gboolean has_values;
};

G_DEFINE_QUARK (cs-cpu-load-error-quark, cs_cpu_load_error)

CsCpuLoad *
cs_cpu_load_new (void)
{
  CsCpuLoad *self = g_new0 (CsCpuLoad, 1);

  self->previous = g_array_new (FALSE, TRUE, sizeof (Ticks));
  self->values = g_array_new (FALSE, TRUE, sizeof (double));
  return self;
}

void
cs_cpu_load_free (CsCpuLoad *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->previous);
  g_array_unref (self->values);
  g_free (self);
}

/* "cpu3 10 0 5 100 2 0 1 0 0 0" -> index 3 and its ticks; FALSE for other lines. */
static gboolean
parse_cpu_line (const char *line, guint *index, Ticks *ticks, GError **error)
{
  guint64 fields[8] = { 0 };
  const char *p = line + 3;
  char *end;

  if (!g_str_has_prefix (line, "cpu") || !g_ascii_isdigit (*p))
    return FALSE;
  *index = (guint) g_ascii_strtoull (p, &end, 10);
  p = end;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      fields[i] = g_ascii_strtoull (p, &end, 10);
      if (end == p && i < 4)
        {
          g_set_error (error, CS_CPU_LOAD_ERROR, CS_CPU_LOAD_ERROR_PARSE,
                       _("/proc/stat: cannot read the times of cpu%u"), *index);
          return FALSE;
        }
      p = end;
    }
  ticks->total = fields[0] + fields[1] + fields[2] + fields[3] + fields[4] + fields[5]
                 + fields[6] + fields[7];
  ticks->busy = ticks->total - fields[3] - fields[4];
  ticks->present = TRUE;
  return TRUE;
}

static void
store_load (CsCpuLoad *self, guint index, const Ticks *now)
{
  Ticks *before = &g_array_index (self->previous, Ticks, index);
  double load = 0;

  /* Counters only grow; a CPU that went offline and back restarts them. */
  if (before->present && now->total > before->total && now->busy >= before->busy)
    load = (double) (now->busy - before->busy) / (double) (now->total - before->total);
  g_array_index (self->values, double, index) = CLAMP (load, 0, 1);
  *before = *now;
}

gboolean
cs_cpu_load_sample_text (CsCpuLoad *self, const char *proc_stat, GError **error)
{
  g_auto (GStrv) lines = NULL;
  gboolean had_reference;

  g_return_val_if_fail (self != NULL && proc_stat != NULL, FALSE);

  had_reference = self->previous->len > 0;
  lines = g_strsplit (proc_stat, "\n", -1);
  for (guint i = 0; i < self->values->len; i++)
    g_array_index (self->values, double, i) = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      Ticks now = { 0 };
      guint index;

      if (!parse_cpu_line (lines[i], &index, &now, &local_error))
        {
          if (local_error == NULL)
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (index >= self->previous->len)
        {
          g_array_set_size (self->previous, index + 1);
          g_array_set_size (self->values, index + 1);
        }
      store_load (self, index, &now);
    }
  self->has_values = had_reference;
  return TRUE;
}

gboolean
cs_cpu_load_sample (CsCpuLoad *self, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!g_file_get_contents ("/proc/stat", &contents, NULL, &local_error))
    {
      g_set_error (error, CS_CPU_LOAD_ERROR, CS_CPU_LOAD_ERROR_READ, "%s", local_error->message);
      return FALSE;
    }
  return cs_cpu_load_sample_text (self, contents, error);
}

gboolean
cs_cpu_load_has_values (CsCpuLoad *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_values;
}

const double *
cs_cpu_load_get_values (CsCpuLoad *self, guint *n_values)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_values != NULL)
    *n_values = self->values->len;
  return (const double *) self->values->data;
}
