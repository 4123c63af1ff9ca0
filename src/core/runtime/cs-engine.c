/* cs-engine.c: a workload's set-up around the runs of any backend
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-engine"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cs-engine.h"

G_DEFINE_QUARK (cs-engine-error-quark, cs_engine_error)

guint64
cs_engine_total_tasks (const CsWorkload *wl)
{
  return wl->scaling == CS_SCALING_WEAK ? wl->n_tasks * MAX (wl->n_workers, 1) : wl->n_tasks;
}

/* Workload set-up */

static gboolean
map_shared (CsWorkload *wl, GError **error)
{
  int fd = memfd_create ("corescope-shared", MFD_CLOEXEC);

  if (fd < 0 || ftruncate (fd, (off_t) wl->shared_size) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, CS_ENGINE_ERROR, CS_ENGINE_ERROR_SETUP,
                   _("Cannot create a shared region of %llu bytes: %s"),
                   (unsigned long long) wl->shared_size, g_strerror (saved));
      return FALSE;
    }
  void *p = mmap (NULL, wl->shared_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    {
      int saved = errno;
      close (fd);
      g_set_error (error, CS_ENGINE_ERROR, CS_ENGINE_ERROR_SETUP,
                   _("Cannot map a shared region of %llu bytes: %s"),
                   (unsigned long long) wl->shared_size, g_strerror (saved));
      return FALSE;
    }
  wl->shared = p;
  wl->shared_fd = fd;
  return TRUE;
}

static void
unmap_shared (CsWorkload *wl)
{
  if (wl->shared != NULL)
    munmap (wl->shared, wl->shared_size);
  wl->shared = NULL;
  if (wl->shared_fd >= 0)
    close (wl->shared_fd);
  wl->shared_fd = -1;
}

gboolean
cs_engine_workload_setup (CsWorkload *wl, GError **error)
{
  const CsPreset *preset;

  g_return_val_if_fail (wl != NULL, FALSE);
  preset = wl->preset;

  if (preset->prepare != NULL && !preset->prepare (wl, error))
    return FALSE;
  if (wl->shared_size > 0 && !map_shared (wl, error))
    goto fail_finish;
  if (preset->init_shared != NULL && !preset->init_shared (wl, error))
    goto fail_unmap;
  if (preset->attach != NULL && !preset->attach (wl, error))
    goto fail_unmap;
  return TRUE;

fail_unmap:
  unmap_shared (wl);
fail_finish:
  if (preset->finish != NULL)
    preset->finish (wl);
  return FALSE;
}

void
cs_engine_workload_teardown (CsWorkload *wl)
{
  if (wl == NULL)
    return;
  if (wl->preset->detach != NULL)
    wl->preset->detach (wl);
  if (wl->preset->finish != NULL)
    wl->preset->finish (wl);
  unmap_shared (wl);
}
