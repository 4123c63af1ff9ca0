/* cs-wl-util.h: small helpers shared by the preset kernels
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-workload.h"

G_BEGIN_DECLS

/* A 64-bit mixer (splitmix64's finaliser): cheap, and every output bit depends on every input
 * bit, so checksums catch a single wrong value. */
static inline guint64
_cs_wl_mix (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

/* FNV-1a over bytes, for payloads and file contents. */
static inline guint64
_cs_wl_hash_bytes (guint64 h, const guint8 *data, gsize size)
{
  for (gsize i = 0; i < size; i++)
    h = (h ^ data[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  return h;
}

#define CS_WL_FNV_OFFSET G_GUINT64_CONSTANT (0xcbf29ce484222325)

/* Pure computation for a given number of iterations, with a GIL checkpoint every 1024
 * iterations (well under a microsecond apart). Returns a value that depends on every iteration,
 * so it can go into the checksum. */
guint64  _cs_wl_spin (CsTaskContext *ctx, guint64 iterations, guint64 seed);

/* Iterations of _cs_wl_spin() per second on this machine, measured once per process. Presets
 * that take a duration turn it into a fixed iteration count in prepare() and ship that count to
 * worker processes through wl->env, so every run of a sweep does the same work and gives the
 * same checksum whatever the load was while calibrating. */
double   _cs_wl_spin_rate (void);

/* Blocks for seconds in a real wait (poll) with the GIL released. Returns early, FALSE, when
 * the run is cancelled. */
gboolean _cs_wl_blocking_sleep (CsTaskContext *ctx, double seconds);

/* wl->env helpers: integers that prepare() computes and worker processes need. */
void     _cs_wl_env_set_uint64 (CsWorkload *wl, const char *key, guint64 value);
gboolean _cs_wl_env_get_uint64 (CsWorkload *wl, const char *key, guint64 *value,
                                GError **error);

/* Bytes of memory the kernel reports as available (MemAvailable); 0 if unknown. */
guint64  _cs_wl_available_memory (void);

G_END_DECLS
