/* test-types.c: enumeration names round-trip and unknown names are refused
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <math.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-backend.h"
#include "cs-csv.h"
#include "cs-spawn.h"
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

/* A child has the descriptors it is given, 0-2 where not given, and none of the others we
 * have open (a leaked one without FD_CLOEXEC here). */
static void
test_spawn_fds (void)
{
  const char *argv[] = { "/bin/sh", "-c", "ls /proc/$$/fd", NULL };
  int out[2];
  int leaked = open ("/dev/null", O_RDONLY);
  int given = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  GPid pid = 0;
  int status = 0;
  char buffer[256];
  ssize_t n;

  g_assert_cmpint (leaked, >=, 0);
  g_assert_cmpint (given, >=, 0);
  g_assert_cmpint (pipe2 (out, O_CLOEXEC), ==, 0);
  g_assert_cmpint (cs_spawn (argv[0], argv, NULL,
                             (CsSpawnFd[]) { { STDIN_FILENO, -1 }, { STDOUT_FILENO, out[1] },
                                             { 3, given } },
                             3, CS_SPAWN_OWN_GROUP, &pid), ==, 0);
  close (out[1]);
  n = read (out[0], buffer, sizeof buffer - 1);
  g_assert_cmpint (n, >, 0);
  buffer[n] = '\0';
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_cmpstr (buffer, ==, "0\n1\n2\n3\n");
  close (out[0]);
  close (leaked);
  close (given);
}

/* The one cell writer: plain text as is, a quote, comma, LF or CR quoted with inner quotes
 * doubled, NULL and non-finite numbers empty, numbers in the C locale. */
static void
test_csv_cells (void)
{
  g_autoptr (GString) s = g_string_new (NULL);

  cs_csv_append_text (s, "plain", TRUE);
  cs_csv_append_text (s, "a,b", FALSE);
  cs_csv_append_text (s, "say \"hi\"", FALSE);
  cs_csv_append_text (s, "line\nfeed", FALSE);
  cs_csv_append_text (s, "carriage\rreturn", FALSE);
  cs_csv_append_text (s, NULL, FALSE);
  cs_csv_append_double (s, 0.123456789012);
  cs_csv_append_short (s, 0.123456789012);
  cs_csv_append_double (s, NAN);
  g_assert_cmpstr (s->str, ==,
                   "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nfeed\",\"carriage\rreturn\",,"
                   "0.123456789,0.123457,");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/types/mode-names", test_mode_names);
  g_test_add_func ("/types/placement-names", test_placement_names);
  g_test_add_func ("/model/spawn-fds", test_spawn_fds);
  g_test_add_func ("/model/csv-cells", test_csv_cells);
  return g_test_run ();
}
