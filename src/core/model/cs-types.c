/* cs-types.c: names of Corescope's enumerations
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-types.h"

static const char *scaling_names[] = { "strong", "weak", NULL };
static const char *pool_names[] = { "per-run", "persistent", NULL };
static const char *start_names[] = { "spawn", "forkserver", NULL };
static const char *placement_names[] = { "none", "compact", "scatter", "cores-only", NULL };
static const char *status_names[] = { "ok", "failed", "timeout", "cancelled", NULL };
static const char *category_names[] = { "cpu", "memory", "io", "coordination", "overhead",
                                        "command", NULL };

static gboolean
lookup_name (const char *const *names, const char *str, int *out)
{
  if (str == NULL)
    return FALSE;
  for (int i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], str))
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

#define DEFINE_ENUM_NAMES(prefix, Type, names)                       \
  const char *prefix##_to_string (Type value)                        \
  {                                                                  \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names) - 1, NULL); \
    return names[value];                                             \
  }                                                                  \
  gboolean prefix##_from_string (const char *str, Type *out)         \
  {                                                                  \
    int v;                                                           \
    if (!lookup_name (names, str, &v))                               \
      return FALSE;                                                  \
    *out = (Type) v;                                                 \
    return TRUE;                                                     \
  }

DEFINE_ENUM_NAMES (cs_scaling, CsScaling, scaling_names)
DEFINE_ENUM_NAMES (cs_pool, CsPoolLifetime, pool_names)
DEFINE_ENUM_NAMES (cs_start_method, CsStartMethod, start_names)
DEFINE_ENUM_NAMES (cs_placement, CsPlacementPolicy, placement_names)
DEFINE_ENUM_NAMES (cs_run_status, CsRunStatus, status_names)

const char *
cs_category_to_string (CsCategory category)
{
  g_return_val_if_fail ((guint) category < G_N_ELEMENTS (category_names) - 1, NULL);
  return category_names[category];
}

const char *
cs_category_get_title (CsCategory category)
{
  switch (category)
    {
    case CS_CATEGORY_CPU: return _("CPU-bound");
    case CS_CATEGORY_MEMORY: return _("Memory-bound");
    case CS_CATEGORY_IO: return _("I/O-bound");
    case CS_CATEGORY_COORDINATION: return _("Coordination and IPC");
    case CS_CATEGORY_OVERHEAD: return _("Overhead");
    case CS_CATEGORY_COMMAND: return _("Your own code");
    default: g_return_val_if_reached (NULL);
    }
}
