/* test-analysis.c: recommendations and comparisons for constructed results; the analyze and
 * compare subcommands on files
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cs-analysis.h"
#include "cs-gil.h"

typedef struct
{
  CsMode mode;
  guint  workers;
  double wall, cpu, startup, gil_wait;
} Point;

static CsMachine *
two_pu_machine (void)
{
  CsMachine *m = cs_machine_new ();

  m->hostname = g_strdup ("test-host");
  m->cpu_model = g_strdup ("Test CPU");
  m->n_packages = m->n_numa_nodes = 1;
  m->n_cores = 2;
  m->n_pus = 2;
  m->smt_width = 1;
  m->topology_summary = g_strdup ("1 package, 2 cores, 2 PUs");
  return m;
}

/* Five runs per point with ±1 % jitter, so nothing is noisy. */
static CsResult *
make_result (const char *preset, const Point *points, guint n_points)
{
  static const double jitter[] = { 1.0, 1.01, 0.99, 1.005, 0.995 };
  CsSweepConfig *c = cs_sweep_config_new ();
  CsResult *result;

  g_free (c->preset);
  c->preset = g_strdup (preset);
  CsMode modes[CS_MAX_MODES];
  guint n_modes = 0;

  c->n_workers = 0;
  c->workers = g_renew (guint, c->workers, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      gboolean seen_mode = FALSE, seen_workers = FALSE;
      for (guint m = 0; m < n_modes; m++)
        seen_mode |= modes[m] == points[i].mode;
      for (guint w = 0; w < c->n_workers; w++)
        seen_workers |= c->workers[w] == points[i].workers;
      if (!seen_mode)
        modes[n_modes++] = points[i].mode;
      if (!seen_workers)
        c->workers[c->n_workers++] = points[i].workers;
    }
  cs_sweep_config_set_modes (c, modes, n_modes);
  result = cs_result_new (two_pu_machine (), c);
  result->complete = TRUE;
  result->work_unit = g_strdup ("tasks");
  for (guint rep = 0; rep < 5; rep++)
    for (guint i = 0; i < n_points; i++)
      {
        CsRun *r = cs_run_new ();
        r->mode = points[i].mode;
        r->workers = points[i].workers;
        r->rep = rep;
        r->wall_s = points[i].wall * jitter[rep];
        r->user_s = points[i].cpu * jitter[rep];
        r->startup_s = points[i].startup;
        if (points[i].gil_wait > 0)
          {
            cs_run_set_counter (r, CS_GIL_COUNTER_WAIT_S, points[i].gil_wait);
            cs_run_set_counter (r, CS_GIL_COUNTER_SWITCHES, 400);
          }
        r->tasks = 64;
        cs_result_add_run (result, r);
      }
  return result;
}

/* The same with each run of each point off by its own pseudo-random factor within ±noise, so
 * that the paired ratios vary (make_result's shared jitter cancels out in every pair). */
static CsResult *
make_noisy_result (const char *preset, const Point *points, guint n_points, guint reps,
                   double noise)
{
  CsResult *result = make_result (preset, points, n_points);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  g_ptr_array_set_size (result->runs, 0);
  for (guint rep = 0; rep < reps; rep++)
    for (guint i = 0; i < n_points; i++)
      {
        CsRun *r = cs_run_new ();
        double f = 1 + g_rand_double_range (rand, -noise, noise);

        r->mode = points[i].mode;
        r->workers = points[i].workers;
        r->rep = rep;
        r->wall_s = points[i].wall * f;
        r->user_s = points[i].cpu * f;
        r->tasks = 64;
        cs_result_add_run (result, r);
      }
  result->config->reps = reps;
  return result;
}

static gboolean
reasons_contain (const CsVerdict *v, const char *needle)
{
  for (guint i = 0; i < v->reasons->len; i++)
    if (strstr (g_ptr_array_index (v->reasons, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
advice_contains_in (GPtrArray *lines, const char *needle)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (g_ptr_array_index (lines, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* Every sentence a user reads of this analysis: the headline, the reasons, the notes. */
static GPtrArray *
all_sentences (const CsAnalysis *a)
{
  const CsVerdict *v = cs_analysis_get_verdict (a);
  const CsRecommendation *rec = cs_analysis_get_recommendation (a);
  GPtrArray *all = g_ptr_array_new ();

  g_ptr_array_add (all, v->headline);
  g_ptr_array_extend (all, v->reasons, NULL, NULL);
  g_ptr_array_extend (all, rec->advice, NULL, NULL);
  if (v->settle != NULL)
    g_ptr_array_add (all, v->settle);
  for (guint i = 0; i < all->len; i++)
    g_test_message ("%s", (char *) all->pdata[i]);
  return all;
}

/* No two statements disagree: at most one answer to "threads or processes", none against the
 * choice, and a worker count only in the headline's own words. */
static void
assert_consistent (const CsAnalysis *a)
{
  const CsVerdict *v = cs_analysis_get_verdict (a);
  g_autoptr(GPtrArray) all = all_sentences (a);
  static const char *const answers[] = { "Processes are measurably faster",
                                         "Threads are measurably faster",
                                         "No measurable difference between threads and processes" };
  guint n_answers = 0;

  for (guint k = 0; k < G_N_ELEMENTS (answers); k++)
    n_answers += advice_contains_in (all, answers[k]);
  g_assert_cmpuint (n_answers, <=, 1);
  if (v->choice == CS_CHOICE_PROCESSES)
    {
      g_assert_false (advice_contains_in (all, "Use threads"));
      g_assert_false (advice_contains_in (all, "Threads are measurably faster"));
      g_assert_false (advice_contains_in (all, "No measurable difference between threads"));
    }
  if (v->choice == CS_CHOICE_THREADS || v->choice == CS_CHOICE_FREE_THREADS)
    {
      g_assert_false (advice_contains_in (all, "Use processes"));
      g_assert_false (advice_contains_in (all, "Processes are measurably faster"));
    }
  if (v->choice == CS_CHOICE_INCONCLUSIVE)
    {
      g_assert_false (v->has_mode);
      g_assert_nonnull (v->settle);
      g_assert_false (advice_contains_in (all, "Use "));
    }
  else
    {
      g_autofree char *with = g_strdup_printf ("with %u worker", v->workers);
      g_assert_true (strstr (v->headline, with) != NULL);
    }
}

/* Every speed-up a sentence quotes is the table's: that point's speed-up with two decimals. */
static void
assert_table_figures (const CsAnalysis *a)
{
  const CsVerdict *v = cs_analysis_get_verdict (a);
  const CsPointStats *p;
  g_autofree char *quoted = NULL;

  if (!v->has_mode)
    return;
  p = cs_result_stats_lookup (cs_analysis_get_stats (a), v->mode, v->workers);
  if (!isfinite (p->speedup))
    return;
  quoted = g_strdup_printf ("speed-up %.2f×", p->speedup);
  g_assert_true (reasons_contain (v, quoted));
}

static const CsVerdict *
check_verdict (const CsAnalysis *a)
{
  assert_consistent (a);
  assert_table_figures (a);
  return cs_analysis_get_verdict (a);
}

/* cpu preset: threads under the GIL do not speed up, processes do. */
static const Point gil_bound[] = {
  { CS_MODE_GIL, 1, 2.00, 2.00, 0.00003, 0 },
  { CS_MODE_GIL, 2, 1.96, 2.00, 0.00003, 1.90 },
  { CS_MODE_PROCESS, 1, 2.05, 2.05, 0.0140, 0 },
  { CS_MODE_PROCESS, 2, 1.06, 2.10, 0.0140, 0 },
};

static void
test_gil_bound (void)
{
  g_autoptr(CsResult) result = make_result ("cpu", gil_bound, G_N_ELEMENTS (gil_bound));
  g_autoptr(CsAnalysis) a = cs_analysis_new (result, NULL);
  const CsVerdict *v = check_verdict (a);

  g_assert_cmpint (v->choice, ==, CS_CHOICE_PROCESSES);
  g_assert_true (v->has_mode);
  g_assert_cmpint (v->mode, ==, CS_MODE_PROCESS);
  g_assert_cmpuint (v->workers, ==, 2);
  g_assert_true (v->settled);
  g_assert_true (g_str_has_prefix (v->headline, "Use processes: process with 2 workers (threads "
                                   "take 1.85× their time"));
  g_assert_true (reasons_contain (v, "gil holds a GIL: its best speed-up is 1.02× at 2 workers"));
  g_assert_true (reasons_contain (v, "waiting for the GIL"));
  /* two worker counts: no model, and the reason is available */
  g_assert_null (cs_analysis_get_fit (a, CS_MODE_PROCESS));
  g_assert_nonnull (strstr (cs_analysis_get_fit_problem (a, CS_MODE_PROCESS), "at least 3"));
}

/* io-wait preset: tasks sleep; threads overlap the waits even under the GIL, processes only add
 * their start-up. */
static const Point io_bound[] = {
  { CS_MODE_GIL, 1, 0.800, 0.004, 0.00003, 0 },
  { CS_MODE_GIL, 2, 0.404, 0.004, 0.00003, 0 },
  { CS_MODE_GIL, 4, 0.206, 0.004, 0.00003, 0 },
  { CS_MODE_GIL, 8, 0.108, 0.005, 0.00003, 0 },
  { CS_MODE_PROCESS, 1, 0.815, 0.010, 0.01403, 0 },
  { CS_MODE_PROCESS, 2, 0.420, 0.020, 0.01403, 0 },
  { CS_MODE_PROCESS, 4, 0.222, 0.040, 0.01403, 0 },
  { CS_MODE_PROCESS, 8, 0.130, 0.080, 0.01403, 0 },
};

/* Clear threads win; more workers than PUs because they are measurably faster. */
static void
test_io_bound (void)
{
  g_autoptr(CsResult) result = make_result ("io-wait", io_bound, G_N_ELEMENTS (io_bound));
  g_autoptr(CsAnalysis) a = cs_analysis_new (result, NULL);
  const CsVerdict *v = check_verdict (a);

  g_assert_cmpint (v->choice, ==, CS_CHOICE_THREADS);
  g_assert_cmpint (v->mode, ==, CS_MODE_GIL);
  g_assert_cmpuint (v->workers, ==, 8);
  g_assert_true (g_str_has_prefix (v->headline, "Use threads: gil with 8 workers (processes take "
                                   "1.20× their time"));
  g_assert_true (reasons_contain (v, "Threads are measurably faster than processes"));
  g_assert_true (reasons_contain (v, "More workers than the 2 processing units are measurably "
                                  "faster"));
  /* the GIL did not hold them back: said, without a figure the runs did not record */
  g_assert_true (reasons_contain (v, "gil holds a GIL, yet scales: the work runs in code that "
                                  "releases the GIL"));
  g_assert_nonnull (cs_analysis_get_fit (a, CS_MODE_GIL));
}

/* hash preset: C code that releases the GIL; threads under it scale, and wait little for it. */
static const Point gil_released[] = {
  { CS_MODE_GIL, 1, 1.00, 1.00, 0.00003, 0.0001 },
  { CS_MODE_GIL, 2, 0.55, 1.00, 0.00003, 0.099 },
  { CS_MODE_PROCESS, 1, 1.05, 1.05, 0.0140, 0 },
  { CS_MODE_PROCESS, 2, 0.60, 1.10, 0.0140, 0 },
};

static void
test_gil_released (void)
{
  g_autoptr(CsResult) result = make_result ("hash", gil_released, G_N_ELEMENTS (gil_released));
  g_autoptr(CsAnalysis) a = cs_analysis_new (result, NULL);
  const CsVerdict *v = check_verdict (a);

  g_assert_cmpint (v->choice, ==, CS_CHOICE_THREADS);
  g_assert_cmpuint (v->workers, ==, 2);
  /* 0.099 s of 2 × 0.55 s */
  g_assert_true (reasons_contain (v, "gil holds a GIL, yet scales: its threads waited for it only "
                                  "9 % of their time"));
}

/* True threads that scale like processes: no measurable difference, so threads; 8 workers on 4
 * PUs are not measurably faster than 4, so 4. */
static const Point knee[] = {
  { CS_MODE_THREAD, 1, 4.00, 4.0, 0.00003, 0 },
  { CS_MODE_THREAD, 2, 2.00, 4.0, 0.00003, 0 },
  { CS_MODE_THREAD, 4, 1.03, 4.1, 0.00003, 0 },
  { CS_MODE_THREAD, 8, 1.00, 4.1, 0.00003, 0 },
  { CS_MODE_PROCESS, 1, 4.02, 4.0, 0.014, 0 },
  { CS_MODE_PROCESS, 2, 2.02, 4.0, 0.014, 0 },
  { CS_MODE_PROCESS, 4, 1.05, 4.1, 0.014, 0 },
  { CS_MODE_PROCESS, 8, 1.04, 4.1, 0.014, 0 },
};

static void
test_knee_and_threads (void)
{
  g_autoptr(CsResult) result = make_result ("cpu", knee, G_N_ELEMENTS (knee));
  g_autoptr(CsAnalysis) a = NULL;
  const CsVerdict *v;

  result->machine->n_cores = result->machine->n_pus = 4;
  /* the kernel counted 3× the context switches per CPU-second at 8 threads on 4 PUs */
  for (guint i = 0; i < result->runs->len; i++)
    {
      CsRun *r = g_ptr_array_index (result->runs, i);

      cs_mode_config_set (&r->perf_counters, "task_clock_s", "4");
      cs_mode_config_set (&r->perf_counters, "context_switches", r->workers == 8 ? "1200" : "400");
    }
  a = cs_analysis_new (result, NULL);
  v = check_verdict (a);
  g_assert_cmpint (v->choice, ==, CS_CHOICE_THREADS);
  g_assert_cmpint (v->mode, ==, CS_MODE_THREAD);
  g_assert_cmpuint (v->workers, ==, 4);
  g_assert_true (reasons_contain (v, "No measurable difference between threads and processes"));
  g_assert_true (reasons_contain (v, "More workers than the 4 processing units are not "
                                  "measurably faster"));
  g_assert_true (reasons_contain (v, "3.0× the context switches per CPU-second at 8 workers"));
}

/* The smallest count not measurably slower than the best: 3 workers within 2 % of 4. */
static const Point plateau[] = {
  { CS_MODE_THREAD, 1, 3.00, 3.0, 0, 0 },
  { CS_MODE_THREAD, 2, 1.50, 3.0, 0, 0 },
  { CS_MODE_THREAD, 3, 1.02, 3.0, 0, 0 },
  { CS_MODE_THREAD, 4, 1.00, 3.0, 0, 0 },
};

static void
test_fewest_workers (void)
{
  g_autoptr(CsResult) result = make_result ("cpu", plateau, G_N_ELEMENTS (plateau));
  g_autoptr(CsAnalysis) a = NULL;
  const CsVerdict *v;

  result->machine->n_cores = result->machine->n_pus = 4;
  /* the kernel counted 3× the context switches per CPU-second at 8 threads on 4 PUs */
  for (guint i = 0; i < result->runs->len; i++)
    {
      CsRun *r = g_ptr_array_index (result->runs, i);

      cs_mode_config_set (&r->perf_counters, "task_clock_s", "4");
      cs_mode_config_set (&r->perf_counters, "context_switches", r->workers == 8 ? "1200" : "400");
    }
  a = cs_analysis_new (result, NULL);
  v = check_verdict (a);
  g_assert_cmpint (v->choice, ==, CS_CHOICE_THREADS);
  g_assert_cmpuint (v->workers, ==, 3);
  g_assert_true (reasons_contain (v, "3 workers: the fewest not measurably slower than the "
                                  "fastest point: thread × 3 takes 1.02× the time of thread × 4"));
  g_assert_true (reasons_contain (v, "Only threads were measured"));
}

/* On 2 PUs, 4 workers a little (not measurably) faster than 2 do not make the count 4. */
static const Point oversubscribed[] = {
  { CS_MODE_THREAD, 1, 2.00, 2.0, 0, 0 },
  { CS_MODE_THREAD, 2, 1.00, 2.0, 0, 0 },
  { CS_MODE_THREAD, 4, 0.97, 2.0, 0, 0 },
  { CS_MODE_PROCESS, 1, 2.00, 2.0, 0, 0 },
  { CS_MODE_PROCESS, 2, 1.00, 2.0, 0, 0 },
  { CS_MODE_PROCESS, 4, 0.98, 2.0, 0, 0 },
};

static void
test_never_above_pus (void)
{
  g_autoptr(CsResult) result = make_result ("cpu", oversubscribed,
                                            G_N_ELEMENTS (oversubscribed));
  g_autoptr(CsAnalysis) a = cs_analysis_new (result, NULL);
  const CsVerdict *v = check_verdict (a);

  g_assert_cmpuint (v->workers, ==, 2);
  g_assert_cmpuint (v->workers, <=, result->machine->n_pus);
  g_assert_true (reasons_contain (v, "More workers than the 2 processing units are not "
                                  "measurably faster"));
}

static const Point flat[] = {
  { CS_MODE_THREAD, 1, 1.00, 1.0, 0, 0 },
  { CS_MODE_THREAD, 2, 0.98, 1.0, 0, 0 },
  { CS_MODE_THREAD, 4, 1.01, 1.0, 0, 0 },
};

static void
test_no_scaling (void)
{
  g_autoptr(CsResult) result = make_result ("memory", flat, G_N_ELEMENTS (flat));
  g_autoptr(CsAnalysis) a = cs_analysis_new (result, NULL);
  const CsVerdict *v = check_verdict (a);

  g_assert_cmpint (v->choice, ==, CS_CHOICE_NO_PARALLELISM);
  g_assert_cmpuint (v->workers, ==, 1);
  g_assert_true (g_str_has_prefix (v->headline, "No parallelism pays"));
}

/* Threads and processes 10 % apart with ±30 % noise in 6 repetitions: no decision. */
static const Point close_call[] = {
  { CS_MODE_GIL, 1, 2.00, 2.0, 0, 0 },
  { CS_MODE_GIL, 2, 1.10, 2.0, 0, 0 },
  { CS_MODE_PROCESS, 1, 2.00, 2.0, 0, 0 },
  { CS_MODE_PROCESS, 2, 1.00, 2.0, 0, 0 },
};

static void
test_inconclusive (void)
{
  g_autoptr(CsResult) result = make_noisy_result ("cpu", close_call, G_N_ELEMENTS (close_call),
                                                  6, 0.3);
  g_autoptr(CsAnalysis) a = cs_analysis_new (result, NULL);
  const CsVerdict *v = check_verdict (a);
  g_autoptr(CsResult) quiet = make_noisy_result ("cpu", close_call, G_N_ELEMENTS (close_call),
                                                 40, 0.01);
  g_autoptr(CsAnalysis) b = cs_analysis_new (quiet, NULL);
  g_autoptr(CsResult) few = make_result ("cpu", gil_bound, G_N_ELEMENTS (gil_bound));
  g_autoptr(CsAnalysis) c = NULL;

  g_assert_cmpint (v->choice, ==, CS_CHOICE_INCONCLUSIVE);
  g_assert_false (v->settled);
  g_assert_cmpfloat (v->precision_reached, >, v->precision);
  g_assert_true (g_str_has_prefix (v->headline, "Inconclusive: the intervals are ±"));
  g_assert_true (reasons_contain (v, "No measurable difference between threads and processes "
                                  "yet"));
  g_assert_true (reasons_contain (v, "straddles the 5 % margin ("));
  g_assert_nonnull (strstr (v->settle, "repetitions (now 6)"));
  /* the same difference measured quietly 40 times decides */
  v = check_verdict (b);
  g_assert_cmpint (v->choice, ==, CS_CHOICE_PROCESSES);
  g_assert_true (v->settled);
  /* a clear difference in only 4 repetitions decides nothing either */
  for (guint i = few->runs->len; i-- > 0;)
    if (((CsRun *) g_ptr_array_index (few->runs, i))->rep == 4)
      g_ptr_array_remove_index (few->runs, i);
  c = cs_analysis_new (few, NULL);
  v = check_verdict (c);
  g_assert_cmpint (v->choice, ==, CS_CHOICE_INCONCLUSIVE);
  g_assert_true (g_str_has_prefix (v->headline, "Inconclusive: too few repetitions"));
  g_assert_true (reasons_contain (v, "4 paired repetitions), too few to decide: at least 5 "
                                  "paired repetitions are needed"));
  /* too few pairs is not an interval that straddles the margin */
  g_assert_false (reasons_contain (v, "straddles"));
}

/* python-thread on an interpreter without its GIL: free-threaded threads, labelled so. */
static void
test_free_threaded (void)
{
  CsMode thread, process;
  Point points[4];
  g_autoptr(CsResult) result = NULL;
  g_autoptr(CsAnalysis) a = NULL;
  const CsVerdict *v;

  g_assert_true (cs_mode_from_string ("python-thread", &thread));
  g_assert_true (cs_mode_from_string ("python-process", &process));
  points[0] = (Point) { thread, 1, 2.00, 2.0, 0, 0 };
  points[1] = (Point) { thread, 2, 1.00, 2.0, 0, 0 };
  points[2] = (Point) { process, 1, 2.10, 2.0, 0.05, 0 };
  points[3] = (Point) { process, 2, 1.10, 2.0, 0.05, 0 };
  result = make_result ("cpu", points, 4);
  cs_mode_config_set (&result->config->modes[0].info, "gil", "disabled");
  a = cs_analysis_new (result, NULL);
  v = check_verdict (a);
  g_assert_cmpint (v->choice, ==, CS_CHOICE_FREE_THREADS);
  g_assert_true (g_str_has_prefix (v->headline, "Use free-threaded threads: python-thread (GIL "
                                   "disabled) with 2 workers"));
  g_assert_true (reasons_contain (v, "python-thread ran without a GIL"));
}

static void
test_missing_points (void)
{
  g_autoptr(CsResult) result = make_result ("io-wait", io_bound, G_N_ELEMENTS (io_bound));
  g_autoptr(CsAnalysis) a = NULL;

  /* every process run with 8 workers failed */
  for (guint i = 0; i < result->runs->len; i++)
    {
      CsRun *r = g_ptr_array_index (result->runs, i);
      if (r->mode == CS_MODE_PROCESS && r->workers == 8)
        r->status = CS_RUN_FAILED;
    }
  a = cs_analysis_new (result, NULL);
  g_assert_true (advice_contains_in (cs_analysis_get_recommendation (a)->advice,
                                     "1 of 8 points have no successful run (5 runs failed"));
  g_assert_cmpint (check_verdict (a)->choice, ==, CS_CHOICE_THREADS);
}

static void
test_compare (void)
{
  g_autoptr(CsResult) a = make_result ("cpu", knee, G_N_ELEMENTS (knee));
  g_autoptr(CsResult) b = make_result ("cpu", knee, G_N_ELEMENTS (knee));
  g_autoptr(CsComparison) c = NULL;
  g_autoptr(GError) error = NULL;
  const CsResult *results[2];
  const char *names[] = { "a.json", "b.json" };
  const CsComparisonRow *row;
  GPtrArray *diffs;
  g_autofree char *csv = NULL;

  b->config->placement = CS_PLACEMENT_COMPACT;
  b->config->reps = 3;
  g_strfreev (a->config->params);
  a->config->params = g_strsplit ("tasks=100,size=1K", ",", -1);
  g_strfreev (b->config->params);
  b->config->params = g_strsplit ("tasks=200,size=1K", ",", -1);
  for (guint i = 0; i < b->runs->len; i++) /* compact is 20 % faster */
    ((CsRun *) g_ptr_array_index (b->runs, i))->wall_s *= 0.8;
  results[0] = a, results[1] = b;
  c = cs_comparison_new (results, names, 2, &error);
  g_assert_no_error (error);

  diffs = cs_comparison_get_differences (c);
  for (guint i = 0; i < diffs->len; i++)
    g_test_message ("%s", (char *) diffs->pdata[i]);
  g_assert_cmpuint (diffs->len, ==, 3);
  g_assert_cmpstr (diffs->pdata[0], ==, "parameter tasks: 100 (a.json), 200 (b.json)");
  g_assert_cmpstr (diffs->pdata[1], ==, "repetitions: 5 (a.json), 3 (b.json)");
  g_assert_cmpstr (diffs->pdata[2], ==, "placement: none (a.json), compact (b.json)");

  g_assert_cmpuint (cs_comparison_get_n_rows (c), ==, 8);
  row = cs_comparison_get_row (c, 1);
  g_assert_cmpint (row->mode, ==, CS_MODE_THREAD);
  g_assert_cmpuint (row->workers, ==, 2);
  g_assert_cmpfloat_with_epsilon (row->time_ratio[1], 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->throughput_ratio[1], 1 / 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->efficiency_per_core[0], 1.0, 1e-9);
  row = cs_comparison_get_row (c, 3); /* 8 workers on 2 cores: per-core efficiency 2 */
  g_assert_cmpfloat_with_epsilon (row->efficiency_per_core[0], 4.0 / 2, 1e-9);

  g_assert_true (strstr (g_ptr_array_index (cs_comparison_get_advice (c), 0),
                         "b.json is fastest") != NULL);
  g_assert_false (advice_contains_in (cs_comparison_get_advice (c), "Caution"));
  csv = cs_comparison_to_csv (c);
  g_assert_true (g_str_has_prefix (csv, "result,preset,mode,workers,n,median_s,speedup,"));
  g_assert_nonnull (strstr (csv, "\nb.json,cpu,thread,2,5,1.6,2,1,1,40,0.8,1.25\n"));

  /* the same work on the same host, but one worker got 25 % faster: the load changed */
  g_strfreev (b->config->params);
  b->config->params = g_strdupv (a->config->params);
  g_clear_pointer (&c, cs_comparison_free);
  c = cs_comparison_new (results, names, 2, NULL);
  g_assert_true (advice_contains_in (cs_comparison_get_advice (c), "Caution: one thread worker "
                                     "took 25 % longer"));
}

static void
test_format_seconds (void)
{
  struct { double s; const char *text; } cases[] = {
    { 0.00083, "830 µs" }, { 0.0142, "14.2 ms" }, { 0.00512, "5.12 ms" }, { 1.25, "1.25 s" },
    { 125, "2 min 5 s" }, { NAN, "–" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cs_format_seconds (cases[i].s);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* ---- The subcommands ----------------------------------------------------------------------- */

static char *
write_result (const char *dir, const char *name, CsResult *result)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (cs_result_save (result, path, NULL));
  return path;
}

static int
run_cli (const char *const *args, char **out, char **err)
{
  const char *cli = g_getenv ("CORESCOPE_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = -1;

  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, NULL));
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
reset (char **out, char **err)
{
  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
}

static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-analysis-XXXXXX", &error);
  g_autoptr(CsResult) io = make_result ("io-wait", io_bound, G_N_ELEMENTS (io_bound));
  g_autoptr(CsResult) cpu = make_result ("cpu", gil_bound, G_N_ELEMENTS (gil_bound));
  g_autofree char *io_path = NULL, *cpu_path = NULL, *bad_path = NULL, *csv_path = NULL;
  g_autofree char *out = NULL, *err = NULL, *csv = NULL;

  if (g_getenv ("CORESCOPE_CLI") == NULL)
    {
      g_test_skip ("CORESCOPE_CLI is not set");
      return;
    }
  io_path = write_result (dir, "io.json", io);
  cpu_path = write_result (dir, "cpu.json", cpu);
  bad_path = g_build_filename (dir, "bad.json", NULL);
  csv_path = g_build_filename (dir, "cmp.csv", NULL);
  g_assert_true (g_file_set_contents (bad_path, "{\"format\": \"corescope-result\", "
                                      "\"format_version\": 99}", -1, NULL));

  g_assert_cmpint (run_cli ((const char *[]) { "analyze", io_path, "--csv", csv_path, NULL },
                            &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Use threads: gil with 8 workers"));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "preset,mode,workers,n,failed,median_s,"));
  g_assert_nonnull (strstr (csv, "\nio-wait,gil,8,5,0,0.108,"));
  g_clear_pointer (&csv, g_free);
  g_assert_nonnull (strstr (out, "USL"));
  g_assert_nonnull (strstr (out, "Karp–Flatt"));
  reset (&out, &err);

  g_assert_cmpint (run_cli ((const char *[]) { "analyze", cpu_path, NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Use processes: process with 2 workers"));
  g_assert_nonnull (strstr (out, "at least 3")); /* partial: no model, with the reason */
  reset (&out, &err);

  /* --json prints the verdict object */
  g_assert_cmpint (run_cli ((const char *[]) { "analyze", "--json", cpu_path, NULL }, &out, &err),
                   ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *verdict;

    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    verdict = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (verdict, "choice"), ==, "processes");
    g_assert_cmpstr (json_object_get_string_member (verdict, "mode"), ==, "process");
    g_assert_cmpint (json_object_get_int_member (verdict, "workers"), ==, 2);
    g_assert_cmpfloat (json_object_get_double_member (verdict, "confidence"), ==, 0.95);
    g_assert_true (json_object_get_boolean_member (verdict, "settled"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (verdict, "headline"),
                                     "Use processes"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (verdict,
                                                                           "intervals")), >=, 1);
  }
  reset (&out, &err);

  g_assert_cmpint (run_cli ((const char *[]) { "analyze", bad_path, NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "bad.json"));
  g_assert_nonnull (strstr (err, "newer"));
  g_assert_cmpuint (strlen (err), ==, strchr (err, '\n') - err + 1); /* one line */
  reset (&out, &err);

  g_assert_cmpint (run_cli ((const char *[]) { "analyze", NULL }, &out, &err), ==, 2);
  reset (&out, &err);
  g_assert_cmpint (run_cli ((const char *[]) { "analyze", io_path, "--csv", NULL }, &out, &err),
                   ==, 2);
  g_assert_nonnull (strstr (err, "--csv"));
  reset (&out, &err);
  g_assert_cmpint (run_cli ((const char *[]) { "analyze", "--bogus", io_path, NULL }, &out, &err),
                   ==, 2);
  reset (&out, &err);

  g_assert_cmpint (run_cli ((const char *[]) { "compare", io_path, cpu_path, "--csv", csv_path,
                                               NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "preset: io-wait ("));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "result,preset,mode,workers"));
  reset (&out, &err);

  g_assert_cmpint (run_cli ((const char *[]) { "compare", io_path, NULL }, &out, &err), ==, 2);
  reset (&out, &err);
  g_assert_cmpint (run_cli ((const char *[]) { "compare", io_path, bad_path, NULL }, &out, &err),
                   ==, 1);
  g_assert_nonnull (strstr (err, "bad.json"));

  g_remove (io_path), g_remove (cpu_path), g_remove (bad_path), g_remove (csv_path);
  g_rmdir (dir);
}

/* End to end: a tiny real sweep from `corescope run`, then analyze and compare on its file. */
static void
test_cli_real_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-analysis-XXXXXX", &error);
  g_autofree char *path = NULL, *out = NULL, *err = NULL;
  g_autoptr(CsResult) result = NULL;

  if (g_getenv ("CORESCOPE_CLI") == NULL)
    {
      g_test_skip ("CORESCOPE_CLI is not set");
      return;
    }
  path = g_build_filename (dir, "tiny.json", NULL);
  g_assert_cmpint (run_cli ((const char *[]) { "run", "--preset", "io-wait", "--modes",
                                               "gil,process", "--workers", "1-3", "--reps", "2",
                                               "--warmup", "0", "--param", "tasks=12", "--param",
                                               "latency=2ms", "--quiet", "--json", path, NULL },
                            &out, &err), ==, 0);
  reset (&out, &err);
  result = cs_result_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->runs->len, ==, 12);

  g_assert_cmpint (run_cli ((const char *[]) { "analyze", path, NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Verdict"));
  g_assert_nonnull (strstr (out, "USL"));
  reset (&out, &err);
  g_assert_cmpint (run_cli ((const char *[]) { "compare", path, path, NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "none: same preset"));
  reset (&out, &err);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analysis/gil-bound", test_gil_bound);
  g_test_add_func ("/analysis/io-bound", test_io_bound);
  g_test_add_func ("/analysis/gil-released", test_gil_released);
  g_test_add_func ("/analysis/knee-and-threads", test_knee_and_threads);
  g_test_add_func ("/analysis/fewest-workers", test_fewest_workers);
  g_test_add_func ("/analysis/never-above-pus", test_never_above_pus);
  g_test_add_func ("/analysis/no-scaling", test_no_scaling);
  g_test_add_func ("/analysis/inconclusive", test_inconclusive);
  g_test_add_func ("/analysis/free-threaded", test_free_threaded);
  g_test_add_func ("/analysis/missing-points", test_missing_points);
  g_test_add_func ("/analysis/compare", test_compare);
  g_test_add_func ("/analysis/format-seconds", test_format_seconds);
  g_test_add_func ("/analysis/cli", test_cli);
  g_test_add_func ("/analysis/cli-real-run", test_cli_real_run);
  return g_test_run ();
}
