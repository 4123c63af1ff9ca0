/* cs-reaper.c: corescope-reaper, runs one program and ends every process it leaves behind
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Usage (not for people: Corescope starts us in front of every program it runs that may start
 * programs of its own: the Python driver, mpirun, the command preset's command):
 *
 *   corescope-reaper [--status-fd=N] [--grace-ms=N] [--private-dir=VAR=PARENT]... -- PROGRAM ARG...
 *
 * Why a process of our own between Corescope and the program:
 * - PR_SET_CHILD_SUBREAPER: whatever the program's descendants do (double fork, setsid, a
 *   daemon), when their parent ends they become our children, not init's, so we can find them
 *   all (/proc/self/task/N/children, walked down) and end them. Corescope itself cannot be the
 *   subreaper: it would have to reap processes it knows nothing about, and its own waits for
 *   its drivers would race with that.
 * - The lifeline: the status fd is the write end of a pipe whose read end Corescope holds
 *   close-on-exec. When Corescope ends, however it ends (kill -9 too), the pipe is widowed and
 *   poll() says POLLERR: we then end the program and all its descendants. PR_SET_PDEATHSIG
 *   would not do: it fires when the *thread* that started us ends, and Corescope starts
 *   programs from worker threads that may end before the program should.
 * - When the program ends, its descendants still running (a background job that keeps
 *   stdout open, a daemon) get grace-ms to end on their own, then SIGTERM, then SIGKILL a
 *   second later; each is named on the status fd ("left PID NAME"), so the run can say so.
 * - --zombie-deadline-ms=N: a descendant that stays a zombie that long has a parent that no
 *   longer notices its children: mpirun whose rank died at start-up can wait for it forever
 *   (PMIx out of resources). We then say "stuck PID NAME" and stop the program.
 * - --private-dir=VAR=PARENT: a directory made under PARENT for the program's own files,
 *   named in the environment variable VAR, and removed once everything has ended: TMPDIR for
 *   multiprocessing's pymp-* folders, Open MPI's session directory and shared-memory segments.
 *
 * The last line on the status fd is "exit STATUS" (the program's wait status). Our own exit
 * mirrors the program's: the same status, or the same signal. Our stdin, stdout and stderr are
 * the program's: we point ours at /dev/null once it started, so that its pipes reach EOF when
 * it and its descendants are done, not when we are. */

#define MAX_PRIVATE  4
#define MAX_REPORTED 8
#define TERM_GRACE_MS 1000

typedef struct
{
  int         status_fd;
  int         grace_ms;
  int         zombie_ms;  /* 0: no watch for a stuck parent */
  const char *private_var[MAX_PRIVATE];
  char       *private_dir[MAX_PRIVATE];
  int         n_private;
  char      **argv;
} Options;

static int signal_fd = -1;

static void
say (const Options *o, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

/* Non-blocking: a status reader that went away or fell behind must not stop us. */
static void
say (const Options *o, const char *format, ...)
{
  char line[512];
  va_list args;
  int n;

  if (o->status_fd < 0)
    return;
  va_start (args, format);
  n = vsnprintf (line, sizeof line, format, args);
  va_end (args);
  if (n > 0 && write (o->status_fd, line, (size_t) n < sizeof line ? (size_t) n : sizeof line - 1)
      < 0)
    {
      /* nobody reads it any more */
    }
}

static long
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- descendants ------------------------------------------------------------------------- */

/* Appends pid's children to list (as read from /proc: only CONFIG_PROC_CHILDREN kernels have
 * it; without it we still end what is in our process group). */
static int
add_children (pid_t pid, pid_t *list, int n, int max)
{
  char path[64], buf[4096];
  ssize_t len;
  int fd;

  snprintf (path, sizeof path, "/proc/%d/task/%d/children", (int) pid, (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return n;
  len = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (len <= 0)
    return n;
  buf[len] = '\0';
  for (char *s = buf, *end; n < max; s = end)
    {
      long v = strtol (s, &end, 10);

      if (end == s)
        break;
      list[n++] = (pid_t) v;
    }
  return n;
}

static char
process_state (pid_t pid, char *name, size_t name_size)
{
  char path[64], buf[512], *open_paren, *close_paren;
  ssize_t len;
  int fd;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  len = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (len <= 0)
    return 0;
  buf[len] = '\0';
  open_paren = strchr (buf, '(');
  close_paren = strrchr (buf, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren[1] == '\0')
    return 0;
  if (name != NULL)
    snprintf (name, name_size, "%.*s", (int) (close_paren - open_paren - 1), open_paren + 1);
  return close_paren[2];
}

/* Every live (not zombie) descendant, breadth first; returns how many. */
static int
list_descendants (pid_t *list, int max)
{
  pid_t all[4096];
  int n_all = add_children (getpid (), all, 0, 4096), n = 0;

  for (int i = 0; i < n_all; i++)
    n_all = add_children (all[i], all, n_all, 4096);
  for (int i = 0; i < n_all && n < max; i++)
    {
      char state = process_state (all[i], NULL, 0);

      if (state != 0 && state != 'Z' && state != 'X')
        list[n++] = all[i];
    }
  return n;
}

static void
reap_all (void)
{
  struct signalfd_siginfo info;

  while (read (signal_fd, &info, sizeof info) > 0)
    ;
  while (waitpid (-1, NULL, WNOHANG) > 0)
    ;
}

/* The first zombie descendant seen, and since when: one is enough to tell a stuck parent. */
typedef struct
{
  pid_t pid;
  long  since_ms;
} ZombieWatch;

/* TRUE when a descendant has stayed a zombie for o->zombie_ms; names it on the status fd. */
static int
zombie_overdue (const Options *o, ZombieWatch *watch)
{
  pid_t all[4096];
  int n_all = add_children (getpid (), all, 0, 4096);
  char name[64] = "?";

  for (int i = 0; i < n_all; i++)
    n_all = add_children (all[i], all, n_all, 4096);
  for (int i = 0; i < n_all; i++)
    if (process_state (all[i], name, sizeof name) == 'Z')
      {
        if (watch->pid != all[i])
          *watch = (ZombieWatch) { all[i], now_ms () };
        else if (now_ms () - watch->since_ms >= o->zombie_ms)
          {
            say (o, "stuck %d %s\n", (int) all[i], name);
            return 1;
          }
        return 0;
      }
  watch->pid = 0;
  return 0;
}

/* Waits up to ms for every descendant to end; TRUE when none is left. */
static int
wait_descendants (long ms)
{
  long end = now_ms () + ms;
  pid_t list[1];

  for (;;)
    {
      struct pollfd pfd = { signal_fd, POLLIN, 0 };
      long left;

      reap_all ();
      if (list_descendants (list, 1) == 0)
        return 1;
      left = end - now_ms ();
      if (left <= 0)
        return 0;
      /* a descendant that is not our child ends without a SIGCHLD to us: look again soon */
      poll (&pfd, 1, left < 20 ? (int) left : 20);
    }
}

static void
signal_descendants (int sig)
{
  pid_t list[4096];
  int n = list_descendants (list, 4096);

  /* our group too, when it is ours, for a kernel without /proc's children lists; never
   * SIGKILL there, which would reach us */
  if (sig != SIGKILL && getpgrp () == getpid ())
    kill (-getpid (), sig);
  for (int i = 0; i < n; i++)
    kill (list[i], sig);
}

/* Names what is still running, then ends it: SIGTERM, a second, SIGKILL until none is left. */
static void
end_descendants (const Options *o, int report)
{
  pid_t list[MAX_REPORTED];
  int n = list_descendants (list, MAX_REPORTED);

  for (int i = 0; i < n && report; i++)
    {
      char name[64] = "?";

      process_state (list[i], name, sizeof name);
      say (o, "left %d %s\n", (int) list[i], name);
    }
  if (n == 0)
    return;
  signal_descendants (SIGTERM);
  if (wait_descendants (TERM_GRACE_MS))
    return;
  /* a fork bomb may add processes while we kill: a bounded number of rounds */
  for (int round = 0; round < 50; round++)
    {
      signal_descendants (SIGKILL);
      if (wait_descendants (20))
        return;
    }
}

/* After the program ended: what it left running gets grace_ms, then is named and ended. */
static void
follow_leftovers (const Options *o)
{
  long start = now_ms ();
  pid_t list[1];

  reap_all ();
  if (list_descendants (list, 1) == 0)
    return;
  if (wait_descendants (o->grace_ms))
    say (o, "waited %ld\n", now_ms () - start);
  else
    end_descendants (o, 1);
}

/* ---- the private directories ------------------------------------------------------------- */

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  remove (path);
  return 0;
}

static void
remove_private_dirs (Options *o)
{
  for (int i = 0; i < o->n_private; i++)
    if (o->private_dir[i] != NULL)
      nftw (o->private_dir[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int
make_private_dirs (Options *o)
{
  for (int i = 0; i < o->n_private; i++)
    {
      char *template = malloc (strlen (o->private_dir[i]) + 32);

      sprintf (template, "%s/cs-%d-XXXXXX", o->private_dir[i], (int) getpid ());
      free (o->private_dir[i]);
      o->private_dir[i] = mkdtemp (template);
      if (o->private_dir[i] == NULL)
        {
          int saved = errno;

          *strrchr (template, '/') = '\0';
          fprintf (stderr, "corescope-reaper: cannot make a folder in %s: %s\n", template,
                   strerror (saved));
          free (template);
          remove_private_dirs (o);
          return 0;
        }
      setenv (o->private_var[i], o->private_dir[i], 1);
    }
  return 1;
}

/* ---- starting and following the program -------------------------------------------------- */

static int
parse_options (int argc, char **argv, Options *o)
{
  int i;

  o->status_fd = -1;
  o->grace_ms = 200;
  for (i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      char *eq;

      if (strncmp (argv[i], "--status-fd=", 12) == 0)
        o->status_fd = atoi (argv[i] + 12);
      else if (strncmp (argv[i], "--grace-ms=", 11) == 0)
        o->grace_ms = atoi (argv[i] + 11);
      else if (strncmp (argv[i], "--zombie-deadline-ms=", 21) == 0)
        o->zombie_ms = atoi (argv[i] + 21);
      else if (strncmp (argv[i], "--private-dir=", 14) == 0 && o->n_private < MAX_PRIVATE
               && (eq = strchr (argv[i] + 14, '=')) != NULL)
        {
          o->private_var[o->n_private] = strndup (argv[i] + 14, eq - (argv[i] + 14));
          o->private_dir[o->n_private++] = strdup (eq + 1);
        }
      else
        return 0;
    }
  if (i + 1 >= argc)
    return 0;
  o->argv = argv + i + 1;
  return 1;
}

static pid_t
start_program (const Options *o, const sigset_t *old_mask)
{
  pid_t pid = fork ();

  if (pid != 0)
    return pid;
  sigprocmask (SIG_SETMASK, old_mask, NULL);
  close (signal_fd);
  if (o->status_fd >= 0)
    close (o->status_fd);
  execvp (o->argv[0], o->argv);
  fprintf (stderr, "%s: %s\n", o->argv[0], strerror (errno));
  _exit (127);
}

static void
detach_stdio (void)
{
  int null = open ("/dev/null", O_RDWR | O_CLOEXEC);

  for (int fd = 0; fd < 3 && null >= 0; fd++)
    dup2 (null, fd);
  if (null > 2)
    close (null);
}

/* Follows the program until it ends (its wait status) or until we must stop it (-1). */
static int
follow_program (const Options *o, pid_t child)
{
  ZombieWatch watch = { 0, 0 };

  for (;;)
    {
      struct pollfd fds[2] = { { signal_fd, POLLIN, 0 }, { o->status_fd, 0, 0 } };
      struct signalfd_siginfo info;
      int status;
      pid_t pid;

      if (poll (fds, o->status_fd >= 0 ? 2 : 1, o->zombie_ms > 0 ? 250 : -1) < 0
          && errno != EINTR)
        return -1;
      if (o->zombie_ms > 0 && zombie_overdue (o, &watch))
        return -1;
      if (fds[1].revents & (POLLERR | POLLHUP))
        return -1; /* Corescope is gone */
      while (read (signal_fd, &info, sizeof info) > 0)
        if (info.ssi_signo != SIGCHLD)
          return -1;
      while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
        if (pid == child)
          return status;
    }
}

/* Gives the program up to ms to end after SIGTERM (the Python driver stops its pools and
 * multiprocessing's resource tracker, which unlinks its semaphores). */
static void
wait_program (pid_t child, long ms)
{
  long end = now_ms () + ms;

  for (reap_all (); kill (child, 0) == 0 && now_ms () < end; reap_all ())
    {
      struct pollfd pfd = { signal_fd, POLLIN, 0 };

      poll (&pfd, 1, 20);
    }
}

/* Exits as the program did: the same status, or the same signal (without a core of ours). */
static void
exit_like (int status)
{
  struct rlimit none = { 0, 0 };
  sigset_t all;

  if (!WIFSIGNALED (status))
    exit (WIFEXITED (status) ? WEXITSTATUS (status) : 1);
  setrlimit (RLIMIT_CORE, &none);
  signal (WTERMSIG (status), SIG_DFL);
  sigfillset (&all);
  sigprocmask (SIG_UNBLOCK, &all, NULL);
  raise (WTERMSIG (status));
  exit (128 + WTERMSIG (status));
}

int
main (int argc, char **argv)
{
  Options o = { 0 };
  sigset_t mask, old_mask;
  pid_t child;
  int status;

  if (!parse_options (argc, argv, &o))
    {
      fprintf (stderr, "corescope-reaper: started by Corescope, not by hand\n");
      return 2;
    }
  if (o.status_fd >= 0)
    {
      fcntl (o.status_fd, F_SETFD, FD_CLOEXEC);
      fcntl (o.status_fd, F_SETFL, O_NONBLOCK);
    }
  setpgid (0, 0); /* a group of our own, if our parent did not give us one already */
  prctl (PR_SET_CHILD_SUBREAPER, 1);
  sigemptyset (&mask);
  sigaddset (&mask, SIGCHLD);
  sigaddset (&mask, SIGTERM);
  sigaddset (&mask, SIGINT);
  sigaddset (&mask, SIGHUP);
  sigprocmask (SIG_BLOCK, &mask, &old_mask);
  signal_fd = signalfd (-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (!make_private_dirs (&o))
    return 127;
  child = start_program (&o, &old_mask);
  if (child < 0)
    {
      int saved = errno;

      fprintf (stderr, "%s: cannot start: %s%s\n", o.argv[0], strerror (saved),
               saved == EAGAIN ? " (EAGAIN: the process limit, ulimit -u?)" : "");
      remove_private_dirs (&o);
      say (&o, "exit %d\n", 127 << 8);
      return 127;
    }
  detach_stdio ();
  status = follow_program (&o, child);
  if (status == -1)
    {
      /* stopped from outside: the program first, politely, then the rest */
      kill (child, SIGTERM);
      wait_program (child, TERM_GRACE_MS);
      end_descendants (&o, 0);
      status = W_EXITCODE (0, SIGTERM);
    }
  else
    follow_leftovers (&o);
  remove_private_dirs (&o);
  say (&o, "exit %d\n", status);
  exit_like (status);
  return 1;
}
