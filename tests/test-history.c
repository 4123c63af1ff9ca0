/* test-history.c: the history store: unique names, listing order, rename, delete, import, async
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-history.h"
#include "history-test-util.h"
#include "tree-test-util.h"

typedef struct
{
  char      *dir;
  CsHistory *history;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *tmp = g_dir_make_tmp ("cs-history-XXXXXX", NULL);

  g_assert_nonnull (tmp);
  f->dir = g_build_filename (tmp, "history", NULL);  /* not created yet: saves create it */
  f->history = cs_history_new (f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  /* GTask threads drop their references a moment after the callbacks ran */
  for (guint i = 0; i < 1000 && G_OBJECT (f->history)->ref_count > 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  g_assert_finalize_object (f->history);
  test_remove_tree (parent);
  g_free (f->dir);
}

static char *
save_result (Fixture *f, const char *preset, const char *host, const char *started)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = htu_make_result (preset, host, started, 1.0);
  char *path = cs_history_save (f->history, r, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  return path;
}

static void
test_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cs_history_list (f->history, &error);
  g_autofree char *def = cs_history_default_dir ();

  /* a directory that does not exist yet is an empty history, not an error */
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_true (g_str_has_suffix (def, "/corescope/history"));
  g_assert_true (g_str_has_prefix (def, g_get_user_data_dir ()));
}

static void
test_save_and_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old = save_result (f, "cpu", "alpha", "2026-11-20T09:00:00Z");
  g_autofree char *new = save_result (f, "memory stream/2", "beta", "2026-11-21T10:00:00Z");
  g_autofree char *base = g_path_get_basename (new);
  g_autoptr(GPtrArray) entries = cs_history_list (f->history, &error);
  const CsHistoryEntry *e0, *e1;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (old, f->dir));
  /* the name is date + sanitised preset */
  g_assert_true (g_str_has_suffix (base, "_memory-stream-2.json"));
  g_assert_true (g_str_has_prefix (base, "2026-11-2"));
  g_assert_cmpuint (entries->len, ==, 2);
  e0 = entries->pdata[0];
  e1 = entries->pdata[1];
  /* newest first */
  g_assert_cmpstr (e0->path, ==, new);
  g_assert_cmpstr (e0->preset, ==, "memory stream/2");
  g_assert_cmpstr (e0->hostname, ==, "beta");
  g_assert_null (e0->label);
  g_assert_true (e0->complete);
  g_assert_cmpint (g_date_time_get_day_of_month (e0->date), ==, 21);
  g_assert_cmpstr (e1->path, ==, old);
  g_assert_cmpstr (e1->hostname, ==, "alpha");
}

static void
test_unique_names (Fixture *f, gconstpointer data)
{
  g_autofree char *a = save_result (f, "cpu", "alpha", "2026-11-20T09:00:00Z");
  g_autofree char *b = save_result (f, "cpu", "alpha", "2026-11-20T09:00:00Z");
  g_autofree char *c = save_result (f, "cpu", "alpha", "2026-11-20T09:00:00Z");
  g_autoptr(GPtrArray) entries = cs_history_list (f->history, NULL);

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (b, !=, c);
  g_assert_true (g_str_has_suffix (b, "_cpu-2.json"));
  g_assert_true (g_str_has_suffix (c, "_cpu-3.json"));
  g_assert_cmpuint (entries->len, ==, 3);
  /* same second: the later save is listed first */
  g_assert_cmpstr (((CsHistoryEntry *) entries->pdata[0])->path, ==, c);
}

static gpointer
save_five (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < 5; i++)
    g_free (save_result (f, "cpu", "alpha", "2026-11-20T09:00:00Z"));
  return NULL;
}

/* The sweep thread and the GUI may save at once: every save gets its own file. */
static void
test_concurrent_saves (Fixture *f, gconstpointer data)
{
  GThread *threads[8];
  g_autoptr(GPtrArray) entries = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("save", save_five, f);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  entries = cs_history_list (f->history, NULL);
  g_assert_cmpuint (entries->len, ==, 40);
}

static void
test_rename (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = save_result (f, "cpu", "alpha", "2026-11-20T09:00:00Z");
  g_autoptr(CsResult) loaded = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_true (cs_history_rename (f->history, path, "before the upgrade", &error));
  g_assert_no_error (error);
  loaded = cs_result_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->label, ==, "before the upgrade");
  g_assert_cmpuint (loaded->runs->len, ==, 12);
  entries = cs_history_list (f->history, NULL);
  g_assert_cmpstr (((CsHistoryEntry *) entries->pdata[0])->label, ==, "before the upgrade");

  /* an empty label removes it */
  g_assert_true (cs_history_rename (f->history, path, "", &error));
  g_clear_pointer (&loaded, cs_result_free);
  loaded = cs_result_load (path, &error);
  g_assert_null (loaded->label);
}

/* Listing again reuses the entries of unchanged files, but sees every change made meanwhile,
 * also by another CsHistory on the same directory (another window, the CLI). */
static void
test_list_sees_changes (Fixture *f, gconstpointer data)
{
  g_autofree char *a = save_result (f, "cpu", "alpha", "2026-11-20T09:00:00Z");
  g_autofree char *b = save_result (f, "cpu", "beta", "2026-11-21T09:00:00Z");
  g_autoptr(CsHistory) other = cs_history_new (f->dir);
  g_autoptr(GPtrArray) first = cs_history_list (f->history, NULL);
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;

  g_assert_cmpuint (first->len, ==, 2);
  g_assert_true (cs_history_rename (other, a, "renamed elsewhere", NULL));
  second = cs_history_list (f->history, NULL);
  g_assert_cmpuint (second->len, ==, 2);
  g_assert_cmpstr (((CsHistoryEntry *) second->pdata[1])->label, ==, "renamed elsewhere");
  g_assert_null (((CsHistoryEntry *) second->pdata[0])->label);
  g_assert_true (cs_history_delete (other, b, NULL));
  third = cs_history_list (f->history, NULL);
  g_assert_cmpuint (third->len, ==, 1);
  g_assert_cmpstr (((CsHistoryEntry *) third->pdata[0])->path, ==, a);
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = save_result (f, "cpu", "alpha", "2026-11-20T09:00:00Z");
  g_autofree char *outside = g_build_filename (f->dir, "..", "elsewhere.json", NULL);
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_true (g_file_set_contents (outside, "{}", -1, NULL));
  /* nothing outside the directory can be deleted through the history */
  g_assert_false (cs_history_delete (f->history, outside, &error));
  g_assert_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_NOT_FOUND);
  g_assert_true (g_file_test (outside, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (cs_history_delete (f->history, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  entries = cs_history_list (f->history, NULL);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_false (cs_history_delete (f->history, path, &error));
  g_assert_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_NOT_FOUND);
}

static char *
write_external (Fixture *f, const char *name, const char *contents)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  char *path = g_build_filename (parent, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* The same file with "runs": 3 instead of an array. */
static const char *
broken_runs (const char *json)
{
  static char *text;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_int_member (root, "runs", 3);
  g_free (text);
  text = json_to_string (json_parser_get_root (parser), TRUE);
  return text;
}

static void
test_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = htu_make_result ("matmul", "remote", "2026-11-19T08:00:00Z", 2.0);
  g_autofree char *json = cs_result_to_json (r, NULL);
  g_autofree char *good = write_external (f, "a.json", json);
  g_autofree char *bad = NULL;
  g_autofree char *imported = NULL;
  g_autoptr(CsResult) loaded = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  imported = cs_history_import (f->history, good, &loaded, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (imported, f->dir));
  g_assert_cmpstr (loaded->machine->hostname, ==, "remote");
  g_assert_true (g_file_test (good, G_FILE_TEST_EXISTS)); /* copied, not moved */

  /* the same file again is not listed twice; a changed copy is a new result */
  {
    g_autofree char *again = cs_history_import (f->history, good, NULL, &error);
    g_autofree char *changed_path = NULL;
    g_autofree char *changed = NULL;
    g_autoptr(GPtrArray) listed = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (again, ==, imported);
    g_free (r->label);
    r->label = g_strdup ("tuned");
    g_free (json);
    json = cs_result_to_json (r, NULL);
    changed_path = write_external (f, "a2.json", json);
    changed = cs_history_import (f->history, changed_path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (changed, !=, imported);
    listed = cs_history_list (f->history, NULL);
    g_assert_cmpuint (listed->len, ==, 2);
    g_assert_true (cs_history_delete (f->history, changed, NULL));
  }

  /* break the runs array: the error names the file by its base name and the field */
  bad = write_external (f, "b.json", broken_runs (json));
  g_assert_null (cs_history_import (f->history, bad, NULL, &error));
  g_assert_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "b.json: "));
  if (strstr (error->message, "runs") == NULL)
    g_error ("%s", error->message);
  entries = cs_history_list (f->history, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
}

/* ---- async --------------------------------------------------------------------------------- */

typedef struct
{
  GAsyncResult *res;
  guint         changed;
  guint         changed_before_callback;
} Waiter;

static void
on_done (GObject *source, GAsyncResult *res, gpointer data)
{
  Waiter *w = data;

  w->res = g_object_ref (res);
  w->changed_before_callback = w->changed;
}

static void
on_changed (CsHistory *history, Waiter *w)
{
  w->changed++;
}

static GAsyncResult *
wait_for (Waiter *w)
{
  while (w->res == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->res;
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = htu_make_result ("cpu", "alpha", "2026-11-20T09:00:00Z", 1.0);
  Waiter w = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(CsResult) loaded = NULL;

  g_signal_connect (f->history, "changed", G_CALLBACK (on_changed), &w);
  cs_history_save_async (f->history, r, NULL, on_done, &w);
  path = cs_history_save_finish (f->history, wait_for (&w), &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  /* "changed" comes before the callback, so a list reloaded from it sees the new file */
  g_assert_cmpuint (w.changed_before_callback, ==, 1);
  g_clear_object (&w.res);

  cs_history_list_async (f->history, NULL, on_done, &w);
  entries = cs_history_list_finish (f->history, wait_for (&w), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpuint (w.changed, ==, 1); /* listing changes nothing */
  g_clear_object (&w.res);

  cs_history_rename_async (f->history, path, "renamed", NULL, on_done, &w);
  g_assert_true (cs_history_rename_finish (f->history, wait_for (&w), &error));
  g_assert_cmpuint (w.changed, ==, 2);
  g_clear_object (&w.res);

  cs_history_load_async (f->history, path, NULL, on_done, &w);
  loaded = cs_history_load_finish (f->history, wait_for (&w), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->label, ==, "renamed");
  g_clear_object (&w.res);

  cs_history_delete_async (f->history, path, NULL, on_done, &w);
  g_assert_true (cs_history_delete_finish (f->history, wait_for (&w), &error));
  g_assert_cmpuint (w.changed, ==, 3);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_object (&w.res);

  /* a failed delete reports the error and emits nothing */
  cs_history_delete_async (f->history, path, NULL, on_done, &w);
  g_assert_false (cs_history_delete_finish (f->history, wait_for (&w), &error));
  g_assert_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_NOT_FOUND);
  g_assert_cmpuint (w.changed, ==, 3);
  g_clear_object (&w.res);
  g_signal_handlers_disconnect_by_data (f->history, &w);
}

static void
test_import_files_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsResult) r = htu_make_result ("cpu", "remote", "2026-11-20T09:00:00Z", 1.0);
  g_autofree char *json = cs_result_to_json (r, NULL);
  g_autofree char *good = write_external (f, "a.json", json);
  g_autofree char *bad = write_external (f, "b.json", "{ \"format\": ");
  g_autofree char *missing = write_external (f, "c.json", "");
  GFile *files[3];
  g_autoptr(GPtrArray) results = NULL;
  g_auto(GStrv) lines = NULL;
  Waiter w = { 0 };

  g_unlink (missing);
  files[0] = g_file_new_for_path (bad);
  files[1] = g_file_new_for_path (good);
  files[2] = g_file_new_for_path (missing);
  g_signal_connect (f->history, "changed", G_CALLBACK (on_changed), &w);
  cs_history_import_files_async (f->history, files, 3, NULL, on_done, &w);
  for (guint i = 0; i < 3; i++)
    g_object_unref (files[i]);
  /* one bad file does not stop the good one; one line per failed file */
  g_assert_false (cs_history_import_files_finish (f->history, wait_for (&w), &results, &error));
  g_assert_error (error, CS_HISTORY_ERROR, CS_HISTORY_ERROR_INVALID);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], "b.json: "));
  g_assert_nonnull (strstr (lines[1], "c.json"));
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpstr (((CsResult *) results->pdata[0])->machine->hostname, ==, "remote");
  g_assert_cmpuint (w.changed, ==, 1);
  g_clear_object (&w.res);
  g_signal_handlers_disconnect_by_data (f->history, &w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/history/empty", test_empty);
  ADD ("/history/save-and-list", test_save_and_list);
  ADD ("/history/unique-names", test_unique_names);
  ADD ("/history/concurrent-saves", test_concurrent_saves);
  ADD ("/history/rename", test_rename);
  ADD ("/history/list-sees-changes", test_list_sees_changes);
  ADD ("/history/delete", test_delete);
  ADD ("/history/import", test_import);
  ADD ("/history/async", test_async);
  ADD ("/history/import-files-async", test_import_files_async);
#undef ADD
  return g_test_run ();
}
