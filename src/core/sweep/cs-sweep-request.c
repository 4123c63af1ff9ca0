/* cs-sweep-request.c: a sweep configuration, parsed and validated once into typed objects
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-sweep"

#include <glib/gi18n-lib.h>

#include "cs-sweep-request.h"
#include "cs-sweep.h"

struct _CsSweepRequest
{
  CsSweepConfig *config;     /* normalised */
  CsTopology    *topology;
  CsParams      *params;
  CsParams     **options;    /* one per mode */
};

static gboolean
config_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
config_error (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG, message);
  return FALSE;
}

static CsParams *
parse_params (const CsSweepConfig *config, GError **error)
{
  const CsPreset *preset;
  g_autoptr (CsParams) params = NULL;

  if (config->preset == NULL)
    {
      config_error (error, _("preset: no preset given"));
      return NULL;
    }
  if ((preset = cs_presets_lookup (config->preset, error)) == NULL)
    {
      g_prefix_error (error, "preset: ");
      return NULL;
    }
  params = cs_params_new (preset);
  for (guint i = 0; config->params != NULL && config->params[i] != NULL; i++)
    if (!cs_params_parse_assignment (params, config->params[i], error))
      return NULL;
  return g_steal_pointer (&params);
}

/* One mode's options, checked against its backend; the backend must be able to run the
 * preset. */
static CsParams *
parse_options (const CsModeConfig *mode, const CsPreset *preset, GError **error)
{
  const CsBackend *backend = cs_backend_for_mode (mode->mode);
  g_autoptr (CsParams) options = NULL;
  g_autoptr (GError) local = NULL;

  if (backend == NULL)
    {
      config_error (error, _("modes: unknown mode %u"), mode->mode);
      return NULL;
    }
  options = cs_backend_options_new (backend);
  for (guint i = 0; mode->options != NULL && mode->options[i] != NULL; i++)
    if (!cs_params_parse_assignment (options, mode->options[i], &local))
      {
        /* A bad value's message names the option; an unknown option's names the mode too. */
        if (g_error_matches (local, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PARAM))
          config_error (error, "%s", local->message);
        else
          config_error (error, "%s: %s", backend->name, local->message);
        return NULL;
      }
  if (!cs_backend_supports (backend, preset, error))
    return NULL;
  return g_steal_pointer (&options);
}

static gboolean
validate_modes (const CsSweepConfig *config, GError **error)
{
  if (config->n_modes == 0)
    return config_error (error, _("modes: at least one mode is needed (e.g. thread, gil, "
                                  "process)"));
  for (guint i = 0; i < config->n_modes; i++)
    for (guint j = 0; j < i; j++)
      if (config->modes[i].mode == config->modes[j].mode)
        return config_error (error, _("modes: '%s' is given twice"),
                             cs_mode_to_string (config->modes[i].mode));
  return TRUE;
}

static gboolean
validate_counts (const CsSweepConfig *config, GError **error)
{
  if (config->n_workers == 0)
    return config_error (error, _("workers: at least one worker count is needed"));
  for (guint i = 0; i < config->n_workers; i++)
    if (config->workers[i] < 1 || config->workers[i] > CS_MAX_WORKERS)
      return config_error (error, _("workers: %u is out of range (use 1 to %u)"),
                           config->workers[i], CS_MAX_WORKERS);
  if (config->reps < 1)
    return config_error (error, _("reps: at least one repetition is needed"));
  if (config->chunk_size < 1)
    return config_error (error, _("chunk-size: must be at least 1"));
  if (!(config->timeout_s >= 0))
    return config_error (error, _("timeout: must be 0 (none) or a positive duration"));
  return TRUE;
}

static gboolean
validate_placement (const CsSweepConfig *config, CsTopology *topology, GError **error)
{
  if (config->placement != CS_PLACEMENT_NONE &&
      (topology == NULL || !cs_topology_is_this_system (topology)))
    return config_error (error, _("placement: '%s' needs the topology of this machine"),
                         cs_placement_to_string (config->placement));
  return TRUE;
}

/* The record of what will run: every parameter and option, defaults included, so that a
 * result file stands alone. */
static void
normalise (CsSweepRequest *request)
{
  CsSweepConfig *c = request->config;

  g_strfreev (c->params);
  c->params = cs_params_to_strv (request->params);
  for (guint i = 0; i < c->n_modes; i++)
    {
      g_strfreev (c->modes[i].options);
      c->modes[i].options = cs_params_to_strv (request->options[i]);
    }
}

CsSweepRequest *
cs_sweep_request_new (const CsSweepConfig *config, CsTopology *topology, GError **error)
{
  g_autoptr (CsSweepRequest) request = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  request = g_atomic_rc_box_new0 (CsSweepRequest);
  request->config = cs_sweep_config_copy (config);
  request->options = g_new0 (CsParams *, MAX (config->n_modes, 1));
  request->topology = topology != NULL ? cs_topology_ref (topology)
                                       : cs_topology_new_local (error);
  if (request->topology == NULL)
    return NULL;
  topology = request->topology;
  if ((request->params = parse_params (config, error)) == NULL ||
      !validate_modes (config, error) || !validate_counts (config, error) ||
      !validate_placement (config, topology, error))
    return NULL;
  for (guint i = 0; i < config->n_modes; i++)
    if ((request->options[i] = parse_options (&config->modes[i],
                                              cs_params_get_preset (request->params),
                                              error)) == NULL)
      return NULL;
  normalise (request);
  return g_steal_pointer (&request);
}

CsSweepRequest *
cs_sweep_request_ref (CsSweepRequest *request)
{
  return g_atomic_rc_box_acquire (request);
}

static void
request_clear (CsSweepRequest *request)
{
  for (guint i = 0; request->config != NULL && i < request->config->n_modes; i++)
    cs_params_free (request->options[i]);
  g_free (request->options);
  cs_params_free (request->params);
  g_clear_pointer (&request->topology, cs_topology_unref);
  cs_sweep_config_free (request->config);
}

void
cs_sweep_request_unref (CsSweepRequest *request)
{
  if (request != NULL)
    g_atomic_rc_box_release_full (request, (GDestroyNotify) request_clear);
}

const CsSweepConfig *
cs_sweep_request_get_config (const CsSweepRequest *request)
{
  return request->config;
}

CsTopology *
cs_sweep_request_get_topology (const CsSweepRequest *request)
{
  return request->topology;
}

const CsPreset *
cs_sweep_request_get_preset (const CsSweepRequest *request)
{
  return cs_params_get_preset (request->params);
}

const CsParams *
cs_sweep_request_get_params (const CsSweepRequest *request)
{
  return request->params;
}

guint
cs_sweep_request_get_n_modes (const CsSweepRequest *request)
{
  return request->config->n_modes;
}

const CsBackend *
cs_sweep_request_get_backend (const CsSweepRequest *request, guint index)
{
  g_return_val_if_fail (index < request->config->n_modes, NULL);
  return cs_backend_for_mode (request->config->modes[index].mode);
}

const CsParams *
cs_sweep_request_get_options (const CsSweepRequest *request, guint index)
{
  g_return_val_if_fail (index < request->config->n_modes, NULL);
  return request->options[index];
}
