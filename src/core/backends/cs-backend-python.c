/* cs-backend-python.c: python-thread, python-process and python-thread-ft: the workload in a
 * real CPython interpreter, under the real GIL or without it
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-backend"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-backend-private.h"
#include "cs-child.h"
#include "cs-program.h"
#include "cs-driver.h"
#include "cs-gil.h"
#include "cs-program.h"
#include "cs-engine.h"
#include "cs-free-threaded.h"
#include "cs-python-ports.h"

/* Nothing of Python runs in Corescope's processes: each session starts the interpreter on
 * data/python/corescope_driver.py, in a process group of its own, and speaks DRIVERS.md with it
 * (cs-driver.c). The driver runs the Python port of the preset (same parameters, same
 * checksums as the C kernels) in a ThreadPoolExecutor or a ProcessPoolExecutor with Python's
 * own start methods, and times each pass itself with time.perf_counter() around the region the
 * C backends time. The sweep's C side still prepares every point (ports, directories,
 * calibrations) and sends the driver what prepare() made; a point whose workload differs from
 * the last one sent gets a new "open". A run that times out or is cancelled costs the
 * interpreter (it cannot be interrupted in step), so the next run starts a new one. */

#define HELLO_TIMEOUT_S 30   /* interpreter start-up and imports, on a loaded machine */
#define OPEN_TIMEOUT_S 60    /* the user's module is imported on open */

typedef struct
{
  CsBackendSession  base;
  char             *interpreter;  /* resolved path */
  CsDriver         *driver;       /* NULL until started, or after it was stopped */
  char             *opened;       /* the last "open" sent, as JSON text */
} PythonSession;

static const char *const python_start_methods[] = { "fork", "forkserver", "spawn", NULL };

/* ---- the interpreter --------------------------------------------------------------------- */

static gboolean
is_free_threaded_backend (const CsBackend *backend)
{
  return backend->concurrency == CS_CONCURRENCY_THREADS;
}

/* The interpreter the options name, on PATH; the free-threaded mode's empty default looks for
 * the newest free-threaded build installed (cs-free-threaded.c). NULL when there is none, with
 * *missing saying what was looked for and where. */
static char *
resolve_interpreter (const CsBackend *backend, const CsParams *options, char **missing)
{
  const char *name = cs_params_get_string (options, "python");
  char *path;

  if (*name == '\0' && is_free_threaded_backend (backend))
    {
      g_autofree char *looked = NULL;

      path = cs_free_threaded_find (&looked);
      if (path == NULL)
        *missing = g_strdup_printf (_("no free-threaded Python found (looked for %s); "
                                      "build-aux/setup.sh builds one, or see the README"),
                                    looked);
      return path;
    }
  name = *name != '\0' ? name : "python3";
  path = g_find_program_in_path (name);
  if (path == NULL)
    *missing = g_strdup_printf (_("%s not found"), name);
  return path;
}

static char *
driver_path (void)
{
  /* from the build tree: the source tree's driver, which is not copied into the build */
  return cs_program_find ("CORESCOPE_PYTHON_DRIVER",
                          CS_SOURCE_ROOT "/data/python/corescope_driver.py",
                          CS_PYTHON_DIR "/corescope_driver.py");
}

/* What a quick look at the interpreter says against it, or NULL. */
static char *
probe (const CsBackend *backend, const char *interpreter)
{
  const char *argv[] = { interpreter, "-c",
                         "import sys; g = getattr(sys, '_is_gil_enabled', lambda: True)(); "
                         "print(sys.version_info[0], sys.version_info[1], int(g))", NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0, major = 0, minor = 0, gil = 1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL) ||
      sscanf (out, "%d %d %d", &major, &minor, &gil) != 3)
    return g_strdup_printf (_("%s does not run as a Python interpreter"), interpreter);
  if (major < 3 || (major == 3 && minor < 8))
    return g_strdup_printf (_("%s is Python %d.%d; 3.8 or newer is needed"), interpreter,
                            major, minor);
  if (is_free_threaded_backend (backend) && gil)
    return g_strdup_printf (_("%s has the GIL enabled (not a free-threaded build)"),
                            interpreter);
  return NULL;
}

static char *
python_check_available (const CsBackend *self, const CsParams *options)
{
  g_autofree char *missing = NULL;
  g_autofree char *interpreter = resolve_interpreter (self, options, &missing);
  g_autofree char *driver = driver_path ();

  if (interpreter == NULL)
    return g_steal_pointer (&missing);
  if (!g_file_test (driver, G_FILE_TEST_IS_REGULAR))
    return g_strdup_printf (_("the Python driver %s is missing"), driver);
  return probe (self, interpreter);
}

/* The presets the driver runs: the keys of PRESETS in data/python/corescope_presets.py, read
 * at build time (cs-python-ports.h, build-aux/gen-python-ports.py), ports of the C kernels with
 * the same checksums (test-backends checks that every C kernel has one and no port lacks a
 * kernel), and the user's own function (corescope_callable.py). */
static const char *const python_ports[] = { CS_PYTHON_PORTS, "python-callable", NULL };

static gboolean
python_supports (const CsBackend *self, const CsPreset *preset, GError **error)
{
  if (g_strv_contains (python_ports, preset->name))
    return TRUE;
  g_set_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNSUPPORTED,
               _("%s: preset '%s' has no Python port (the C modes run it)"), self->name,
               preset->name);
  return FALSE;
}

/* ---- the driver -------------------------------------------------------------------------- */

static void
add_info (PythonSession *self, JsonObject *info, const char *key)
{
  JsonNode *node = json_object_get_member (info, key);

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    g_hash_table_insert (self->base.info, g_strdup (key), g_strdup (json_node_get_string (node)));
}

/* A driver out of step (timed out, cancelled, dead) is not asked to quit: it is stopped. */
static void
stop_driver (PythonSession *self)
{
  if (self->driver != NULL)
    cs_driver_stop (self->driver, cs_driver_is_running (self->driver));
  self->driver = NULL;
}

/* Our environment with the driver's folder first on PYTHONPATH: its modules are found by the
 * driver, by spawn and forkserver children, and by an interpreter that leaves the script's
 * folder off sys.path (PYTHONSAFEPATH); the user's own PYTHONPATH follows. */
static char **
driver_environ (const char *driver)
{
  char **envp = g_get_environ ();
  g_autofree char *dir = g_path_get_dirname (driver);
  const char *theirs = g_environ_getenv (envp, "PYTHONPATH");
  g_autofree char *path = theirs != NULL && *theirs != '\0'
                            ? g_strjoin (G_SEARCHPATH_SEPARATOR_S, dir, theirs, NULL)
                            : g_strdup (dir);

  return g_environ_setenv (envp, "PYTHONPATH", path, TRUE);
}

/* Starts the interpreter on the driver and asks what it is. */
static gboolean
start_driver (PythonSession *self, GError **error)
{
  g_autofree char *driver = driver_path ();
  const char *argv[] = { self->interpreter, driver, NULL };
  g_autoptr (JsonNode) hello = json_from_string ("{\"op\": \"hello\", \"protocol\": 1}", NULL);
  g_autoptr (JsonObject) reply = NULL;
  JsonObject *info;

  /* multiprocessing's pymp-* folders go into a TMPDIR of the driver's own, removed when it
   * ends however it ends */
  g_autofree char *tmpdir = g_strconcat ("--private-dir=TMPDIR=", g_get_tmp_dir (), NULL);
  const char *dirs[] = { tmpdir, NULL };

  g_auto (GStrv) envp = driver_environ (driver);

  g_clear_pointer (&self->opened, g_free);
  self->driver = cs_driver_spawn (self->interpreter, argv, (const char *const *) envp, dirs,
                                  error);
  if (self->driver == NULL)
    return FALSE;
  reply = cs_driver_call (self->driver, hello, HELLO_TIMEOUT_S, NULL, error);
  if (reply == NULL)
    {
      stop_driver (self);
      return FALSE;
    }
  info = json_object_get_object_member (reply, "info");
  if (info != NULL)
    for (const char *const *k = (const char *const[]) { "implementation", "version", "executable",
                                                       "gil", "build", NULL }; *k; k++)
      add_info (self, info, *k);
  return TRUE;
}

static gboolean
python_open (CsBackendSession *session, GError **error)
{
  PythonSession *self = (PythonSession *) session;
  g_autofree char *missing = NULL;

  self->interpreter = resolve_interpreter (session->backend, session->options, &missing);
  if (self->interpreter == NULL)
    {
      g_set_error_literal (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNAVAILABLE, missing);
      return FALSE;
    }
  if (!start_driver (self, error))
    return FALSE;
  if (is_free_threaded_backend (session->backend) &&
      g_strcmp0 (g_hash_table_lookup (session->info, "gil"), "disabled") != 0)
    {
      g_set_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNAVAILABLE,
                   _("%s runs with the GIL enabled (not a free-threaded build)"),
                   self->interpreter);
      stop_driver (self);
      return FALSE;
    }
  return TRUE;
}

static void
python_close (CsBackendSession *session)
{
  PythonSession *self = (PythonSession *) session;

  stop_driver (self);
  g_free (self->interpreter);
  g_free (self->opened);
}

/* ---- the workload, as the driver gets it (cs-driver-request.c) --------------------------- */

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static JsonNode *
build_open (const CsBackendSession *session, const CsWorkload *wl, const CsPassOptions *pass)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const CsParams *options = session->options;
  gboolean processes = session->backend->concurrency == CS_CONCURRENCY_PROCESSES;

  json_builder_begin_object (b);
  add_string (b, "op", "open");
  json_builder_set_member_name (b, "protocol");
  json_builder_add_int_value (b, 1);
  add_string (b, "backend", processes ? "process" : "thread");
  add_string (b, "start_method", processes ? cs_params_get_string (options, "start-method")
                                           : "fork");
  add_string (b, "pool", cs_params_get_string (options, "pool"));
  json_builder_set_member_name (b, "switch_interval_s");
  json_builder_add_double_value (b, cs_params_has (options, "switch-interval")
                                      ? cs_params_get_duration (options, "switch-interval")
                                      : 0.005);
  json_builder_set_member_name (b, "chunk_size");
  json_builder_add_int_value (b, pass->chunk_size);
  add_string (b, "scaling", cs_scaling_to_string (wl->scaling));
  _cs_driver_add_workload (b, wl);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- runs -------------------------------------------------------------------------------- */

/* The driver for this point: started again when a timeout or cancellation stopped it, and told
 * about the point's workload when it differs from the last one. */
static CsBackendPool *
python_prepare (CsBackendSession *session, CsWorkload *wl, const CsPassOptions *options,
                GError **error)
{
  PythonSession *self = (PythonSession *) session;
  g_autoptr (JsonNode) open = build_open (session, wl, options);
  g_autofree char *text = json_to_string (open, FALSE);
  g_autoptr (JsonObject) reply = NULL;

  if (!cs_driver_is_running (self->driver))
    {
      stop_driver (self);
      if (!start_driver (self, error))
        return NULL;
    }
  if (g_strcmp0 (text, self->opened) != 0)
    {
      reply = cs_driver_call (self->driver, open, OPEN_TIMEOUT_S, options->cancelled, error);
      if (reply == NULL)
        return NULL;
      g_free (self->opened);
      self->opened = g_steal_pointer (&text);
    }
  return _cs_backend_pool_new (0, session, wl, options);
}

static JsonNode *
build_run (const CsBackendPool *pool, const CsRun *run)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "op", "run");
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, pool->options.n_workers);
  json_builder_set_member_name (b, "rep");
  json_builder_add_int_value (b, run->rep);
  json_builder_set_member_name (b, "placements");
  json_builder_begin_array (b);
  for (guint i = 0; pool->options.placements != NULL && i < pool->options.n_workers; i++)
    {
      json_builder_begin_array (b);
      for (guint k = 0; k < pool->options.placements[i].n_pus; k++)
        json_builder_add_int_value (b, pool->options.placements[i].pus[k]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* "mywork.py:work" for the user's function, NULL for a preset's port. */
static char *
callable_target (CsWorkload *wl)
{
  const char *file, *module;

  if (!g_str_equal (cs_params_get_preset (wl->params)->name, "python-callable"))
    return NULL;
  file = cs_params_get_string (wl->params, "file");
  module = cs_params_get_string (wl->params, "module");
  return g_strdup_printf ("%s:%s", *file != '\0' ? file : module,
                          cs_params_get_string (wl->params, "function"));
}

static void
set_failure (PythonSession *self, CsRun *run, const GError *error, const char *target)
{
  if (g_error_matches (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_TIMEOUT))
    _cs_run_set_status (run, CS_RUN_TIMEOUT, _("the run took longer than the timeout"));
  else if (g_error_matches (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_CANCELLED))
    _cs_run_set_status (run, CS_RUN_CANCELLED, NULL);
  else if (g_error_matches (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_DIED) && target != NULL)
    {
      /* os._exit() or a crash inside the user's function: say whose code was running. */
      g_autofree char *reason = g_strdup_printf (_("%s while running %s"), error->message,
                                                 target);
      _cs_run_set_status (run, CS_RUN_FAILED, reason);
    }
  else
    _cs_run_set_status (run, CS_RUN_FAILED, error->message);
  /* Only an error the driver reported itself leaves it in step for the next run. */
  if (!g_error_matches (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_FAILED))
    stop_driver (self);
}

static gboolean
python_run_pass (CsBackendPool *pool, CsRun *run)
{
  PythonSession *self = (PythonSession *) pool->session;
  g_autoptr (JsonNode) request = build_run (pool, run);
  g_autoptr (JsonObject) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = cs_driver_call (self->driver, request, pool->options.timeout_s,
                          pool->options.cancelled, &error);
  if (reply == NULL || !_cs_driver_read_pass (reply, run, &error))
    {
      g_autofree char *target = callable_target (pool->wl);
      set_failure (self, run, error, target);
      return FALSE;
    }
  if (run->tasks != cs_engine_total_tasks (pool->wl))
    _cs_run_set_status (run, CS_RUN_FAILED, _("not every task was run"));
  return run->status == CS_RUN_OK;
}

/* The driver's process tree runs the workers: its threads (python-thread), its pool's processes
 * and a fork server's children (python-process); the run's kernel counters follow it. */
static GPid
python_workers_pid (CsBackendPool *pool)
{
  PythonSession *self = (PythonSession *) pool->session;

  return self->driver != NULL ? cs_driver_get_pid (self->driver) : 0;
}

/* ---- the backends ------------------------------------------------------------------------ */

#define PYTHON_OPTION(default)                                                                  \
  { "python", CS_PARAM_STRING, default, 0, 0, NULL, N_("Python interpreter"),                   \
    N_("The interpreter to run: a name on PATH or a path (python3, python3.12, "                \
       "/opt/venv/bin/python)."), NULL }

static const CsParamSpec thread_options[] = {
  PYTHON_OPTION ("python3"),
  CS_BACKEND_SWITCH_INTERVAL_OPTION,
  CS_BACKEND_POOL_OPTION,
};

static const CsParamSpec process_options[] = {
  PYTHON_OPTION ("python3"),
  { "start-method", CS_PARAM_CHOICE, "fork", 0, 0, NULL, N_("Start method"),
    N_("Python's own multiprocessing start methods: fork (Linux's default up to Python 3.13), "
       "forkserver (the default from 3.14) or spawn (a fresh interpreter per worker)."),
    python_start_methods },
  CS_BACKEND_POOL_OPTION,
};

static const CsParamSpec free_threaded_options[] = {
  PYTHON_OPTION (""),
  CS_BACKEND_POOL_OPTION,
};

/* Pure Python runs a CPU-bound kernel roughly this many times slower than C. */
#define CPYTHON_SLOWDOWN 40.0

#define PYTHON_BACKEND_STEPS                                                                    \
  .runtime = "CPython",                                                                         \
  .language = "Python",                                                                         \
  .slowdown = CPYTHON_SLOWDOWN,                                                                 \
  .session_size = sizeof (PythonSession),                                                       \
  .check_available = python_check_available,                                                    \
  .supports = python_supports,                                                                  \
  .open = python_open,                                                                          \
  .close = python_close,                                                                        \
  .prepare = python_prepare,                                                                    \
  .run_pass = python_run_pass,                                                                  \
  .workers_pid = python_workers_pid

/* Python's threads and processes are the defaults for what only Python runs (the user's
 * function); for the presets with a C kernel the C modes are, and the Python ones an option. */
static gboolean
python_default_for (const CsBackend *self, const CsPreset *preset)
{
  return preset->run_task == NULL && preset->run_external == NULL
         && python_supports (self, preset, NULL);
}

static const char *const python_thread_counters[] = { CS_GIL_COUNTER_WAIT_S, NULL };

const CsBackend cs_backend_python_thread = {
  .name = "python-thread",
  .label = N_("Python threads"),
  .description = N_("Real CPython threads (a ThreadPoolExecutor) under the real GIL, running the "
                    "preset's Python port or your function."),
  .concurrency = CS_CONCURRENCY_GIL_THREADS,
  .counters = python_thread_counters,
  .default_for = python_default_for,
  .options = thread_options,
  .n_options = G_N_ELEMENTS (thread_options),
  PYTHON_BACKEND_STEPS,
};

const CsBackend cs_backend_python_process = {
  .name = "python-process",
  .label = N_("Python processes"),
  .description = N_("A real multiprocessing pool (a ProcessPoolExecutor) with Python's own start "
                    "methods; arguments and results are pickled."),
  .concurrency = CS_CONCURRENCY_PROCESSES,
  .default_for = python_default_for,
  .options = process_options,
  .n_options = G_N_ELEMENTS (process_options),
  PYTHON_BACKEND_STEPS,
};

const CsBackend cs_backend_python_thread_ft = {
  .name = "python-thread-ft",
  .label = N_("Free-threaded Python"),
  .description = N_("Python threads on a free-threaded interpreter (python3.13t and newer, no "
                    "GIL): what removing the GIL gives your code."),
  .concurrency = CS_CONCURRENCY_THREADS,
  .opt_in = TRUE,
  .options = free_threaded_options,
  .n_options = G_N_ELEMENTS (free_threaded_options),
  PYTHON_BACKEND_STEPS,
};
