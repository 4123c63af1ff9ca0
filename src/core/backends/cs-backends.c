/* cs-backends.c: the registry of backends, in the order the GUI and --help show them
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-backend.h"

extern const CsBackend cs_backend_thread;
extern const CsBackend cs_backend_gil;
extern const CsBackend cs_backend_process;
extern const CsBackend cs_backend_python_thread;
extern const CsBackend cs_backend_python_process;
extern const CsBackend cs_backend_python_thread_ft;
extern const CsBackend cs_backend_mpi;

/* A backend's CsMode is its index here: the first three are fixed (cs-types.h). Adding a
 * backend is its own file and one line here. */
static const CsBackend *const backends[] = {
  &cs_backend_thread,
  &cs_backend_gil,
  &cs_backend_process,
  &cs_backend_python_thread,
  &cs_backend_python_process,
  &cs_backend_python_thread_ft,
  &cs_backend_mpi,
};

G_STATIC_ASSERT (G_N_ELEMENTS (backends) <= CS_MAX_MODES);

const CsBackend *const *
cs_backends_get_all (guint *n_backends)
{
  if (n_backends != NULL)
    *n_backends = G_N_ELEMENTS (backends);
  return backends;
}

const CsBackend *
cs_backend_for_mode (CsMode mode)
{
  g_return_val_if_fail (mode < G_N_ELEMENTS (backends), NULL);
  return backends[mode];
}

CsMode
cs_backend_get_mode (const CsBackend *backend)
{
  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    if (backends[i] == backend)
      return i;
  g_return_val_if_reached (CS_MODE_THREAD);
}

const CsBackend *
cs_backends_lookup (const char *name, GError **error)
{
  g_autoptr (GString) known = g_string_new (NULL);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (backends); i++)
    if (g_str_equal (backends[i]->name, name))
      return backends[i];
  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", backends[i]->name);
  g_set_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNKNOWN,
               _("unknown mode '%s' (known modes: %s)"), name != NULL ? name : "", known->str);
  return NULL;
}

const char *
cs_mode_to_string (CsMode mode)
{
  const CsBackend *backend = cs_backend_for_mode (mode);

  return backend != NULL ? backend->name : NULL;
}

char *
cs_sweep_config_mode_title (const CsSweepConfig *config, CsMode mode)
{
  const CsModeConfig *m = config != NULL ? cs_sweep_config_find_mode (config, mode) : NULL;
  const CsBackend *backend = cs_backend_for_mode (mode);
  const char *name = cs_mode_to_string (mode);

  if (m != NULL && backend != NULL && backend->concurrency == CS_CONCURRENCY_GIL_THREADS &&
      g_strcmp0 (cs_mode_config_get_info (m, "gil"), "disabled") == 0)
    /* TRANSLATORS: a mode's name, for threads that ran without a GIL */
    return g_strdup_printf (_("%s (free-threaded)"), name);
  return g_strdup (name != NULL ? name : "?");
}

gboolean
cs_mode_from_string (const char *str, CsMode *out)
{
  const CsBackend *backend = cs_backends_lookup (str, NULL);

  if (backend == NULL)
    return FALSE;
  *out = cs_backend_get_mode (backend);
  return TRUE;
}
