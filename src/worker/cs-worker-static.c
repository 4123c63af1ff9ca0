/* cs-worker-static.c: what a statically linked corescope-worker does without: the user database
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stddef.h>
#include <sys/types.h>

/* Built only when corescope-worker is linked statically (see meson.build). GLib's gutils.c,
 * which the worker links for other functions, can look users up (g_get_home_dir,
 * g_get_user_name); in a static program glibc would do that by loading the NSS modules of the
 * exact glibc it was linked with, at run time (the linker warns about it). The worker never
 * asks who the user is, so these report "no such user", and GLib falls back to the
 * environment ($HOME) as it does for a user missing from the database. Defining them here
 * keeps libc.a's versions, and their NSS machinery, out of the program. */

struct passwd *
getpwuid (uid_t uid)
{
  (void) uid;
  errno = ENOENT;
  return NULL;
}

int
getpwuid_r (uid_t uid, struct passwd *pwd, char *buf, size_t size, struct passwd **result)
{
  (void) uid, (void) pwd, (void) buf, (void) size;
  *result = NULL;
  return 0; /* not found: 0 with *result NULL, as POSIX says */
}

int
getpwnam_r (const char *name, struct passwd *pwd, char *buf, size_t size,
            struct passwd **result)
{
  (void) name, (void) pwd, (void) buf, (void) size;
  *result = NULL;
  return 0;
}
