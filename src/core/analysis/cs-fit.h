/* cs-fit.h: scaling models fitted to measured speed-ups: Amdahl, USL, Karp–Flatt
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-stats.h"

G_BEGIN_DECLS

#define CS_FIT_ERROR (cs_fit_error_quark ())

typedef enum {
  CS_FIT_ERROR_TOO_FEW_POINTS, /* fewer than CS_FIT_MIN_WORKER_COUNTS distinct worker counts */
  CS_FIT_ERROR_INVALID_DATA,   /* a worker count < 1 or a speed-up that is not positive */
  CS_FIT_ERROR_NO_CONVERGENCE
} CsFitError;

/* Below this many distinct worker counts a two-parameter model fits anything: refuse. */
#define CS_FIT_MIN_WORKER_COUNTS 3

/* Amdahl: S(N) = 1 / (s + (1 − s)/N), s in [0, 1]. */
typedef struct
{
  double s;        /* serial fraction */
  double r2;       /* coefficient of determination on the speed-ups */
  double max_speedup; /* 1/s: the limit for infinitely many workers (INFINITY when s == 0) */
} CsAmdahlFit;

/* Universal Scalability Law (Gunther): C(N) = γ·N / (1 + α(N − 1) + βN(N − 1)), α, β >= 0. */
typedef struct
{
  double   alpha;        /* contention (serialisation) */
  double   beta;         /* coherency (crosstalk): makes the curve turn down */
  double   gamma;        /* scale: 1 unless fitted with CS_USL_FREE_SCALE */
  double   r2;
  double   peak_n;       /* N* = √((1 − α)/β); INFINITY when β == 0 */
  double   peak_speedup; /* C(N*), or the asymptote γ/α when β == 0 */
  guint    iterations;
} CsUslFit;

typedef enum {
  CS_USL_FIXED_SCALE = 0,     /* C(1) = 1: the speed-ups are relative to a measured T₁ */
  CS_USL_FREE_SCALE  = 1 << 0 /* fit γ too, as the R usl package does for throughputs */
} CsUslFlags;

typedef enum {
  CS_KARP_FLATT_CONSTANT, /* Amdahl-like: a fixed serial part */
  CS_KARP_FLATT_GROWING,  /* overhead grows with N: contention, coherency, start-up */
  CS_KARP_FLATT_SHRINKING /* superlinear effects (caches) or a noisy 1-worker time */
} CsKarpFlattTrend;

GQuark   cs_fit_error_quark (void);

/* All fits take parallel arrays of worker counts and speed-ups (several points may share a
 * worker count) and need CS_FIT_MIN_WORKER_COUNTS distinct worker counts. */
gboolean cs_fit_amdahl (const double *n, const double *speedup, guint count, CsAmdahlFit *fit,
                        GError **error);
double   cs_amdahl_predict (const CsAmdahlFit *fit, double n);

/* Non-linear least squares (Levenberg–Marquardt projected onto α, β >= 0) started from the
 * linearised fit and from Amdahl-like starts; the best result is kept. */
gboolean cs_fit_usl (const double *n, const double *speedup, guint count, CsUslFlags flags,
                     CsUslFit *fit, GError **error);
/* Gunther's linearisation: x = N − 1, y = N/C − 1 = βx² + (α + β)x, fitted by ordinary least
 * squares without intercept. α and β are not constrained here (may be negative). */
gboolean cs_fit_usl_linearised (const double *n, const double *speedup, guint count,
                                double *alpha, double *beta, GError **error);
double   cs_usl_predict (const CsUslFit *fit, double n);

/* Karp–Flatt experimentally determined serial fraction e = (1/S − 1/N)/(1 − 1/N); NAN for
 * N <= 1. */
double   cs_karp_flatt (double n, double speedup);
/* Whether e(N) is constant or changes with N, from a least-squares line through e(N) of the
 * points with N > 1. slope is de/dN (may be NULL). */
gboolean cs_karp_flatt_trend (const double *n, const double *speedup, guint count,
                              CsKarpFlattTrend *trend, double *slope, GError **error);

/* Every model for one mode's series of points (from cs_result_stats_get_series): uses the
 * points with a finite speed-up. Returns FALSE with CS_FIT_ERROR_TOO_FEW_POINTS when fewer than
 * three worker counts were measured; the struct is then left with has_* FALSE. */
typedef struct
{
  CsMode           mode;
  guint            n_points;   /* points used */
  gboolean         has_amdahl;
  CsAmdahlFit      amdahl;
  gboolean         has_usl;
  CsUslFit         usl;
  gboolean         has_karp_flatt;
  CsKarpFlattTrend karp_flatt;
  double           karp_flatt_slope;
} CsSeriesFit;

gboolean cs_fit_series (const CsPointStats *const *series, guint n_points, CsSeriesFit *fit,
                        GError **error);

G_END_DECLS
