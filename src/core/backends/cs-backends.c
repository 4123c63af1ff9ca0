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
static const CsBackend *backends[CS_MAX_MODES] = {
  &cs_backend_thread,
  &cs_backend_gil,
  &cs_backend_process,
  &cs_backend_python_thread,
  &cs_backend_python_process,
  &cs_backend_python_thread_ft,
  &cs_backend_mpi,
};

/* Those above, and any a test registered after them: the entries before the first NULL. */
static guint
count_registered (void)
{
  guint n = 0;

  while (n < CS_MAX_MODES && backends[n] != NULL)
    n++;
  return n;
}

const CsBackend *const *
cs_backends_get_all (guint *n_backends)
{
  if (n_backends != NULL)
    *n_backends = count_registered ();
  return backends;
}

const CsBackend *
cs_backend_for_mode (CsMode mode)
{
  g_return_val_if_fail (mode < count_registered (), NULL);
  return backends[mode];
}

CsMode
cs_backend_get_mode (const CsBackend *backend)
{
  for (guint i = 0; i < CS_MAX_MODES && backends[i] != NULL; i++)
    if (backends[i] == backend)
      return i;
  g_return_val_if_reached (CS_MODE_THREAD);
}

CsMode
_cs_backends_register (const CsBackend *backend)
{
  guint n;

  g_return_val_if_fail (backend != NULL && backend->run_pass != NULL, CS_MODE_THREAD);
  g_return_val_if_fail (cs_backends_lookup (backend->name, NULL) == NULL, CS_MODE_THREAD);
  n = count_registered ();
  g_return_val_if_fail (n < CS_MAX_MODES, CS_MODE_THREAD);
  backends[n] = backend;
  return n;
}

guint
cs_backends_get_default_modes (const CsPreset *preset, CsMode *modes)
{
  guint n = 0;

  g_return_val_if_fail (preset != NULL && modes != NULL, 0);
  for (guint i = 0; i < CS_MAX_MODES && backends[i] != NULL; i++)
    if (backends[i]->default_for != NULL && backends[i]->default_for (backends[i], preset) &&
        cs_backend_supports (backends[i], preset, NULL))
      modes[n++] = i;
  return n;
}

const CsBackend *
cs_backends_lookup (const char *name, GError **error)
{
  g_autoptr (GString) known = g_string_new (NULL);

  for (guint i = 0; name != NULL && i < CS_MAX_MODES && backends[i] != NULL; i++)
    if (g_str_equal (backends[i]->name, name))
      return backends[i];
  for (guint i = 0; i < CS_MAX_MODES && backends[i] != NULL; i++)
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
  const CsBackend *backend = cs_backend_for_mode (mode);
  const char *name = cs_mode_to_string (mode);

  if (backend != NULL && backend->concurrency == CS_CONCURRENCY_GIL_THREADS &&
      cs_sweep_config_mode_gil_disabled (config, mode))
    /* TRANSLATORS: a mode's name, for threads that ran without a GIL */
    return g_strdup_printf (_("%s (free-threaded)"), name);
  return g_strdup (name != NULL ? name : "?");
}

gboolean
cs_sweep_config_mode_gil_disabled (const CsSweepConfig *config, CsMode mode)
{
  const CsModeConfig *m = config != NULL ? cs_sweep_config_find_mode (config, mode) : NULL;

  return m != NULL && g_strcmp0 (cs_mode_config_get_info (m, "gil"), "disabled") == 0;
}

const char *
cs_backend_get_language (const CsBackend *backend)
{
  return backend->language != NULL ? backend->language : backend->runtime;
}

gboolean
cs_sweep_config_set_shared_option (CsSweepConfig *config, const char *name, const char *value)
{
  gboolean any = FALSE;

  for (guint i = 0; i < config->n_modes; i++)
    {
      const CsBackend *backend = cs_backend_for_mode (config->modes[i].mode);

      if (backend == NULL || cs_param_specs_find (backend->options, backend->n_options, name) < 0)
        continue;
      cs_mode_config_set (&config->modes[i].options, name, value);
      any = TRUE;
    }
  return any;
}

char *
cs_backends_list_with_option (const char *name)
{
  guint n;
  const CsBackend *const *all = cs_backends_get_all (&n);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    if (cs_param_specs_find (all[i]->options, all[i]->n_options, name) >= 0)
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", all[i]->name);
  return g_string_free (out, FALSE);
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
