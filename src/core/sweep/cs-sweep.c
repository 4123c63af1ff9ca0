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

/* One round over every point: forward on even repetitions, backward on odd ones. */
static void
append_round (GArray *plan, const CsSweepConfig *config, guint rep, gboolean warmup)
{
  guint n_points = config->n_modes * config->n_workers;
  gboolean backward = !warmup && rep % 2 == 1;

  for (guint k = 0; k < n_points; k++)
    {
      guint p = backward ? n_points - 1 - k : k;
      PlanItem item = { p / config->n_workers, config->workers[p % config->n_workers], rep,
                        warmup };
      g_array_append_val (plan, item);
    }
}

/* The rounds known in advance: the warm-ups and the (minimum) repetitions. An adaptive sweep
 * appends further rounds while it runs. */
static GArray *
build_plan (const CsSweepConfig *config)
{
  GArray *plan = g_array_new (FALSE, FALSE, sizeof (PlanItem));

  for (guint r = 0; r < config->warmup; r++)
    append_round (plan, config, r, TRUE);
  for (guint r = 0; r < config->reps; r++)
    append_round (plan, config, r, FALSE);
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
  double               precision_reached; /* the judge's last answer; NAN before */
  const char          *stop_reason;
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
    .precision = sweep->config->precision,
    .precision_reached = sweep->precision_reached,
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
    .precision = sweep->config->precision,
    .precision_reached = NAN,
  };
  if (progress != NULL)
    progress (&p, user_data);
}

/* Asks the judge how precise the answer is; TRUE when it is settled. */
static gboolean
judge (Sweep *sweep)
{
  gpointer data = NULL;
  CsSweepJudgeFunc func = cs_sweep_request_get_judge (sweep->request, &data);
  double reached = INFINITY;
  gboolean settled;

  if (func == NULL)
    return TRUE;
  settled = func (sweep->result, sweep->config->precision, &reached, data);
  sweep->precision_reached = reached;
  return settled;
}

static gboolean
any_run_succeeded (const CsResult *result)
{
  for (guint i = 0; i < result->runs->len; i++)
    if (((const CsRun *) g_ptr_array_index (result->runs, i))->status == CS_RUN_OK)
      return TRUE;
  return FALSE;
}

/* At the end of the planned rounds of an adaptive sweep: one more round, or a reason to stop.
 * A sweep whose every run failed has nothing to make precise: more rounds would only fail the
 * same way until the time budget is spent. */
static gboolean
plan_another_round (Sweep *sweep, GArray *plan, guint last_rep, gint64 start_us)
{
  double elapsed = (g_get_monotonic_time () - start_us) / 1e6;

  if (sweep->config->precision <= 0)
    {
      judge (sweep); /* recorded with the result */
      sweep->stop_reason = "fixed repetitions";
      return FALSE;
    }
  if (!any_run_succeeded (sweep->result))
    sweep->stop_reason = "no run succeeded";
  else if (judge (sweep))
    sweep->stop_reason = "precision reached";
  else if (elapsed >= sweep->config->max_time_s)
    sweep->stop_reason = "time budget spent";
  else if (last_rep + 1 >= CS_SWEEP_ADAPTIVE_MAX_REPS)
    sweep->stop_reason = "repetition cap";
  else
    {
      append_round (plan, sweep->config, last_rep + 1, FALSE);
      return TRUE;
    }
  return FALSE;
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
      const PlanItem item = g_array_index (plan, PlanItem, i);
      CsRun *run = measure (sweep, &item);
      gboolean cancelled = run->status == CS_RUN_CANCELLED;

      /* A cancelled run measured nothing whole: it is neither kept nor reported as a run. */
      if (cancelled)
        {
          cs_run_free (run);
          return FALSE;
        }
      check_run (sweep, run, !item.warmup);
      gboolean again = !item.warmup && flag_if_disturbed (run);
      if (!item.warmup)
        cs_result_add_run (sweep->result, run);
      if (i + 1 == plan->len && !item.warmup)
        plan_another_round (sweep, plan, item.rep, start_us);
      report (sweep, &item, run, i + 1, plan->len, start_us, progress, user_data);
      if (item.warmup)
        cs_run_free (run);
      else if (again && !remeasure (sweep, &item, run, i + 1, plan->len, start_us, progress,
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
  sweep.precision_reached = NAN;
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
  sweep.result->stop_reason = g_strdup (complete ? sweep.stop_reason : "cancelled");
  sweep.result->precision_reached = sweep.precision_reached;
  sweep.result->finished = g_date_time_new_now_utc ();
  g_clear_pointer (&sweep.points, g_hash_table_unref);
  sweep_clear (&sweep);
  return sweep.result;
}

char *
cs_sweep_progress_describe_precision (const CsSweepProgress *p)
{
  g_return_val_if_fail (p != NULL, NULL);

  if (!(p->precision > 0))
    return NULL;
  if (isnan (p->precision_reached))
    return g_strdup_printf (_("first %u rounds"), CS_SWEEP_ADAPTIVE_MIN_REPS);
  if (!isfinite (p->precision_reached))
    return g_strdup_printf (_("interval ? → %.0f %%"), p->precision * 100);
  return g_strdup_printf (_("interval ±%.0f %% → %.0f %%"), p->precision_reached * 100,
                          p->precision * 100);
}

/* Estimates */

/* Every run's estimate (warm-ups included), or -1 when one is unknown. */
static double
estimate_seconds (const CsSweepConfig *config, const CsParams *params)
{
  double total = 0;

  for (guint m = 0; m < config->n_modes; m++)
    for (guint w = 0; w < config->n_workers; w++)
      {
        double s = cs_backend_estimate_run_s (cs_backend_for_mode (config->modes[m].mode),
                                              params, config->workers[w], config->scaling);
        if (s < 0)
          return -1;
        total += s * (config->reps + config->warmup);
  /* an adaptive sweep measures its minimum, then until sure or out of time */
  if (config->precision > 0)
    total = MAX (total, config->max_time_s);
      }
  return total;
}

double
cs_sweep_estimate_seconds (const CsSweepRequest *request)
{
  g_return_val_if_fail (request != NULL, -1);
  return estimate_seconds (cs_sweep_request_get_config (request),
                           cs_sweep_request_get_params (request));
}

double
cs_sweep_estimate_config_seconds (const CsSweepConfig *config)
{
  const CsPreset *preset;
  g_autoptr (CsParams) params = NULL;
  guint n_backends;

  g_return_val_if_fail (config != NULL, -1);
  preset = cs_presets_lookup (config->preset, NULL);
  if (preset == NULL)
    return -1;
  params = cs_params_new (preset);
  for (guint i = 0; config->params != NULL && config->params[i] != NULL; i++)
    if (!cs_params_parse_assignment (params, config->params[i], NULL))
      return -1;
  cs_backends_get_all (&n_backends);
  for (guint m = 0; m < config->n_modes; m++)
    if (config->modes[m].mode >= n_backends)
      return -1;
  return estimate_seconds (config, params);
}
