/* cs-mpi-comm.c: small MPI helpers: napping waits, agreeing on errors, moving strings
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-mpi-worker"

#include <string.h>
#include <time.h>

#include "cs-mpi-worker.h"

/* Open MPI's blocking calls poll at full speed (shared memory and TCP have no interrupts). A
 * rank that waits for the next request between passes, or sits a pass out, would then burn a
 * core for the whole sweep, and in a sweep that interleaves modes the thread and process
 * points next to it would measure that. So waits that may be long test a non-blocking request
 * and sleep in between, starting at NAP_MIN_NS and doubling up to NAP_MAX_NS: a few hundred
 * wake-ups a second when idle, and at most NAP_MAX_NS of extra latency where it is not timed. */
#define SPIN_TESTS 64
#define NAP_MIN_NS (20 * 1000)
#define NAP_MAX_NS (2 * 1000 * 1000)

void
cs_mpi_wait_napping (MPI_Request *request)
{
  long nap = NAP_MIN_NS;
  int done = 0;

  for (int i = 0; i < SPIN_TESTS && !done; i++)
    MPI_Test (request, &done, MPI_STATUS_IGNORE);
  while (!done)
    {
      struct timespec ts = { 0, nap };

      nanosleep (&ts, NULL);
      nap = MIN (nap * 2, NAP_MAX_NS);
      MPI_Test (request, &done, MPI_STATUS_IGNORE);
    }
}

/* Collective: the root's *str (NULL: "") replaces every other rank's. */
void
cs_mpi_bcast_string (char **str, int root, MPI_Comm comm)
{
  int rank;
  int len = 0;

  MPI_Comm_rank (comm, &rank);
  if (rank == root && *str == NULL)
    *str = g_strdup ("");
  if (rank == root)
    len = (int) strlen (*str);
  MPI_Bcast (&len, 1, MPI_INT, root, comm);
  if (rank != root)
    {
      g_free (*str);
      *str = g_malloc0 ((gsize) len + 1);
    }
  MPI_Bcast (*str, len, MPI_CHAR, root, comm);
}

/* Every rank of comm says whether it failed; all learn the first failing rank's message, so
 * that all take the same branch afterwards and rank 0 can name the culprit in its reply. */
gboolean
cs_mpi_agree (MPI_Comm comm, const char *local_error, char **first_error)
{
  int rank, size, mine, first;
  char *message = NULL;

  MPI_Comm_rank (comm, &rank);
  MPI_Comm_size (comm, &size);
  mine = local_error != NULL ? rank : size;
  MPI_Allreduce (&mine, &first, 1, MPI_INT, MPI_MIN, comm);
  if (first == size)
    return TRUE;
  if (rank == first)
    message = g_strdup (local_error);
  cs_mpi_bcast_string (&message, first, comm);
  if (first_error != NULL)
    *first_error = message;
  else
    g_free (message);
  return FALSE;
}

/* Rank 0 gets every rank's string, in rank order (a NULL-terminated vector); others NULL. */
char **
cs_mpi_gather_strings (const char *mine, MPI_Comm comm)
{
  int rank, size, len = (int) strlen (mine);
  g_autofree int *lens = NULL;
  g_autofree int *offsets = NULL;
  g_autofree char *all = NULL;
  char **strv;
  int total = 0;

  MPI_Comm_rank (comm, &rank);
  MPI_Comm_size (comm, &size);
  if (rank == 0)
    lens = g_new0 (int, size);
  MPI_Gather (&len, 1, MPI_INT, lens, 1, MPI_INT, 0, comm);
  if (rank == 0)
    {
      offsets = g_new0 (int, size);
      for (int i = 0; i < size; i++)
        {
          offsets[i] = total;
          total += lens[i];
        }
      all = g_malloc0 ((gsize) total + 1);
    }
  MPI_Gatherv (mine, len, MPI_CHAR, all, lens, offsets, MPI_CHAR, 0, comm);
  if (rank != 0)
    return NULL;
  strv = g_new0 (char *, (gsize) size + 1);
  for (int i = 0; i < size; i++)
    strv[i] = g_strndup (all + offsets[i], (gsize) lens[i]);
  return strv;
}
