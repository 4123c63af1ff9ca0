/* cs-wl-http-fetch.c: workers fetch URLs from a small HTTP server on the loopback interface
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

#define PORT_KEY "CS_HTTP_FETCH_PORT"

/* The server: one thread, one poll() loop, listening on 127.0.0.1 only. It runs in the
 * process that prepares the sweep (threads of every mode, and worker processes, connect to it
 * over loopback) and never forks. Each connection reads a request "GET /<n>", waits for the
 * configured delay without blocking the others (a timer per connection, like a slow backend),
 * then writes a deterministic body for <n> and closes: HTTP/1.0, no keep-alive. */
typedef enum { CONN_READING, CONN_WAITING, CONN_WRITING } ConnState;

typedef struct
{
  int        fd;
  ConnState  state;
  char       request[1024];
  gsize      request_len;
  gint64     due_us;
  GByteArray *response;
  gsize      sent;
} Conn;

typedef struct
{
  int        listen_fd;
  int        wake[2];     /* a write to wake[1] stops the server */
  guint16    port;
  gint64     delay_us;
  gsize      body_size;
  GPtrArray *conns;
  GThread   *thread;
} Server;

typedef struct
{
  guint16  port;
  gsize    body_size;
  Server  *server;        /* parent side only */
} HttpFetch;

static const CsParamSpec params[] = {
  { "requests", CS_PARAM_INT, "48", 1, 1000000, N_("requests"), N_("Requests"),
    N_("URLs fetched in one run; each is one task.") },
  { "delay", CS_PARAM_DURATION, "10ms", 0, 10.0, "ms", N_("Server delay"),
    N_("How long the server waits before answering each request (the network and backend "
       "latency).") },
  { "body-size", CS_PARAM_SIZE, "16KiB", 0, 67108864.0, "KiB", N_("Response size"),
    N_("Bytes in each response body.") },
};

/* Byte i of the body for request n: the client recomputes nothing, it hashes what it got, and
 * the checksum comparison across runs catches a wrong or short body. */
static guint8
body_byte (guint64 n, gsize i)
{
  return (guint8) ((n * 131 + i * 7 + (i >> 8)) & 0xff);
}

static void
conn_free (Conn *conn)
{
  close (conn->fd);
  if (conn->response != NULL)
    g_byte_array_unref (conn->response);
  g_free (conn);
}

static void
conn_build_response (Server *server, Conn *conn)
{
  guint64 n = 0;
  g_autofree char *header = NULL;

  sscanf (conn->request, "GET /%" G_GUINT64_FORMAT, &n);
  header = g_strdup_printf ("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                            server->body_size);
  conn->response = g_byte_array_sized_new (strlen (header) + server->body_size);
  g_byte_array_append (conn->response, (const guint8 *) header, strlen (header));
  g_byte_array_set_size (conn->response, strlen (header) + server->body_size);
  for (gsize i = 0; i < server->body_size; i++)
    conn->response->data[strlen (header) + i] = body_byte (n, i);
}

/* Returns FALSE when the connection is done (closed by the peer, an error, or fully sent). */
static gboolean
conn_step (Server *server, Conn *conn, gint64 now)
{
  ssize_t r;

  switch (conn->state)
    {
    case CONN_READING:
      r = recv (conn->fd, conn->request + conn->request_len,
                sizeof conn->request - 1 - conn->request_len, 0);
      if (r <= 0)
        return r < 0 && (errno == EAGAIN || errno == EINTR);
      conn->request_len += r;
      conn->request[conn->request_len] = '\0';
      if (strstr (conn->request, "\r\n\r\n") != NULL
          || conn->request_len == sizeof conn->request - 1)
        {
          conn->state = CONN_WAITING;
          conn->due_us = now + server->delay_us;
        }
      return TRUE;
    case CONN_WAITING:
      if (now < conn->due_us)
        return TRUE;
      conn_build_response (server, conn);
      conn->state = CONN_WRITING;
      G_GNUC_FALLTHROUGH;
    case CONN_WRITING:
      r = send (conn->fd, conn->response->data + conn->sent, conn->response->len - conn->sent,
                MSG_NOSIGNAL);
      if (r < 0)
        return errno == EAGAIN || errno == EINTR;
      conn->sent += r;
      return conn->sent < conn->response->len;
    default:
      g_assert_not_reached ();
    }
}

static void
server_accept (Server *server)
{
  int fd;

  while ((fd = accept4 (server->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)
    {
      Conn *conn = g_new0 (Conn, 1);

      conn->fd = fd;
      g_ptr_array_add (server->conns, conn);
    }
}

/* Poll timeout in ms: until the earliest delayed response is due. */
static int
server_timeout (Server *server, gint64 now)
{
  gint64 earliest = G_MAXINT64;

  for (guint i = 0; i < server->conns->len; i++)
    {
      Conn *conn = g_ptr_array_index (server->conns, i);

      if (conn->state == CONN_WAITING)
        earliest = MIN (earliest, conn->due_us);
    }
  if (earliest == G_MAXINT64)
    return -1;
  return earliest <= now ? 0 : (int) ((earliest - now + 999) / 1000);
}

/* The poll set: the wake pipe, the listening socket, then one entry per connection in the order
 * of server->conns. A connection waiting out its delay polls for nothing but a hang-up. */
static void
server_fill_pollfds (Server *server, GArray *fds)
{
  struct pollfd wake_pfd = { server->wake[0], POLLIN, 0 };
  struct pollfd listen_pfd = { server->listen_fd, POLLIN, 0 };

  g_array_set_size (fds, 0);
  g_array_append_val (fds, wake_pfd);
  g_array_append_val (fds, listen_pfd);
  for (guint i = 0; i < server->conns->len; i++)
    {
      Conn *conn = g_ptr_array_index (server->conns, i);
      struct pollfd c = { conn->fd, 0, 0 };

      if (conn->state != CONN_WAITING)
        c.events = conn->state == CONN_WRITING ? POLLOUT : POLLIN;
      g_array_append_val (fds, c);
    }
}

static gpointer
server_main (gpointer data)
{
  Server *server = data;
  g_autoptr(GArray) fds = g_array_new (FALSE, TRUE, sizeof (struct pollfd));

  for (;;)
    {
      struct pollfd *pfd;
      gint64 now = g_get_monotonic_time ();

      server_fill_pollfds (server, fds);
      if (poll ((struct pollfd *) fds->data, fds->len, server_timeout (server, now)) < 0
          && errno != EINTR)
        break;
      pfd = (struct pollfd *) fds->data;
      if (pfd[0].revents != 0)
        break;
      if (pfd[1].revents & POLLIN)
        server_accept (server);
      now = g_get_monotonic_time ();
      /* connections accepted just now are past the end of fds: served next round; going
       * backwards, remove_index_fast only moves entries already served */
      for (guint i = fds->len - 2; i-- > 0;)
        {
          Conn *conn = g_ptr_array_index (server->conns, i);

          if ((pfd[i + 2].revents || conn->state == CONN_WAITING) && !conn_step (server, conn, now))
            g_ptr_array_remove_index_fast (server->conns, i);
        }
    }
  return NULL;
}

static gboolean
server_listen (Server *server, GError **error)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0 };
  socklen_t len = sizeof addr;
  int one = 1;

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  server->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (server->listen_fd < 0
      || setsockopt (server->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
      || bind (server->listen_fd, (struct sockaddr *) &addr, sizeof addr) < 0
      || listen (server->listen_fd, 512) < 0
      || getsockname (server->listen_fd, (struct sockaddr *) &addr, &len) < 0)
    {
      int saved = errno;

      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_RESOURCES,
                   _("http-fetch: cannot listen on 127.0.0.1: %s"), g_strerror (saved));
      return FALSE;
    }
  server->port = ntohs (addr.sin_port);
  return TRUE;
}

static void
server_stop (Server *server)
{
  if (server->thread != NULL)
    {
      char byte = 'q';

      while (write (server->wake[1], &byte, 1) < 0 && errno == EINTR)
        ;
      g_thread_join (server->thread);
    }
  if (server->conns != NULL)
    g_ptr_array_unref (server->conns);
  if (server->listen_fd >= 0)
    close (server->listen_fd);
  if (server->wake[0] >= 0)
    close (server->wake[0]);
  if (server->wake[1] >= 0)
    close (server->wake[1]);
  g_free (server);
}

static Server *
server_start (double delay_s, gsize body_size, GError **error)
{
  Server *server = g_new0 (Server, 1);

  server->listen_fd = server->wake[0] = server->wake[1] = -1;
  server->delay_us = (gint64) (delay_s * 1e6);
  server->body_size = body_size;
  server->conns = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_free);
  if (!g_unix_open_pipe (server->wake, FD_CLOEXEC, error) || !server_listen (server, error))
    {
      server_stop (server);
      return NULL;
    }
  server->thread = g_thread_new ("cs-http-server", server_main, server);
  return server;
}

static void
http_free (HttpFetch *h)
{
  g_clear_pointer (&h->server, server_stop);
  g_free (h);
}

static gboolean
http_prepare (CsWorkload *wl, GError **error)
{
  HttpFetch *h = g_new0 (HttpFetch, 1);

  h->body_size = cs_params_get_size (wl->params, "body-size");
  h->server = server_start (cs_params_get_duration (wl->params, "delay"), h->body_size, error);
  if (h->server == NULL)
    {
      http_free (h);
      return FALSE;
    }
  h->port = h->server->port;
  g_clear_pointer ((HttpFetch **) &wl->priv, http_free);
  wl->priv = h;
  wl->n_tasks = cs_params_get_int (wl->params, "requests");
  _cs_wl_env_set_uint64 (wl, PORT_KEY, h->port);
  return TRUE;
}

static gboolean
http_attach (CsWorkload *wl, GError **error)
{
  guint64 port;
  HttpFetch *h;

  if (wl->priv != NULL)
    return TRUE;
  if (!_cs_wl_env_get_uint64 (wl, PORT_KEY, &port, error))
    return FALSE;
  h = g_new0 (HttpFetch, 1);
  h->port = (guint16) port;
  h->body_size = cs_params_get_size (wl->params, "body-size");
  wl->priv = h;
  return TRUE;
}

static gpointer
http_worker_new (CsWorkload *wl, guint worker_index, GError **error)
{
  const HttpFetch *h = wl->priv;

  /* the body plus room for the headers */
  return g_byte_array_sized_new (h->body_size + 1024);
}

static void
http_worker_free (CsWorkload *wl, gpointer scratch)
{
  g_byte_array_unref (scratch);
}

static gboolean
fetch_failed (guint64 task, const char *what, int err, GError **error)
{
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
               _("http-fetch: request %llu failed: %s: %s"), (unsigned long long) task, what,
               g_strerror (err));
  return FALSE;
}

/* Blocking socket calls, each with the GIL released as CPython's socket module does. */
static int
blocking_connect (CsTaskContext *ctx, guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int r;

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0)
    return -1;
  cs_task_begin_blocking (ctx);
  do
    r = connect (fd, (struct sockaddr *) &addr, sizeof addr);
  while (r < 0 && errno == EINTR);
  cs_task_end_blocking (ctx);
  if (r < 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return -1;
    }
  return fd;
}

static gboolean
blocking_send_all (CsTaskContext *ctx, int fd, const char *data, gsize len)
{
  gsize sent = 0;

  while (sent < len)
    {
      ssize_t r;

      cs_task_begin_blocking (ctx);
      r = send (fd, data + sent, len - sent, MSG_NOSIGNAL);
      cs_task_end_blocking (ctx);
      if (r < 0 && errno != EINTR)
        return FALSE;
      sent += MAX (r, 0);
    }
  return TRUE;
}

/* Reads until the server closes. Waits in slices of 100 ms so that a cancelled run stops. */
static gboolean
blocking_recv_all (CsTaskContext *ctx, int fd, GByteArray *buf)
{
  g_byte_array_set_size (buf, 0);
  for (;;)
    {
      guint8 chunk[16384];
      struct pollfd pfd = { fd, POLLIN, 0 };
      ssize_t r = 0;
      int ready;

      cs_task_begin_blocking (ctx);
      ready = poll (&pfd, 1, 100);
      if (ready > 0)
        r = recv (fd, chunk, sizeof chunk, 0);
      cs_task_end_blocking (ctx);
      if (cs_task_is_cancelled (ctx))
        {
          errno = ECANCELED;
          return FALSE;
        }
      if (ready == 0 || (ready < 0 && errno == EINTR) || (r < 0 && errno == EINTR))
        continue;
      if (ready < 0 || r < 0)
        return FALSE;
      if (r == 0)
        return TRUE;
      g_byte_array_append (buf, chunk, r);
    }
}

/* Checks the status line and the length, and hashes the body (the "parsing" a scraper does,
 * with the GIL held). */
static gboolean
parse_response (const HttpFetch *h, CsTaskContext *ctx, guint64 task, GByteArray *buf,
                guint64 *checksum, GError **error)
{
  const char *data = (const char *) buf->data;
  const char *end = g_strstr_len (data, MIN (buf->len, 4096), "\r\n\r\n");
  gsize body_len, offset;
  guint64 hash = CS_WL_FNV_OFFSET;

  if (buf->len < 12 || strncmp (data, "HTTP/1.0 200", 12) != 0 || end == NULL)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
                   _("http-fetch: request %llu got a malformed response"),
                   (unsigned long long) task);
      return FALSE;
    }
  offset = end + 4 - data;
  body_len = buf->len - offset;
  if (body_len != h->body_size)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
                   _("http-fetch: request %llu got %llu bytes instead of %llu"),
                   (unsigned long long) task, (unsigned long long) body_len,
                   (unsigned long long) h->body_size);
      return FALSE;
    }
  for (gsize i = 0; i < body_len; i += 4096)
    {
      hash = _cs_wl_hash_bytes (hash, buf->data + offset + i, MIN (4096, body_len - i));
      cs_task_checkpoint (ctx);
    }
  *checksum = _cs_wl_mix (hash ^ task);
  return TRUE;
}

static gboolean
http_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
               CsTaskOutput *output, GError **error)
{
  const HttpFetch *h = wl->priv;
  GByteArray *buf = ctx->scratch;
  char request[128];
  gboolean ok;
  int fd;

  g_snprintf (request, sizeof request,
              "GET /%" G_GUINT64_FORMAT " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", task);
  fd = blocking_connect (ctx, h->port);
  if (fd < 0)
    return fetch_failed (task, "connect", errno, error);
  ok = blocking_send_all (ctx, fd, request, strlen (request));
  if (!ok)
    {
      int saved = errno;

      close (fd);
      return fetch_failed (task, "send", saved, error);
    }
  ok = blocking_recv_all (ctx, fd, buf);
  if (!ok)
    {
      int saved = errno;

      close (fd);
      return fetch_failed (task, "recv", saved, error);
    }
  close (fd);
  return parse_response (h, ctx, task, buf, &output->checksum, error);
}

static void
http_detach (CsWorkload *wl)
{
  if (wl->in_worker_process)
    g_clear_pointer ((HttpFetch **) &wl->priv, http_free);
}

static void
http_finish (CsWorkload *wl)
{
  g_clear_pointer ((HttpFetch **) &wl->priv, http_free);
}

const CsPreset cs_preset_http_fetch = {
  .name = "http-fetch",
  .title = N_("HTTP fetch: real sockets"),
  .summary = N_("Fetch URLs from a slow local web server"),
  .description = N_("Corescope starts a small HTTP server on 127.0.0.1 (never on an outside "
                    "interface) that answers each request after a configurable delay, like a "
                    "remote API or a web page. Every task opens a connection, sends a GET "
                    "request, reads the whole response and hashes the body, as a scraper "
                    "would. The time goes into waiting for the server, and blocking socket "
                    "calls release the GIL, so even GIL threads overlap their requests."),
  .expected = N_("All three modes speed up nearly linearly, well past the number of cores, "
                 "until the body size makes parsing the bottleneck; process mode pays its "
                 "start-up cost on top."),
  .icon_name = "network-transmit-receive-symbolic",
  .category = CS_CATEGORY_IO,
  .work_unit = N_("requests"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = http_prepare,
  .attach = http_attach,
  .worker_new = http_worker_new,
  .worker_free = http_worker_free,
  .run_task = http_run_task,
  .detach = http_detach,
  .finish = http_finish,
};
