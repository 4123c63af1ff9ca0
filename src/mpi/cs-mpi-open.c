/* cs-mpi-open.c: which presets run across hosts, and rebuilding one on every rank for `open`
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-mpi-worker"

#include <string.h>

#include "cs-mpi-worker.h"

/* The supports rule. A rank is a process on a host of its own, so a preset runs here only if
 * each rank can rebuild everything a task needs from the `open` request alone:
 *   - no run_external (the user's command runs as a whole, not as tasks);
 *   - no task_output (a parent-side merge of payloads: image-blur, ipc-payload);
 *   - task_input only where prepare() derives the inputs from params alone, so that every
 *     rank can run prepare() itself (mandelbrot's row ranges);
 *   - init_shared only where the region is a per-host input that every host can fill the same
 *     way (memory-stream's arrays: one MPI shared-memory window per host, like process mode's
 *     memfd), not one object all workers must share (lock-contention's lock and counter);
 *   - nothing started by the parent's prepare() that tasks reach (http-fetch's server,
 *     file-io's directory): env may only carry values, such as calibrated iteration counts.
 * The rule needs knowledge of each preset beyond its callbacks, so it is this table; a preset
 * not listed is refused in `open` with the reason. The C side asks
 * `corescope-mpi-worker --supported` for the list. */
typedef struct
{
  const char *name;
  gboolean    local_prepare; /* every rank runs prepare() (parent-side inputs or geometry) */
  gboolean    host_shared;   /* wl->shared: one window per host, filled by init_shared */
} Support;

static const Support supported[] = {
  { "cpu", FALSE, FALSE },
  { "mandelbrot", TRUE, FALSE },
  { "matmul", FALSE, FALSE },
  { "memory-stream", TRUE, TRUE },
  { "io-wait", FALSE, FALSE },
  { "tiny-tasks", FALSE, FALSE },
  { "mixed", FALSE, FALSE },
  { "hash", FALSE, FALSE },
};

static const struct
{
  const char *name;
  const char *why;
} refused[] = {
  { "image-blur", "its tasks' output rows are merged into one image by the parent" },
  { "http-fetch", "its tasks fetch from a server that the parent starts on its own host" },
  { "file-io", "its tasks use a directory that the parent creates on its own host" },
  { "lock-contention", "its workers must share one lock and counter, which hosts cannot" },
  { "ipc-payload", "its payloads are made and checked by the parent" },
  { "command", "it runs the user's command as a whole, not as tasks" },
};

static const Support *
find_support (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (supported); i++)
    if (g_str_equal (supported[i].name, name))
      return &supported[i];
  return NULL;
}

gboolean
cs_mpi_preset_supported (const char *name, const char **why_not)
{
  if (find_support (name) != NULL)
    return TRUE;
  *why_not = "it is not one of the presets this backend knows how to spread over hosts";
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    if (g_str_equal (refused[i].name, name))
      *why_not = refused[i].why;
  return FALSE;
}

void
cs_mpi_print_supported (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (supported); i++)
    g_print ("%s\n", supported[i].name);
}

/* JSON values as the syntax users type, which cs_params_set() parses and range-checks. */
static char *
param_value_string (JsonNode *node, const char *name, GError **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
               "workload.params.%s: must be a number, a boolean or a string", name);
  return NULL;
}

static CsParams *
params_from_json (const CsPreset *preset, JsonObject *obj, GError **error)
{
  g_autoptr(CsParams) params = cs_params_new (preset);
  g_autoptr(GList) names = obj != NULL ? json_object_get_members (obj) : NULL;

  for (GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *value = param_value_string (json_object_get_member (obj, l->data),
                                                   l->data, error);

      if (value == NULL || !cs_params_set (params, l->data, value, error))
        return NULL;
    }
  return g_steal_pointer (&params);
}

static gboolean
set_env (CsWorkload *wl, JsonObject *env, GError **error)
{
  g_autoptr(GList) keys = env != NULL ? json_object_get_members (env) : NULL;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *v = json_object_get_member (env, l->data);

      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
        {
          g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
                       "workload.env.%s: must be a string", (const char *) l->data);
          return FALSE;
        }
      cs_workload_set_env (wl, l->data, json_node_get_string (v));
    }
  return TRUE;
}

/* An optional member of the given JSON type, or the fallback; FALSE names a wrong type. */
static gboolean
get_int_member (JsonObject *obj, const char *where, const char *name, gint64 min,
                gint64 fallback, gint64 *out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = fallback;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < min)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
                   "%s%s: must be an integer of at least %" G_GINT64_FORMAT, where, name, min);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static JsonObject *
get_object_member (JsonObject *obj, const char *where, const char *name, gboolean required,
                   GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  if (node != NULL || required)
    g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
                 "%s%s: must be an object", where, name);
  return NULL;
}

static gboolean
parse_scaling (JsonObject *request, CsScaling *scaling, GError **error)
{
  const char *str = json_object_get_string_member_with_default (request, "scaling", "strong");

  if (cs_scaling_from_string (str, scaling))
    return TRUE;
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
               "scaling: must be \"strong\" or \"weak\", not \"%s\"", str);
  return FALSE;
}

static const CsPreset *
lookup_supported (JsonObject *spec, GError **error)
{
  const char *name = json_object_get_string_member_with_default (spec, "preset", NULL);
  const char *why_not = NULL;

  if (name == NULL)
    {
      g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PRESET,
                           "workload.preset: must be a string");
      return NULL;
    }
  if (cs_presets_lookup (name, error) == NULL)
    return NULL;
  if (!cs_mpi_preset_supported (name, &why_not))
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PRESET,
                   "the mpi backend cannot run preset \"%s\": %s", name, why_not);
      return NULL;
    }
  return cs_presets_lookup (name, error);
}

/* Parent-side state that this rank computes itself (see the table); its task count must be
 * the one Corescope's own prepare() gave, or the ranks would run a different job. */
static gboolean
prepare_locally (CsMpiWorkload *self, guint64 n_tasks, GError **error)
{
  CsWorkload *wl = self->wl;

  if (!wl->preset->prepare (wl, error))
    return FALSE;
  self->prepared = TRUE;
  if (wl->n_tasks == n_tasks)
    return TRUE;
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
               "workload.n_tasks: %s makes %" G_GUINT64_FORMAT " tasks of these params here, "
               "not %" G_GUINT64_FORMAT " (for a schedule that depends on the workers, send "
               "workload.n_workers as prepare saw it)", wl->preset->name, wl->n_tasks, n_tasks);
  return FALSE;
}

typedef struct
{
  JsonObject     *spec;   /* request.workload */
  const CsPreset *preset;
  CsScaling       scaling;
  gint64          n_tasks, chunk, n_workers;
} OpenArgs;

/* The request's scalars, checked; DRIVERS.md gives the defaults. */
static gboolean
parse_args (JsonObject *request, const CsMpiJob *job, OpenArgs *a, GError **error)
{
  gint64 protocol;

  a->spec = get_object_member (request, "", "workload", TRUE, error);
  if (a->spec == NULL || !get_int_member (request, "", "protocol", 1, 1, &protocol, error)
      || !get_int_member (request, "", "chunk_size", 1, 1, &a->chunk, error)
      || !get_int_member (a->spec, "workload.", "n_tasks", 1, 0, &a->n_tasks, error)
      || !get_int_member (a->spec, "workload.", "n_workers", 1, job->size, &a->n_workers, error)
      || !parse_scaling (request, &a->scaling, error)
      || (a->preset = lookup_supported (a->spec, error)) == NULL)
    return FALSE;
  if (protocol == 1 && a->n_tasks > 0 && a->chunk <= G_MAXUINT && a->n_workers <= G_MAXUINT)
    return TRUE;
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE, "%s",
               protocol != 1 ? "protocol: this worker speaks protocol 1"
               : a->n_tasks == 0 ? "workload.n_tasks: missing"
               : "chunk_size or workload.n_workers: too large");
  return FALSE;
}

/* Everything that may fail on one rank alone, before any collective step. */
static gboolean
build (CsMpiWorkload *self, JsonObject *request, const CsMpiJob *job, GError **error)
{
  OpenArgs a = { 0 };
  g_autoptr(CsParams) params = NULL;
  JsonObject *env, *params_obj;

  if (!parse_args (request, job, &a, error))
    return FALSE;
  env = get_object_member (a.spec, "workload.", "env", FALSE, error);
  if (*error != NULL)
    return FALSE;
  params_obj = get_object_member (a.spec, "workload.", "params", FALSE, error);
  if (*error != NULL || (params = params_from_json (a.preset, params_obj, error)) == NULL)
    return FALSE;
  self->chunk_size = (guint) a.chunk;
  self->wl = cs_workload_new (params, a.scaling, (guint) a.n_workers);
  if (!set_env (self->wl, env, error))
    return FALSE;
  if (find_support (a.preset->name)->local_prepare
      && !prepare_locally (self, (guint64) a.n_tasks, error))
    return FALSE;
  self->wl->n_tasks = (guint64) a.n_tasks;
  self->wl->in_worker_process = !self->prepared;
  return TRUE;
}

/* Collective over the host: one zeroed region per host that its leader fills, as the engine's
 * memfd is filled once by the parent; the other ranks map the leader's part. */
static gboolean
map_host_shared (CsMpiWorkload *self, const CsMpiJob *job, GError **error)
{
  CsWorkload *wl = self->wl;
  MPI_Aint size = job->node_rank == 0 ? (MPI_Aint) wl->shared_size : 0;
  MPI_Aint got = 0;
  int disp = 1;
  gpointer base = NULL;
  gboolean ok = TRUE;

  MPI_Win_allocate_shared (size, 1, MPI_INFO_NULL, job->node, &base, &self->shared_win);
  MPI_Win_shared_query (self->shared_win, 0, &got, &disp, &base);
  wl->shared = base;
  if (job->node_rank == 0)
    {
      memset (wl->shared, 0, wl->shared_size);
      ok = wl->preset->init_shared == NULL || wl->preset->init_shared (wl, error);
    }
  /* the leader's writes before anyone reads them */
  MPI_Win_sync (self->shared_win);
  MPI_Barrier (job->node);
  return ok;
}

static gboolean
attach (CsMpiWorkload *self, GError **error)
{
  CsWorkload *wl = self->wl;

  if (wl->preset->attach != NULL && !wl->preset->attach (wl, error))
    return FALSE;
  self->attached = TRUE;
  return TRUE;
}

static gboolean
agree (const CsMpiJob *job, GError **error)
{
  g_autofree char *local = NULL;
  g_autofree char *first = NULL;

  if (error != NULL && *error != NULL)
    local = g_strdup_printf ("rank %d (%s): %s", job->rank, job->hostname, (*error)->message);
  if (cs_mpi_agree (MPI_COMM_WORLD, local, &first))
    return TRUE;
  g_clear_error (error);
  g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE, first);
  return FALSE;
}

/* Collective over MPI_COMM_WORLD. On failure every rank returns FALSE with the first failing
 * rank's message, and self is closed. Per-worker state (worker_new) is the pass's business. */
gboolean
cs_mpi_workload_open (CsMpiWorkload *self, JsonObject *request, const CsMpiJob *job,
                      GError **error)
{
  gboolean host_shared;

  self->shared_win = MPI_WIN_NULL;
  build (self, request, job, error);
  if (!agree (job, error))
    goto fail;
  host_shared = find_support (self->wl->preset->name)->host_shared;
  if (host_shared && self->wl->shared_size > 0)
    map_host_shared (self, job, error);
  if (!agree (job, error))
    goto fail;
  attach (self, error);
  if (!agree (job, error))
    goto fail;
  return TRUE;

fail:
  cs_mpi_workload_close (self);
  return FALSE;
}

void
cs_mpi_workload_close (CsMpiWorkload *self)
{
  CsWorkload *wl = self->wl;

  if (wl != NULL)
    cs_mpi_pass_release (self);
  if (wl != NULL && self->attached && wl->preset->detach != NULL)
    wl->preset->detach (wl);
  if (wl != NULL && self->prepared && wl->preset->finish != NULL)
    wl->preset->finish (wl);
  if (self->shared_win != MPI_WIN_NULL)
    MPI_Win_free (&self->shared_win);
  if (wl != NULL)
    wl->shared = NULL;
  g_clear_pointer (&self->wl, cs_workload_free);
  self->prepared = self->attached = FALSE;
  self->shared_win = MPI_WIN_NULL;
}
