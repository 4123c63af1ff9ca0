/* cs-proc-memory.c: the memory a process holds, as the kernel counts it in /proc
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-proc-memory.h"

/* One read of a small /proc file into buf, NUL-terminated; FALSE when it cannot be read. */
static gboolean
read_proc_file (GPid pid, const char *name, char *buf, gsize size)
{
  char path[64];
  gssize n, got = 0;
  int fd;

  if (pid == 0)
    g_snprintf (path, sizeof path, "/proc/self/%s", name);
  else
    g_snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, name);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  while (got < (gssize) size - 1 && (n = read (fd, buf + got, size - 1 - got)) > 0)
    got += n;
  close (fd);
  buf[got] = '\0';
  return got > 0;
}

/* The value of a "Key:   1234 kB" line, or -1. */
static gint64
field_kb (const char *text, const char *key)
{
  gsize len = strlen (key);

  for (const char *line = text; line != NULL && *line != '\0';)
    {
      if (strncmp (line, key, len) == 0 && line[len] == ':')
        return g_ascii_strtoll (line + len + 1, NULL, 10);
      line = strchr (line, '\n');
      if (line != NULL)
        line++;
    }
  return -1;
}

gboolean
cs_proc_memory_read (GPid pid, gboolean with_pss, CsProcMemory *out)
{
  char buf[4096];

  g_return_val_if_fail (out != NULL, FALSE);

  out->pss_kb = out->rss_kb = out->hwm_kb = -1;
  if (!read_proc_file (pid, "status", buf, sizeof buf))
    return FALSE;
  out->rss_kb = field_kb (buf, "VmRSS");
  out->hwm_kb = field_kb (buf, "VmHWM");
  if (with_pss && read_proc_file (pid, "smaps_rollup", buf, sizeof buf))
    out->pss_kb = field_kb (buf, "Pss");
  return out->rss_kb >= 0 && (!with_pss || out->pss_kb >= 0);
}

gboolean
cs_proc_memory_reset_peak (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, "5", 1) == 1;
  close (fd);
  return ok;
}

void
cs_memory_total_init (CsMemoryTotal *total)
{
  total->total_kb = 0;
  total->peak_kb = 0;
}

gboolean
cs_memory_total_add_process (CsMemoryTotal *total, GPid pid)
{
  CsProcMemory m;

  if (!cs_proc_memory_read (pid, TRUE, &m))
    {
      total->total_kb = total->peak_kb = -1;
      return FALSE;
    }
  if (total->total_kb >= 0)
    total->total_kb += m.pss_kb;
  if (total->peak_kb >= 0)
    total->peak_kb += m.hwm_kb;
  return TRUE;
}

void
cs_memory_growth_begin (CsMemoryGrowth *growth)
{
  CsProcMemory m;

  growth->reset = cs_proc_memory_reset_peak () && cs_proc_memory_read (0, FALSE, &m);
  growth->rss_before_kb = growth->reset ? m.rss_kb : -1;
}

void
cs_memory_growth_end (const CsMemoryGrowth *growth, CsMemoryTotal *total)
{
  CsProcMemory m;

  total->total_kb = total->peak_kb = -1;
  if (!growth->reset || !cs_proc_memory_read (0, FALSE, &m))
    return;
  total->total_kb = total->peak_kb = MAX (m.hwm_kb - growth->rss_before_kb, 0);
}
