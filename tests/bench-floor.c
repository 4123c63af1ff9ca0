/* bench-floor.c: the OS floors bench-harness compares Corescope's start-up costs with
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* libc only, no GLib, so that it is as small as a dynamically linked C program can be (built
 * once more, statically, as bench-floor-static where corescope-worker is static: a smaller
 * process still, which bench-harness prints for information):
 *   bench-floor byte        writes one byte to fd 3 and exits: posix_spawn of it until that
 *                           byte arrives is what spawning any ready-to-talk program costs;
 *   bench-floor fork-server for every byte read on stdin, times fork() of itself, a child that
 *                           exits at once, and waitpid(), and writes the nanoseconds to stdout
 *                           (a uint64_t): fork+wait of a small process, the fork server's floor.
 * bench-harness drives the fork server one request at a time, between its own samples, so that
 * floors and figures are measured in the same minute under the same load. */

static uint64_t
now_ns (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

static uint64_t
fork_wait_ns (void)
{
  uint64_t t0 = now_ns ();
  pid_t pid = fork ();
  int status;

  if (pid == 0)
    _exit (0);
  if (pid > 0)
    waitpid (pid, &status, 0);
  return now_ns () - t0;
}

static int
serve_fork_requests (void)
{
  char request;

  while (read (STDIN_FILENO, &request, 1) == 1)
    {
      uint64_t ns = fork_wait_ns ();

      if (write (STDOUT_FILENO, &ns, sizeof ns) != sizeof ns)
        return 1;
    }
  return 0;
}

static int
is (const char *a, const char *b)
{
  while (*a != '\0' && *a == *b)
    a++, b++;
  return *a == *b;
}

int
main (int argc, char **argv)
{
  if (argc == 2 && is (argv[1], "byte"))
    return write (3, "", 1) == 1 ? 0 : 1;
  if (argc == 2 && is (argv[1], "fork-server"))
    return serve_fork_requests ();
  return 2;
}
