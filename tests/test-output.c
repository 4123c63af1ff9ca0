/* test-output.c: how Corescope writes files: regular files only, checked first, distinct,
 * replaced atomically keeping mode and owner, nothing left on failure (issue #20)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-output.h"

static char *
make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("cs-output-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A FIFO, a device and a folder are refused by the check and by the writer, untouched. */
static void
test_not_regular (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (cs_output_check (fifo, &error));
  g_assert_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, "(a FIFO)"));
  g_clear_error (&error);
  g_assert_false (cs_output_write (fifo, "x", 1, &error));
  g_assert_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_NOT_REGULAR);
  g_clear_error (&error);
  g_assert_false (cs_output_check ("/dev/null", &error));
  g_assert_nonnull (strstr (error->message, "(a device)"));
  g_clear_error (&error);
  g_assert_false (cs_output_check (dir, &error));
  g_assert_nonnull (strstr (error->message, "(a folder)"));
  g_clear_error (&error);
  g_assert_true (cs_output_check ("-", &error));
  g_assert_cmpint (g_stat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

/* Hard links, symlinks and "x/../f" name the same file; distinct names pass. */
static void
test_distinct (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard.json", NULL);
  g_autofree char *soft = g_build_filename (dir, "soft.json", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *via_sub = g_build_filename (dir, "sub", "..", "new.csv", NULL);
  g_autofree char *new_csv = g_build_filename (dir, "new.csv", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (a, "{}", -1, NULL));
  g_assert_cmpint (link (a, hard), ==, 0);
  g_assert_cmpint (symlink ("a.json", soft), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  for (const char *const *out = (const char *const[]) { a, hard, soft, NULL }; *out; out++)
    {
      g_assert_false (cs_output_check_distinct ((const char *[]) { *out, NULL },
                                                (const char *[]) { a, NULL }, &error));
      g_assert_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_SAME_FILE);
      g_assert_nonnull (strstr (error->message, "the same file as the input"));
      g_clear_error (&error);
    }
  g_assert_false (cs_output_check_distinct ((const char *[]) { via_sub, new_csv, NULL }, NULL,
                                            &error));
  g_assert_nonnull (strstr (error->message, "the same file as the output"));
  g_clear_error (&error);
  g_assert_false (cs_output_check_distinct ((const char *[]) { "-", "-", NULL }, NULL, &error));
  g_clear_error (&error);
  g_assert_true (cs_output_check_distinct ((const char *[]) { new_csv, "-", NULL },
                                           (const char *[]) { a, NULL }, &error));
  g_assert_no_error (error);
  g_unlink (soft);
  g_unlink (hard);
  g_rmdir (sub);
  remove_dir (dir);
}

/* The replaced file keeps its mode; another hard link keeps the old contents. */
static void
test_replace_keeps_mode (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "r.json", NULL);
  g_autofree char *other = g_build_filename (dir, "other.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  g_assert_cmpint (link (path, other), ==, 0);
  g_assert_true (cs_output_write (path, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (other, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_entries (dir), ==, 2);
  remove_dir (dir);
}

/* Under a file size limit the write fails with EFBIG (SIGXFSZ ignored), the old file is intact
 * and no temp file is left. */
static void
test_file_size_limit (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "r.json", NULL);
  g_autofree char *big = g_malloc0 (64 * 1024);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  struct rlimit old, small;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  cs_output_ignore_sigxfsz ();
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  small = old;
  small.rlim_cur = 4096;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  g_assert_false (cs_output_write (path, big, 64 * 1024, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old), ==, 0);
  g_assert_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

static void
test_escape_controls (void)
{
  g_autofree char *a = cs_output_escape_controls ("a\x1b[2J\r\tb\nc\x7f\xc2\x9b" "d\\e");

  g_assert_cmpstr (a, ==, "a\\x1b[2J\\x0d\tb\nc\\x7f\\u009bd\\e");
  g_assert_null (cs_output_escape_controls (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/output/not-regular", test_not_regular);
  g_test_add_func ("/output/distinct", test_distinct);
  g_test_add_func ("/output/replace-keeps-mode", test_replace_keeps_mode);
  g_test_add_func ("/output/file-size-limit", test_file_size_limit);
  g_test_add_func ("/output/escape-controls", test_escape_controls);
  return g_test_run ();
}
