/* gui-test-util.h: small helpers shared by the tests that drive real windows
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

/* A g_timeout callback that sets the gboolean it points at: the main-loop waits' deadline. */
static G_GNUC_UNUSED gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Destroys a window and checks that nothing keeps it alive. */
static G_GNUC_UNUSED void
close_window_and_check (gpointer window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}
