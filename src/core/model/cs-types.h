/* cs-types.h: enumerations shared by every layer of Corescope
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which backend runs the workers (thread, gil, process, python-thread, ...): the index of the
 * backend in the registry, src/core/backends/cs-backends.c. Files and the command line use the
 * backend's name. The first three are C's own and always there. */
typedef guint CsMode;

enum {
  CS_MODE_THREAD = 0,   /* real threads */
  CS_MODE_GIL = 1,      /* threads under the emulated CPython GIL */
  CS_MODE_PROCESS = 2   /* one process per worker */
};

#define CS_MAX_MODES 16  /* the registry holds at most this many backends */

typedef enum {
  CS_SCALING_STRONG, /* fixed total work split across workers */
  CS_SCALING_WEAK    /* fixed work per worker */
} CsScaling;

typedef enum {
  CS_POOL_PER_RUN,    /* workers created and joined inside each timed run */
  CS_POOL_PERSISTENT  /* workers started once per sweep point, before timing */
} CsPoolLifetime;

/* How the C process backend starts workers. */
typedef enum {
  CS_START_SPAWN,      /* posix_spawn of corescope-worker */
  CS_START_FORKSERVER  /* fork from a single-threaded helper started before any threads */
} CsStartMethod;

typedef enum {
  CS_PLACEMENT_NONE,
  CS_PLACEMENT_COMPACT,
  CS_PLACEMENT_SCATTER,
  CS_PLACEMENT_CORES_ONLY
} CsPlacementPolicy;

typedef enum {
  CS_RUN_OK,
  CS_RUN_FAILED,
  CS_RUN_TIMEOUT,
  CS_RUN_CANCELLED
} CsRunStatus;

/* What limits a preset; the GUI groups presets by it. */
typedef enum {
  CS_CATEGORY_CPU,
  CS_CATEGORY_MEMORY,
  CS_CATEGORY_IO,
  CS_CATEGORY_COORDINATION, /* locks, IPC */
  CS_CATEGORY_OVERHEAD,     /* start-up, dispatch */
  CS_CATEGORY_COMMAND       /* the user's own command */
} CsCategory;

/* Names used in files and on the command line; parsing is case-sensitive and returns FALSE on
 * unknown names. Modes are the backends' names: cs_mode_to_string() is in cs-backend.h, with the
 * registry. */
const char *cs_scaling_to_string (CsScaling scaling);
gboolean    cs_scaling_from_string (const char *str, CsScaling *out);
const char *cs_pool_to_string (CsPoolLifetime pool);
gboolean    cs_pool_from_string (const char *str, CsPoolLifetime *out);
const char *cs_start_method_to_string (CsStartMethod method);
gboolean    cs_start_method_from_string (const char *str, CsStartMethod *out);
const char *cs_placement_to_string (CsPlacementPolicy policy);
gboolean    cs_placement_from_string (const char *str, CsPlacementPolicy *out);
const char *cs_run_status_to_string (CsRunStatus status);
gboolean    cs_run_status_from_string (const char *str, CsRunStatus *out);
const char *cs_category_to_string (CsCategory category);
/* Translated, for display ("CPU-bound"). */
const char *cs_category_get_title (CsCategory category);

G_END_DECLS
