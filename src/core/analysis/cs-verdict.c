/* cs-verdict.c: the one answer of a result — threads or processes, how many, how sure
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-analysis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "cs-analysis.h"
#include "cs-backend.h"
#include "cs-counters-explain.h"
#include "cs-memory-explain.h"
#include "cs-verdict.h"

/* Every statement of the verdict is a comparison of two points' times, decided by the interval
 * of their ratio over runs paired by repetition: a sweep measures every point once per round,
 * so the runs of one repetition saw the same machine, and a load that comes and goes moves
 * both sides of a pair instead of widening the interval. A difference is stated only when the
 * interval lies beyond a practical margin; an interval inside the margin says "no measurable
 * difference"; one that straddles it says nothing yet, and the verdict is inconclusive until
 * more repetitions narrow it. All sentences are written from the decisions made here, once, so
 * no two of them can disagree, and every figure they quote is one the table shows (medians,
 * speed-ups with two decimals) or the interval behind the decision. */

/* A percentile bootstrap of a median from fewer pairs than this covers far less than it
 * claims (with 4 pairs even [min, max] holds the median only 87.5 % of the time): below it,
 * nothing is decided. The same minimum as the statistics' "few runs" and an adaptive sweep's
 * first rounds. */
#define MIN_PAIRS_FOR_TRUST 5

/* What the verdict found about one mode: its fastest point and the worker count to use. */
typedef struct
{
  CsMode              mode;
  CsConcurrency       concurrency;  /* as it ran */
  const CsPointStats *best;         /* fastest within the PUs, or beyond if measurably faster */
  const CsPointStats *rec;          /* the smallest count not measurably slower than best */
  CsRatioInterval     rec_cmp;      /* rec against best; rec == best: the next smaller one, or
                                     * when best is the smallest count, the next larger one */
  gboolean            has_rec_cmp;
  gboolean            rec_cmp_larger;
  CsRatioInterval     beyond_cmp;   /* the best point beyond the PUs against the best within */
  gboolean            has_beyond_cmp;
} ModeAnswer;

typedef struct
{
  const CsResult      *result;
  const CsResultStats *stats;
  guint                n_pus;
  CsVerdict           *v;
  gboolean             has_kinds;
  CsRatioInterval      kinds;        /* the best thread point against the best process point */
} Decider;

/* ---- Modes as they ran --------------------------------------------------------------------- */

static gboolean
ran_without_gil (const CsResult *result, CsMode mode)
{
  return cs_sweep_config_mode_gil_disabled (result->config, mode);
}

CsConcurrency
cs_verdict_mode_concurrency (const CsResult *result, CsMode mode)
{
  CsConcurrency declared = cs_backend_for_mode (mode)->concurrency;

  if (declared == CS_CONCURRENCY_GIL_THREADS && ran_without_gil (result, mode))
    return CS_CONCURRENCY_THREADS;
  return declared;
}

char *
cs_verdict_mode_label (const CsResult *result, CsMode mode)
{
  const CsBackend *backend = cs_backend_for_mode (mode);

  if (backend->concurrency == CS_CONCURRENCY_GIL_THREADS && ran_without_gil (result, mode))
    return g_strdup_printf (_("%s (GIL disabled)"), backend->name);
  return g_strdup (backend->name);
}

static gboolean
is_thread_kind (CsConcurrency c)
{
  return c != CS_CONCURRENCY_PROCESSES;
}

/* ---- Comparisons --------------------------------------------------------------------------- */

static double
work_factor (const Decider *d, const CsPointStats *p)
{
  return cs_result_stats_get_scaling (d->stats) == CS_SCALING_WEAK ? p->workers : 1;
}

static guint
run_rep (const Decider *d, const CsPointStats *p, guint i)
{
  return ((const CsRun *) g_ptr_array_index (d->result->runs, p->run_index[i]))->rep;
}

static double
half_width (const CsRatioInterval *r)
{
  if (r->n_pairs < MIN_PAIRS_FOR_TRUST || !isfinite (r->low) || !isfinite (r->high))
    return INFINITY;
  return (r->high - r->low) / 2 / r->ratio;
}

static CsDifference
classify (const CsRatioInterval *r, double margin, double precision)
{
  if (r->n_pairs < MIN_PAIRS_FOR_TRUST || !isfinite (r->low))
    return CS_DIFFERENCE_UNDECIDED;
  if (r->low > 1 + margin)
    return CS_DIFFERENCE_SLOWER;
  if (r->high < 1 / (1 + margin))
    return CS_DIFFERENCE_FASTER;
  if ((r->low >= 1 / (1 + margin) && r->high <= 1 + margin) || half_width (r) <= precision)
    return CS_DIFFERENCE_NONE;
  return CS_DIFFERENCE_UNDECIDED;
}

/* a's time over b's, per unit of work, paired by repetition. */
static CsRatioInterval
compare_points (const Decider *d, const CsPointStats *a, const CsPointStats *b)
{
  CsRatioInterval r = { a->mode, b->mode, a->workers, b->workers, 0, NAN, NAN, NAN,
                        CS_DIFFERENCE_UNDECIDED };
  g_autofree double *x = g_new (double, MAX (a->n, 1));
  g_autofree double *y = g_new (double, MAX (a->n, 1));
  guint32 seed = CS_STATS_DEFAULT_SEED ^ (a->mode * 0x9e3779b9u) ^ (b->mode * 0x85ebca6bu) ^
                 (a->workers << 16) ^ b->workers;

  for (guint i = 0; i < a->n; i++)
    for (guint j = 0; j < b->n; j++)
      if (run_rep (d, a, i) == run_rep (d, b, j))
        {
          x[r.n_pairs] = a->samples[i] / work_factor (d, a);
          y[r.n_pairs++] = b->samples[j] / work_factor (d, b);
          break;
        }
  r.ratio = cs_stats_paired_ratio (x, y, r.n_pairs, seed, CS_STATS_DEFAULT_RESAMPLES, &r.low,
                                   &r.high);
  r.difference = classify (&r, d->v->margin, d->v->precision);
  return r;
}

static double
time_per_work (const Decider *d, const CsPointStats *p)
{
  return p->median_s / work_factor (d, p);
}

/* ---- One mode: fastest point, worker count ------------------------------------------------- */

static void
find_best (const Decider *d, ModeAnswer *m)
{
  const CsPointStats *const *series, *in = NULL, *out = NULL;
  guint n;

  series = cs_result_stats_get_series (d->stats, m->mode, &n);
  for (guint i = 0; i < n; i++)
    {
      const CsPointStats *p = series[i];
      const CsPointStats **slot = d->n_pus == 0 || p->workers <= d->n_pus ? &in : &out;

      if (p->n > 0 && (*slot == NULL || time_per_work (d, p) < time_per_work (d, *slot)))
        *slot = p;
    }
  m->best = in != NULL ? in : out;
  if (in == NULL || out == NULL)
    return;
  /* More workers than processing units only when that is measurably faster. */
  m->beyond_cmp = compare_points (d, out, in);
  m->has_beyond_cmp = TRUE;
  if (m->beyond_cmp.difference == CS_DIFFERENCE_FASTER)
    m->best = out;
}

static void
find_recommended (const Decider *d, ModeAnswer *m)
{
  const CsPointStats *const *series;
  guint n;

  m->rec = m->best;
  series = cs_result_stats_get_series (d->stats, m->mode, &n);
  for (guint i = 0; i < n && series[i]->workers < m->best->workers; i++)
    {
      CsRatioInterval r;

      if (series[i]->n == 0)
        continue;
      r = compare_points (d, series[i], m->best);
      m->rec_cmp = r;
      m->has_rec_cmp = TRUE;
      if (r.difference != CS_DIFFERENCE_SLOWER)
        {
          m->rec = series[i];
          return;
        }
    }
  if (m->has_rec_cmp)
    return;
  /* The fastest is the smallest count: that more workers do not help is a claim too. */
  for (guint i = 0; i < n; i++)
    if (series[i]->workers > m->best->workers && series[i]->n > 0)
      {
        m->rec_cmp = compare_points (d, series[i], m->best);
        m->has_rec_cmp = m->rec_cmp_larger = TRUE;
        return;
      }
}

static ModeAnswer
answer_mode (const Decider *d, CsMode mode)
{
  ModeAnswer m = { .mode = mode, .concurrency = cs_verdict_mode_concurrency (d->result, mode) };

  find_best (d, &m);
  if (m.best != NULL)
    find_recommended (d, &m);
  return m;
}

/* ---- Which modes answer the question ------------------------------------------------------- */

/* Threads and processes are compared within one runtime (the same kernels): the first mode, in
 * the order configured, whose runtime was measured with both. */
static const char *
deciding_runtime (const Decider *d)
{
  const CsMode *modes;
  guint n_modes;

  modes = cs_result_stats_get_modes (d->stats, &n_modes);
  for (guint i = 0; i < n_modes; i++)
    {
      const char *runtime = cs_backend_for_mode (modes[i])->runtime;
      gboolean threads = FALSE, processes = FALSE;

      for (guint j = 0; j < n_modes; j++)
        if (g_strcmp0 (cs_backend_for_mode (modes[j])->runtime, runtime) == 0)
          {
            gboolean t = is_thread_kind (cs_verdict_mode_concurrency (d->result, modes[j]));
            threads |= t;
            processes |= !t;
          }
      if (threads && processes)
        return runtime;
    }
  return n_modes > 0 ? cs_backend_for_mode (modes[0])->runtime : NULL;
}

/* The fastest mode of a kind (threads or processes) in the runtime; FALSE when none ran. */
static gboolean
best_of_kind (const Decider *d, const char *runtime, gboolean threads, ModeAnswer *out)
{
  const CsMode *modes;
  guint n_modes;
  gboolean found = FALSE;

  modes = cs_result_stats_get_modes (d->stats, &n_modes);
  for (guint i = 0; i < n_modes; i++)
    {
      ModeAnswer m;

      if (g_strcmp0 (cs_backend_for_mode (modes[i])->runtime, runtime) != 0 ||
          is_thread_kind (cs_verdict_mode_concurrency (d->result, modes[i])) != threads)
        continue;
      m = answer_mode (d, modes[i]);
      if (m.best != NULL &&
          (!found || time_per_work (d, m.best) < time_per_work (d, out->best)))
        *out = m, found = TRUE;
    }
  return found;
}

/* ---- Sentences ----------------------------------------------------------------------------- */

static void G_GNUC_PRINTF (2, 3)
reason (CsVerdict *v, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (v->reasons, g_strdup_vprintf (format, args));
  va_end (args);
}

/* The table's speed-up, as the table prints it. */
static char *
fmt_speedup (const CsPointStats *p)
{
  return p != NULL && isfinite (p->speedup) ? g_strdup_printf ("%.2f×", p->speedup) : g_strdup ("–");
}

/* "python-thread × 2 takes 1.92× the time of python-process × 2 (95 % interval 1.80–2.05,
 * 5 paired repetitions)" */
static char *
describe_ratio (const Decider *d, const CsRatioInterval *r)
{
  g_autofree char *a = cs_verdict_mode_label (d->result, r->a_mode);
  g_autofree char *b = cs_verdict_mode_label (d->result, r->b_mode);

  if (r->n_pairs < 2)
    return g_strdup_printf (_("%s × %u against %s × %u: only %u repetition measured both, no "
                              "interval yet"), a, r->a_workers, b, r->b_workers, r->n_pairs);
  return g_strdup_printf (_("%s × %u takes %.2f× the time of %s × %u (%.0f %% interval "
                            "%.2f–%.2f, %u paired repetitions)"), a, r->a_workers, r->ratio, b,
                          r->b_workers, d->v->level * 100, r->low, r->high, r->n_pairs);
}

/* Why an interval is too wide to decide: few repetitions, noisy points. */
static char *
describe_width (const Decider *d, const CsRatioInterval *r)
{
  const CsPointStats *a = cs_result_stats_lookup (d->stats, r->a_mode, r->a_workers);
  const CsPointStats *b = cs_result_stats_lookup (d->stats, r->b_mode, r->b_workers);
  GString *why = g_string_new (NULL);
  guint noisy = (a != NULL && a->noisy) + (b != NULL && b->noisy);

  if (r->n_pairs < MIN_PAIRS_FOR_TRUST)
    g_string_append_printf (why, _("only %u paired repetitions, at least %u needed"), r->n_pairs,
                            MIN_PAIRS_FOR_TRUST);
  if (noisy > 0)
    g_string_append_printf (why, "%s%s", why->len > 0 ? _("; ") : "",
                            g_dngettext (GETTEXT_PACKAGE, "one of the two points is noisy",
                                         "both points are noisy", noisy));
  if (why->len == 0)
    g_string_append_printf (why, _("the runs vary by ±%.0f %% around the ratio"),
                            half_width (r) * 100);
  return g_string_free (why, FALSE);
}

/* Why an undecided comparison says nothing yet: too few pairs for an interval to be trusted,
 * or an interval that straddles the margin. */
static char *
describe_undecided (const Decider *d, const CsRatioInterval *r)
{
  g_autofree char *ratio = describe_ratio (d, r);
  g_autofree char *why = NULL;

  if (r->n_pairs < 2)
    return g_steal_pointer (&ratio);
  if (r->n_pairs < MIN_PAIRS_FOR_TRUST)
    return g_strdup_printf (_("%s, too few to decide: at least %u paired repetitions are "
                              "needed"), ratio, MIN_PAIRS_FOR_TRUST);
  why = describe_width (d, r);
  return g_strdup_printf (_("%s straddles the %.0f %% margin (%s)"), ratio, d->v->margin * 100,
                          why);
}

static void
add_interval (CsVerdict *v, const CsRatioInterval *r)
{
  g_array_append_val (v->intervals, *r);
}

/* ---- The decision -------------------------------------------------------------------------- */

static void
explain_kinds (Decider *d, const CsRatioInterval *r)
{
  g_autofree char *ratio = describe_ratio (d, r);
  g_autofree char *why = NULL;
  double margin = d->v->margin * 100;

  switch (r->difference)
    {
    case CS_DIFFERENCE_SLOWER:
      reason (d->v, _("Processes are measurably faster than threads: %s, beyond the %.0f %% "
                      "margin."), ratio, margin);
      break;
    case CS_DIFFERENCE_FASTER:
      reason (d->v, _("Threads are measurably faster than processes: %s, beyond the %.0f %% "
                      "margin."), ratio, margin);
      break;
    case CS_DIFFERENCE_NONE:
      reason (d->v, _("No measurable difference between threads and processes: %s, within the "
                      "%.0f %% margin; threads share memory and start faster."), ratio, margin);
      break;
    case CS_DIFFERENCE_UNDECIDED:
    default:
      why = describe_undecided (d, r);
      reason (d->v, _("No measurable difference between threads and processes yet: %s."), why);
      break;
    }
}

static void
explain_workers (Decider *d, const ModeAnswer *m)
{
  g_autofree char *label = NULL;
  g_autofree char *ratio = NULL;
  g_autofree char *speedup = NULL;
  g_autofree char *time = NULL;

  if (m->rec == NULL) /* no recommended point: nothing to explain */
    return;
  label = cs_verdict_mode_label (d->result, m->mode);
  ratio = m->has_rec_cmp ? describe_ratio (d, &m->rec_cmp) : NULL;
  speedup = fmt_speedup (m->rec);
  time = cs_format_seconds (m->rec->median_s);

  if (m->has_rec_cmp && m->rec_cmp.difference == CS_DIFFERENCE_UNDECIDED)
    {
      g_autofree char *why = describe_undecided (d, &m->rec_cmp);
      reason (d->v, _("Whether %s with %u and with %u workers differ is not measurable yet: "
                      "%s."), label, m->rec_cmp.b_workers, m->rec_cmp.a_workers, why);
    }
  else if (m->rec != m->best)
    reason (d->v, g_dngettext (GETTEXT_PACKAGE,
                               "%u worker: the fewest not measurably slower than the fastest "
                               "point: %s. Median %s, speed-up %s.",
                               "%u workers: the fewest not measurably slower than the fastest "
                               "point: %s. Median %s, speed-up %s.", m->rec->workers),
            m->rec->workers, ratio, time, speedup);
  else if (m->rec_cmp_larger)
    reason (d->v, g_dngettext (GETTEXT_PACKAGE,
                               "%u worker: more are not measurably faster: %s. Median %s.",
                               "%u workers: more are not measurably faster: %s. Median %s.",
                               m->rec->workers), m->rec->workers, ratio, time);
  else if (m->has_rec_cmp)
    reason (d->v, _("%u workers: every smaller count is measurably slower: %s. Median %s, "
                    "speed-up %s."), m->rec->workers, ratio, time, speedup);
  else
    reason (d->v, _("%u workers: the only count measured in %s mode. Median %s."),
            m->rec->workers, label, time);
}

static void
explain_beyond (Decider *d, const ModeAnswer *m)
{
  g_autofree char *ratio = NULL;

  if (!m->has_beyond_cmp)
    return;
  ratio = describe_ratio (d, &m->beyond_cmp);
  if (m->beyond_cmp.difference == CS_DIFFERENCE_FASTER)
    reason (d->v, _("More workers than the %u processing units are measurably faster: %s; "
                    "the workers mostly wait, so more of them overlap more waiting."), d->n_pus,
            ratio);
  else
    reason (d->v, _("More workers than the %u processing units are not measurably faster "
                    "(%s): the count stays within them."), d->n_pus, ratio);
}

/* Processes won against GIL threads: how much the GIL held them back. */
static void
explain_gil (Decider *d, const ModeAnswer *threads)
{
  const CsPointStats *t = threads->best;
  g_autofree char *label = cs_verdict_mode_label (d->result, threads->mode);
  g_autofree char *speedup = fmt_speedup (t);
  double waited = t->gil_wait_s / (t->median_s * t->workers);

  if (threads->concurrency != CS_CONCURRENCY_GIL_THREADS)
    return;
  reason (d->v, _("%s holds a GIL: its best speed-up is %s at %u workers (or use a "
                  "free-threaded Python, or C code that releases the GIL)."), label, speedup,
          t->workers);
  if (isfinite (waited) && waited > 0.05)
    reason (d->v, _("Its threads spent %.0f %% of their time waiting for the GIL."),
            MIN (waited, 1) * 100);
}

/* GIL threads won with more than one worker: the work let go of the GIL, and the share of
 * time their threads waited for it says so (the hash preset's hashlib, blocking calls). */
static void
explain_gil_released (Decider *d, const ModeAnswer *threads)
{
  const CsPointStats *t = threads->rec;
  g_autofree char *label = NULL;
  double waited;

  if (threads->concurrency != CS_CONCURRENCY_GIL_THREADS || t == NULL || t->workers < 2)
    return;
  label = cs_verdict_mode_label (d->result, threads->mode);
  waited = t->gil_wait_s / (t->median_s * t->workers);
  if (isfinite (waited) && waited >= 0)
    reason (d->v, _("%s holds a GIL, yet scales: its threads waited for it only %.0f %% of their "
                    "time, so the work runs in code that releases the GIL (a C extension such as "
                    "hashlib or zlib, or blocking calls)."), label, MIN (waited, 1) * 100);
  else
    reason (d->v, _("%s holds a GIL, yet scales: the work runs in code that releases the GIL (a "
                    "C extension such as hashlib or zlib, or blocking calls)."), label);
}

/* The measured worker count after `workers` in `mode`, or 0. */
static guint
next_workers (const Decider *d, CsMode mode, guint workers)
{
  const CsPointStats *const *series;
  guint n;

  series = cs_result_stats_get_series (d->stats, mode, &n);
  for (guint i = 0; i < n; i++)
    if (series[i]->workers > workers && series[i]->n > 0)
      return series[i]->workers;
  return 0;
}

/* Why a mode stops scaling past a count, when its runs' counters say so. */
static void
explain_knee (Decider *d, CsMode mode, guint workers)
{
  guint after = next_workers (d, mode, workers);
  g_autofree char *why = after > 0 ? cs_counters_explain_knee (d->result, mode, workers, after)
                                   : NULL;

  if (why != NULL)
    reason (d->v, "%s", why);
}

/* Why the chosen mode (and the threads it beat) stop scaling, when their counters say so. */
static void
explain_knees (Decider *d, const ModeAnswer *winner, const ModeAnswer *threads)
{
  explain_knee (d, winner->mode, winner->rec->workers);
  if (threads != NULL && threads != winner && threads->best != NULL)
    explain_knee (d, threads->mode, 1);
}

/* The memory the modes hold is measured whatever the times decide: said even when they do not. */
static void
explain_memory (Decider *d)
{
  g_autofree char *memory = cs_memory_explain (d->stats);

  if (memory != NULL)
    reason (d->v, "%s", memory);
}

static void
set_choice (CsVerdict *v, CsChoice choice, const ModeAnswer *m)
{
  v->choice = choice;
  v->has_mode = m != NULL;
  if (m != NULL)
    {
      v->mode = m->mode;
      v->workers = m->rec->workers;
    }
}

static CsChoice
thread_choice (const Decider *d, const ModeAnswer *m)
{
  return ran_without_gil (d->result, m->mode) ? CS_CHOICE_FREE_THREADS : CS_CHOICE_THREADS;
}

/* Settles the choice of kind; FALSE when inconclusive. */
static gboolean
decide_kind (Decider *d, const ModeAnswer *t, const ModeAnswer *p, const ModeAnswer **winner)
{
  d->kinds = compare_points (d, t->best, p->best);
  d->has_kinds = TRUE;
  add_interval (d->v, &d->kinds);
  explain_kinds (d, &d->kinds);
  switch (d->kinds.difference)
    {
    case CS_DIFFERENCE_SLOWER:
      *winner = p;
      explain_gil (d, t);
      return TRUE;
    case CS_DIFFERENCE_FASTER:
    case CS_DIFFERENCE_NONE:
      *winner = t;
      return TRUE;
    case CS_DIFFERENCE_UNDECIDED:
    default:
      return FALSE;
    }
}

static void
decide (Decider *d)
{
  const char *runtime = deciding_runtime (d);
  ModeAnswer t = { 0 }, p = { 0 };
  const ModeAnswer *winner = NULL;
  gboolean has_t = best_of_kind (d, runtime, TRUE, &t);
  gboolean has_p = best_of_kind (d, runtime, FALSE, &p);

  if (has_t && has_p && !decide_kind (d, &t, &p, &winner))
    {
      if (t.has_rec_cmp)
        add_interval (d->v, &t.rec_cmp);
      if (p.has_rec_cmp)
        add_interval (d->v, &p.rec_cmp);
      set_choice (d->v, CS_CHOICE_INCONCLUSIVE, NULL);
      return;
    }
  if (winner == NULL)
    winner = has_t ? &t : &p;
  if (winner->rec == NULL) /* no point to recommend: nothing measured succeeded */
    {
      set_choice (d->v, CS_CHOICE_INCONCLUSIVE, NULL);
      return;
    }
  if (!has_t || !has_p)
    reason (d->v, has_t ? _("Only threads were measured in %s: measure a process mode of the "
                            "same runtime at the same worker counts to compare.")
                        : _("Only processes were measured in %s: measure a thread mode of the "
                            "same runtime at the same worker counts to compare."), runtime);
  if (winner->has_rec_cmp)
    add_interval (d->v, &winner->rec_cmp);
  explain_workers (d, winner);
  explain_beyond (d, winner);
  if (is_thread_kind (winner->concurrency))
    explain_gil_released (d, winner);
  explain_knees (d, winner, has_t ? &t : NULL);
  if (ran_without_gil (d->result, winner->mode))
    reason (d->v, _("%s ran without a GIL: its interpreter recorded gil=disabled."),
            cs_backend_for_mode (winner->mode)->name);
  if (winner->has_rec_cmp && winner->rec_cmp.difference == CS_DIFFERENCE_UNDECIDED)
    set_choice (d->v, CS_CHOICE_INCONCLUSIVE, NULL);
  else if (winner->rec->workers == 1)
    set_choice (d->v, CS_CHOICE_NO_PARALLELISM, winner);
  else if (is_thread_kind (winner->concurrency))
    set_choice (d->v, thread_choice (d, winner), winner);
  else
    set_choice (d->v, CS_CHOICE_PROCESSES, winner);
}

/* ---- Headline, certainty, what would settle it --------------------------------------------- */

static char *
headline_for_kind (const Decider *d, const char *use, const char *label)
{
  const CsVerdict *v = d->v;
  const CsRatioInterval *k = &d->kinds;

  if (!d->has_kinds)
    return g_strdup_printf (_("%s: %s with %u workers."), use, label, v->workers);
  if (v->choice == CS_CHOICE_PROCESSES)
    return g_strdup_printf (_("%s: %s with %u workers (threads take %.2f× their time, %.0f %% "
                              "interval %.2f–%.2f)."), use, label, v->workers, k->ratio,
                            v->level * 100, k->low, k->high);
  if (k->difference == CS_DIFFERENCE_FASTER)
    return g_strdup_printf (_("%s: %s with %u workers (processes take %.2f× their time, %.0f %% "
                              "interval %.2f–%.2f)."), use, label, v->workers, 1 / k->ratio,
                            v->level * 100, 1 / k->high, 1 / k->low);
  return g_strdup_printf (_("%s: %s with %u workers (processes are not measurably faster: "
                            "%.0f %% interval of the time ratio %.2f–%.2f)."), use, label,
                          v->workers, v->level * 100, k->low, k->high);
}

static char *
make_headline (const Decider *d)
{
  const CsVerdict *v = d->v;
  g_autofree char *label = v->has_mode ? cs_verdict_mode_label (d->result, v->mode) : NULL;

  switch (v->choice)
    {
    case CS_CHOICE_PROCESSES:
      return headline_for_kind (d, _("Use processes"), label);
    case CS_CHOICE_THREADS:
      return headline_for_kind (d, _("Use threads"), label);
    case CS_CHOICE_FREE_THREADS:
      return headline_for_kind (d, _("Use free-threaded threads"), label);
    case CS_CHOICE_NO_PARALLELISM:
      return g_strdup_printf (_("No parallelism pays: use %s with 1 worker; more workers are not "
                                "measurably faster."), label);
    case CS_CHOICE_INCONCLUSIVE:
    default:
      if (!isfinite (v->precision_reached))
        return g_strdup_printf (_("Inconclusive: too few repetitions to compare (at least %u "
                                  "paired ones are needed)."), MIN_PAIRS_FOR_TRUST);
      return g_strdup_printf (_("Inconclusive: the intervals are ±%.0f %% wide and cannot yet "
                                "tell the choices apart at the %.0f %% margin."),
                              v->precision_reached * 100, v->margin * 100);
    }
}

static void
measure_precision (CsVerdict *v)
{
  v->precision_reached = 0;
  v->settled = TRUE;
  for (guint i = 0; i < v->intervals->len; i++)
    {
      const CsRatioInterval *r = &g_array_index (v->intervals, CsRatioInterval, i);

      v->precision_reached = MAX (v->precision_reached, half_width (r));
      v->settled &= r->difference != CS_DIFFERENCE_UNDECIDED;
    }
}

/* Interval widths shrink as 1/√n: the repetitions that would reach the precision. */
static char *
make_settle (const Decider *d)
{
  const CsVerdict *v = d->v;
  guint pairs = G_MAXUINT;

  for (guint i = 0; i < v->intervals->len; i++)
    pairs = MIN (pairs, g_array_index (v->intervals, CsRatioInterval, i).n_pairs);
  if (pairs < MIN_PAIRS_FOR_TRUST || !isfinite (v->precision_reached))
    return g_strdup_printf (_("To settle it: measure at least 5 repetitions of every point "
                              "(the default adaptive sweep does, until the intervals are ±%.0f %% "
                              "wide)."), v->precision * 100);
  return g_strdup_printf (_("To settle it: about %.0f repetitions (now %u) would narrow the "
                            "intervals from ±%.0f %% to ±%.0f %%: run longer (--max-time) or "
                            "with more --reps, ideally on a quieter machine."),
                          ceil (pairs * pow (v->precision_reached / v->precision, 2)), pairs,
                          v->precision_reached * 100, v->precision * 100);
}

CsVerdict *
cs_verdict_new (const CsResult *result, const CsResultStats *stats, double precision)
{
  CsVerdict *v = g_new0 (CsVerdict, 1);
  Decider d = { result, stats, result->machine != NULL ? result->machine->n_pus : 0, v, FALSE };

  g_return_val_if_fail (result != NULL && stats != NULL, NULL);

  v->level = CS_VERDICT_LEVEL;
  v->margin = CS_VERDICT_MARGIN;
  v->precision = precision > 0 ? precision : CS_VERDICT_DEFAULT_PRECISION;
  v->reasons = g_ptr_array_new_with_free_func (g_free);
  v->intervals = g_array_new (FALSE, FALSE, sizeof (CsRatioInterval));
  decide (&d);
  explain_memory (&d);
  measure_precision (v);
  v->headline = make_headline (&d);
  if (v->choice == CS_CHOICE_INCONCLUSIVE)
    v->settle = make_settle (&d);
  return v;
}

void
cs_verdict_free (CsVerdict *v)
{
  if (v == NULL)
    return;
  g_free (v->headline);
  g_free (v->settle);
  g_clear_pointer (&v->reasons, g_ptr_array_unref);
  g_clear_pointer (&v->intervals, g_array_unref);
  g_free (v);
}

const char *
cs_choice_to_string (CsChoice choice)
{
  static const char *const names[] = { "inconclusive", "threads", "processes",
                                       "free-threaded threads", "no parallelism" };

  return (guint) choice < G_N_ELEMENTS (names) ? names[choice] : "inconclusive";
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static void
add_number (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_point (JsonBuilder *b, const char *name, CsMode mode, guint workers)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, cs_mode_to_string (mode));
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, workers);
  json_builder_end_object (b);
}

static void
add_intervals (JsonBuilder *b, const CsVerdict *v)
{
  static const char *const differences[] = { "undecided", "none", "faster", "slower" };

  json_builder_set_member_name (b, "intervals");
  json_builder_begin_array (b);
  for (guint i = 0; i < v->intervals->len; i++)
    {
      const CsRatioInterval *r = &g_array_index (v->intervals, CsRatioInterval, i);

      json_builder_begin_object (b);
      add_point (b, "a", r->a_mode, r->a_workers);
      add_point (b, "b", r->b_mode, r->b_workers);
      json_builder_set_member_name (b, "pairs");
      json_builder_add_int_value (b, r->n_pairs);
      add_number (b, "time_ratio", r->ratio);
      add_number (b, "low", r->low);
      add_number (b, "high", r->high);
      json_builder_set_member_name (b, "difference");
      json_builder_add_string_value (b, differences[r->difference]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_strings (JsonBuilder *b, const char *name, GPtrArray *strings)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

char *
cs_verdict_to_json (const CsVerdict *v)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (v != NULL, NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "choice");
  json_builder_add_string_value (b, cs_choice_to_string (v->choice));
  json_builder_set_member_name (b, "mode");
  if (v->has_mode)
    json_builder_add_string_value (b, cs_mode_to_string (v->mode));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, v->has_mode ? v->workers : 0);
  add_number (b, "confidence", v->level);
  add_number (b, "margin", v->margin);
  add_number (b, "precision", v->precision);
  add_number (b, "precision_reached", v->precision_reached);
  json_builder_set_member_name (b, "settled");
  json_builder_add_boolean_value (b, v->settled);
  json_builder_set_member_name (b, "headline");
  json_builder_add_string_value (b, v->headline);
  add_strings (b, "reasons", v->reasons);
  json_builder_set_member_name (b, "settle");
  if (v->settle != NULL)
    json_builder_add_string_value (b, v->settle);
  else
    json_builder_add_null_value (b);
  add_intervals (b, v);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
