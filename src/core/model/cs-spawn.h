/* cs-spawn.h: starting a helper program with exactly the descriptors it should have
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_SPAWN_MAX_FDS 8

/* One descriptor of the child: a copy of source (ours), or /dev/null when source is -1 (opened
 * for reading as standard input, for writing as anything else). */
typedef struct
{
  int target;
  int source;
} CsSpawnFd;

typedef enum {
  CS_SPAWN_DEFAULT = 0,
  /* A process group of its own: cancelling can kill everything it started, and a terminal's
   * Ctrl-C reaches only Corescope, which then stops it in order. */
  CS_SPAWN_OWN_GROUP = 1 << 0
} CsSpawnFlags;

/* posix_spawn of path with argv and envp (NULL: ours). The child has the descriptors in fds,
 * those of 0, 1 and 2 that fds does not set inherited from us, and nothing else; it starts
 * with no signal blocked and every signal at its default (the calling thread may block some,
 * and a GUI often ignores SIGPIPE). It starts no thread in the caller. Returns 0, or the errno
 * value of what failed. */
int cs_spawn (const char *path, const char *const *argv, const char *const *envp,
              const CsSpawnFd *fds, guint n_fds, CsSpawnFlags flags, GPid *pid);

G_END_DECLS
