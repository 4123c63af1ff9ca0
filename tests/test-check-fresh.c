/* test-check-fresh.c: build-aux/check-fresh.py fails when a program the tests start would be
 * missing on a fresh machine, and passes when setup.sh's packages provide everything
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

/* Assumes a Debian system (dpkg) with setup.sh's packages installed, as CI has. */

static char *tmp_dir;
static const char *const trace_names[] = { "ok.trace", "xvfb.trace", "dbus.trace", "hand.trace",
                                           "built.trace", "near.trace" };

/* Writes an strace -f -e trace=execve log with these lines and returns its path. */
static char *
write_trace (const char *name, const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs check-fresh.py with args; returns its exit status, stderr in *err. */
static int
run_check (const char *const *args, char **err)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "build-aux",
                                                   "check-fresh.py", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static const char xvfb_trace[] =
  "100 execve(\"/usr/bin/xvfb-run\", [\"xvfb-run\", \"-a\"], 0x7ffd /* 30 vars */) = 0\n"
  "101 execve(\"/usr/local/bin/python3\", [\"python3\"], 0x7ffd /* 30 vars */) = -1 ENOENT "
  "(No such file or directory)\n"
  "101 execve(\"/usr/bin/python3\", [\"python3\"], 0x7ffd /* 30 vars */ <unfinished ...>\n"
  "102 execve(\"/bin/true\", [\"true\"], 0x7ffd /* 30 vars */) = 0\n"
  "101 <... execve resumed>) = 0\n";

static void
test_listed_programs_pass (void)
{
  g_autofree char *trace = write_trace ("ok.trace", xvfb_trace);
  g_autofree char *err = NULL;
  const char *args[] = { trace, NULL };

  g_assert_cmpint (run_check (args, &err), ==, 0);
}

/* Take xvfb off setup.sh's list: xvfb-run would be missing on a fresh machine. */
static void
test_removed_package_fails (void)
{
  g_autofree char *trace = write_trace ("xvfb.trace", xvfb_trace);
  g_autofree char *err = NULL;
  const char *args[] = { "--without", "xvfb", trace, NULL };

  g_assert_cmpint (run_check (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/usr/bin/xvfb-run"));
  g_assert_nonnull (strstr (err, "package xvfb"));
}

/* What GTK did on the fresh machine: look for dbus-launch on PATH and find it nowhere. */
static void
test_program_not_found_fails (void)
{
  g_autofree char *trace = write_trace (
    "dbus.trace",
    "200 execve(\"/usr/sbin/dbus-launch\", [\"dbus-launch\"], 0x7ffd /* 3 vars */) = -1 ENOENT "
    "(No such file or directory)\n"
    "200 execve(\"/usr/bin/dbus-launch\", [\"dbus-launch\"], 0x7ffd /* 3 vars */) = -1 ENOENT "
    "(No such file or directory)\n");
  g_autofree char *err = NULL;
  const char *args[] = { trace, NULL };

  g_assert_cmpint (run_check (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "dbus-launch was looked for and not found"));
}

/* A program from no package at all (copied by hand into /usr/local). */
static void
test_hand_installed_fails (void)
{
  /* No need for the file to exist: check-fresh asks dpkg, which owns no such path. */
  g_autofree char *trace = write_trace (
    "hand.trace", "300 execve(\"/usr/local/bin/corescope-hand-installed\", [\"x\"], "
    "0x7ffd /* 3 vars */) = 0\n");
  g_autofree char *err = NULL;
  const char *args[] = { trace, NULL };

  g_assert_cmpint (run_check (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "belongs to no Debian package"));
}

/* The free-threaded CPython that setup.sh builds into its cache belongs to no package, and
 * passes: setup.sh provides it (build-aux/free-threaded-python.sh). Next to it, another
 * program does not. */
static void
test_built_by_setup_passes (void)
{
  g_autofree char *built = write_trace (
    "built.trace", "400 execve(\"/var/cache/corescope/python3.13t/bin/python3.13t\", [\"x\"], "
    "0x7ffd /* 3 vars */) = 0\n");
  g_autofree char *near = write_trace (
    "near.trace", "401 execve(\"/var/cache/corescope/python3.13t-old/bin/python3.13t\", [\"x\"], "
    "0x7ffd /* 3 vars */) = 0\n");
  g_autofree char *err = NULL;
  g_autofree char *near_err = NULL;
  const char *built_args[] = { built, NULL };
  const char *near_args[] = { near, NULL };

  g_assert_cmpint (run_check (built_args, &err), ==, 0);
  g_assert_cmpint (run_check (near_args, &near_err), ==, 1);
  g_assert_nonnull (strstr (near_err, "python3.13t-old/bin/python3.13t"));
  g_assert_nonnull (strstr (near_err, "belongs to no Debian package"));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!g_file_test ("/usr/bin/dpkg", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("not a Debian system: no dpkg to ask");
      return g_test_run ();
    }
  tmp_dir = g_dir_make_tmp ("cs-check-fresh-XXXXXX", NULL);
  g_test_add_func ("/check-fresh/listed-programs-pass", test_listed_programs_pass);
  g_test_add_func ("/check-fresh/removed-package-fails", test_removed_package_fails);
  g_test_add_func ("/check-fresh/program-not-found-fails", test_program_not_found_fails);
  g_test_add_func ("/check-fresh/hand-installed-fails", test_hand_installed_fails);
  g_test_add_func ("/check-fresh/built-by-setup-passes", test_built_by_setup_passes);
  status = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (trace_names); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, trace_names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
