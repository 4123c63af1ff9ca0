/* test-types.c: enumeration names round-trip and unknown names are refused
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-backend.h"
#include "cs-types.h"

static void
test_mode_names (void)
{
  CsMode mode;
  guint n;

  cs_backends_get_all (&n);
  g_assert_cmpuint (n, >=, 3);
  for (guint m = 0; m < n; m++)
    {
      g_assert_true (cs_mode_from_string (cs_mode_to_string (m), &mode));
      g_assert_cmpint (mode, ==, m);
    }
  g_assert_cmpstr (cs_mode_to_string (CS_MODE_GIL), ==, "gil");
  g_assert_false (cs_mode_from_string ("Thread", &mode));
  g_assert_false (cs_mode_from_string (NULL, &mode));
}

static void
test_placement_names (void)
{
  CsPlacementPolicy policy;

  g_assert_true (cs_placement_from_string ("cores-only", &policy));
  g_assert_cmpint (policy, ==, CS_PLACEMENT_CORES_ONLY);
  g_assert_false (cs_placement_from_string ("spread", &policy));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/types/mode-names", test_mode_names);
  g_test_add_func ("/types/placement-names", test_placement_names);
  return g_test_run ();
}
