/* cs-mpi-worker.h: the parts of corescope-mpi-worker, one Open MPI job serving a sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <mpi.h>
#include <json-glib/json-glib.h>

#include "cs-perf-counters.h"
#include "cs-workload.h"

G_BEGIN_DECLS

/* Rank 0 reads requests (src/core/backends/DRIVERS.md) on stdin and broadcasts each one as a
 * command to every rank; every rank then takes part in it. */
typedef enum {
  CS_MPI_CMD_OPEN = 1,
  CS_MPI_CMD_RUN,
  CS_MPI_CMD_QUIT
} CsMpiCommand;

/* What one rank knows about itself and the job. */
typedef struct
{
  int       rank, size;
  MPI_Comm  node;          /* the ranks on this host (MPI_COMM_TYPE_SHARED) */
  int       node_rank;     /* 0: this host's leader (exports the topology, owns shared memory) */
  char     *hostname;
  char     *binding;       /* "HOST: PU 0-1", from hwloc_get_cpubind */
  char    **bindings;      /* rank 0 only: every rank's binding, in rank order */
  MPI_Comm *active;        /* [workers]: ranks 0..workers-1, created on first use */
  gboolean *active_made;   /* [workers]: the split was done (MPI_COMM_NULL outside it) */
  int       out_fd;        /* rank 0: the protocol's stdout; fd 1 itself goes to stderr */
  gboolean  serialized;    /* MPI_THREAD_SERIALIZED: both of rank 0's threads may call MPI */
  CsPerfCounters *perf;    /* this rank's threads, from before MPI_Init, always enabled */
} CsMpiJob;

/* The workload of the current `open`, rebuilt identically on every rank. */
typedef struct
{
  CsWorkload *wl;
  guint       chunk_size;
  gboolean    prepared;    /* the preset's prepare ran here: its parent-side state is ours */
  gboolean    attached;
  MPI_Win     shared_win;  /* per-host shared region (memory-stream), or MPI_WIN_NULL */
  /* the rank's worker state, made before its first pass (cs-mpi-pass.c) */
  gpointer    scratch;     /* ranks > 0: from worker_new */
  gboolean    has_scratch;
  struct _CsMpiLocal *local; /* rank 0: worker 0's thread */
} CsMpiWorkload;

/* cs-mpi-comm.c: waiting without spinning, errors, strings */
void      cs_mpi_wait_napping (MPI_Request *request);
gboolean  cs_mpi_agree (MPI_Comm comm, const char *local_error, char **first_error);
void      cs_mpi_bcast_string (char **str, int root, MPI_Comm comm);
char    **cs_mpi_gather_strings (const char *mine, MPI_Comm comm);

/* cs-mpi-open.c: which presets can run across hosts, and building the workload on each rank */
gboolean  cs_mpi_preset_supported (const char *name, const char **why_not);
void      cs_mpi_print_supported (void);
gboolean  cs_mpi_workload_open (CsMpiWorkload *self, JsonObject *request, const CsMpiJob *job,
                                GError **error);
void      cs_mpi_workload_close (CsMpiWorkload *self);

/* cs-mpi-info.c: what the ranks run on */
void      cs_mpi_job_describe_self (CsMpiJob *job);
JsonNode *cs_mpi_job_info (const CsMpiJob *job);
void      cs_mpi_job_clear (CsMpiJob *job);

/* cs-mpi-pass.c: one timed pass over ranks 0..workers-1; rank 0 gets the reply */
JsonNode *cs_mpi_run_pass (CsMpiJob *job, CsMpiWorkload *workload, int workers);
/* Frees the rank's worker state (joins worker 0's thread); before the workload is closed. */
void      cs_mpi_pass_release (CsMpiWorkload *workload);
JsonNode *cs_mpi_error_reply (const char *message);

G_END_DECLS
