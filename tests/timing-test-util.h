/* timing-test-util.h: when a test may check a timing claim (two cores, an idle machine)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cs-stats.h"

/* For qsort () of doubles. */
static G_GNUC_UNUSED int
test_compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static G_GNUC_UNUSED gboolean
need_two_cores (void)
{
  if (g_get_num_processors () >= 2)
    return TRUE;
  g_test_skip ("needs 2 cores");
  return FALSE;
}

/* Busy and total CPU time of the whole machine from /proc/stat, in clock ticks. */
static G_GNUC_UNUSED gboolean
read_cpu_ticks (guint64 *busy, guint64 *total)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL) || !g_str_has_prefix (stat, "cpu "))
    return FALSE;
  *stat = ' ';
  *strchr (stat, '\n') = '\0';
  fields = g_strsplit_set (g_strstrip (stat + 4), " ", -1);
  *busy = *total = 0;
  for (guint i = 0; fields[i] != NULL && i < 8; i++)
    {
      guint64 v = g_ascii_strtoull (fields[i], NULL, 10);

      *total += v;
      if (i != 3 && i != 4) /* idle, iowait */
        *busy += v;
    }
  return *total > 0;
}

/* Comparisons of compute scaling need two cores to themselves: on a machine already busy with
 * other work (another build, a second test suite), threads get a fraction of a core each and
 * no scaling claim can be checked. The machine's CPU use over the last 300 ms decides (this
 * process sleeps meanwhile), not the load average, which still remembers a build that just
 * ended. CI runs the suite alone; CORESCOPE_TIMING_TESTS=1 forces the checks. Comparisons with
 * a wide margin (waits, copies) only need two cores. */
static G_GNUC_UNUSED gboolean
need_idle_cores (void)
{
  guint64 busy0, total0, busy1, total1;
  double used;
  g_autofree char *why = NULL;

  if (!need_two_cores ())
    return FALSE;
  if (g_strcmp0 (g_getenv ("CORESCOPE_TIMING_TESTS"), "1") == 0)
    return TRUE;
  if (!read_cpu_ticks (&busy0, &total0))
    return TRUE;
  g_usleep (300000);
  if (!read_cpu_ticks (&busy1, &total1) || total1 <= total0)
    return TRUE;
  used = (double) (busy1 - busy0) / (total1 - total0);
  if (used < 0.2)
    return TRUE;
  why = g_strdup_printf ("needs an otherwise idle machine (%.0f %% of the CPUs busy)",
                         used * 100);
  g_test_skip (why);
  return FALSE;
}


/* A measurement window: other programs that start while a scaling claim is being measured (a
 * build, a second test suite) make it fail for reasons that have nothing to do with us, so a
 * check opens a window before it measures and skips when others used more than a fifth of the
 * machine meanwhile. This process and its children are left out of the count. */
typedef struct
{
  guint64 busy, total;
  double  own_s;
} TimingWindow;

/* CPU seconds of process pid and of the children it has reaped (utime, stime, cutime and
 * cstime of /proc/PID/stat), plus those of its live children, and so on down. */
static G_GNUC_UNUSED double
tree_cpu_seconds (const char *pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *task_path = g_strdup_printf ("/proc/%s/task", pid);
  g_autofree char *stat = NULL;
  g_autoptr (GDir) tasks = NULL;
  const char *close_paren, *tid;
  double ticks = 0, ticks_per_s = sysconf (_SC_CLK_TCK);

  if (g_file_get_contents (stat_path, &stat, NULL, NULL) &&
      (close_paren = strrchr (stat, ')')) != NULL)
    {
      g_auto (GStrv) fields = g_strsplit (close_paren + 2, " ", 0);

      /* after "(comm) ": state is field 3, so utime (14) to cstime (17) are 11 to 14 */
      for (guint i = 11; i <= 14 && i < g_strv_length (fields); i++)
        ticks += g_ascii_strtod (fields[i], NULL);
    }
  tasks = g_dir_open (task_path, 0, NULL);
  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/children", task_path, tid);
      g_autofree char *children = NULL;
      g_auto (GStrv) pids = NULL;

      if (!g_file_get_contents (path, &children, NULL, NULL))
        continue;
      pids = g_strsplit (g_strstrip (children), " ", 0);
      for (guint i = 0; pids[i] != NULL; i++)
        if (*pids[i] != '\0')
          ticks += tree_cpu_seconds (pids[i]) * ticks_per_s;
    }
  return ticks / ticks_per_s;
}

/* The test's own CPU time and its children's, live ones included: a driver process a test keeps
 * open between its measurements (the Python backends' interpreter) works for the test, and is
 * not "another program" (it made every Python claim skip with "other programs used 52 %"). */
static G_GNUC_UNUSED double
own_cpu_seconds (void)
{
  return tree_cpu_seconds ("self");
}

static G_GNUC_UNUSED void
timing_window_open (TimingWindow *window)
{
  if (!read_cpu_ticks (&window->busy, &window->total))
    window->busy = window->total = 0;
  window->own_s = own_cpu_seconds ();
}

/* TRUE, with the test skipped, when the machine was busy with others during the window. */
static G_GNUC_UNUSED gboolean
timing_window_disturbed (const TimingWindow *window)
{
  double ticks_per_s = sysconf (_SC_CLK_TCK);
  guint64 busy, total;
  double others;

  if (g_strcmp0 (g_getenv ("CORESCOPE_TIMING_TESTS"), "1") == 0 || window->total == 0 ||
      !read_cpu_ticks (&busy, &total) || total <= window->total)
    return FALSE;
  others = (busy - window->busy) / ticks_per_s - (own_cpu_seconds () - window->own_s);
  if (others < 0.2 * (total - window->total) / ticks_per_s)
    return FALSE;
  g_test_skip_printf ("other programs used %.0f %% of the machine during the measurement",
                      100 * others * ticks_per_s / (total - window->total));
  return TRUE;
}


/* ---- Claims decided by intervals ----------------------------------------------------------- */

/* A timing claim is decided as Corescope's verdict decides (src/core/analysis/cs-verdict.c):
 * each repetition measures both sides back to back and gives one pair; the claim is about the
 * ratio of the medians num/den, whose 95 % bootstrap interval over resampled pairs
 * (cs_stats_paired_ratio) must lie
 * inside [low, high] for the claim to hold. It fails only when the interval lies wholly outside
 * (the measurement refutes it), and is skipped with the interval when neither: noise then says
 * "inconclusive", never "false". Pairs are measured until the interval decides, at least
 * TIMING_MIN_PAIRS (a bootstrap of fewer covers far less than it claims) and at most
 * TIMING_MAX_PAIRS or TIMING_BUDGET_S. */
#define TIMING_MIN_PAIRS 5
#define TIMING_MAX_PAIRS 15
#define TIMING_BUDGET_S  60.0

typedef enum {
  TIMING_CLAIM_HOLDS,
  TIMING_CLAIM_REFUTED,
  TIMING_CLAIM_INCONCLUSIVE
} TimingClaimOutcome;

/* One repetition: both sides of the ratio, measured under the same conditions. */
typedef void (*TimingPairFunc) (gpointer data, double *num, double *den);

static G_GNUC_UNUSED TimingClaimOutcome
timing_claim_judge (const double *num, const double *den, guint n, double low, double high,
                    double *ratio, double *lo, double *hi)
{
  *ratio = cs_stats_paired_ratio (num, den, n, CS_STATS_DEFAULT_SEED, CS_STATS_DEFAULT_RESAMPLES,
                                  lo, hi);
  if (n < TIMING_MIN_PAIRS || !isfinite (*lo))
    return TIMING_CLAIM_INCONCLUSIVE;
  if (*lo >= low && *hi <= high)
    return TIMING_CLAIM_HOLDS;
  if (*hi < low || *lo > high)
    return TIMING_CLAIM_REFUTED;
  return TIMING_CLAIM_INCONCLUSIVE;
}

/* Measures pairs until the claim "low <= num/den <= high" is decided (use -INFINITY or
 * INFINITY for a one-sided claim). TRUE when it holds; otherwise the test is marked failed
 * (refuted) or skipped (inconclusive), with the interval in the message. A window (may be
 * NULL: one is opened here) opened before: when others used the machine meanwhile, a
 * refutation is a skip, since a load that stays for the whole measurement biases the ratio
 * instead of widening its interval. */
static G_GNUC_UNUSED gboolean
timing_claim (const char *what, TimingPairFunc pair, gpointer data, double low, double high,
              const TimingWindow *window)
{
  double num[TIMING_MAX_PAIRS], den[TIMING_MAX_PAIRS], ratio = NAN, lo = NAN, hi = NAN;
  TimingClaimOutcome outcome = TIMING_CLAIM_INCONCLUSIVE;
  gint64 start = g_get_monotonic_time ();
  TimingWindow own;
  guint n = 0;

  if (window == NULL)
    {
      timing_window_open (&own);
      window = &own;
    }
  while (n < TIMING_MAX_PAIRS &&
         (n < TIMING_MIN_PAIRS || g_get_monotonic_time () - start < TIMING_BUDGET_S * 1e6))
    {
      pair (data, &num[n], &den[n]);
      n++;
      outcome = timing_claim_judge (num, den, n, low, high, &ratio, &lo, &hi);
      if (outcome != TIMING_CLAIM_INCONCLUSIVE)
        break;
    }
  g_test_message ("%s: ratio %.3f, 95 %% interval %.3f–%.3f over %u pairs; claim %.3f–%.3f", what,
                  ratio, lo, hi, n, low, high);
  switch (outcome)
    {
    case TIMING_CLAIM_HOLDS:
      return TRUE;
    case TIMING_CLAIM_REFUTED:
      if (timing_window_disturbed (window))
        return FALSE;
      g_test_fail_printf ("%s: refuted: ratio %.3f, 95 %% interval %.3f–%.3f over %u pairs lies "
                          "outside %.3f–%.3f", what, ratio, lo, hi, n, low, high);
      return FALSE;
    case TIMING_CLAIM_INCONCLUSIVE:
    default:
      g_test_skip_printf ("inconclusive: %s: ratio %.3f, 95 %% interval %.3f–%.3f over %u pairs "
                          "straddles %.3f–%.3f (too noisy to decide)", what, ratio, lo, hi, n,
                          low, high);
      return FALSE;
    }
}
