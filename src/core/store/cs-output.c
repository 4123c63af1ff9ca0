/* cs-output.c: the files Corescope writes: checked before any work, replaced atomically
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-output.h"

G_DEFINE_QUARK (cs-output-error-quark, cs_output_error)

gboolean
cs_output_is_stdout (const char *path)
{
  return path != NULL && g_str_equal (path, "-");
}

void
cs_output_ignore_sigxfsz (void)
{
  signal (SIGXFSZ, SIG_IGN);
}

static gboolean
set_io_error (GError **error, const char *what, const char *path, int errsv)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_IO, "%s “%s”: %s", what, display,
               g_strerror (errsv));
  return FALSE;
}

/* ---- checks before the work ---------------------------------------------------------------- */

static gboolean
check_existing (const char *path, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT)  /* nothing yet, or a dangling symlink (replaced, not followed) */
        return TRUE;
      return set_io_error (error, _("Cannot write"), path, errno);
    }
  if (S_ISREG (st.st_mode))
    return TRUE;
  g_set_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_NOT_REGULAR,
               _("“%s” is not a regular file (%s): results are written to regular files only, "
                 "or to standard output as “-”"), display,
               S_ISDIR (st.st_mode) ? _("a folder")
               : S_ISFIFO (st.st_mode) ? _("a FIFO")
               : S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode) ? _("a device")
               : _("a socket or a special file"));
  return FALSE;
}

gboolean
cs_output_check (const char *path, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *display = NULL;
  g_autofree char *tmp = NULL;
  int fd, errsv;

  g_return_val_if_fail (path != NULL, FALSE);

  if (cs_output_is_stdout (path))
    return TRUE;
  if (!check_existing (path, error))
    return FALSE;
  /* The new file is made next to the old one and renamed over it: the folder must take it.
   * Trying is the only sure test (access() says yes to root on a read-only mount's folder
   * or in /proc/self/fd). */
  tmp = g_strconcat (path, ".XXXXXX", NULL);
  if ((fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600)) >= 0)
    {
      close (fd);
      g_unlink (tmp);
      return TRUE;
    }
  errsv = errno;
  dir = g_path_get_dirname (path);
  display = g_filename_display_name (dir);
  g_set_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_NOT_WRITABLE,
               _("Cannot write in the folder “%s”: %s"), display, g_strerror (errsv));
  return FALSE;
}

/* What names a file: "dev:inode" when it exists, else its path with the folder resolved. */
static char *
file_identity (const char *path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *real_dir = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0)
    return g_strdup_printf ("inode %ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  real_dir = realpath (dir, NULL);
  return g_strdup_printf ("path %s/%s", real_dir != NULL ? real_dir : dir, base);
}

static gboolean
same_file_error (GError **error, const char *output, const char *other, gboolean other_is_input)
{
  g_autofree char *a = g_filename_display_name (output);
  g_autofree char *b = g_filename_display_name (other);

  g_set_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_SAME_FILE,
               other_is_input ? _("the output “%s” is the same file as the input “%s”")
                              : _("the output “%s” is the same file as the output “%s”"), a, b);
  return FALSE;
}

gboolean
cs_output_check_distinct (const char *const *outputs,
                          const char *const *inputs,
                          GError            **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) is_input = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++)
    {
      char *id = file_identity (inputs[i]);
      g_hash_table_insert (is_input, id, GINT_TO_POINTER (1));
      g_hash_table_insert (seen, id, (gpointer) inputs[i]);
    }
  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    {
      char *id = cs_output_is_stdout (outputs[i]) ? g_strdup ("stdout") : file_identity (outputs[i]);
      const char *other = g_hash_table_lookup (seen, id);

      if (other != NULL)
        {
          gboolean input = g_hash_table_contains (is_input, id);
          g_free (id);
          return same_file_error (error, outputs[i], other, input);
        }
      g_hash_table_insert (seen, id, (gpointer) outputs[i]);
    }
  return TRUE;
}

gboolean
cs_output_make_dir (const char *dir, int mode, GError **error)
{
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (home_len > 1 && strncmp (dir, home, home_len) == 0 &&
      (dir[home_len] == '/' || dir[home_len] == '\0') && !g_file_test (home, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CS_OUTPUT_ERROR, CS_OUTPUT_ERROR_NOT_WRITABLE,
                   _("The home folder %s does not exist, so %s is not created in it (set HOME "
                     "or XDG_DATA_HOME to a folder that exists)"), home, dir);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, mode) == 0)
    return TRUE;
  return set_io_error (error, _("Cannot create the folder"), dir, errno);
}

static gboolean
is_control (gunichar c)
{
  return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
}

char *
cs_output_escape_controls (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!is_control (c))
        g_string_append_unichar (out, c);
      else if (c < 0x80)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_printf (out, "\\u%04x", c);
    }
  return g_string_free (out, FALSE);
}

/* ---- writing ------------------------------------------------------------------------------- */

static gboolean
write_all (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* The replaced file's owner first (chown clears set-id bits), then its permissions. Who may
 * not give a file away (not root) keeps the file as its own: EPERM is not an error. */
static void
keep_mode_and_owner (int fd, const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return;
  if (fchown (fd, st.st_uid, st.st_gid) != 0 && fchown (fd, (uid_t) -1, st.st_gid) != 0)
    g_debug ("%s: the new file keeps our owner: %s", path, g_strerror (errno));
  if (fchmod (fd, st.st_mode & 07777) != 0)
    g_debug ("%s: the new file keeps its mode: %s", path, g_strerror (errno));
}

static gboolean
write_stdout (const char *data, gsize length, GError **error)
{
  fflush (stdout);
  if (write_all (STDOUT_FILENO, data, length))
    return TRUE;
  return set_io_error (error, _("Cannot write"), _("standard output"), errno);
}

gboolean
cs_output_write (const char *path, const char *data, gsize length, GError **error)
{
  g_autofree char *tmp = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  if (cs_output_is_stdout (path))
    return write_stdout (data, length, error);
  if (!check_existing (path, error))
    return FALSE;
  tmp = g_strconcat (path, ".XXXXXX", NULL);
  if ((fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666)) < 0)
    return set_io_error (error, _("Cannot create a file next to"), path, errno);
  keep_mode_and_owner (fd, path);
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      int errsv = errno;
      close (fd);
      g_unlink (tmp);
      return set_io_error (error, _("Cannot write"), path, errsv);
    }
  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int errsv = errno;
      g_unlink (tmp);
      return set_io_error (error, _("Cannot write"), path, errsv);
    }
  return TRUE;
}
