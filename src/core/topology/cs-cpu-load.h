/* cs-cpu-load.h: how busy each processing unit is, sampled from /proc/stat
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_CPU_LOAD_ERROR (cs_cpu_load_error_quark ())

typedef enum {
  CS_CPU_LOAD_ERROR_READ,   /* /proc/stat could not be read */
  CS_CPU_LOAD_ERROR_PARSE   /* a "cpuN" line is not what the kernel writes */
} CsCpuLoadError;

typedef struct _CsCpuLoad CsCpuLoad;

GQuark        cs_cpu_load_error_quark (void);
CsCpuLoad    *cs_cpu_load_new (void);
void          cs_cpu_load_free (CsCpuLoad *self);
/* Reads /proc/stat. The load is the busy share of each PU's time since the previous sample,
 * so the first sample only sets the reference: it returns TRUE but has_values stays FALSE. */
gboolean      cs_cpu_load_sample (CsCpuLoad *self, GError **error);
/* The same from the text of /proc/stat (for tests and recorded traces). */
gboolean      cs_cpu_load_sample_text (CsCpuLoad *self, const char *proc_stat, GError **error);
gboolean      cs_cpu_load_has_values (CsCpuLoad *self);
/* Busy fraction 0..1 indexed by the PU's OS index; n_values is the highest index + 1 (PUs
 * missing from /proc/stat, being offline, read 0). */
const double *cs_cpu_load_get_values (CsCpuLoad *self, guint *n_values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsCpuLoad, cs_cpu_load_free)

G_END_DECLS
