/* cs-worker-protocol.h: the wire format between the process pool and corescope-worker
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fork server's control socket (an AF_UNIX SOCK_SEQPACKET pair: one packet per message,
 * and file descriptors ride along with SCM_RIGHTS) is at CS_FORKSERVER_CONTROL_FD in the
 * server. The parent sends CS_FS_FORK with the worker's end of its channel (and the shared
 * memfd, if any) attached; the server forks, answers CS_FS_FORKED with the pid (or CS_FS_FAILED
 * with an errno), and reports every child it reaps with CS_FS_EXITED (the wait status), since
 * only the server, the workers' real parent, can waitpid() them. */
#define CS_FORKSERVER_CONTROL_FD 3

typedef enum {
  CS_FS_HELLO = 0x5ca1,    /* server -> parent, once: it is up */
  CS_FS_FORK,              /* parent -> server, with 1 or 2 fds */
  CS_FS_FORKED,            /* server -> parent: pid */
  CS_FS_FAILED,            /* server -> parent: error = errno */
  CS_FS_EXITED             /* server -> parent: pid, status (as from waitpid) */
} CsForkserverMessage;

typedef struct
{
  guint32 type;
  gint32  pid;
  gint32  status;
  gint32  error;
} CsForkserverPacket;

/* Sends packet on a SOCK_SEQPACKET socket with n_fds (1 or 2) descriptors attached; FALSE when
 * the peer is gone. The server also hands a request's descriptors on to its spare this way. */
gboolean cs_forkserver_send_fds (int sock, const CsForkserverPacket *packet, const int *fds,
                                 int n_fds);

/* Every worker talks to the parent over one AF_UNIX stream socketpair, which the worker finds
 * at CS_WORKER_CHANNEL_FD; the workload's shared region (a memfd), when there is one, is at
 * CS_WORKER_SHARED_FD. Both are put there by posix_spawn file actions (spawn) or by the fork
 * server's child (forkserver), so the worker code is the same for both start methods.
 *
 * A message is a frame: a CsFrameHeader in host byte order (both ends run on the same machine,
 * the same build) followed by `length` bytes of payload made of the fixed-size integers,
 * strings (u32 length + bytes, no NUL) and byte blocks (u32 length + bytes) written by
 * CsWireWriter. A receiver checks every length against what it actually got, so a corrupted or
 * hostile stream is reported as a malformed message instead of being trusted. */
#define CS_WORKER_CHANNEL_FD 3
#define CS_WORKER_SHARED_FD  4
/* Largest frame: lengths are 32-bit. The parent never allocates ahead of the bytes it has
 * received, so a garbage length costs nothing but the malformed-message error it earns. */
#define CS_WIRE_MAX_FRAME    ((guint32) G_MAXINT32)

typedef enum {
  /* parent -> worker */
  CS_MSG_SETUP = 0x5c01,   /* workload description, index, placement, test fault */
  CS_MSG_TASKS,            /* a chunk: u32 n, then n x (u64 task, bytes input) */
  CS_MSG_END_PASS,         /* report CS_MSG_STATS for the pass */
  CS_MSG_EXIT,             /* free the workload and exit 0 */
  /* worker -> parent */
  CS_MSG_READY = 0x5c81,   /* set-up done: the worker waits for tasks */
  CS_MSG_RESULTS,          /* a chunk done: u32 n, then n x (u64 task, bytes output) */
  CS_MSG_STATS,            /* CsWorkerStats fields, in order, as u64 */
  CS_MSG_ERROR             /* string: why the worker gives up (it exits after sending it) */
} CsMessageType;

typedef struct
{
  guint32 type;
  guint32 length;
} CsFrameHeader;

/* What a worker reports at the end of a pass; resource figures are deltas since its previous
 * report (or since it was ready), except max_rss_kb which is the process's peak. */
typedef struct
{
  guint64 checksum;        /* wrapping sum of the task checksums */
  guint64 tasks;
  guint64 user_us, sys_us;
  guint64 voluntary_cs, involuntary_cs;
  guint64 max_rss_kb;
} CsWorkerStats;

/* CS_MSG_SETUP: everything a worker needs to rebuild the workload the parent prepared. */
typedef struct
{
  char    *preset;         /* registry name */
  char   **params;         /* "name=value", every parameter */
  guint32  scaling;        /* CsScaling */
  guint32  n_workers;
  guint64  n_tasks;        /* as set by the parent's prepare */
  double   units_per_task;
  guint32  worker_index;
  char   **env_keys;       /* CsWorkload.env, as two parallel lists */
  char   **env_values;
  guint64  shared_size;    /* 0: no shared region (else it is at CS_WORKER_SHARED_FD) */
  guint32  n_pus;          /* placement: OS PU indexes; 0 = no binding */
  guint32 *pus;
  char    *fault;          /* test-only fault injection, "" for none (see cs-worker-main.c) */
} CsWorkerSetup;

void     cs_worker_setup_clear (CsWorkerSetup *setup);

/* Building a frame: the header is patched when the frame is finished. */
typedef struct
{
  GByteArray *buf;
  guint       frame_start;
  gboolean    overflow;
} CsWireWriter;

void     cs_wire_begin (CsWireWriter *w, GByteArray *buf, CsMessageType type);
void     cs_wire_put_u32 (CsWireWriter *w, guint32 v);
void     cs_wire_put_u64 (CsWireWriter *w, guint64 v);
void     cs_wire_put_bytes (CsWireWriter *w, const void *data, gsize size);
void     cs_wire_put_string (CsWireWriter *w, const char *str);
/* FALSE when the frame would exceed CS_WIRE_MAX_FRAME: it is then removed from the buffer. */
gboolean cs_wire_end (CsWireWriter *w);

/* Reading a frame's payload. Each getter returns FALSE (and leaves the reader failed) when the
 * payload is too short; byte blocks and strings point into the payload (strings are copied
 * because they need a NUL). */
typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
  gboolean      failed;
} CsWireReader;

void     cs_wire_reader_init (CsWireReader *r, const guint8 *data, gsize size);
gboolean cs_wire_get_u32 (CsWireReader *r, guint32 *v);
gboolean cs_wire_get_u64 (CsWireReader *r, guint64 *v);
gboolean cs_wire_get_bytes (CsWireReader *r, const guint8 **data, gsize *size);
gboolean cs_wire_get_string (CsWireReader *r, char **str);
/* TRUE when everything was read and nothing failed. */
gboolean cs_wire_reader_done (const CsWireReader *r);

/* Whole CS_MSG_SETUP / CS_MSG_STATS frames. */
void     cs_wire_put_setup (GByteArray *buf, const CsWorkerSetup *setup);
gboolean cs_wire_get_setup (CsWireReader *r, CsWorkerSetup *setup);
void     cs_wire_put_stats (GByteArray *buf, const CsWorkerStats *stats);
gboolean cs_wire_get_stats (CsWireReader *r, CsWorkerStats *stats);

/* Blocking helpers for the worker side: whole frames, retrying on EINTR. read returns FALSE on
 * EOF or error (errno says which: 0 for a clean EOF between frames). */
gboolean cs_wire_write_all (int fd, const void *data, gsize size);
gboolean cs_wire_read_frame (int fd, CsFrameHeader *header, GByteArray *payload);

G_END_DECLS
