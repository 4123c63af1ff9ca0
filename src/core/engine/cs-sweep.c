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
#include "cs-sweep.h"

/* Order of the runs. The points (mode × worker count, in the order configured) are visited
 * once per round: first `warmup` rounds whose runs are thrown away, then one round per
 * repetition, forward on even repetitions and backward on odd ones. Machine drift (a CPU
 * warming up and throttling, a background job starting) then touches every point in turn, and
 * a linear drift cancels out between a forward and a backward round, instead of making the
 * last-measured mode or worker count look slower.
 *
 * Workloads are prepared once per worker count and kept for the whole sweep; each run gets its
 * own pool (for the persistent lifetime, started before and stopped after the timed pass).
 *
 * Correctness: every run's checksum must equal the single-worker checksum of the same preset
 * (times N for weak scaling, where every worker runs the whole job). The reference is the first
 * successful 1-worker run (warm-ups count); runs measured before it are checked as soon as it
 * is known, and if the sweep has no 1-worker point, one untimed 1-worker run provides it. */

#define MAX_WORKERS 1024

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
  if (*end != '\0' || v < 1 || v > MAX_WORKERS)
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
                         "1,2,4 or 1-8 or pow2:16)"), spec != NULL ? spec : "", MAX_WORKERS);
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

/* Validation */

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
build_params (const CsSweepConfig *config, GError **error)
{
  const CsPreset *preset = cs_presets_lookup (config->preset, error);
  g_autoptr (CsParams) params = NULL;

  if (preset == NULL)
    return NULL;
  params = cs_params_new (preset);
  for (guint i = 0; config->params != NULL && config->params[i] != NULL; i++)
    if (!cs_params_parse_assignment (params, config->params[i], error))
      return NULL;
  return g_steal_pointer (&params);
}

static gboolean
validate_counts (const CsSweepConfig *config, GError **error)
{
  if (config->n_modes == 0)
    return config_error (error, _("modes: at least one mode is needed (thread, gil, process)"));
  for (guint i = 0; i < config->n_modes; i++)
    if ((guint) config->modes[i] >= CS_N_MODES)
      return config_error (error, _("modes: unknown mode %d"), config->modes[i]);
  if (config->n_workers == 0)
    return config_error (error, _("workers: at least one worker count is needed"));
  for (guint i = 0; i < config->n_workers; i++)
    if (config->workers[i] < 1 || config->workers[i] > MAX_WORKERS)
      return config_error (error, _("workers: %u is out of range (use 1 to %u)"),
                           config->workers[i], MAX_WORKERS);
  if (config->reps < 1)
    return config_error (error, _("reps: at least one repetition is needed"));
  if (config->chunk_size < 1)
    return config_error (error, _("chunk-size: must be at least 1"));
  if (!(config->switch_interval_s > 0 && config->switch_interval_s <= 10))
    return config_error (error, _("switch-interval: must be between 1us and 10s"));
  if (!(config->timeout_s >= 0))
    return config_error (error, _("timeout: must be 0 (none) or a positive duration"));
  return TRUE;
}

gboolean
cs_sweep_config_validate (const CsSweepConfig *config, CsTopology *topology, GError **error)
{
  g_autoptr (CsParams) params = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  if (config->preset == NULL)
    return config_error (error, _("preset: no preset given"));
  params = build_params (config, error);
  if (params == NULL || !validate_counts (config, error))
    return FALSE;
  if (config->placement != CS_PLACEMENT_NONE &&
      (topology == NULL || !cs_topology_is_this_system (topology)))
    return config_error (error, _("placement: '%s' needs the topology of this machine"),
                         cs_placement_to_string (config->placement));
  return TRUE;
}

/* The run plan */

typedef struct
{
  CsMode   mode;
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
          PlanItem item = { config->modes[p / config->n_workers],
                            config->workers[p % config->n_workers], rep, warmup };
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
  const CsSweepConfig *config;
  CsTopology          *topology;
  CsParams            *params;
  CsResult            *result;
  GHashTable          *points;       /* worker count -> Point* */
  gint                 cancelled;
  gboolean             have_reference;
  guint64              reference;    /* the single-worker checksum */
  GPtrArray           *unverified;   /* CsRun* in result, waiting for the reference */
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

static CsPoolOptions
pool_options (Sweep *sweep, const Point *point, CsMode mode)
{
  CsPoolOptions options = {
    .mode = mode,
    .n_workers = point->n_workers,
    .start_method = sweep->config->start_method,
    .placements = point->placements,
    .chunk_size = MAX (sweep->config->chunk_size, 1),
    .switch_interval_s = sweep->config->switch_interval_s,
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

  run->mode = item->mode;
  run->workers = item->workers;
  run->rep = item->rep;
  if (point->setup_error != NULL)
    {
      run->status = CS_RUN_FAILED;
      run->reason = g_strdup (point->setup_error);
      return run;
    }
  CsPoolOptions options = pool_options (sweep, point, item->mode);
  cs_engine_run (point->wl, &options, sweep->config->pool, run);
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

/* The sweep had no 1-worker point: one untimed thread run gives the reference. */
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
  CsPoolOptions options = pool_options (sweep, point, CS_MODE_THREAD);
  options.placements = NULL;
  if (cs_engine_run (point->wl, &options, CS_POOL_PER_RUN, run))
    set_reference (sweep, run->checksum);
}

/* Progress */

static void
report (Sweep *sweep, const PlanItem *item, const CsRun *run, guint done, guint total,
        gint64 start_us, CsSweepProgressFunc progress, gpointer user_data)
{
  double elapsed = (g_get_monotonic_time () - start_us) / 1e6;
  CsSweepProgress p = {
    .done = done,
    .total = total,
    .mode = item->mode,
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

static CsResult *
new_result (const CsSweepConfig *config, CsTopology *topology, const CsParams *params)
{
  CsSweepConfig *copy = cs_sweep_config_copy (config);
  const CsPreset *preset = cs_params_get_preset (params);
  CsResult *result;

  /* Files must stand alone: record every parameter, defaults included. */
  g_strfreev (copy->params);
  copy->params = cs_params_to_strv (params);
  result = cs_result_new (cs_machine_new_local (topology), copy);
  result->complete = FALSE;
  g_clear_pointer (&result->work_unit, g_free);
  g_clear_pointer (&result->throughput_unit, g_free);
  result->work_unit = g_strdup (preset->work_unit);
  result->throughput_unit = g_strdup (preset->throughput_unit);
  if (result->started != NULL)
    g_date_time_unref (result->started);
  result->started = g_date_time_new_now_utc ();
  return result;
}

/* Returns TRUE when every planned run was measured. */
static gboolean
run_plan (Sweep *sweep, GArray *plan, CsSweepProgressFunc progress, gpointer user_data)
{
  gint64 start_us = g_get_monotonic_time ();
  guint i;

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
      if (!item->warmup)
        cs_result_add_run (sweep->result, run);
      report (sweep, item, run, i + 1, plan->len, start_us, progress, user_data);
      if (item->warmup)
        cs_run_free (run);
    }
  return i == plan->len;
}

CsResult *
cs_sweep_run (const CsSweepConfig  *config,
              CsTopology           *topology,
              CsSweepProgressFunc   progress,
              gpointer              user_data,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr (CsTopology) local_topology = NULL;
  g_autoptr (GArray) plan = NULL;
  Sweep sweep = { 0 };
  gulong handler = 0;

  g_return_val_if_fail (config != NULL, NULL);

  if (topology == NULL)
    {
      local_topology = cs_topology_new_local (error);
      if (local_topology == NULL)
        return NULL;
      topology = local_topology;
    }
  if (!cs_sweep_config_validate (config, topology, error))
    return NULL;

  sweep.config = config;
  sweep.topology = topology;
  sweep.params = build_params (config, error);
  sweep.points = g_hash_table_new_full (NULL, NULL, NULL, point_free);
  sweep.unverified = g_ptr_array_new ();
  sweep.result = new_result (config, topology, sweep.params);
  plan = build_plan (config);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), &sweep.cancelled,
                                     NULL);
  gboolean complete = run_plan (&sweep, plan, progress, user_data);
  compute_missing_reference (&sweep);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  /* A cancel that came after the last run changed nothing: the result is whole. */
  sweep.result->complete = complete;
  sweep.result->finished = g_date_time_new_now_utc ();
  g_hash_table_unref (sweep.points);
  g_ptr_array_unref (sweep.unverified);
  cs_params_free (sweep.params);
  return sweep.result;
}

/* Estimates */

static double
estimate_run_s (const CsSweepConfig *config, const CsParams *params, CsMode mode, guint workers)
{
  const char *name = cs_params_get_preset (params)->name;
  guint cores = MAX (g_get_num_processors (), 1);
  double parallel = mode == CS_MODE_GIL ? 1 : MIN (workers, cores);
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
      return 0.26 * work / (64 * 2500.0) * scale * factor / parallel;
    }
  return -1;
}

double
cs_sweep_estimate_seconds (const CsSweepConfig *config)
{
  g_autoptr (CsParams) params = NULL;
  double total = 0;

  g_return_val_if_fail (config != NULL, -1);
  params = build_params (config, NULL);
  if (params == NULL)
    return -1;
  for (guint m = 0; m < config->n_modes; m++)
    for (guint w = 0; w < config->n_workers; w++)
      {
        double s = estimate_run_s (config, params, config->modes[m], config->workers[w]);
        if (s < 0)
          return -1;
        total += s * (config->reps + config->warmup);
      }
  return total;
}
