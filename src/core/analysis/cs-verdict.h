/* cs-verdict.h: the one answer of a result — threads or processes, how many, how sure
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-backend.h"
#include "cs-result.h"
#include "cs-stats.h"

G_BEGIN_DECLS

/* A difference smaller than this fraction of a time is not worth acting on, however sure. */
#define CS_VERDICT_MARGIN 0.05
/* The default precision an adaptive sweep measures to: the widest interval the verdict rests
 * on, as a fraction of its ratio (half-width). */
#define CS_VERDICT_DEFAULT_PRECISION 0.05
/* Confidence of every interval the verdict states. */
#define CS_VERDICT_LEVEL 0.95

typedef enum {
  CS_CHOICE_INCONCLUSIVE,   /* the intervals cannot decide yet: see settle */
  CS_CHOICE_THREADS,
  CS_CHOICE_PROCESSES,
  CS_CHOICE_FREE_THREADS,   /* threads of a runtime with a GIL that ran without it */
  CS_CHOICE_NO_PARALLELISM  /* one worker is as fast as any number of them */
} CsChoice;

/* What the interval of a ratio of times says, given the margin and the precision. */
typedef enum {
  CS_DIFFERENCE_UNDECIDED,  /* straddles the margin and is wider than the precision */
  CS_DIFFERENCE_NONE,       /* within the margin either way (or narrower than the precision) */
  CS_DIFFERENCE_FASTER,     /* a takes measurably less time than b: high < 1 / (1 + margin) */
  CS_DIFFERENCE_SLOWER      /* a takes measurably more time than b: low > 1 + margin */
} CsDifference;

/* One comparison the verdict rests on: the median time of point a over the median time of
 * point b (per unit of work for weak scaling), as the table's medians give it, with the 95 %
 * bootstrap interval of that ratio over repetitions resampled in pairs. */
typedef struct
{
  CsMode       a_mode, b_mode;
  guint        a_workers, b_workers;
  guint        n_pairs;
  double       ratio, low, high;   /* NAN when fewer than 2 pairs */
  CsDifference difference;
} CsRatioInterval;

typedef struct
{
  CsChoice  choice;
  gboolean  has_mode;       /* FALSE when inconclusive */
  CsMode    mode;           /* the mode to use */
  guint     workers;        /* how many workers (1 for no parallelism) */
  double    level;          /* CS_VERDICT_LEVEL */
  double    margin;         /* CS_VERDICT_MARGIN */
  double    precision;      /* the precision asked for */
  /* The widest relative half-width of the intervals below: what an adaptive sweep narrows.
   * INFINITY while an interval cannot be computed (fewer than 2 repetitions). */
  double    precision_reached;
  gboolean  settled;        /* every interval below decides (or is narrower than precision) */
  char     *headline;       /* one translated sentence */
  GPtrArray *reasons;       /* char*: translated sentences with their figures */
  char     *settle;         /* inconclusive: what would settle it; else NULL */
  GArray   *intervals;      /* CsRatioInterval: the comparisons the choice rests on */
} CsVerdict;

/* Decides once, from the intervals of paired ratios; precision <= 0 takes the default. */
CsVerdict  *cs_verdict_new (const CsResult *result, const CsResultStats *stats, double precision);
void        cs_verdict_free (CsVerdict *verdict);

/* "threads", "processes", "free-threaded threads", "no parallelism", "inconclusive". */
const char *cs_choice_to_string (CsChoice choice);
/* The verdict as a JSON object (pretty-printed), for scripts and tests. */
char       *cs_verdict_to_json (const CsVerdict *verdict);
/* How a mode is named in sentences: its name, with what ran when that differs from what the
 * backend declares ("python-thread (GIL disabled)"). */
char       *cs_verdict_mode_label (const CsResult *result, CsMode mode);
/* The threads a mode ran: parallel threads, GIL threads or processes, as the result records
 * them (a GIL-thread mode whose interpreter had its GIL disabled ran parallel threads). */
CsConcurrency cs_verdict_mode_concurrency (const CsResult *result, CsMode mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsVerdict, cs_verdict_free)

G_END_DECLS
