/* cs-history.c: the directory of saved results the app lists as its history
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-history"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cs-history.h"
#include "cs-output.h"

/* Refuse to import anything bigger: a result of thousands of runs is a few MiB. */
#define MAX_IMPORT_BYTES (256 * 1024 * 1024)
#define MAX_NAME_ATTEMPTS 1000

struct _CsHistory
{
  GObject     parent_instance;
  char       *dir;   /* canonical, immutable: the object is safe to use from any thread */

  /* Listing parses every file; a history grows with every sweep, and the panel lists again
   * after each change. Entries are kept per file and reused while the file's inode, size and
   * modification time are the same (atomic saves always make a new inode). */
  GMutex      cache_lock;
  GHashTable *cache;  /* path -> CachedEntry* */
  CsHistoryDescribeFunc describe; /* set once, before any listing */
};

typedef struct
{
  guint64         inode;
  gint64          size;
  gint64          mtime_ns;
  CsHistoryEntry *entry;
} CachedEntry;

G_DEFINE_FINAL_TYPE (CsHistory, cs_history, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (cs-history-error-quark, cs_history_error)

/* ---- entries ------------------------------------------------------------------------------- */

CsHistoryEntry *
cs_history_entry_copy (const CsHistoryEntry *entry)
{
  CsHistoryEntry *copy = g_new0 (CsHistoryEntry, 1);

  copy->path = g_strdup (entry->path);
  copy->date = entry->date ? g_date_time_ref (entry->date) : NULL;
  copy->preset = g_strdup (entry->preset);
  copy->label = g_strdup (entry->label);
  copy->hostname = g_strdup (entry->hostname);
  copy->complete = entry->complete;
  copy->params = g_strdupv (entry->params);
  copy->modes = g_strdupv (entry->modes);
  copy->min_workers = entry->min_workers;
  copy->max_workers = entry->max_workers;
  copy->n_runs = entry->n_runs;
  copy->n_failed = entry->n_failed;
  copy->first_failure = g_strdup (entry->first_failure);
  copy->headline = g_strdup (entry->headline);
  return copy;
}

void
cs_history_entry_free (CsHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_clear_pointer (&entry->date, g_date_time_unref);
  g_free (entry->preset);
  g_free (entry->label);
  g_free (entry->hostname);
  g_strfreev (entry->params);
  g_strfreev (entry->modes);
  g_free (entry->first_failure);
  g_free (entry->headline);
  g_free (entry);
}

static void
entry_set_config (CsHistoryEntry *entry, const CsSweepConfig *config)
{
  entry->params = g_strdupv (config->params);
  entry->modes = g_new0 (char *, config->n_modes + 1);
  for (guint i = 0; i < config->n_modes; i++)
    entry->modes[i] = g_strdup (cs_mode_to_string (config->modes[i].mode));
  for (guint i = 0; i < config->n_workers; i++)
    {
      guint n = config->workers[i];

      entry->min_workers = i == 0 ? n : MIN (entry->min_workers, n);
      entry->max_workers = MAX (entry->max_workers, n);
    }
}

static void
entry_count_runs (CsHistoryEntry *entry, const CsResult *result)
{
  entry->n_runs = result->runs->len;
  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);

      if (run->status != CS_RUN_FAILED && run->status != CS_RUN_TIMEOUT)
        continue;
      if (entry->n_failed++ == 0)
        entry->first_failure = g_strdup (run->reason != NULL
                                           ? run->reason : cs_run_status_to_string (run->status));
    }
}

static CsHistoryEntry *
entry_new (const char *path, const CsResult *result)
{
  CsHistoryEntry *entry = g_new0 (CsHistoryEntry, 1);

  entry->path = g_strdup (path);
  if (result->started != NULL)
    entry->date = g_date_time_ref (result->started);
  entry->preset = g_strdup (result->config ? result->config->preset : NULL);
  if (result->label != NULL && result->label[0] != '\0')
    entry->label = g_strdup (result->label);
  if (result->machine != NULL)
    entry->hostname = g_strdup (result->machine->hostname);
  entry->complete = result->complete;
  if (result->config != NULL)
    entry_set_config (entry, result->config);
  entry_count_runs (entry, result);
  return entry;
}

/* ---- the object ---------------------------------------------------------------------------- */

static void
cached_entry_free (CachedEntry *cached)
{
  cs_history_entry_free (cached->entry);
  g_free (cached);
}

static void
cs_history_finalize (GObject *object)
{
  CsHistory *self = CS_HISTORY (object);

  g_hash_table_unref (self->cache);
  g_mutex_clear (&self->cache_lock);
  g_free (self->dir);
  G_OBJECT_CLASS (cs_history_parent_class)->finalize (object);
}

static void
cs_history_class_init (CsHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_history_finalize;

  /* The directory's content changed through this object (an async save, rename, delete or
   * import): lists shown to the user are out of date. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
cs_history_init (CsHistory *self)
{
  g_mutex_init (&self->cache_lock);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cached_entry_free);
}

char *
cs_history_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "corescope", "history", NULL);
}

CsHistory *
cs_history_new (const char *dir)
{
  CsHistory *self = g_object_new (CS_TYPE_HISTORY, NULL);
  g_autofree char *chosen = dir ? g_strdup (dir) : cs_history_default_dir ();

  self->dir = g_canonicalize_filename (chosen, NULL);
  return self;
}

const char *
cs_history_get_dir (CsHistory *self)
{
  g_return_val_if_fail (CS_IS_HISTORY (self), NULL);
  return self->dir;
}

void
cs_history_set_describe_func (CsHistory *self, CsHistoryDescribeFunc func)
{
  g_return_if_fail (CS_IS_HISTORY (self));
  self->describe = func;
}

/* ---- saving -------------------------------------------------------------------------------- */

static gboolean
ensure_dir (CsHistory *self, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (cs_output_make_dir (self->dir, 0700, &local))
    return TRUE;
  g_set_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_IO,
               _("Could not create the history folder: %s"), local->message);
  return FALSE;
}

/* Presets are ASCII identifiers, but an imported file may say anything: keep names portable. */
static char *
sanitize_for_file_name (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p != '\0' && out->len < 48; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        g_string_append_c (out, *p);
      else
        g_string_append_c (out, '-');
    }
  if (out->len == 0)
    g_string_append (out, "result");
  return g_string_free (out, FALSE);
}

static char *
file_stem_for (const CsResult *result)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (result->started ? result->started : now);
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%dT%H-%M-%S");
  g_autofree char *preset = sanitize_for_file_name (result->config ? result->config->preset
                                                                   : NULL);

  return g_strdup_printf ("%s_%s", date, preset);
}

/* Creates an empty file under a name nobody else holds (O_EXCL), so that concurrent saves from
 * several threads or processes never overwrite each other. */
static char *
reserve_unique_path (CsHistory *self, const CsResult *result, GError **error)
{
  g_autofree char *stem = file_stem_for (result);

  for (guint i = 1; i <= MAX_NAME_ATTEMPTS; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup_printf ("%s.json", stem)
                                     : g_strdup_printf ("%s-%u.json", stem, i);
      g_autofree char *path = g_build_filename (self->dir, name, NULL);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      int saved_errno = errno;

      if (fd >= 0)
        {
          g_close (fd, NULL);
          return g_steal_pointer (&path);
        }
      if (saved_errno != EEXIST)
        {
          g_set_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_IO, "%s: %s", path,
                       g_strerror (saved_errno));
          return NULL;
        }
    }
  g_set_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_IO,
               _("Too many results named %s in %s"), stem, self->dir);
  return NULL;
}

char *
cs_history_save (CsHistory *self, const CsResult *result, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (result != NULL, NULL);

  if (!ensure_dir (self, error))
    return NULL;
  path = reserve_unique_path (self, result, error);
  if (path == NULL)
    return NULL;
  /* cs_result_save replaces the placeholder atomically: readers never see half a file. */
  if (!cs_result_save (result, path, error))
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* ---- listing ------------------------------------------------------------------------------- */

static GDateTime *
file_mtime (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return g_date_time_new_now_local ();
  return g_date_time_new_from_unix_local (st.st_mtime);
}

static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  const CsHistoryEntry *ea = *(const CsHistoryEntry *const *) a;
  const CsHistoryEntry *eb = *(const CsHistoryEntry *const *) b;
  int by_date = g_date_time_compare (eb->date, ea->date);
  gsize la = strlen (ea->path), lb = strlen (eb->path);

  /* Same second: names go "x.json", "x-2.json" ... "x-10.json" in saving order, so the
   * longer name, then the greater one, is the newer. */
  if (by_date != 0)
    return by_date;
  if (la != lb)
    return la < lb ? 1 : -1;
  return g_strcmp0 (eb->path, ea->path);
}

static CsHistoryEntry *
load_entry (CsHistory *self, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) result = cs_result_load (path, &error);
  CsHistoryEntry *entry;

  /* A placeholder being written, or a file edited by hand: list what can be read. */
  if (result == NULL)
    {
      g_debug ("Skipping %s: %s", path, error->message);
      return NULL;
    }
  entry = entry_new (path, result);
  if (self->describe != NULL)
    entry->headline = self->describe (result);
  if (entry->date == NULL)
    entry->date = file_mtime (path);
  return entry;
}

static gboolean
cached_matches (const CachedEntry *cached, const GStatBuf *st)
{
  return cached != NULL && cached->inode == (guint64) st->st_ino &&
         cached->size == (gint64) st->st_size &&
         cached->mtime_ns == (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                             st->st_mtim.tv_nsec;
}

/* The entry of one file, from the cache when the file has not changed. seen collects the
 * paths listed, so that entries of deleted files can be dropped afterwards. */
static void
append_entry_for_file (CsHistory *self, GPtrArray *entries, const char *path, GHashTable *seen)
{
  CachedEntry *cached;
  CsHistoryEntry *entry;
  GStatBuf st;

  if (g_stat (path, &st) != 0 || st.st_size == 0)
    return;  /* gone meanwhile, or a name reserved by a save under way */
  g_hash_table_add (seen, g_strdup (path));
  g_mutex_lock (&self->cache_lock);
  cached = g_hash_table_lookup (self->cache, path);
  entry = cached_matches (cached, &st) ? cs_history_entry_copy (cached->entry) : NULL;
  g_mutex_unlock (&self->cache_lock);
  if (entry == NULL && (entry = load_entry (self, path)) != NULL)
    {
      cached = g_new0 (CachedEntry, 1);
      cached->inode = st.st_ino;
      cached->size = st.st_size;
      cached->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                         st.st_mtim.tv_nsec;
      cached->entry = cs_history_entry_copy (entry);
      g_mutex_lock (&self->cache_lock);
      g_hash_table_replace (self->cache, g_strdup (path), cached);
      g_mutex_unlock (&self->cache_lock);
    }
  if (entry != NULL)
    g_ptr_array_add (entries, entry);
}

static gboolean
not_seen (gpointer key, gpointer value, gpointer seen)
{
  return !g_hash_table_contains (seen, key);
}

static void
forget_unseen (CsHistory *self, GHashTable *seen)
{
  g_mutex_lock (&self->cache_lock);
  g_hash_table_foreach_remove (self->cache, not_seen, seen);
  g_mutex_unlock (&self->cache_lock);
}

GPtrArray *
cs_history_list (CsHistory *self, GError **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (CS_IS_HISTORY (self), NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_history_entry_free);
  dir = g_dir_open (self->dir, 0, &local);
  if (dir == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&entries);
      g_set_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_IO, "%s", local->message);
      return NULL;
    }
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, ".json") || name[0] == '.')
        continue;
      path = g_build_filename (self->dir, name, NULL);
      append_entry_for_file (self, entries, path, seen);
    }
  forget_unseen (self, seen);
  g_ptr_array_sort (entries, compare_newest_first);
  return g_steal_pointer (&entries);
}

/* ---- changing entries ---------------------------------------------------------------------- */

/* Only files directly inside the directory: a caller's bug must not delete anything else. */
static gboolean
check_inside (CsHistory *self, const char *path, GError **error)
{
  g_autofree char *canonical = g_canonicalize_filename (path, self->dir);
  g_autofree char *parent = g_path_get_dirname (canonical);

  if (g_strcmp0 (parent, self->dir) == 0 && g_file_test (canonical, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  g_set_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_NOT_FOUND,
               _("%s is not a result of the history in %s"), path, self->dir);
  return FALSE;
}

CsResult *
cs_history_load (CsHistory *self, const char *path, GError **error)
{
  g_return_val_if_fail (CS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return cs_result_load (path, error);
}

gboolean
cs_history_rename (CsHistory *self, const char *path, const char *label, GError **error)
{
  g_autoptr(CsResult) result = NULL;

  g_return_val_if_fail (CS_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_inside (self, path, error))
    return FALSE;
  result = cs_result_load (path, error);
  if (result == NULL)
    return FALSE;
  g_free (result->label);
  result->label = label != NULL && label[0] != '\0' ? g_strdup (label) : NULL;
  return cs_result_save (result, path, error);
}

gboolean
cs_history_delete (CsHistory *self, const char *path, GError **error)
{
  int saved_errno;

  g_return_val_if_fail (CS_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_inside (self, path, error))
    return FALSE;
  if (g_unlink (path) == 0)
    return TRUE;
  saved_errno = errno;
  g_set_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_IO, "%s: %s", path,
               g_strerror (saved_errno));
  return FALSE;
}

/* ---- importing ----------------------------------------------------------------------------- */

/* Errors name the file by its base name, as the user chose it: "b.json: ...". */
static CsResult *
load_for_import (const char *source_path, GError **error)
{
  g_autofree char *base = g_path_get_basename (source_path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize length = 0;
  GStatBuf st;

  if (g_stat (source_path, &st) == 0 && st.st_size > MAX_IMPORT_BYTES)
    {
      g_set_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_INVALID,
                   _("%s: the file is too large to be a result (%lld MiB)"), base,
                   (long long) (st.st_size / (1024 * 1024)));
      return NULL;
    }
  if (!cs_result_read_file (source_path, &data, &length, &local))
    {
      g_set_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_IO, "%s", local->message);
      return NULL;
    }
  return cs_result_from_json (data, length, base, error);
}

static gboolean
same_text (const char *a, const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

/* Candidates share the start time, machine and preset; only their files are read, and a file
 * is the same result when it holds exactly the JSON this version would write. */
static char *
find_same_result (CsHistory *self, const CsResult *result)
{
  g_autoptr(GPtrArray) entries = cs_history_list (self, NULL);
  g_autofree char *json = NULL;

  if (entries == NULL || result->started == NULL)
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      const CsHistoryEntry *entry = entries->pdata[i];
      g_autofree char *contents = NULL;

      if (!g_date_time_equal (entry->date, result->started) ||
          !same_text (entry->hostname, result->machine ? result->machine->hostname : NULL) ||
          !same_text (entry->preset, result->config ? result->config->preset : NULL))
        continue;
      if (json == NULL)
        json = cs_result_to_json (result, NULL);
      if (g_file_get_contents (entry->path, &contents, NULL, NULL) && same_text (contents, json))
        return g_strdup (entry->path);
    }
  return NULL;
}

char *
cs_history_import (CsHistory *self, const char *source_path, CsResult **result,
                   GError **error)
{
  g_autoptr(CsResult) loaded = NULL;
  g_autoptr(GError) local = NULL;
  char *path;

  g_return_val_if_fail (CS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (source_path != NULL, NULL);

  loaded = load_for_import (source_path, &local);
  if (loaded == NULL)
    {
      g_set_error_literal (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_INVALID, local->message);
      return NULL;
    }
  /* Opening the same file twice (or a result exported from here) must not list it twice. */
  path = find_same_result (self, loaded);
  /* Written again rather than copied: the history holds files in this version's format. */
  if (path == NULL)
    path = cs_history_save (self, loaded, error);
  if (path != NULL && result != NULL)
    *result = g_steal_pointer (&loaded);
  return path;
}

/* ---- async wrappers ------------------------------------------------------------------------ */

/* The work runs in an inner task; the outer task, made on the caller's context, emits "changed"
 * first and then hands over the value, so a list reloaded from "changed" sees the change. */
typedef struct
{
  GTask          *outer;
  GDestroyNotify  free_value;
  gboolean      (*changed) (gpointer value);
} Relay;

static gboolean
value_changed_always (gpointer value)
{
  return TRUE;
}

static void
relay_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Relay *relay = user_data;
  g_autoptr(GTask) outer = relay->outer;
  GError *error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (res), &error);

  if (error == NULL && relay->changed != NULL && relay->changed (value))
    g_signal_emit (source, signals[SIGNAL_CHANGED], 0);
  if (error != NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, value, relay->free_value);
  g_free (relay);
}

static void
run_task (CsHistory *self, gpointer source_tag, gpointer task_data, GDestroyNotify free_data,
          GTaskThreadFunc func, GDestroyNotify free_value, gboolean (*changed) (gpointer),
          GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Relay *relay = g_new0 (Relay, 1);
  g_autoptr(GTask) inner = NULL;

  relay->outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (relay->outer, source_tag);
  relay->free_value = free_value;
  relay->changed = changed;
  inner = g_task_new (self, cancellable, relay_done, relay);
  g_task_set_task_data (inner, task_data, free_data);
  g_task_run_in_thread (inner, func);
}

static gpointer
finish_pointer (CsHistory *self, GAsyncResult *res, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (res, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (res)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (res), error);
}

/* Task data for the operations on one path. */
typedef struct
{
  char     *path;
  char     *label;
  CsResult *result;
} PathOp;

static void
path_op_free (PathOp *op)
{
  g_free (op->path);
  g_free (op->label);
  g_clear_pointer (&op->result, cs_result_free);
  g_free (op);
}

static PathOp *
path_op_new (const char *path, const char *label, const CsResult *result)
{
  PathOp *op = g_new0 (PathOp, 1);

  op->path = g_strdup (path);
  op->label = g_strdup (label);
  op->result = result ? cs_result_copy (result) : NULL;
  return op;
}

static void
return_pointer_or_error (GTask *task, gpointer value, GDestroyNotify free_value, GError *error)
{
  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, free_value);
}

static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PathOp *op = task_data;
  GError *error = NULL;
  char *path = cs_history_save (CS_HISTORY (source), op->result, &error);

  return_pointer_or_error (task, path, g_free, error);
}

void
cs_history_save_async (CsHistory *self, const CsResult *result, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (CS_IS_HISTORY (self));
  g_return_if_fail (result != NULL);

  run_task (self, cs_history_save_async, path_op_new (NULL, NULL, result),
            (GDestroyNotify) path_op_free, save_thread, g_free, value_changed_always,
            cancellable, callback, user_data);
}

char *
cs_history_save_finish (CsHistory *self, GAsyncResult *res, GError **error)
{
  return finish_pointer (self, res, cs_history_save_async, error);
}

static void
list_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *entries = cs_history_list (CS_HISTORY (source), &error);

  return_pointer_or_error (task, entries, (GDestroyNotify) g_ptr_array_unref, error);
}

void
cs_history_list_async (CsHistory *self, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (CS_IS_HISTORY (self));

  run_task (self, cs_history_list_async, NULL, NULL, list_thread,
            (GDestroyNotify) g_ptr_array_unref, NULL, cancellable, callback, user_data);
}

GPtrArray *
cs_history_list_finish (CsHistory *self, GAsyncResult *res, GError **error)
{
  return finish_pointer (self, res, cs_history_list_async, error);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PathOp *op = task_data;
  GError *error = NULL;
  CsResult *result = cs_history_load (CS_HISTORY (source), op->path, &error);

  return_pointer_or_error (task, result, (GDestroyNotify) cs_result_free, error);
}

void
cs_history_load_async (CsHistory *self, const char *path, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (CS_IS_HISTORY (self));
  g_return_if_fail (path != NULL);

  run_task (self, cs_history_load_async, path_op_new (path, NULL, NULL),
            (GDestroyNotify) path_op_free, load_thread, (GDestroyNotify) cs_result_free, NULL,
            cancellable, callback, user_data);
}

CsResult *
cs_history_load_finish (CsHistory *self, GAsyncResult *res, GError **error)
{
  return finish_pointer (self, res, cs_history_load_async, error);
}

static void
rename_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PathOp *op = task_data;
  GError *error = NULL;

  if (cs_history_rename (CS_HISTORY (source), op->path, op->label, &error))
    g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
  else
    g_task_return_error (task, error);
}

void
cs_history_rename_async (CsHistory *self, const char *path, const char *label,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_return_if_fail (CS_IS_HISTORY (self));
  g_return_if_fail (path != NULL);

  run_task (self, cs_history_rename_async, path_op_new (path, label, NULL),
            (GDestroyNotify) path_op_free, rename_thread, NULL, value_changed_always,
            cancellable, callback, user_data);
}

gboolean
cs_history_rename_finish (CsHistory *self, GAsyncResult *res, GError **error)
{
  return finish_pointer (self, res, cs_history_rename_async, error) != NULL;
}

static void
delete_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PathOp *op = task_data;
  GError *error = NULL;

  if (cs_history_delete (CS_HISTORY (source), op->path, &error))
    g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
  else
    g_task_return_error (task, error);
}

void
cs_history_delete_async (CsHistory *self, const char *path, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (CS_IS_HISTORY (self));
  g_return_if_fail (path != NULL);

  run_task (self, cs_history_delete_async, path_op_new (path, NULL, NULL),
            (GDestroyNotify) path_op_free, delete_thread, NULL, value_changed_always,
            cancellable, callback, user_data);
}

gboolean
cs_history_delete_finish (CsHistory *self, GAsyncResult *res, GError **error)
{
  return finish_pointer (self, res, cs_history_delete_async, error) != NULL;
}

/* Importing several files: a partial success carries both the results and the failures. */
typedef struct
{
  GPtrArray *results;   /* CsResult* */
  GString   *failures;  /* one line per bad file */
} ImportOutcome;

static void
import_outcome_free (ImportOutcome *outcome)
{
  g_clear_pointer (&outcome->results, g_ptr_array_unref);
  if (outcome->failures != NULL)
    g_string_free (outcome->failures, TRUE);
  g_free (outcome);
}

static gboolean
import_changed (gpointer value)
{
  ImportOutcome *outcome = value;

  return outcome->results->len > 0;
}

static void
import_files_thread (GTask *task, gpointer source, gpointer task_data,
                     GCancellable *cancellable)
{
  GPtrArray *files = task_data;
  ImportOutcome *outcome = g_new0 (ImportOutcome, 1);

  outcome->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  outcome->failures = g_string_new (NULL);
  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_file_get_path (files->pdata[i]);
      g_autofree char *saved = NULL;
      CsResult *result = NULL;

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files->pdata[i]);
          g_string_append_printf (outcome->failures, _("%s: only local files can be opened\n"),
                                  uri);
          continue;
        }
      saved = cs_history_import (CS_HISTORY (source), path, &result, &error);
      if (saved == NULL)
        g_string_append_printf (outcome->failures, "%s\n", error->message);
      else
        g_ptr_array_add (outcome->results, result);
    }
  g_task_return_pointer (task, outcome, (GDestroyNotify) import_outcome_free);
}

void
cs_history_import_files_async (CsHistory *self, GFile **files, guint n_files,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  GPtrArray *copy;

  g_return_if_fail (CS_IS_HISTORY (self));
  g_return_if_fail (files != NULL || n_files == 0);

  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (copy, g_object_ref (files[i]));
  run_task (self, cs_history_import_files_async, copy, (GDestroyNotify) g_ptr_array_unref,
            import_files_thread, (GDestroyNotify) import_outcome_free, import_changed,
            cancellable, callback, user_data);
}

gboolean
cs_history_import_files_finish (CsHistory *self, GAsyncResult *res, GPtrArray **results,
                                GError **error)
{
  ImportOutcome *outcome = finish_pointer (self, res, cs_history_import_files_async, error);
  gboolean ok;

  if (outcome == NULL)
    return FALSE;
  ok = outcome->failures->len == 0;
  if (!ok)
    {
      g_string_truncate (outcome->failures, outcome->failures->len - 1); /* last newline */
      g_set_error_literal (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_INVALID,
                           outcome->failures->str);
    }
  if (results != NULL)
    *results = g_steal_pointer (&outcome->results);
  import_outcome_free (outcome);
  return ok;
}
