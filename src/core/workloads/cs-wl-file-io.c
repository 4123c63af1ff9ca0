/* cs-wl-file-io.c: write, fsync and read back files in a private temporary directory
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-workloads"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

#define DIR_KEY "CS_FILE_IO_DIR"

typedef struct
{
  char    *dir;        /* parent side: the directory prepare made, removed by finish */
  char    *work_dir;   /* where tasks write (from env in worker processes) */
  gsize    file_size;
  gboolean fsync;
} FileIo;

typedef struct
{
  guint8 *buf;
  guint   worker_index;
} FileScratch;

static const CsParamSpec params[] = {
  { "files", CS_PARAM_INT, "32", 1, 1000000, N_("files"), N_("Files"),
    N_("Files written and read back in one run; each is one task.") },
  { "file-size", CS_PARAM_SIZE, "256KiB", 1, 1073741824.0, "KiB", N_("File size"),
    N_("Bytes in each file.") },
  { "fsync", CS_PARAM_BOOL, "true", 0, 0, NULL, N_("Flush to disk"),
    N_("Call fsync() after writing, so each task waits for the storage device.") },
};

static FileIo *
file_io_new (const CsParams *p)
{
  FileIo *f = g_new0 (FileIo, 1);

  f->file_size = cs_params_get_size (p, "file-size");
  f->fsync = cs_params_get_bool (p, "fsync");
  return f;
}

/* Removes whatever is left in the directory (a cancelled or failed run can leave files), then
 * the directory itself. */
static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  if (g_rmdir (path) < 0)
    g_warning ("file-io: could not remove %s: %s", path, g_strerror (errno));
}

static void
file_io_free (FileIo *f)
{
  if (f->dir != NULL)
    remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->work_dir);
  g_free (f);
}

static gboolean
file_io_prepare (CsWorkload *wl, GError **error)
{
  FileIo *f = file_io_new (wl->params);
  g_autoptr(GError) local = NULL;

  f->dir = g_dir_make_tmp ("corescope-file-io-XXXXXX", &local);
  if (f->dir == NULL)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_RESOURCES,
                   _("file-io: cannot create a temporary directory: %s"), local->message);
      file_io_free (f);
      return FALSE;
    }
  f->work_dir = g_strdup (f->dir);
  g_clear_pointer ((FileIo **) &wl->priv, file_io_free);
  wl->priv = f;
  wl->n_tasks = cs_params_get_int (wl->params, "files");
  cs_workload_set_env (wl, DIR_KEY, f->dir);
  return TRUE;
}

static gboolean
file_io_attach (CsWorkload *wl, GError **error)
{
  FileIo *f;
  const char *dir;

  if (wl->priv != NULL)
    return TRUE;
  dir = cs_workload_get_env (wl, DIR_KEY);
  if (dir == NULL)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
                   _("%s: the workload environment lacks %s (was prepare() run?)"),
                   wl->preset->name, DIR_KEY);
      return FALSE;
    }
  f = file_io_new (wl->params);
  f->work_dir = g_strdup (dir);
  wl->priv = f;
  return TRUE;
}

static gpointer
file_io_worker_new (CsWorkload *wl, guint worker_index, GError **error)
{
  const FileIo *f = wl->priv;
  FileScratch *s = g_new0 (FileScratch, 1);

  s->buf = g_malloc (f->file_size);
  s->worker_index = worker_index;
  return s;
}

static void
file_io_worker_free (CsWorkload *wl, gpointer scratch)
{
  FileScratch *s = scratch;

  g_free (s->buf);
  g_free (s);
}

static gboolean
io_failed (const char *what, const char *path, int err, GError **error)
{
  g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
               _("file-io: %s %s: %s"), what, path, g_strerror (err));
  return FALSE;
}

/* write() or read() the whole buffer, with the GIL released around every call. */
static gboolean
transfer_all (CsTaskContext *ctx, int fd, guint8 *buf, gsize size, gboolean writing)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t r;

      cs_task_begin_blocking (ctx);
      r = writing ? write (fd, buf + done, size - done) : read (fd, buf + done, size - done);
      cs_task_end_blocking (ctx);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return FALSE;
      if (r == 0)
        {
          errno = EIO;
          return FALSE;
        }
      done += r;
    }
  return TRUE;
}

static gboolean
write_file (const FileIo *f, CsTaskContext *ctx, const char *path, guint8 *buf, GError **error)
{
  int fd, r = 0;

  cs_task_begin_blocking (ctx);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  cs_task_end_blocking (ctx);
  if (fd < 0)
    return io_failed (_("cannot create"), path, errno, error);
  if (!transfer_all (ctx, fd, buf, f->file_size, TRUE))
    r = -1;
  cs_task_begin_blocking (ctx);
  if (r == 0 && f->fsync)
    r = fsync (fd);
  cs_task_end_blocking (ctx);
  if (r < 0)
    {
      int saved = errno;

      close (fd);
      return io_failed (_("cannot write"), path, saved, error);
    }
  cs_task_begin_blocking (ctx);
  r = close (fd);
  cs_task_end_blocking (ctx);
  return r == 0 || io_failed (_("cannot close"), path, errno, error);
}

static gboolean
read_file (const FileIo *f, CsTaskContext *ctx, const char *path, guint8 *buf, GError **error)
{
  int fd;
  gboolean ok;

  cs_task_begin_blocking (ctx);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  cs_task_end_blocking (ctx);
  if (fd < 0)
    return io_failed (_("cannot open"), path, errno, error);
  ok = transfer_all (ctx, fd, buf, f->file_size, FALSE);
  if (!ok)
    {
      int saved = errno;

      close (fd);
      return io_failed (_("cannot read"), path, saved, error);
    }
  close (fd);
  return TRUE;
}

static gboolean
file_io_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
                  CsTaskOutput *output, GError **error)
{
  const FileIo *f = wl->priv;
  FileScratch *s = ctx->scratch;
  g_autofree char *path = NULL;
  char name[64];
  guint64 hash;
  gboolean ok;

  /* unique per process and worker: weak scaling runs the same task number concurrently */
  g_snprintf (name, sizeof name, "t%" G_GUINT64_FORMAT "-p%d-w%u", task, (int) getpid (),
              s->worker_index);
  path = g_build_filename (f->work_dir, name, NULL);
  for (gsize i = 0; i < f->file_size; i += 8)
    {
      guint64 v = _cs_wl_mix (task * 0x10001 + i);

      memcpy (s->buf + i, &v, MIN (8, f->file_size - i));
    }
  if (!write_file (f, ctx, path, s->buf, error))
    {
      g_unlink (path);
      return FALSE;
    }
  memset (s->buf, 0, f->file_size);
  ok = read_file (f, ctx, path, s->buf, error);
  cs_task_begin_blocking (ctx);
  g_unlink (path);
  cs_task_end_blocking (ctx);
  if (!ok)
    return FALSE;
  hash = CS_WL_FNV_OFFSET;
  for (gsize i = 0; i < f->file_size; i += 4096)
    {
      hash = _cs_wl_hash_bytes (hash, s->buf + i, MIN (4096, f->file_size - i));
      cs_task_checkpoint (ctx);
    }
  output->checksum = _cs_wl_mix (hash ^ task);
  return TRUE;
}

static void
file_io_detach (CsWorkload *wl)
{
  if (wl->in_worker_process)
    g_clear_pointer ((FileIo **) &wl->priv, file_io_free);
}

static void
file_io_finish (CsWorkload *wl)
{
  g_clear_pointer ((FileIo **) &wl->priv, file_io_free);
}

const CsPreset cs_preset_file_io = {
  .name = "file-io",
  .title = N_("File I/O: write, flush, read"),
  .summary = N_("Write, fsync and read back files in a temporary directory"),
  .description = N_("Each task writes a file, flushes it to the storage device with fsync, "
                    "reads it back and checks its contents, in a private temporary directory "
                    "that Corescope removes afterwards, whatever happens. Most of the time goes "
                    "to the kernel and the device, with the GIL released, so threads overlap "
                    "their waits; how far the curve rises shows how much parallel work the "
                    "file system and the device can absorb."),
  .expected = N_("Threads (with or without the GIL) and processes speed up until the device "
                 "or the file system journal is saturated, then level off; on a fast SSD or "
                 "tmpfs the hashing and copying become the limit instead."),
  .icon_name = "drive-harddisk-symbolic",
  .category = CS_CATEGORY_IO,
  .work_unit = N_("files"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = file_io_prepare,
  .attach = file_io_attach,
  .worker_new = file_io_worker_new,
  .worker_free = file_io_worker_free,
  .run_task = file_io_run_task,
  .detach = file_io_detach,
  .finish = file_io_finish,
};
