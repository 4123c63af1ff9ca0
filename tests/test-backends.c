/* test-backends.c: every registered backend against the interface, and a toy backend in a sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-gil.h"
#include "engine-test-util.h"

/* ---- the contract ------------------------------------------------------------------------ */

/* Names, labels, modes and declared counters. */
static void
test_declarations (void)
{
  guint n;
  const CsBackend *const *all = cs_backends_get_all (&n);

  g_assert_cmpuint (n, >=, 3);
  for (guint i = 0; i < n; i++)
    {
      const CsBackend *b = all[i];

      g_assert_nonnull (b->name);
      g_assert_cmpstr (b->name, !=, "");
      g_assert_true (cs_backends_lookup (b->name, NULL) == b);
      g_assert_cmpuint (cs_backend_get_mode (b), ==, i);
      g_assert_cmpstr (cs_mode_to_string (i), ==, b->name);
      g_assert_true (b->label != NULL && *b->label != '\0');
      g_assert_true (b->description != NULL && *b->description != '\0');
      g_assert_true (b->runtime != NULL && *b->runtime != '\0');
      g_assert_nonnull (b->run_pass);
      g_assert_cmpfloat (b->slowdown, >=, 0);
      for (guint c = 0; b->counters != NULL && b->counters[c] != NULL; c++)
        g_assert_cmpstr (b->counters[c], !=, "");
    }
}

/* Options have defaults that their own specs accept, and a wrong value is refused. */
static void
test_options (void)
{
  guint n;
  const CsBackend *const *all = cs_backends_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsParams) options = cs_backend_options_new (all[i]);

      g_assert_nonnull (options);
      for (guint o = 0; o < all[i]->n_options; o++)
        {
          const CsParamSpec *spec = &all[i]->options[o];
          g_autofree char *assignment = g_strdup_printf ("%s=%s", spec->name,
                                                         spec->default_value);
          g_autofree char *unknown = g_strdup_printf ("%s-not-an-option=1", spec->name);
          g_autoptr (GError) error = NULL;

          g_assert_true (cs_params_has (options, spec->name));
          g_assert_true (cs_params_parse_assignment (options, assignment, &error));
          g_assert_no_error (error);
          g_assert_false (cs_params_parse_assignment (options, unknown, &error));
          g_assert_nonnull (error);
        }
    }
}

/* A backend that cannot run here says why, in words. */
static void
test_unavailable_reasons (void)
{
  guint n;
  const CsBackend *const *all = cs_backends_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *why = cs_backend_check_available (all[i], NULL);

      g_test_message ("%s: %s", all[i]->name, why != NULL ? why : "available");
      if (why != NULL)
        g_assert_cmpuint (strlen (why), >, 3);
    }
  /* the C backends are always there */
  for (CsMode m = CS_MODE_THREAD; m <= CS_MODE_PROCESS; m++)
    g_assert_null (cs_backend_check_available (cs_backend_for_mode (m), NULL));
}

/* supports answers for every preset, with an error naming the backend when it says no; a
 * default is always something the backend runs; every preset has a default mode. */
static void
test_supports_every_preset (void)
{
  guint n, n_presets;
  const CsBackend *const *all = cs_backends_get_all (&n);
  const CsPreset *const *presets = cs_presets_get_all (&n_presets);

  for (guint p = 0; p < n_presets; p++)
    {
      CsMode modes[CS_MAX_MODES];

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (GError) error = NULL;

          if (cs_backend_supports (all[i], presets[p], &error))
            {
              g_assert_no_error (error);
              continue;
            }
          g_assert_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNSUPPORTED);
          g_assert_nonnull (strstr (error->message, all[i]->name));
          g_assert_false (all[i]->default_for != NULL
                          && all[i]->default_for (all[i], presets[p]));
        }
      g_assert_cmpuint (cs_backends_get_default_modes (presets[p], modes), >, 0);
    }
}

/* Open, run and stop on a tiny cpu job, for every backend available here: the run is ok, has
 * the C kernel's checksum, and records only the counters its backend declares. */
static void
test_open_run_stop (void)
{
  guint n;
  const CsBackend *const *all = cs_backends_get_all (&n);
  const char *const *quick = test_quick_params ("cpu");
  gint cancelled = 0;
  CsPassOptions pass = test_pass (2, &cancelled);
  guint64 reference = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *why = cs_backend_check_available (all[i], NULL);
      CsWorkload *wl = NULL;
      g_autoptr (CsBackendSession) session = NULL;
      g_autoptr (CsRun) run = cs_run_new ();
      g_autoptr (GError) error = NULL;

      if (why != NULL || !cs_backend_supports (all[i], cs_presets_lookup ("cpu", NULL), NULL))
        continue;
      session = cs_backend_session_open (all[i], NULL, &error);
      g_assert_no_error (error);
      wl = test_workload_new ("cpu", quick, CS_SCALING_STRONG, 2);
      g_assert_true (cs_backend_session_run (session, wl, &pass, run));
      test_workload_free (wl);
      g_test_message ("%s: %.4f s, checksum %016" G_GINT64_MODIFIER "x", all[i]->name,
                      run->wall_s, run->checksum);
      g_assert_cmpint (run->status, ==, CS_RUN_OK);
      g_assert_cmpuint (run->mode, ==, i);
      g_assert_cmpuint (run->workers, ==, 2);
      g_assert_cmpuint (run->tasks, ==, 8);
      g_assert_cmpfloat (run->wall_s, >, 0);
      if (reference == 0)
        reference = run->checksum;
      g_assert_cmpuint (run->checksum, ==, reference);
      for (guint c = 0; c < run->n_counters; c++)
        g_assert_true (all[i]->counters != NULL
                       && g_strv_contains (all[i]->counters, run->counters[c].name));
    }
  g_assert_cmpuint (reference, !=, 0);
}

/* ---- what callers used to guess from names ----------------------------------------------- */

static void
assert_default_modes (const char *preset, const char *const *expected)
{
  CsMode modes[CS_MAX_MODES];
  guint n = cs_backends_get_default_modes (cs_presets_lookup (preset, NULL), modes);

  g_assert_cmpuint (n, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (cs_mode_to_string (modes[i]), ==, expected[i]);
}

/* One rule: the C modes for the presets with a C kernel or a command, the Python ones for the
 * user's Python function. */
static void
test_default_modes (void)
{
  assert_default_modes ("cpu", (const char *const[]) { "thread", "gil", "process", NULL });
  assert_default_modes ("command", (const char *const[]) { "thread", "gil", "process", NULL });
  assert_default_modes ("python-callable",
                        (const char *const[]) { "python-thread", "python-process", NULL });
}

/* The preset says what a run costs, the backend how fast its kernels are and whether its
 * workers compute at the same time. */
static void
test_estimates (void)
{
  g_autoptr (CsParams) cpu = test_params_new ("cpu", NULL);
  g_autoptr (CsParams) io = test_params_new ("io-wait", (const char *const[]) {
                                               "tasks=8", "latency=10ms", NULL });
  g_autoptr (CsParams) blur = test_params_new ("image-blur", NULL);
  const CsBackend *thread = cs_backend_for_mode (CS_MODE_THREAD);
  const CsBackend *gil = cs_backend_for_mode (CS_MODE_GIL);
  const CsBackend *python = cs_backends_lookup ("python-thread", NULL);
  double one = cs_backend_estimate_run_s (thread, cpu, 1, CS_SCALING_STRONG);

  /* 0.26 s for the defaults, as the preset documents */
  g_assert_cmpfloat_with_epsilon (one, 0.26, 1e-9);
  g_assert_cmpfloat_with_epsilon (cs_backend_estimate_run_s (gil, cpu, 2, CS_SCALING_STRONG),
                                  one, 1e-9);
  g_assert_cmpfloat_with_epsilon (cs_backend_estimate_run_s (python, cpu, 1, CS_SCALING_STRONG),
                                  one * python->slowdown, 1e-9);
  g_assert_cmpfloat (python->slowdown, >, 1);
  g_assert_cmpfloat_with_epsilon (cs_backend_estimate_run_s (gil, cpu, 2, CS_SCALING_WEAK),
                                  2 * one, 1e-9);
  /* 8 waits of 10 ms, 3 workers: 3 rounds, whatever runs them */
  g_assert_cmpfloat_with_epsilon (cs_backend_estimate_run_s (python, io, 3, CS_SCALING_STRONG),
                                  0.03, 1e-9);
  g_assert_cmpfloat (cs_backend_estimate_run_s (thread, blur, 1, CS_SCALING_STRONG), ==, -1);
}

/* As Python's sorted() orders ASCII names. */
static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* One registry of Python ports (data/python/corescope_presets.py's PRESETS, which the build
 * reads for the C side): every preset with a C kernel has a port, every port is of a preset with
 * a C kernel (a preset added on one side only fails here), and the Python backends run exactly
 * those, as the driver imports them, and the user's function. */
static void
test_python_ports (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "python", NULL);
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "python3", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                         "import corescope_presets as p; print(' '.join(sorted(p.PRESETS)))",
                         dir, NULL };
  const CsBackend *python = cs_backends_lookup ("python-process", NULL);
  g_autoptr (GPtrArray) kernels = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  guint n;
  const CsPreset *const *presets = cs_presets_get_all (&n);
  int status = 0;

  g_assert_true (cs_backend_supports (python, cs_presets_lookup ("python-callable", NULL), NULL));
  g_assert_false (cs_backend_supports (python, cs_presets_lookup ("command", NULL), NULL));
  for (guint i = 0; i < n; i++)
    if (presets[i]->run_task != NULL)
      {
        g_ptr_array_add (kernels, (gpointer) presets[i]->name);
        if (!cs_backend_supports (python, presets[i], &error))
          g_error ("%s: %s", presets[i]->name, error->message);
      }
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                     &status, &error) || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("python3 cannot import corescope_presets here");
      return;
    }
  g_ptr_array_sort (kernels, compare_names);
  g_ptr_array_add (kernels, NULL);
  joined = g_strjoinv (" ", (char **) kernels->pdata);
  g_assert_cmpstr (g_strstrip (out), ==, joined);
}

/* ---- a toy backend: its own definition here, registered through the registry's hook ------- */

#define TOY_COUNTER "toy_tasks"

static const char *const toy_counters[] = { TOY_COUNTER, NULL };

/* Runs every task in this thread, one after another: the C kernels with no pool at all. */
static gboolean
toy_run_pass (CsBackendPool *pool, CsRun *run)
{
  CsWorkload *wl = pool->wl;
  guint64 total = cs_engine_total_tasks (wl);
  CsTaskContext ctx = { .n_workers = 1, .cancelled = pool->options.cancelled };
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  ctx.scratch = wl->preset->worker_new != NULL ? wl->preset->worker_new (wl, 0, &error) : NULL;
  g_assert_no_error (error);
  run->checksum = 0;
  for (guint64 t = 0; t < total; t++)
    {
      CsTaskOutput output = { 0 };

      g_assert_true (wl->preset->run_task (wl, &ctx, t % wl->n_tasks, NULL, &output, &error));
      run->checksum += output.checksum;
    }
  run->wall_s = (g_get_monotonic_time () - t0) / 1e6;
  run->tasks = total;
  if (wl->preset->worker_free != NULL)
    wl->preset->worker_free (wl, ctx.scratch);
  cs_run_set_counter (run, TOY_COUNTER, (double) total);
  return TRUE;
}

static gboolean
toy_supports (const CsBackend *self, const CsPreset *preset, GError **error)
{
  if (preset->run_task != NULL && preset->task_input == NULL)
    return TRUE;
  g_set_error (error, CS_BACKEND_ERROR, CS_BACKEND_ERROR_UNSUPPORTED,
               "%s: preset '%s' needs more than one thread", self->name, preset->name);
  return FALSE;
}

static gboolean
toy_default_for (const CsBackend *self, const CsPreset *preset)
{
  return g_str_equal (preset->name, "cpu");
}

static const CsBackend toy_backend = {
  .name = "toy",
  .label = "Toy",
  .description = "Every task in the sweep's own thread, one after another.",
  .concurrency = CS_CONCURRENCY_GIL_THREADS,
  .runtime = "test",
  .counters = toy_counters,
  .supports = toy_supports,
  .default_for = toy_default_for,
  .run_pass = toy_run_pass,
};

/* Registered, the toy is a mode like any other: looked up by name, a default where it says so,
 * run in a sweep beside the thread mode with the same checksums, its counter saved and loaded
 * with the result. */
static void
test_toy_backend (void)
{
  CsMode toy = _cs_backends_register (&toy_backend);
  CsMode modes[] = { CS_MODE_THREAD, toy };
  guint workers[] = { 1, 2 };
  CsMode defaults[CS_MAX_MODES];
  g_autoptr (CsSweepConfig) config = NULL;
  g_autoptr (CsResult) result = NULL;
  g_autoptr (CsResult) again = NULL;
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;
  guint n_toy = 0;

  g_assert_true (cs_backends_lookup ("toy", NULL) == &toy_backend);
  g_assert_cmpuint (cs_backends_get_default_modes (cs_presets_lookup ("cpu", NULL), defaults),
                    ==, 4);
  g_assert_cmpuint (defaults[3], ==, toy);

  config = test_config_new ("cpu", test_quick_params ("cpu"), modes, 2, workers, 2, 2);
  result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, ==, 8);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);

      g_assert_cmpint (run->status, ==, CS_RUN_OK);
      if (run->mode != toy)
        continue;
      n_toy++;
      g_assert_cmpfloat (cs_run_get_counter (run, TOY_COUNTER), ==, 8);
    }
  g_assert_cmpuint (n_toy, ==, 4);

  json = cs_result_to_json (result, NULL);
  again = cs_result_from_json (json, -1, "toy.json", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (cs_run_get_counter (g_ptr_array_index (again->runs, 1), TOY_COUNTER), ==,
                     cs_run_get_counter (g_ptr_array_index (result->runs, 1), TOY_COUNTER));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backends/contract/declarations", test_declarations);
  g_test_add_func ("/backends/contract/options", test_options);
  g_test_add_func ("/backends/contract/unavailable-reasons", test_unavailable_reasons);
  g_test_add_func ("/backends/contract/supports", test_supports_every_preset);
  g_test_add_func ("/backends/contract/open-run-stop", test_open_run_stop);
  g_test_add_func ("/backends/default-modes", test_default_modes);
  g_test_add_func ("/backends/estimates", test_estimates);
  g_test_add_func ("/backends/python-ports", test_python_ports);
  /* last: it adds a mode for the rest of the process */
  g_test_add_func ("/backends/toy", test_toy_backend);
  return g_test_run ();
}
