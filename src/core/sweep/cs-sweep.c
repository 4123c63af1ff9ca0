/* cs-sweep.c: run modes × workers × repetitions of a preset and collect every run
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-sweep"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "cs-engine.h"
#include "cs-run-noise.h"
#include "cs-machine.h"
#include "cs-sweep.h"

/* Order of the runs. The points (mode × worker count, in the order configured) are visited
 * once per round: first `warmup` rounds whose runs are thrown away, then one round per
 * repetition, forward on even repetitions and backward on odd ones. Machine drift (a CPU
 * warming up and throttling, a background job starting) then touches every point in turn, and
 * a linear drift cancels out between a forward and a backward round, instead of making the
 * last-measured mode or worker count look slower.
 *
 * Every mode's backend gets one session for the whole sweep (an interpreter or an MPI job may
 * live that long), opened before the first run. Workloads are prepared once per worker count
 * and kept for the whole sweep, whichever backend runs them; each run gets its own pool (for the
 * persistent lifetime, started before and stopped after the timed pass).
 *
 * Correctness: every run's checksum must equal the single-worker checksum of the same preset
 * (times N for weak scaling, where every worker runs the whole job). The reference is the first
 * successful 1-worker run (warm-ups count); runs measured before it are checked as soon as it
 * is known, and if the sweep has no 1-worker point, one untimed 1-worker run of the first mode
 * provides it. The checksum depends on the preset and its parameters only, so every mode of a
 * sweep, C or Python, is held to the same reference. */

G_DEFINE_QUARK (cs-sweep-error-quark, cs_sweep_error)

/* Worker lists */

static gboolean
parse_count (const char *str, guint *out)
{
  char *end = NULL;
  guint64 v;

  if (str == NULL || !g_ascii_isdigit (*str))
    return FALSE;
  v = g_ascii_strtoull (str, &end, 10);
  if (*end != '\0' || v < 1 || v > CS_MAX_WORKERS)
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static gboolean
parse_worker_item (const char *item, GArray *out)
{
  g_auto (GStrv) range = NULL;
  guint a, b;

  if (g_str_has_prefix (item, "pow2:"))
    {
      if (!parse_count (item + 5, &b))
        return FALSE;
      for (guint v = 1; v <= b; v *= 2)
        g_array_append_val (out, v);
      return TRUE;
    }
  range = g_strsplit (item, "-", 2);
  if (range[1] == NULL)
    {
      if (!parse_count (range[0], &a))
        return FALSE;
      g_array_append_val (out, a);
      return TRUE;
    }
  if (!parse_count (g_strstrip (range[0]), &a) || !parse_count (g_strstrip (range[1]), &b) ||
      a > b)
    return FALSE;
  for (guint v = a; v <= b; v++)
    g_array_append_val (out, v);
  return TRUE;
}

static int
compare_guint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return (x > y) - (x < y);
}

gboolean
cs_parse_worker_list (const char *spec, guint **workers, guint *n_workers, GError **error)
{
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto (GStrv) items = NULL;
  guint n = 0;

  g_return_val_if_fail (workers != NULL && n_workers != NULL, FALSE);

  items = g_strsplit (spec != NULL ? spec : "", ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);
      if (!parse_worker_item (item, values))
        {
          g_set_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG,
                       _("'%s' is not a list of worker counts between 1 and %u (use e.g. "
                         "1,2,4 or 1-8 or pow2:16)"), spec != NULL ? spec : "", CS_MAX_WORKERS);
          return FALSE;
        }
    }
  if (values->len == 0)
    {
      g_set_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG,
                   _("empty list of worker counts (use e.g. 1,2,4 or 1-8 or pow2:16)"));
      return FALSE;
    }
  g_array_sort (values, compare_guint);
  for (guint i = 0; i < values->len; i++)
    if (n == 0 || g_array_index (values, guint, i) != g_array_index (values, guint, n - 1))
      g_array_index (values, guint, n++) = g_array_index (values, guint, i);
  g_array_set_size (values, n);
  *n_workers = n;
  *workers = (guint *) g_array_free (g_steal_pointer (&values), FALSE);
  return TRUE;
}

/* The run plan */

typedef struct
{
  guint    mode_index;   /* in the configuration's modes */
  guint    workers;
  guint    rep;
  gboolean warmup;
} PlanItem;

static GArray *
build_plan (const CsSweepConfig *config)
{
  GArray *plan = g_array_new (FALSE, FALSE, sizeof (PlanItem));
  guint n_points = config->n_modes * config->n_workers;
  guint rounds = config->warmup + config->reps;

  for (guint r = 0; r < rounds; r++)
    {
      gboolean warmup = r < config->warmup;
      guint rep = warmup ? r : r - config->warmup;
      gboolean backward = !warmup && rep % 2 == 1;

      for (guint k = 0; k < n_points; k++)
        {
          guint p = backward ? n_points - 1 - k : k;
          PlanItem item = { p / config->n_workers, config->workers[p % config->n_workers], rep,
                            warmup };
          g_array_append_val (plan, item);
        }
    }
  return plan;
}

/* The sweep's state */

typedef struct
{
  CsWorkload        *wl;
  CsWorkerPlacement *placements;
  guint              n_workers;
  char              *setup_error;  /* the workload could not be set up: its runs fail */
} Point;

typedef struct
{
  CsSweepRequest      *request;
  const CsSweepConfig *config;
  CsTopology          *topology;
  const CsParams      *params;
  CsBackendSession   **sessions;     /* one per mode */
  guint                n_sessions;   /* how many of them are open */
  CsResult            *result;
  GHashTable          *points;       /* worker count -> Point* */
  gint                 cancelled;
  gboolean             have_reference;
  guint64              reference;    /* the single-worker checksum */
  GPtrArray           *unverified;   /* CsRun* in result, waiting for the reference */
  CsSweepGateFunc      gate;
  gpointer             gate_data;
} Sweep;

static void
point_free (gpointer data)
{
  Point *point = data;

  if (point->wl != NULL)
    {
      if (point->setup_error == NULL)
        cs_engine_workload_teardown (point->wl);
      cs_workload_free (point->wl);
    }
  if (point->placements != NULL)
    cs_worker_placements_free (point->placements, point->n_workers);
  g_free (point->setup_error);
  g_free (point);
}

static Point *
get_point (Sweep *sweep, guint n_workers)
{
  Point *point = g_hash_table_lookup (sweep->points, GUINT_TO_POINTER (n_workers));
  g_autoptr (GError) error = NULL;

  if (point != NULL)
    return point;
  point = g_new0 (Point, 1);
  point->n_workers = n_workers;
  g_hash_table_insert (sweep->points, GUINT_TO_POINTER (n_workers), point);

  if (sweep->config->placement != CS_PLACEMENT_NONE)
    {
      point->placements = cs_topology_place (sweep->topology, sweep->config->placement,
                                             n_workers, &error);
      if (point->placements == NULL)
        {
          point->setup_error = g_strdup (error->message);
          return point;
        }
    }
  point->wl = cs_workload_new (sweep->params, sweep->config->scaling, n_workers);
  if (!cs_engine_workload_setup (point->wl, &error))
    point->setup_error = g_strdup (error->message);
  return point;
}

static void
on_cancelled (GCancellable *cancellable, gpointer data)
{
  g_atomic_int_set ((gint *) data, 1);
}

static CsPassOptions
pass_options (Sweep *sweep, const Point *point)
{
  CsPassOptions options = {
    .n_workers = point->n_workers,
    .placements = point->placements,
    .placement = sweep->config->placement,
    .chunk_size = MAX (sweep->config->chunk_size, 1),
    .timeout_s = sweep->config->timeout_s,
    .cancelled = &sweep->cancelled,
  };
  return options;
}

static CsRun *
measure (Sweep *sweep, const PlanItem *item)
{
  Point *point = get_point (sweep, item->workers);
  CsRun *run = cs_run_new ();

  run->mode = sweep->config->modes[item->mode_index].mode;
  run->workers = item->workers;
  run->rep = item->rep;
  if (point->setup_error != NULL)
    {
      run->status = CS_RUN_FAILED;
      run->reason = g_strdup (point->setup_error);
      return run;
    }
  CsPassOptions options = pass_options (sweep, point);
  if (sweep->gate != NULL)
    sweep->gate (TRUE, sweep->gate_data);
  cs_backend_session_run (sweep->sessions[item->mode_index], point->wl, &options, run);
  if (sweep->gate != NULL)
    sweep->gate (FALSE, sweep->gate_data);
  return run;
}

/* Checksums. External presets (the user's command) take part too: a command that reports no
 * checksum reports 0 every time, which always matches. */

static void
verify_run (Sweep *sweep, CsRun *run)
{
  guint64 factor = sweep->config->scaling == CS_SCALING_WEAK ? run->workers : 1;
  guint64 expected = sweep->reference * factor;
  const CsPreset *preset = cs_params_get_preset (sweep->params);
  g_autoptr (GError) error = NULL;

  if (run->status != CS_RUN_OK)
    return;
  if (run->checksum != expected)
    {
      run->status = CS_RUN_FAILED;
      g_free (run->reason);
      run->reason = g_strdup_printf (_("checksum %016llx differs from the "
                                       "single-worker checksum %016llx: the "
                                       "work was not split correctly"),
                                     (unsigned long long) run->checksum,
                                     (unsigned long long) expected);
      return;
    }
  Point *point = get_point (sweep, run->workers);
  if (preset->verify != NULL && point->wl != NULL &&
      !preset->verify (point->wl, run->checksum, &error))
    {
      run->status = CS_RUN_FAILED;
      g_free (run->reason);
      run->reason = g_strdup (error->message);
    }
}

static void
set_reference (Sweep *sweep, guint64 reference)
{
  sweep->reference = reference;
  sweep->have_reference = TRUE;
  for (guint i = 0; i < sweep->unverified->len; i++)
    verify_run (sweep, g_ptr_array_index (sweep->unverified, i));
  g_ptr_array_set_size (sweep->unverified, 0);
}

/* Called for every run, warm-ups (kept == FALSE) included. */
static void
check_run (Sweep *sweep, CsRun *run, gboolean kept)
{
  if (run->status != CS_RUN_OK)
    return;
  if (!sweep->have_reference && run->workers == 1)
    set_reference (sweep, run->checksum);
  if (!kept)
    return;
  if (sweep->have_reference)
    verify_run (sweep, run);
  else
    g_ptr_array_add (sweep->unverified, run);
}

/* The sweep had no 1-worker point: one untimed run of the first mode gives the reference. */
static void
compute_missing_reference (Sweep *sweep)
{
  if (sweep->have_reference || sweep->unverified->len == 0 ||
      g_atomic_int_get (&sweep->cancelled))
    return;
  g_autoptr (CsRun) run = cs_run_new ();
  Point *point = get_point (sweep, 1);
  if (point->setup_error != NULL)
    return;
  CsPassOptions options = pass_options (sweep, point);
  options.placements = NULL;
  if (cs_backend_session_run (sweep->sessions[0], point->wl, &options, run))
    set_reference (sweep, run->checksum);
}

/* Progress */

static void
report (Sweep *sweep, const PlanItem *item, const CsRun *run, guint done, guint total,
        gint64 start_us, CsSweepProgressFunc progress, gpointer user_data)
{
  double elapsed = (g_get_monotonic_time () - start_us) / 1e6;
  CsSweepProgress p = {
    .result = sweep->result,
    .done = done,
    .total = total,
    .mode = sweep->config->modes[item->mode_index].mode,
    .workers = item->workers,
    .rep = item->rep,
    .warmup = item->warmup,
    .elapsed_s = elapsed,
    .eta_s = done > 0 ? elapsed / done * (total - done) : -1,
    .last_run = item->warmup ? NULL : run,
  };
  if (progress != NULL)
    progress (&p, user_data);
}

CsResult *
cs_sweep_result_new (const CsSweepRequest *request, CsTopology *topology)
{
  const CsPreset *preset = cs_sweep_request_get_preset (request);
  g_autoptr (CsTopology) local = NULL;
  CsResult *result;

  if (topology == NULL)
    topology = cs_sweep_request_get_topology (request);
  if (topology == NULL)
    {
      local = cs_topology_new_local (NULL);
      topology = local;
    }
  result = cs_result_new (topology != NULL ? cs_machine_new_local (topology) : NULL,
                          cs_sweep_config_copy (cs_sweep_request_get_config (request)));
  result->complete = FALSE;
  g_clear_pointer (&result->work_unit, g_free);
  g_clear_pointer (&result->throughput_unit, g_free);
  result->work_unit = g_strdup (preset->work_unit);
  result->throughput_unit = g_strdup (preset->throughput_unit);
  return result;
}

/* What each backend reported about itself; again at the end, for what a backend learns only
 * while it runs (the hosts and bindings of each MPI job). */
static void
copy_session_info (Sweep *sweep, CsResult *result)
{
  CsSweepConfig *config = result->config;

  for (guint i = 0; i < sweep->n_sessions && i < config->n_modes; i++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, sweep->sessions[i]->info);
      while (g_hash_table_iter_next (&iter, &key, &value))
        cs_mode_config_set (&config->modes[i].info, key, value);
    }
}

/* Files must stand alone: the request's configuration has every parameter and option, and each
 * mode gets what its backend reported about itself (the interpreter, the MPI library). */
static CsResult *
new_result (Sweep *sweep)
{
  CsResult *result = cs_sweep_result_new (sweep->request, sweep->topology);

  copy_session_info (sweep, result);
  if (result->started != NULL)
    g_date_time_unref (result->started);
  result->started = g_date_time_new_now_utc ();
  return result;
}

static void
report_start (Sweep *sweep, guint total, CsSweepProgressFunc progress, gpointer user_data)
{
  CsSweepProgress p = {
    .result = sweep->result,
    .total = total,
    .mode = sweep->config->modes[0].mode,
    .eta_s = -1,
  };
  if (progress != NULL)
    progress (&p, user_data);
}

/* A run that was disturbed (steal, Corescope's own CPU time: cs-run-noise.h) is kept with its
 * flag and measured once more right away; the new run is kept whether or not it was disturbed
 * too, so a noisy machine costs at most one extra run per planned run, and the statistics use
 * the new one (cs_run_is_measurement). The flags are set before the run is reported, so that
 * every copy of the result (the window's) agrees. */
static gboolean
flag_if_disturbed (CsRun *run)
{
  g_autofree char *why = NULL;

  if (!cs_run_noise_is_disturbed (run, &why))
    return FALSE;
  run->disturbed = TRUE;
  run->remeasured = TRUE;
  g_debug ("%s × %u, repetition %u disturbed (%s): measuring it again",
           cs_mode_to_string (run->mode), run->workers, run->rep + 1, why);
  return TRUE;
}

/* The extra run of a disturbed one; FALSE when it was cancelled (the disturbed run then stays
 * the point's sample). */
static gboolean
remeasure (Sweep *sweep, const PlanItem *item, CsRun *disturbed, guint done, guint total,
           gint64 start_us, CsSweepProgressFunc progress, gpointer user_data)
{
  CsRun *again = measure (sweep, item);

  if (again->status == CS_RUN_CANCELLED)
    {
      disturbed->remeasured = FALSE;
      cs_run_free (again);
      return FALSE;
    }
  again->disturbed = cs_run_noise_is_disturbed (again, NULL);
  check_run (sweep, again, TRUE);
  cs_result_add_run (sweep->result, again);
  report (sweep, item, again, done, total, start_us, progress, user_data);
  return TRUE;
}

/* Returns TRUE when every planned run was measured. */
static gboolean
run_plan (Sweep *sweep, GArray *plan, CsSweepProgressFunc progress, gpointer user_data)
{
  gint64 start_us = g_get_monotonic_time ();
  guint i;

  report_start (sweep, plan->len, progress, user_data);
  for (i = 0; i < plan->len && !g_atomic_int_get (&sweep->cancelled); i++)
    {
      const PlanItem *item = &g_array_index (plan, PlanItem, i);
      CsRun *run = measure (sweep, item);
      gboolean cancelled = run->status == CS_RUN_CANCELLED;

      /* A cancelled run measured nothing whole: it is neither kept nor reported as a run. */
      if (cancelled)
        {
          cs_run_free (run);
          return FALSE;
        }
      check_run (sweep, run, !item->warmup);
      gboolean again = !item->warmup && flag_if_disturbed (run);
      if (!item->warmup)
        cs_result_add_run (sweep->result, run);
      report (sweep, item, run, i + 1, plan->len, start_us, progress, user_data);
      if (item->warmup)
        cs_run_free (run);
      else if (again && !remeasure (sweep, item, run, i + 1, plan->len, start_us, progress,
                                    user_data))
        return FALSE;
    }
  return i == plan->len;
}

/* Opens every mode's session; on failure closes those opened and says which mode failed. */
static gboolean
open_sessions (Sweep *sweep, GError **error)
{
  guint n = cs_sweep_request_get_n_modes (sweep->request);

  sweep->sessions = g_new0 (CsBackendSession *, n);
  for (guint i = 0; i < n; i++)
    {
      const CsBackend *backend = cs_sweep_request_get_backend (sweep->request, i);
      g_autoptr (GError) local = NULL;

      sweep->sessions[i] = cs_backend_session_open (
        backend, cs_sweep_request_get_options (sweep->request, i), &local);
      if (sweep->sessions[i] == NULL)
        {
          g_set_error (error, local->domain, local->code, "%s: %s", backend->name,
                       local->message);
          return FALSE;
        }
      sweep->n_sessions = i + 1;
    }
  return TRUE;
}

static void
sweep_clear (Sweep *sweep)
{
  for (guint i = 0; i < sweep->n_sessions; i++)
    cs_backend_session_close (sweep->sessions[i]);
  g_free (sweep->sessions);
  g_clear_pointer (&sweep->points, g_hash_table_unref);
  g_clear_pointer (&sweep->unverified, g_ptr_array_unref);
}

CsResult *
cs_sweep_run (CsSweepRequest       *request,
              CsSweepProgressFunc   progress,
              gpointer              user_data,
              GCancellable         *cancellable,
              GError              **error)
{
  return cs_sweep_run_gated (request, progress, NULL, user_data, cancellable, error);
}

CsResult *
cs_sweep_run_gated (CsSweepRequest       *request,
                    CsSweepProgressFunc   progress,
                    CsSweepGateFunc       gate,
                    gpointer              user_data,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr (CsTopology) local_topology = NULL;
  g_autoptr (GArray) plan = NULL;
  Sweep sweep = { 0 };
  gulong handler = 0;

  g_return_val_if_fail (request != NULL, NULL);

  sweep.request = request;
  sweep.gate = gate;
  sweep.gate_data = user_data;
  sweep.config = cs_sweep_request_get_config (request);
  sweep.params = cs_sweep_request_get_params (request);
  sweep.topology = cs_sweep_request_get_topology (request);
  if (sweep.topology == NULL)
    {
      if ((local_topology = cs_topology_new_local (error)) == NULL)
        return NULL;
      sweep.topology = local_topology;
    }
  sweep.points = g_hash_table_new_full (NULL, NULL, NULL, point_free);
  sweep.unverified = g_ptr_array_new ();
  if (!open_sessions (&sweep, error))
    {
      sweep_clear (&sweep);
      return NULL;
    }
  sweep.result = new_result (&sweep);
  plan = build_plan (sweep.config);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), &sweep.cancelled,
                                     NULL);
  gboolean complete = run_plan (&sweep, plan, progress, user_data);
  compute_missing_reference (&sweep);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  /* A cancel that came after the last run changed nothing: the result is whole. Points (their
   * servers and directories) go before the sessions that may have used them. */
  copy_session_info (&sweep, sweep.result);
  sweep.result->complete = complete;
  sweep.result->finished = g_date_time_new_now_utc ();
  g_clear_pointer (&sweep.points, g_hash_table_unref);
  sweep_clear (&sweep);
  return sweep.result;
}

/* Estimates */

/* Pure Python runs a CPU-bound kernel roughly this many times slower than C. */
#define CPYTHON_SLOWDOWN 40.0

static double
estimate_run_s (const CsSweepConfig *config, const CsParams *params, CsMode mode, guint workers)
{
  const char *name = cs_params_get_preset (params)->name;
  const CsBackend *backend = cs_backend_for_mode (mode);
  guint cores = MAX (g_get_num_processors (), 1);
  double parallel = backend->concurrency == CS_CONCURRENCY_GIL_THREADS ? 1
                                                                        : MIN (workers, cores);
  double slowdown = g_str_equal (backend->runtime, "CPython") ? CPYTHON_SLOWDOWN : 1;
  double factor = config->scaling == CS_SCALING_WEAK ? workers : 1;

  if (g_str_equal (name, "io-wait"))
    {
      double tasks = cs_params_get_int (params, "tasks") * factor;
      return ceil (tasks / workers) * cs_params_get_duration (params, "latency");
    }
  if (g_str_equal (name, "cpu"))
    {
      /* About 0.26 s for the defaults (64 × 2500 numbers from 10⁹) on a 2020s core. */
      double work = cs_params_get_int (params, "tasks") * (double) cs_params_get_int (params,
                                                                                     "numbers");
      double scale = sqrt ((double) cs_params_get_int (params, "start") / 1e9);
      return 0.26 * work / (64 * 2500.0) * scale * factor * slowdown / parallel;
    }
  return -1;
}

double
cs_sweep_estimate_seconds (const CsSweepRequest *request)
{
  const CsSweepConfig *config;
  const CsParams *params;
  double total = 0;

  g_return_val_if_fail (request != NULL, -1);
  config = cs_sweep_request_get_config (request);
  params = cs_sweep_request_get_params (request);
  for (guint m = 0; m < config->n_modes; m++)
    for (guint w = 0; w < config->n_workers; w++)
      {
        double s = estimate_run_s (config, params, config->modes[m].mode, config->workers[w]);
        if (s < 0)
          return -1;
        total += s * (config->reps + config->warmup);
      }
  return total;
}
