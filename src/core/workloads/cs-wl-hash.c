/* cs-wl-hash.c: the "hash" preset: SHA-256 of large buffers, C code that releases the GIL
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"

/* Task t hashes, with SHA-256, its index as 8 little-endian bytes followed by the worker's
 * buffer of `size` bytes whose byte i is i % 251 (a prime, so no power-of-two period). The
 * checksum is the digest's first 8 bytes read big-endian. The digest is GLib's GChecksum here
 * and OpenSSL's through hashlib in the Python port: the same bytes, the same digest.
 *
 * CPython's hashlib lets go of the GIL while it hashes more than 2047 bytes (HASHLIB_GIL_MINSIZE),
 * so Python threads hash in parallel: what a C extension that releases the GIL gets. The C
 * kernel does what hashlib does: in gil mode, the update is a blocking call for the emulated
 * GIL. Every worker has its own buffer (threads included), so the memory a run holds grows by
 * `size` per worker in every mode: a known allocation the memory measurements are tested on.
 * The buffer is mapped and unmapped, not malloc'ed: glibc would keep a freed buffer of this size
 * in its heap after the first run, and the threads of the next run would reuse pages already
 * resident, which is no growth of the process. */

#define HASH_PERIOD 251
#define HASH_MIN_SIZE 4096 /* above hashlib's 2047 bytes, so the GIL is always released */

typedef struct
{
  guint8 *buffer;
  gsize   size;
} HashScratch;

static const CsParamSpec hash_params[] = {
  { "tasks", CS_PARAM_INT, "64", 1, 1000000, N_("tasks"), N_("Tasks"),
    N_("How many buffers the job hashes (strong scaling) or each worker hashes (weak)."),
    NULL },
  { "size", CS_PARAM_SIZE, "1MiB", HASH_MIN_SIZE, 256.0 * 1024 * 1024, NULL,
    N_("Buffer size"),
    N_("The bytes each task hashes; each worker holds a buffer this large. From 4 KiB: "
       "CPython's hashlib releases the GIL for more than 2047 bytes."), NULL },
};

static gboolean
hash_prepare (CsWorkload *wl, GError **error)
{
  wl->n_tasks = (guint64) cs_params_get_int (wl->params, "tasks");
  wl->units_per_task = 0;
  return TRUE;
}

static gpointer
hash_worker_new (CsWorkload *wl, guint worker_index, GError **error)
{
  HashScratch *s = g_new0 (HashScratch, 1);

  s->size = (gsize) cs_params_get_size (wl->params, "size");
  s->buffer = mmap (NULL, s->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (s->buffer == MAP_FAILED)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_RESOURCES,
                   _("hash: cannot map a buffer of %" G_GSIZE_FORMAT " bytes for worker %u"),
                   s->size, worker_index);
      g_free (s);
      return NULL;
    }
  for (gsize i = 0; i < s->size; i++)
    s->buffer[i] = (guint8) (i % HASH_PERIOD);
  return s;
}

static void
hash_worker_free (CsWorkload *wl, gpointer scratch)
{
  HashScratch *s = scratch;

  munmap (s->buffer, s->size);
  g_free (s);
}

static gboolean
hash_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
               CsTaskOutput *output, GError **error)
{
  const HashScratch *s = ctx->scratch;
  g_autoptr (GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 prefix[8], digest[32];
  gsize digest_len = sizeof digest;
  guint64 first = 0;

  for (guint i = 0; i < 8; i++)
    prefix[i] = (guint8) (task >> (8 * i));
  g_checksum_update (sha, prefix, sizeof prefix);
  cs_task_begin_blocking (ctx);
  g_checksum_update (sha, s->buffer, (gssize) s->size);
  cs_task_end_blocking (ctx);
  g_checksum_get_digest (sha, digest, &digest_len);
  for (guint i = 0; i < 8; i++)
    first = first << 8 | digest[i];
  output->checksum = first;
  return TRUE;
}

const CsPreset cs_preset_hash = {
  .name = "hash",
  .title = N_("Hash: SHA-256 of large buffers"),
  .summary = N_("C code that releases the GIL: Python threads hash in parallel."),
  .description = N_("Each task computes the SHA-256 digest of a buffer (1 MiB by default). "
                    "In Python this is hashlib, whose C code releases the global interpreter "
                    "lock while it hashes more than 2047 bytes, so Python threads run in "
                    "parallel: what any C extension that releases the GIL (hashlib, zlib, "
                    "NumPy) gets. The C modes compute the same digest with GLib."),
  .expected = N_("python-thread scales almost like python-process, unlike on the cpu "
                 "preset; thread, gil and process scale up to the number of cores. Threads "
                 "share one interpreter, so they hold less memory than processes."),
  .icon_name = "dialog-password-symbolic",
  .category = CS_CATEGORY_CPU,
  .work_unit = "tasks",
  .throughput_unit = NULL,
  .params = hash_params,
  .n_params = G_N_ELEMENTS (hash_params),
  .prepare = hash_prepare,
  .worker_new = hash_worker_new,
  .worker_free = hash_worker_free,
  .run_task = hash_run_task,
};
