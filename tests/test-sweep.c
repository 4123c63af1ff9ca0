/* test-sweep.c: worker lists, run order, checksum checks, cancellation and timeouts of sweeps
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine-test-util.h"
#include "proc-test-util.h"

/* ---- worker lists ------------------------------------------------------------------------- */

static void
assert_workers (const char *spec, const guint *expected, guint n_expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint *workers = NULL;
  guint n = 0;

  g_assert_true (cs_parse_worker_list (spec, &workers, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (workers, n * sizeof (guint), expected, n_expected * sizeof (guint));
}

static void
test_worker_list (void)
{
  static const guint a[] = { 1, 2, 4 };
  static const guint b[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  static const guint c[] = { 1, 2, 4, 8, 16 };
  static const guint d[] = { 1, 2, 3, 4, 8 };
  static const guint e[] = { 1, 4, 6 };
  static const guint f[] = { 1, 2, 4, 8 };

  assert_workers ("1,2,4", a, G_N_ELEMENTS (a));
  assert_workers ("1-8", b, G_N_ELEMENTS (b));
  assert_workers ("pow2:16", c, G_N_ELEMENTS (c));
  assert_workers ("pow2:20", c, G_N_ELEMENTS (c));
  assert_workers ("1-4,8", d, G_N_ELEMENTS (d));
  assert_workers ("6, 4,1,4", e, G_N_ELEMENTS (e));   /* sorted, no duplicates */
  assert_workers ("pow2:8,2-4,4", d, G_N_ELEMENTS (d) - 0);
  assert_workers ("8,pow2:4", f, G_N_ELEMENTS (f));
}

static void
test_worker_list_errors (void)
{
  static const char *const bad[] = {
    "", "0", "a", "3-1", "pow2:", "pow2:0", "1,,2", "1-", "-3", "2000", "1.5", "2x", "pow3:8",
    "1-2-3", "+2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree guint *workers = NULL;
      guint n = 0;

      g_assert_false (cs_parse_worker_list (bad[i], &workers, &n, &error));
      g_assert_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG);
      /* the message says what is accepted */
      g_assert_nonnull (strstr (error->message, "pow2:16"));
      g_assert_null (workers);
    }
}

/* ---- helpers ------------------------------------------------------------------------------ */

static CsSweepConfig *
make_config (const char *preset, const char *const *params, const CsMode *modes, guint n_modes,
             const guint *workers, guint n_workers, guint reps, guint warmup)
{
  CsSweepConfig *config = test_config_new (preset, params, modes, n_modes, workers, n_workers,
                                           reps);

  config->warmup = warmup;
  return config;
}

/* Validation happens once, in the request. */
static gboolean
validate (const CsSweepConfig *config, CsTopology *topology, GError **error)
{
  g_autoptr (CsSweepRequest) request = cs_sweep_request_new (config, topology, error);

  return request != NULL;
}

typedef struct
{
  GArray *seen;    /* CsSweepProgress of the runs, last_run and result cleared */
  guint   starts;  /* reports of the sweep's start (done == 0) */
} Recorder;

static void
record_progress (const CsSweepProgress *progress, gpointer data)
{
  Recorder *rec = data;
  CsSweepProgress copy = *progress;

  g_assert_nonnull (progress->result);
  if (progress->done == 0)
    {
      /* before any run: the result has the machine and the configuration, no runs */
      g_assert_cmpuint (rec->seen->len, ==, 0);
      g_assert_cmpuint (progress->result->runs->len, ==, 0);
      g_assert_nonnull (progress->result->config);
      rec->starts++;
      return;
    }
  copy.last_run = NULL;
  copy.result = NULL;
  g_assert_true (progress->warmup == (progress->last_run == NULL));
  g_array_append_val (rec->seen, copy);
}

/* ---- order -------------------------------------------------------------------------------- */

static void
test_order (void)
{
  static const char *const instant[] = { "tasks=2", "latency=0", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_GIL };
  static const guint workers[] = { 1, 2 };
  /* warm-up round, then rep 0 forward, rep 1 backward, rep 2 forward */
  static const struct { CsMode mode; guint workers, rep; gboolean warmup; } expected[] = {
    { CS_MODE_THREAD, 1, 0, TRUE }, { CS_MODE_THREAD, 2, 0, TRUE },
    { CS_MODE_GIL, 1, 0, TRUE }, { CS_MODE_GIL, 2, 0, TRUE },
    { CS_MODE_THREAD, 1, 0, FALSE }, { CS_MODE_THREAD, 2, 0, FALSE },
    { CS_MODE_GIL, 1, 0, FALSE }, { CS_MODE_GIL, 2, 0, FALSE },
    { CS_MODE_GIL, 2, 1, FALSE }, { CS_MODE_GIL, 1, 1, FALSE },
    { CS_MODE_THREAD, 2, 1, FALSE }, { CS_MODE_THREAD, 1, 1, FALSE },
    { CS_MODE_THREAD, 1, 2, FALSE }, { CS_MODE_THREAD, 2, 2, FALSE },
    { CS_MODE_GIL, 1, 2, FALSE }, { CS_MODE_GIL, 2, 2, FALSE },
  };
  g_autoptr (CsSweepConfig) config = make_config ("io-wait", instant, modes, 2, workers, 2, 3, 1);
  Recorder rec = { g_array_new (FALSE, FALSE, sizeof (CsSweepProgress)) };
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = test_sweep_run (config, record_progress, &rec, NULL, &error);
  guint kept = 0;

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (result->complete);
  g_assert_nonnull (result->machine);
  g_assert_nonnull (result->finished);
  g_assert_cmpstr (result->work_unit, ==, "requests");
  /* every parameter is recorded, defaults included */
  g_assert_true (g_strv_contains ((const char *const *) result->config->params, "wait=poll"));
  g_assert_true (g_strv_contains ((const char *const *) result->config->params, "tasks=2"));

  g_assert_cmpuint (rec.starts, ==, 1);
  g_assert_cmpuint (rec.seen->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < rec.seen->len; i++)
    {
      const CsSweepProgress *p = &g_array_index (rec.seen, CsSweepProgress, i);
      g_assert_cmpint (p->mode, ==, expected[i].mode);
      g_assert_cmpuint (p->workers, ==, expected[i].workers);
      g_assert_cmpuint (p->rep, ==, expected[i].rep);
      g_assert_cmpint (p->warmup, ==, expected[i].warmup);
      g_assert_cmpuint (p->done, ==, i + 1);
      g_assert_cmpuint (p->total, ==, G_N_ELEMENTS (expected));
      g_assert_true (i == 0 || p->eta_s >= 0);
      if (p->warmup)
        continue;
      /* result->runs are the non-warm-up runs, in the same order */
      const CsRun *run = g_ptr_array_index (result->runs, kept++);
      g_assert_cmpint (run->mode, ==, p->mode);
      g_assert_cmpuint (run->workers, ==, p->workers);
      g_assert_cmpuint (run->rep, ==, p->rep);
      g_assert_cmpint (run->status, ==, CS_RUN_OK);
    }
  g_assert_cmpuint (result->runs->len, ==, kept);
  g_array_unref (rec.seen);

  /* what a sweep produces survives a save and a load */
  g_autofree char *dir = g_dir_make_tmp ("test-sweep-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "result.json", NULL);
  g_assert_no_error (error);
  g_assert_true (cs_result_save (result, path, &error));
  g_assert_no_error (error);
  g_autoptr (CsResult) loaded = cs_result_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (loaded->complete);
  g_assert_cmpstr (loaded->config->preset, ==, "io-wait");
  g_assert_cmpuint (loaded->runs->len, ==, result->runs->len);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *a = g_ptr_array_index (result->runs, i);
      const CsRun *b = g_ptr_array_index (loaded->runs, i);
      g_assert_cmpint (a->mode, ==, b->mode);
      g_assert_cmpuint (a->checksum, ==, b->checksum);
      g_assert_cmpfloat (a->wall_s, ==, b->wall_s);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* Without a 1-worker point the sweep still checks checksums (against an extra untimed run);
 * weak scaling multiplies the reference by N. */
static void
test_checksum_reference (void)
{
  static const char *const small[] = { "tasks=9", "numbers=30", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_GIL };
  static const guint workers[] = { 2, 3 };
  g_autoptr (GError) error = NULL;

  for (guint scaling = 0; scaling < 2; scaling++)
    {
      g_autoptr (CsSweepConfig) config = make_config ("cpu", small, modes, 2, workers, 2, 2, 0);
      config->scaling = scaling;
      g_autoptr (CsResult) result = test_sweep_run (config, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (result->runs->len, ==, 8);
      for (guint i = 0; i < result->runs->len; i++)
        {
          const CsRun *run = g_ptr_array_index (result->runs, i);
          g_assert_cmpint (run->status, ==, CS_RUN_OK);
          g_assert_cmpuint (run->tasks, ==, scaling == CS_SCALING_WEAK ? 9 * run->workers : 9);
        }
    }
}

static void
test_validate (void)
{
  static const CsMode modes[] = { CS_MODE_THREAD };
  static const guint workers[] = { 1 };
  static const char *const bad_param[] = { "latency=fast", NULL };
  static const char *const unknown_param[] = { "colour=red", NULL };
  g_autoptr (GError) error = NULL;

  g_autoptr (CsSweepConfig) ok = make_config ("io-wait", NULL, modes, 1, workers, 1, 1, 0);
  g_assert_true (validate (ok, NULL, &error));
  g_assert_no_error (error);

  g_autoptr (CsSweepConfig) preset = make_config ("nope", NULL, modes, 1, workers, 1, 1, 0);
  g_assert_false (validate (preset, NULL, &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PRESET);
  g_clear_error (&error);

  g_autoptr (CsSweepConfig) value = make_config ("io-wait", bad_param, modes, 1, workers, 1, 1, 0);
  g_assert_false (validate (value, NULL, &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "latency"));
  g_clear_error (&error);

  g_autoptr (CsSweepConfig) name = make_config ("io-wait", unknown_param, modes, 1, workers, 1,
                                                1, 0);
  g_assert_false (validate (name, NULL, &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PARAM);
  g_clear_error (&error);

  g_autoptr (CsSweepConfig) none = make_config ("io-wait", NULL, modes, 0, workers, 1, 1, 0);
  g_assert_false (validate (none, NULL, &error));
  g_assert_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG);
  g_clear_error (&error);

  g_autoptr (CsSweepConfig) reps = make_config ("io-wait", NULL, modes, 1, workers, 1, 0, 0);
  g_assert_false (validate (reps, NULL, &error));
  g_assert_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG);
  g_clear_error (&error);

  /* a mode that cannot run the preset: the message names both */
  g_autoptr (CsSweepConfig) mixed = make_config ("io-wait", NULL, modes, 1, workers, 1, 1, 0);
  cs_mode_config_set (&mixed->modes[0].options, "pool", "sometimes");
  g_assert_false (validate (mixed, NULL, &error));
  g_assert_nonnull (strstr (error->message, "thread"));
  g_assert_nonnull (strstr (error->message, "pool"));
  g_clear_error (&error);

  /* a mode given twice */
  static const CsMode twice[] = { CS_MODE_GIL, CS_MODE_GIL };
  g_autoptr (CsSweepConfig) dup = make_config ("io-wait", NULL, twice, 2, workers, 1, 1, 0);
  g_assert_false (validate (dup, NULL, &error));
  g_assert_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG);
}

/* Workers bound by a placement policy still run correctly; a placement on a topology that is
 * not this machine's is refused before anything runs. */
static void
test_placement (void)
{
  static const char *const small[] = { "tasks=6", "numbers=20", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_GIL };
  static const guint workers[] = { 1, 2, 3 };
  g_autoptr (CsSweepConfig) config = make_config ("cpu", small, modes, 2, workers, 3, 1, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) other = cs_topology_new_synthetic ("pack:2 core:2 pu:2", &error);

  g_assert_no_error (error);
  config->placement = CS_PLACEMENT_COMPACT;
  g_autoptr (CsResult) result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, ==, 6);
  for (guint i = 0; i < result->runs->len; i++)
    g_assert_cmpint (((CsRun *) g_ptr_array_index (result->runs, i))->status, ==, CS_RUN_OK);

  g_assert_false (validate (config, other, &error));
  g_assert_error (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "placement"));
}

/* ---- timeouts ----------------------------------------------------------------------------- */

static void
test_timeout (void)
{
  static const char *const slow[] = { "tasks=4", "latency=300ms", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_GIL };
  static const guint workers[] = { 1 };
  g_autoptr (CsSweepConfig) config = make_config ("io-wait", slow, modes, 2, workers, 1, 2, 0);
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  config->timeout_s = 0.05;
  g_autoptr (CsResult) result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* 4 runs of 1.2 s each, cut after 50 ms plus at most one 100 ms wait slice */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * 400 * 1000);
  g_assert_true (result->complete);
  g_assert_cmpuint (result->runs->len, ==, 4);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);
      g_assert_cmpint (run->status, ==, CS_RUN_TIMEOUT);
      g_assert_nonnull (run->reason);
      g_assert_cmpuint (run->tasks, <, 4);
    }
}

/* ---- cancellation ------------------------------------------------------------------------- */

typedef struct
{
  GCancellable *cancellable;
  guint         cancel_after;   /* cancel when this many runs are done */
  gint64        cancelled_at;
  guint         last_done;
} CancelState;

static void
cancel_on_progress (const CsSweepProgress *progress, gpointer data)
{
  CancelState *state = data;

  state->last_done = progress->done;
  if (progress->done == state->cancel_after)
    {
      state->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (state->cancellable);
    }
}

static void
test_cancel (void)
{
  static const char *const slow[] = { "tasks=40", "latency=20ms", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_GIL, CS_MODE_PROCESS };
  static const guint workers[] = { 1, 2, 3, 4 };
  g_autoptr (CsSweepConfig) config = make_config ("io-wait", slow, modes, 3, workers, 4, 10, 0);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  CancelState state = { cancellable, 6, 0, 0 };
  g_autoptr (GError) error = NULL;
  guint threads_before = count_threads ();
  guint children_before = count_children ();

  test_config_set_option (config, "start-method", "spawn");
  g_autoptr (CsResult) result = test_sweep_run (config, cancel_on_progress, &state,
                                              cancellable, &error);
  gint64 returned_at = g_get_monotonic_time ();

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_false (result->complete);
  g_assert_nonnull (result->finished);
  /* the 6 runs before the cancel are kept; nothing after it started */
  g_assert_cmpuint (state.last_done, ==, 6);
  g_assert_cmpuint (test_count_measurements (result), ==, 6);
  g_assert_cmpint (returned_at - state.cancelled_at, <, 1000 * 1000);
  for (guint i = 0; i < result->runs->len; i++)
    g_assert_cmpint (((CsRun *) g_ptr_array_index (result->runs, i))->status, ==, CS_RUN_OK);
  g_assert_cmpuint (count_threads_settled (threads_before), <=, threads_before);
  g_assert_cmpuint (count_children (), ==, children_before);
}

typedef struct
{
  GCancellable *cancellable;
  gulong        delay_us;
} LateCancel;

static gpointer
cancel_later (gpointer data)
{
  LateCancel *late = data;

  g_usleep (late->delay_us);
  g_cancellable_cancel (late->cancellable);
  return NULL;
}

/* Cancelled in the middle of a run (of every mode): the run in progress stops within a second
 * and is dropped; the finished ones are kept. */
static void
test_cancel_mid_run (void)
{
  static const char *const slow[] = { "tasks=100", "latency=100ms", NULL };
  static const CsMode all[] = { CS_MODE_THREAD, CS_MODE_GIL, CS_MODE_PROCESS };
  static const guint workers[] = { 2 };

  for (guint m = 0; m < G_N_ELEMENTS (all); m++)
    {
      g_autoptr (CsSweepConfig) config = make_config ("io-wait", slow, &all[m], 1, workers, 1,
                                                      3, 0);
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();
      LateCancel late = { cancellable, 300 * 1000 };
      g_autoptr (GError) error = NULL;
      guint threads_before = count_threads ();
      guint children_before = count_children ();
      GThread *thread = g_thread_new ("cancel", cancel_later, &late);
      gint64 start = g_get_monotonic_time ();
      g_autoptr (CsResult) result = test_sweep_run (config, NULL, NULL, cancellable,
                                                  &error);
      gint64 took = g_get_monotonic_time () - start;

      g_thread_join (thread);
      g_assert_no_error (error);
      g_assert_false (result->complete);
      g_assert_cmpuint (result->runs->len, ==, 0);
      g_test_message ("%s: returned %.3f s after the start (cancelled at 0.3 s)",
                      cs_mode_to_string (all[m]), took / 1e6);
      g_assert_cmpint (took, <, 1300 * 1000);
      g_assert_cmpuint (count_threads_settled (threads_before), <=, threads_before);
      g_assert_cmpuint (count_children (), ==, children_before);
    }
}

/* A worker process killed by a signal fails its run, with the signal named, and the sweep goes
 * on (fault injection of corescope-worker: worker 1 kills itself at its first chunk). */
static void
test_worker_killed (void)
{
  static const char *const small[] = { "tasks=8", "numbers=20", NULL };
  static const CsMode modes[] = { CS_MODE_PROCESS, CS_MODE_THREAD };
  static const guint workers[] = { 1, 2 };
  g_autoptr (CsSweepConfig) config = make_config ("cpu", small, modes, 2, workers, 2, 2, 0);
  g_autoptr (GError) error = NULL;
  guint children_before = count_children ();

  g_setenv ("CORESCOPE_WORKER_FAULT", "kill:1", TRUE);
  g_autoptr (CsResult) result = test_sweep_run (config, NULL, NULL, NULL, &error);
  g_unsetenv ("CORESCOPE_WORKER_FAULT");

  g_assert_no_error (error);
  g_assert_true (result->complete);
  g_assert_cmpuint (result->runs->len, ==, 8);
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);
      if (run->mode == CS_MODE_PROCESS && run->workers == 2)
        {
          g_assert_cmpint (run->status, ==, CS_RUN_FAILED);
          g_assert_nonnull (run->reason);
          g_test_message ("reason: %s", run->reason);
          g_assert_nonnull (strstr (run->reason, "SIGKILL"));
        }
      else
        g_assert_cmpint (run->status, ==, CS_RUN_OK);
    }
  g_assert_cmpuint (count_children (), ==, children_before);
}

static void
test_estimate (void)
{
  static const char *const params[] = { "tasks=32", "latency=10ms", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD };
  static const guint workers[] = { 1, 4 };
  g_autoptr (CsSweepConfig) config = make_config ("io-wait", params, modes, 1, workers, 2, 2, 1);
  g_autoptr (CsSweepRequest) request = cs_sweep_request_new (config, NULL, NULL);

  /* (0.32 s + 0.08 s) × 3 rounds */
  g_assert_cmpfloat_with_epsilon (cs_sweep_estimate_seconds (request), 1.2, 1e-9);
  /* the same from the config alone (what the window's form asks, without a topology) */
  g_assert_cmpfloat_with_epsilon (cs_sweep_estimate_config_seconds (config), 1.2, 1e-9);
  /* a parameter that does not parse, or a preset without an estimate: unknown */
  g_free (config->params[1]);
  config->params[1] = g_strdup ("latency=soon");
  g_assert_cmpfloat (cs_sweep_estimate_config_seconds (config), ==, -1);
  g_strfreev (config->params);
  config->params = g_new0 (char *, 1);
  /* the defaults are tasks=32, latency=10ms */
  g_assert_cmpfloat_with_epsilon (cs_sweep_estimate_config_seconds (config), 1.2, 1e-9);
  g_free (config->preset);
  config->preset = g_strdup ("image-blur");
  g_assert_cmpfloat (cs_sweep_estimate_config_seconds (config), ==, -1);
}

/* ---- adaptive repetitions ----------------------------------------------------------------- */

typedef struct
{
  guint  calls;
  guint  settle_after;  /* rounds; G_MAXUINT: never */
  guint  runs_seen[16];
} Judge;

/* A judge with a known answer: settled once the result has settle_after full rounds. */
static gboolean
judge_after_rounds (const CsResult *result, double precision, double *reached, gpointer data)
{
  Judge *judge = data;
  guint rounds = result->runs->len / 4;

  g_assert_cmpfloat (precision, ==, 0.05);
  g_assert_cmpuint (result->runs->len % 4, ==, 0); /* only between rounds */
  judge->runs_seen[MIN (judge->calls, 15)] = result->runs->len;
  judge->calls++;
  *reached = 0.5 / rounds;
  return rounds >= judge->settle_after;
}

static CsResult *
run_adaptive (Judge *judge, double max_time_s)
{
  static const char *const instant[] = { "tasks=2", "latency=0", NULL };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_GIL };
  static const guint workers[] = { 1, 2 };
  g_autoptr (CsSweepConfig) config = make_config ("io-wait", instant, modes, 2, workers, 2,
                                                  CS_SWEEP_ADAPTIVE_MIN_REPS, 0);
  g_autoptr (CsSweepRequest) request = NULL;
  g_autoptr (GError) error = NULL;
  CsResult *result;

  config->precision = 0.05;
  config->max_time_s = max_time_s;
  request = cs_sweep_request_new (config, NULL, &error);
  g_assert_no_error (error);
  cs_sweep_request_set_judge (request, judge_after_rounds, judge);
  result = cs_sweep_run (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return result;
}

/* Rounds go on after the minimum until the judge is satisfied, and the result says why it
 * stopped and how precise it was; a budget that ran out stops it after the minimum. */
static void
test_adaptive (void)
{
  Judge sure = { .settle_after = 8 }, never = { .settle_after = G_MAXUINT };
  g_autoptr (CsResult) settled = run_adaptive (&sure, 600);
  g_autoptr (CsResult) budget = NULL;

  g_assert_cmpuint (settled->runs->len, ==, 8 * 4);
  g_assert_cmpuint (sure.calls, ==, 8 - CS_SWEEP_ADAPTIVE_MIN_REPS + 1);
  g_assert_cmpuint (sure.runs_seen[0], ==, CS_SWEEP_ADAPTIVE_MIN_REPS * 4);
  g_assert_cmpstr (settled->stop_reason, ==, "precision reached");
  g_assert_cmpfloat_with_epsilon (settled->precision_reached, 0.5 / 8, 1e-12);
  g_assert_true (settled->complete);
  /* the added rounds keep alternating direction: round 5 (odd) runs backward */
  g_assert_cmpuint (((CsRun *) g_ptr_array_index (settled->runs, 5 * 4))->workers, ==, 2);
  g_assert_cmpint (((CsRun *) g_ptr_array_index (settled->runs, 5 * 4))->mode, ==, CS_MODE_GIL);

  budget = run_adaptive (&never, 1e-6);
  g_assert_cmpuint (budget->runs->len, ==, CS_SWEEP_ADAPTIVE_MIN_REPS * 4);
  g_assert_cmpstr (budget->stop_reason, ==, "time budget spent");
  g_assert_cmpfloat_with_epsilon (budget->precision_reached, 0.5 / CS_SWEEP_ADAPTIVE_MIN_REPS,
                                  1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep/worker-list", test_worker_list);
  g_test_add_func ("/sweep/worker-list-errors", test_worker_list_errors);
  g_test_add_func ("/sweep/order", test_order);
  g_test_add_func ("/sweep/checksum-reference", test_checksum_reference);
  g_test_add_func ("/sweep/validate", test_validate);
  g_test_add_func ("/sweep/placement", test_placement);
  g_test_add_func ("/sweep/timeout", test_timeout);
  g_test_add_func ("/sweep/cancel", test_cancel);
  g_test_add_func ("/sweep/cancel-mid-run", test_cancel_mid_run);
  g_test_add_func ("/sweep/worker-killed", test_worker_killed);
  g_test_add_func ("/sweep/estimate", test_estimate);
  g_test_add_func ("/sweep/adaptive", test_adaptive);
  return g_test_run ();
}
