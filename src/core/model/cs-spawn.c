/* cs-spawn.c: starting a helper program with exactly the descriptors it should have
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include "cs-spawn.h"

extern char **environ;

static void
close_all (const int *fds, guint n)
{
  for (guint i = 0; i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
}

/* posix_spawn's dup2 onto the same number would keep FD_CLOEXEC set on older C libraries, and
 * one source may sit where another target must go: every source moves above the targets
 * first. */
static int
move_sources (const CsSpawnFd *fds, guint n_fds, int top, int *moved)
{
  for (guint i = 0; i < n_fds; i++)
    moved[i] = -1;
  for (guint i = 0; i < n_fds; i++)
    if (fds[i].source >= 0 && (moved[i] = fcntl (fds[i].source, F_DUPFD_CLOEXEC, top + 1)) < 0)
      {
        int saved = errno;

        close_all (moved, n_fds);
        return saved;
      }
  return 0;
}

static void
set_clean_signals (posix_spawnattr_t *attr, CsSpawnFlags flags)
{
  sigset_t none, defaults;

  sigemptyset (&none);
  sigemptyset (&defaults);
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      sigaddset (&defaults, sig);
  posix_spawnattr_setflags (attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                                    | ((flags & CS_SPAWN_OWN_GROUP) ? POSIX_SPAWN_SETPGROUP : 0));
  posix_spawnattr_setsigmask (attr, &none);
  posix_spawnattr_setsigdefault (attr, &defaults);
  posix_spawnattr_setpgroup (attr, 0);
}

int
cs_spawn (const char *path, const char *const *argv, const char *const *envp,
          const CsSpawnFd *fds, guint n_fds, CsSpawnFlags flags, GPid *pid)
{
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  int moved[CS_SPAWN_MAX_FDS];
  int top = STDERR_FILENO;
  int err;

  g_return_val_if_fail (path != NULL && argv != NULL && pid != NULL, EINVAL);
  g_return_val_if_fail (n_fds <= CS_SPAWN_MAX_FDS, EINVAL);

  for (guint i = 0; i < n_fds; i++)
    top = MAX (top, fds[i].target);
  if ((err = move_sources (fds, n_fds, top, moved)) != 0)
    return err;
  posix_spawn_file_actions_init (&actions);
  for (guint i = 0; i < n_fds; i++)
    if (moved[i] >= 0)
      posix_spawn_file_actions_adddup2 (&actions, moved[i], fds[i].target);
    else
      posix_spawn_file_actions_addopen (&actions, fds[i].target, "/dev/null",
                                        fds[i].target == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0);
  posix_spawn_file_actions_addclosefrom_np (&actions, top + 1);
  posix_spawnattr_init (&attr);
  set_clean_signals (&attr, flags);
  err = posix_spawn (pid, path, &actions, &attr, (char *const *) argv,
                     envp != NULL ? (char *const *) envp : environ);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  close_all (moved, n_fds);
  return err;
}
