/* cs-worker-serve.c: one pool worker: rebuild the workload, then run the chunks it is handed
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-worker"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cs-worker-protocol.h"
#include "cs-worker.h"
#include "cs-workload.h"

/* GLib's error domains only, not GIO's: the worker links GLib alone (see meson.build). */

struct _CsWorker
{
  CsWorkerSetup  setup;
  gboolean       setup_read;
  gboolean       built;           /* the workload's data, not yet its per-process state */
  GError        *error;           /* what went wrong in cs_worker_prepare, to report */
  CsWorkload    *wl;
  gboolean       attached;
  gpointer       scratch;
  CsTaskContext  ctx;
  gint           never_cancelled; /* the parent cancels a process worker by killing it */
  struct rusage  last_usage;
  CsWorkerStats  stats;
  GByteArray    *out;
  guint8        *input;           /* an aligned copy of the current task's input */
  gsize          input_alloc;
  gboolean       fault_armed;
};

static int
send_frame (CsWorker *self)
{
  gboolean ok = cs_wire_write_all (CS_WORKER_CHANNEL_FD, self->out->data, self->out->len);

  g_byte_array_set_size (self->out, 0);
  return ok ? 0 : -1;
}

/* Tells the parent why we give up; the exit status follows as the worker's own. */
static int
send_error (CsWorker *self, const char *message)
{
  CsWireWriter w;

  g_byte_array_set_size (self->out, 0); /* drops a half-built frame */
  cs_wire_begin (&w, self->out, CS_MSG_ERROR);
  cs_wire_put_string (&w, message);
  cs_wire_end (&w);
  send_frame (self);
  return 1;
}

static gboolean
map_shared (CsWorker *self, GError **error)
{
  CsWorkload *wl = self->wl;
  gpointer p;

  p = mmap (NULL, self->setup.shared_size, PROT_READ | PROT_WRITE, MAP_SHARED,
            CS_WORKER_SHARED_FD, 0);
  if (p == MAP_FAILED)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot map the shared region (%" G_GUINT64_FORMAT " bytes): %s",
                   self->setup.shared_size, g_strerror (saved));
      return FALSE;
    }
  wl->shared = p;
  wl->shared_size = self->setup.shared_size;
  wl->shared_fd = CS_WORKER_SHARED_FD;
  return TRUE;
}

/* The workload's data: what a fork server can build before it forks (no side effects). */
static gboolean
build_data (CsWorker *self, GError **error)
{
  const CsWorkerSetup *s = &self->setup;
  const CsPreset *preset = cs_presets_lookup (s->preset, error);
  g_autoptr(CsParams) params = NULL;

  if (preset == NULL)
    return FALSE;
  params = cs_params_new (preset);
  for (guint i = 0; s->params[i] != NULL; i++)
    if (!cs_params_parse_assignment (params, s->params[i], error))
      return FALSE;

  self->wl = cs_workload_new (params, (CsScaling) s->scaling, s->n_workers);
  self->wl->n_tasks = s->n_tasks;
  self->wl->units_per_task = s->units_per_task;
  self->wl->in_worker_process = TRUE;
  for (guint i = 0; s->env_keys[i] != NULL; i++)
    cs_workload_set_env (self->wl, s->env_keys[i], s->env_values[i]);
  self->built = TRUE;
  return TRUE;
}

/* What belongs to this process: the shared region's mapping, the preset's attach, scratch. */
static gboolean
attach_workload (CsWorker *self, GError **error)
{
  const CsWorkerSetup *s = &self->setup;
  const CsPreset *preset = self->wl->preset;

  if (s->shared_size > 0 && !map_shared (self, error))
    return FALSE;
  if (preset->attach != NULL && !preset->attach (self->wl, error))
    return FALSE;
  self->attached = TRUE;
  if (preset->worker_new != NULL)
    {
      self->scratch = preset->worker_new (self->wl, s->worker_index, error);
      if (self->scratch == NULL && error != NULL && *error != NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
bind_placement (const CsWorkerSetup *s, GError **error)
{
  cpu_set_t set;

  if (s->n_pus == 0)
    return TRUE;
  CPU_ZERO (&set);
  for (guint i = 0; i < s->n_pus; i++)
    if (s->pus[i] < CPU_SETSIZE)
      CPU_SET (s->pus[i], &set);
  if (sched_setaffinity (0, sizeof set, &set) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot bind worker %u to its CPUs: %s", s->worker_index, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_setup (CsWorker *self, int fd, GError **error)
{
  CsFrameHeader header;
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  CsWireReader r;

  if (!cs_wire_read_frame (fd, &header, payload))
    return FALSE;
  self->setup_read = TRUE;
  cs_wire_reader_init (&r, payload->data, payload->len);
  if (header.type != CS_MSG_SETUP || !cs_wire_get_setup (&r, &self->setup))
    {
      g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
                           "malformed set-up message");
      return FALSE;
    }
  return TRUE;
}

/* Does what cs_worker_prepare has not done yet. */
static gboolean
set_up (CsWorker *self, GError **error)
{
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  if (!self->setup_read && !read_setup (self, CS_WORKER_CHANNEL_FD, error))
    return FALSE;
  if (!bind_placement (&self->setup, error))
    return FALSE;
  if (!self->built && !build_data (self, error))
    return FALSE;
  if (!attach_workload (self, error))
    return FALSE;

  self->ctx.worker_index = self->setup.worker_index;
  self->ctx.n_workers = self->setup.n_workers;
  self->ctx.cancelled = &self->never_cancelled;
  self->ctx.scratch = self->scratch;
  self->fault_armed = self->setup.fault[0] != '\0';
  return TRUE;
}

static void
tear_down (CsWorker *self)
{
  const CsPreset *preset = self->wl != NULL ? self->wl->preset : NULL;

  if (preset != NULL && preset->worker_free != NULL && self->scratch != NULL)
    preset->worker_free (self->wl, self->scratch);
  if (preset != NULL && self->attached && preset->detach != NULL)
    preset->detach (self->wl);
  if (self->wl != NULL && self->wl->shared != NULL)
    munmap (self->wl->shared, self->setup.shared_size);
  g_clear_pointer (&self->wl, cs_workload_free);
  cs_worker_setup_clear (&self->setup);
  g_clear_pointer (&self->input, g_free);
  g_clear_pointer (&self->out, g_byte_array_unref);
  g_clear_error (&self->error);
}

CsWorker *
cs_worker_new (void)
{
  CsWorker *self = g_new0 (CsWorker, 1);

  self->out = g_byte_array_new ();
  return self;
}

void
cs_worker_free (CsWorker *self)
{
  tear_down (self); /* nothing was attached: no workload clean-up runs */
  g_free (self);
}

/* TRUE when a whole frame waits in the channel, so that reading it cannot block. */
static gboolean
frame_waiting (int fd)
{
  CsFrameHeader header;
  int available = 0;

  if (ioctl (fd, FIONREAD, &available) != 0 || available < (int) sizeof header
      || recv (fd, &header, sizeof header, MSG_PEEK | MSG_DONTWAIT) != sizeof header)
    return FALSE;
  return header.length <= CS_WIRE_MAX_FRAME
         && (gsize) available >= sizeof header + header.length;
}

void
cs_worker_prepare (CsWorker *self, int channel_fd)
{
  if (!frame_waiting (channel_fd))
    return; /* the worker reads it itself */
  if (read_setup (self, channel_fd, &self->error))
    build_data (self, &self->error); /* on failure, the worker reports self->error */
  else if (self->error == NULL)
    g_set_error_literal (&self->error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
                         "cannot read the set-up message");
}

/* Test-only: see the comment in cs-worker-main.c. Returns TRUE when the worker must report an
 * error (kind "error"); the other kinds do not return or do nothing. */
static gboolean
inject_fault (CsWorker *self)
{
  g_auto(GStrv) parts = g_strsplit (self->setup.fault, ":", 2);
  const char *kind = parts[0];
  static const guint8 garbage[] = "this is not a Corescope frame";

  self->fault_armed = FALSE;
  if (parts[1] != NULL && g_ascii_strtoull (parts[1], NULL, 10) != self->setup.worker_index)
    return FALSE;

  if (g_str_equal (kind, "segv") || g_str_equal (kind, "abort") || g_str_equal (kind, "kill"))
    {
      int sig = kind[0] == 's' ? SIGSEGV : kind[0] == 'a' ? SIGABRT : SIGKILL;

      signal (sig, SIG_DFL);
      raise (sig);
    }
  else if (g_str_equal (kind, "exit3"))
    _exit (3);
  else if (g_str_equal (kind, "hang"))
    for (;;)
      pause ();
  else if (g_str_equal (kind, "garbage"))
    {
      cs_wire_write_all (CS_WORKER_CHANNEL_FD, garbage, sizeof garbage);
      for (;;)
        pause ();
    }
  return g_str_equal (kind, "error");
}

static const guint8 *
aligned_input (CsWorker *self, const guint8 *data, gsize size)
{
  /* Kernels may read their input as doubles or integers: give them malloc alignment, as an
   * unpickled buffer would have. */
  if (size > self->input_alloc)
    {
      g_free (self->input);
      self->input = g_malloc (size);
      self->input_alloc = size;
    }
  if (size > 0)
    memcpy (self->input, data, size);
  return self->input;
}

static int
run_chunk (CsWorker *self, const guint8 *data, gsize size)
{
  const CsPreset *preset = self->wl->preset;
  CsWireReader r;
  CsWireWriter w;
  guint32 n;

  if (self->fault_armed && inject_fault (self))
    return send_error (self, "injected test fault");

  cs_wire_reader_init (&r, data, size);
  if (!cs_wire_get_u32 (&r, &n))
    return send_error (self, "malformed chunk of tasks");
  cs_wire_begin (&w, self->out, CS_MSG_RESULTS);
  cs_wire_put_u32 (&w, n);
  for (guint32 i = 0; i < n; i++)
    {
      guint64 task;
      CsPayload input = { NULL, 0 };
      CsTaskOutput output = { 0, NULL, 0 };
      g_autoptr(GError) error = NULL;

      if (!cs_wire_get_u64 (&r, &task) || !cs_wire_get_bytes (&r, &input.data, &input.size)
          || task >= self->wl->n_tasks)
        return send_error (self, "malformed chunk of tasks");
      input.data = aligned_input (self, input.data, input.size);
      if (!preset->run_task (self->wl, &self->ctx, task, &input, &output, &error))
        return send_error (self, error != NULL ? error->message : "task failed");
      self->stats.checksum += output.checksum;
      self->stats.tasks++;
      cs_wire_put_u64 (&w, task);
      cs_wire_put_bytes (&w, output.data, output.data != NULL ? output.size : 0);
    }
  if (!cs_wire_reader_done (&r))
    return send_error (self, "malformed chunk of tasks");
  if (!cs_wire_end (&w))
    return send_error (self, "a chunk of task outputs exceeds 2 GiB: lower the chunk size");
  return send_frame (self) == 0 ? 0 : 1;
}

static guint64
timeval_us (const struct timeval *tv)
{
  return (guint64) tv->tv_sec * G_USEC_PER_SEC + (guint64) tv->tv_usec;
}

static int
report_stats (CsWorker *self)
{
  struct rusage now;
  CsWorkerStats *s = &self->stats;

  getrusage (RUSAGE_SELF, &now);
  s->user_us = timeval_us (&now.ru_utime) - timeval_us (&self->last_usage.ru_utime);
  s->sys_us = timeval_us (&now.ru_stime) - timeval_us (&self->last_usage.ru_stime);
  s->voluntary_cs = (guint64) (now.ru_nvcsw - self->last_usage.ru_nvcsw);
  s->involuntary_cs = (guint64) (now.ru_nivcsw - self->last_usage.ru_nivcsw);
  s->max_rss_kb = (guint64) now.ru_maxrss;
  cs_wire_put_stats (self->out, s);
  self->last_usage = now;
  memset (s, 0, sizeof *s);
  return send_frame (self);
}

static int
serve_requests (CsWorker *self)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();

  for (;;)
    {
      CsFrameHeader header;
      int status = 0;

      if (!cs_wire_read_frame (CS_WORKER_CHANNEL_FD, &header, payload))
        return errno == 0 ? 0 : 1; /* EOF: the parent is gone or closed us */
      switch (header.type)
        {
        case CS_MSG_TASKS:
          status = run_chunk (self, payload->data, payload->len);
          break;
        case CS_MSG_END_PASS:
          status = report_stats (self) == 0 ? 0 : 1;
          break;
        case CS_MSG_EXIT:
          return 0;
        default:
          return send_error (self, "unexpected message from the parent");
        }
      if (status != 0)
        return status;
    }
}

int
cs_worker_serve (CsWorker *self)
{
  static const CsFrameHeader ready = { CS_MSG_READY, 0 };
  g_autoptr(GError) error = NULL;
  int status;

  if (!set_up (self, &error))
    {
      status = error != NULL ? send_error (self, error->message) : 1;
      cs_worker_free (self);
      return status;
    }
  /* READY has no payload: written as it is, without building a frame (a forked worker would
   * first allocate, faulting on the heap and malloc's state that it shares with the server). */
  status = cs_wire_write_all (CS_WORKER_CHANNEL_FD, &ready, sizeof ready) ? 0 : 1;
  /* The pass's resource usage counts from here; taken after READY, which is what we wait on. */
  getrusage (RUSAGE_SELF, &self->last_usage);
  status = status == 0 ? serve_requests (self) : 1;
  cs_worker_free (self);
  return status;
}
