/* cs-output.h: the files Corescope writes: checked before any work, replaced atomically
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_OUTPUT_ERROR (cs_output_error_quark ())

typedef enum {
  CS_OUTPUT_ERROR_NOT_REGULAR,  /* a device, a FIFO, a folder: never replaced */
  CS_OUTPUT_ERROR_NOT_WRITABLE, /* its folder cannot take a new file */
  CS_OUTPUT_ERROR_SAME_FILE,    /* the same file as an input or another output */
  CS_OUTPUT_ERROR_IO            /* writing failed (disk full, file size limit…) */
} CsOutputError;

GQuark   cs_output_error_quark (void);

/* "-": standard output. */
gboolean cs_output_is_stdout (const char *path);

/* Before a sweep or an export: path is "-", or a regular file (through symlinks) or nothing
 * yet, in a folder this process may create files in. */
gboolean cs_output_check (const char *path, GError **error);

/* outputs and inputs (NULL-terminated, either may be NULL) name different files: compared by
 * device and inode for files that exist and by resolved path for those that do not yet, so a
 * hard link, a symlink or "a/../b" is recognised. At most one output is "-". */
gboolean cs_output_check_distinct (const char *const *outputs,
                                   const char *const *inputs,
                                   GError            **error);

/* Writes data to path ("-": standard output) through a temp file next to it, flushed and then
 * renamed over it, so a crash or a full disk never leaves half a file and a failure leaves no
 * temp file. A regular file replaced keeps its permissions and, where this process may set
 * them (root, or its own file), its owner and group. Renaming replaces the name, not the
 * inode: another hard link to the old file keeps the old contents, and a symlink at path is
 * replaced, its target left alone. SIGXFSZ must be ignored (cs_output_ignore_sigxfsz) for a
 * file size limit to be reported as an error rather than kill the process. */
gboolean cs_output_write (const char *path, const char *data, gsize length, GError **error);

/* g_mkdir_with_parents (dir, mode), except that a home folder that does not exist is not
 * created (HOME=/nonexistent, as daemons and some containers have): that fails, naming it. */
gboolean cs_output_make_dir (const char *dir, int mode, GError **error);

/* text (UTF-8) with its control characters written out, so that a string from a file can be
 * printed on a terminal and written in XML: C0 controls and DEL as "\x1b", C1 controls as
 * "\u009b"; newlines and tabs are kept. A backslash is left as it is (the escape is for
 * people to read, not to be undone). */
char    *cs_output_escape_controls (const char *text);

/* So that an exceeded file size limit (ulimit -f) makes write() fail with EFBIG, which
 * cs_output_write reports, instead of killing the process with a temp file left behind. */
void     cs_output_ignore_sigxfsz (void);

G_END_DECLS
