/* gui-test-util.h: small helpers shared by the tests that drive real windows
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <gio/gio.h>
#include <gtk/gtk.h>
#include <string.h>

/* Every GUI test gets a private session bus of its own (GTestDBus runs a dbus-daemon for it),
 * never the user's and never an autolaunched one: GLib otherwise falls back to `dbus-launch`,
 * which a fresh machine does not have, and GTK turns the warning into a fatal SIGTRAP under
 * gtk_test_init(). Call before anything touches GTK, and cs_gui_test_finish() at the end. */
static G_GNUC_UNUSED GTestDBus *
cs_gui_test_init (int *argc, char ***argv)
{
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  /* g_test_dbus_up() also unsets DISPLAY (a test bus must not reach the desktop): Xvfb's stays. */
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  /* The private bus has no accessibility bus to hand out, and GTK would warn (fatally). */
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return bus;
}

/* Stops the private bus and returns the test status, for `return cs_gui_test_finish (...)`.
 * g_test_dbus_stop(), not _down(): GTK keeps its bus connection until exit, and _down() would
 * wait for it forever (and so would the last unref, which calls it: the object stays). */
static G_GNUC_UNUSED int
cs_gui_test_finish (GTestDBus *bus, int status)
{
  g_test_dbus_stop (bus);
  return status;
}

/* A g_timeout callback that sets the gboolean it points at: the main-loop waits' deadline. */
static G_GNUC_UNUSED gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for ms milliseconds: pending layout and frames happen. */
static G_GNUC_UNUSED void
cs_gui_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*CsWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget, depth first from root (included), that match() accepts, or NULL. */
static G_GNUC_UNUSED GtkWidget *
cs_gui_test_find_widget (GtkWidget *root, CsWidgetMatch match, gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = cs_gui_test_find_widget (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Matchers for cs_gui_test_find_widget(): data is a GType (GSIZE_TO_POINTER), a type name
 * (private GTK types), or the text a label contains. */
static G_GNUC_UNUSED gboolean
cs_gui_test_is_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static G_GNUC_UNUSED gboolean
cs_gui_test_is_type_named (GtkWidget *widget, gconstpointer name)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), name);
}

static G_GNUC_UNUSED gboolean
cs_gui_test_is_label_with (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* Destroys a window and checks that nothing keeps it alive. */
static G_GNUC_UNUSED void
close_window_and_check (gpointer window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}
