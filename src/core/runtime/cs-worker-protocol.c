/* cs-worker-protocol.c: framing and encoding of the messages between the pool and its workers
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cs-worker-protocol.h"

void
cs_wire_begin (CsWireWriter *w, GByteArray *buf, CsMessageType type)
{
  CsFrameHeader header = { type, 0 };

  w->buf = buf;
  w->frame_start = buf->len;
  w->overflow = FALSE;
  g_byte_array_append (buf, (const guint8 *) &header, sizeof header);
}

void
cs_wire_put_u32 (CsWireWriter *w, guint32 v)
{
  g_byte_array_append (w->buf, (const guint8 *) &v, sizeof v);
}

void
cs_wire_put_u64 (CsWireWriter *w, guint64 v)
{
  g_byte_array_append (w->buf, (const guint8 *) &v, sizeof v);
}

void
cs_wire_put_bytes (CsWireWriter *w, const void *data, gsize size)
{
  if (w->overflow || size > CS_WIRE_MAX_FRAME
      || w->buf->len - w->frame_start + size > CS_WIRE_MAX_FRAME)
    {
      w->overflow = TRUE;
      return;
    }
  cs_wire_put_u32 (w, (guint32) size);
  if (size > 0)
    g_byte_array_append (w->buf, data, (guint) size);
}

void
cs_wire_put_string (CsWireWriter *w, const char *str)
{
  cs_wire_put_bytes (w, str, strlen (str));
}

gboolean
cs_wire_end (CsWireWriter *w)
{
  gsize length = w->buf->len - w->frame_start - sizeof (CsFrameHeader);
  guint32 length32 = (guint32) length;

  if (w->overflow || length > CS_WIRE_MAX_FRAME)
    {
      g_byte_array_set_size (w->buf, w->frame_start);
      return FALSE;
    }
  /* Frames follow each other unaligned in the buffer: copy, never store through a cast. */
  memcpy (w->buf->data + w->frame_start + G_STRUCT_OFFSET (CsFrameHeader, length), &length32,
          sizeof length32);
  return TRUE;
}

void
cs_wire_reader_init (CsWireReader *r, const guint8 *data, gsize size)
{
  r->data = data;
  r->size = size;
  r->pos = 0;
  r->failed = FALSE;
}

static gboolean
take (CsWireReader *r, gsize n, const guint8 **out)
{
  if (r->failed || r->size - r->pos < n)
    {
      r->failed = TRUE;
      return FALSE;
    }
  *out = r->data + r->pos;
  r->pos += n;
  return TRUE;
}

gboolean
cs_wire_get_u32 (CsWireReader *r, guint32 *v)
{
  const guint8 *p;

  if (!take (r, sizeof *v, &p))
    return FALSE;
  memcpy (v, p, sizeof *v);
  return TRUE;
}

gboolean
cs_wire_get_u64 (CsWireReader *r, guint64 *v)
{
  const guint8 *p;

  if (!take (r, sizeof *v, &p))
    return FALSE;
  memcpy (v, p, sizeof *v);
  return TRUE;
}

gboolean
cs_wire_get_bytes (CsWireReader *r, const guint8 **data, gsize *size)
{
  guint32 n;

  if (!cs_wire_get_u32 (r, &n) || !take (r, n, data))
    return FALSE;
  *size = n;
  return TRUE;
}

gboolean
cs_wire_get_string (CsWireReader *r, char **str)
{
  const guint8 *data;
  gsize size;

  if (!cs_wire_get_bytes (r, &data, &size))
    return FALSE;
  if (memchr (data, '\0', size) != NULL)
    {
      r->failed = TRUE;
      return FALSE;
    }
  *str = g_strndup ((const char *) data, size);
  return TRUE;
}

gboolean
cs_wire_reader_done (const CsWireReader *r)
{
  return !r->failed && r->pos == r->size;
}

gboolean
cs_forkserver_send_fds (int sock, const CsForkserverPacket *packet, const int *fds, int n_fds)
{
  union {
    char buf[CMSG_SPACE (2 * sizeof (int))];
    struct cmsghdr align;
  } control = { { 0 } };
  struct iovec iov = { (gpointer) packet, sizeof *packet };
  struct msghdr msg = { 0 };
  struct cmsghdr *c;
  ssize_t n;

  g_return_val_if_fail (n_fds >= 1 && n_fds <= 2, FALSE);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = CMSG_SPACE (n_fds * sizeof (int));
  c = CMSG_FIRSTHDR (&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (n_fds * sizeof (int));
  memcpy (CMSG_DATA (c), fds, n_fds * sizeof (int));
  do
    n = sendmsg (sock, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n == sizeof *packet;
}

gboolean
cs_wire_write_all (int fd, const void *data, gsize size)
{
  const guint8 *p = data;

  while (size > 0)
    {
      ssize_t n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= (gsize) n;
    }
  return TRUE;
}

static gboolean
read_exact (int fd, void *data, gsize size)
{
  guint8 *p = data;

  while (size > 0)
    {
      ssize_t n = read (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0)
        errno = 0;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= (gsize) n;
    }
  return TRUE;
}

gboolean
cs_wire_read_frame (int fd, CsFrameHeader *header, GByteArray *payload)
{
  if (!read_exact (fd, header, sizeof *header))
    return FALSE;
  if (header->length > CS_WIRE_MAX_FRAME)
    {
      errno = EPROTO;
      return FALSE;
    }
  g_byte_array_set_size (payload, header->length);
  if (!read_exact (fd, payload->data, header->length))
    {
      if (errno == 0)
        errno = EPROTO; /* EOF inside a frame */
      return FALSE;
    }
  return TRUE;
}

/* Whole messages */

void
cs_worker_setup_clear (CsWorkerSetup *setup)
{
  g_clear_pointer (&setup->preset, g_free);
  g_clear_pointer (&setup->params, g_strfreev);
  g_clear_pointer (&setup->env_keys, g_strfreev);
  g_clear_pointer (&setup->env_values, g_strfreev);
  g_clear_pointer (&setup->pus, g_free);
  g_clear_pointer (&setup->fault, g_free);
}

static void
put_strv (CsWireWriter *w, char *const *strv)
{
  guint n = strv != NULL ? g_strv_length ((char **) strv) : 0;

  cs_wire_put_u32 (w, n);
  for (guint i = 0; i < n; i++)
    cs_wire_put_string (w, strv[i]);
}

static gboolean
get_strv (CsWireReader *r, char ***out)
{
  guint32 n;
  g_autoptr(GPtrArray) strv = g_ptr_array_new_with_free_func (g_free);

  if (!cs_wire_get_u32 (r, &n) || n > r->size)
    return (r->failed = TRUE, FALSE);
  for (guint32 i = 0; i < n; i++)
    {
      char *str;

      if (!cs_wire_get_string (r, &str))
        return FALSE;
      g_ptr_array_add (strv, str);
    }
  g_ptr_array_add (strv, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&strv), FALSE);
  return TRUE;
}

void
cs_wire_put_setup (GByteArray *buf, const CsWorkerSetup *setup)
{
  CsWireWriter w;
  guint64 units_bits;

  memcpy (&units_bits, &setup->units_per_task, sizeof units_bits);
  cs_wire_begin (&w, buf, CS_MSG_SETUP);
  cs_wire_put_string (&w, setup->preset);
  put_strv (&w, setup->params);
  cs_wire_put_u32 (&w, setup->scaling);
  cs_wire_put_u32 (&w, setup->n_workers);
  cs_wire_put_u64 (&w, setup->n_tasks);
  cs_wire_put_u64 (&w, units_bits);
  cs_wire_put_u32 (&w, setup->worker_index);
  put_strv (&w, setup->env_keys);
  put_strv (&w, setup->env_values);
  cs_wire_put_u64 (&w, setup->shared_size);
  cs_wire_put_bytes (&w, setup->pus, setup->n_pus * sizeof (guint32));
  cs_wire_put_string (&w, setup->fault != NULL ? setup->fault : "");
  cs_wire_end (&w);
}

gboolean
cs_wire_get_setup (CsWireReader *r, CsWorkerSetup *setup)
{
  guint64 units_bits = 0;
  const guint8 *pus = NULL;
  gsize pus_size = 0;

  memset (setup, 0, sizeof *setup);
  if (!cs_wire_get_string (r, &setup->preset) || !get_strv (r, &setup->params)
      || !cs_wire_get_u32 (r, &setup->scaling) || !cs_wire_get_u32 (r, &setup->n_workers)
      || !cs_wire_get_u64 (r, &setup->n_tasks) || !cs_wire_get_u64 (r, &units_bits)
      || !cs_wire_get_u32 (r, &setup->worker_index) || !get_strv (r, &setup->env_keys)
      || !get_strv (r, &setup->env_values) || !cs_wire_get_u64 (r, &setup->shared_size)
      || !cs_wire_get_bytes (r, &pus, &pus_size) || !cs_wire_get_string (r, &setup->fault)
      || !cs_wire_reader_done (r) || pus_size % sizeof (guint32) != 0
      || g_strv_length (setup->env_keys) != g_strv_length (setup->env_values))
    {
      cs_worker_setup_clear (setup);
      return FALSE;
    }
  memcpy (&setup->units_per_task, &units_bits, sizeof units_bits);
  setup->n_pus = (guint32) (pus_size / sizeof (guint32));
  setup->pus = g_memdup2 (pus, pus_size);
  return TRUE;
}

void
cs_wire_put_stats (GByteArray *buf, const CsWorkerStats *stats)
{
  CsWireWriter w;

  cs_wire_begin (&w, buf, CS_MSG_STATS);
  cs_wire_put_u64 (&w, stats->checksum);
  cs_wire_put_u64 (&w, stats->tasks);
  cs_wire_put_u64 (&w, stats->user_us);
  cs_wire_put_u64 (&w, stats->sys_us);
  cs_wire_put_u64 (&w, stats->voluntary_cs);
  cs_wire_put_u64 (&w, stats->involuntary_cs);
  cs_wire_put_u64 (&w, stats->max_rss_kb);
  cs_wire_end (&w);
}

gboolean
cs_wire_get_stats (CsWireReader *r, CsWorkerStats *stats)
{
  return cs_wire_get_u64 (r, &stats->checksum) && cs_wire_get_u64 (r, &stats->tasks)
         && cs_wire_get_u64 (r, &stats->user_us) && cs_wire_get_u64 (r, &stats->sys_us)
         && cs_wire_get_u64 (r, &stats->voluntary_cs)
         && cs_wire_get_u64 (r, &stats->involuntary_cs)
         && cs_wire_get_u64 (r, &stats->max_rss_kb) && cs_wire_reader_done (r);
}
