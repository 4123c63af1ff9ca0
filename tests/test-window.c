/* test-window.c: the real window opens, draws a topology with one box per PU, and keeps state
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cs-application.h"
#include "cs-settings.h"
#include "cs-topology-layout.h"
#include "cs-topology-page.h"
#include "cs-topology-view.h"
#include "cs-window.h"
#include "cs-run-panel.h"
#include "cs-preferences-window.h"
#include "gui-test-util.h"

/* Runs under Xvfb (see tests/meson.build): windows are really mapped and rendered. */

static CsApplication *app;

static CsTopology *
load_synthetic (const char *description)
{
  g_autoptr (GError) error = NULL;
  CsTopology *topology = cs_topology_new_synthetic (description, &error);

  g_assert_no_error (error);
  return topology;
}

/* Iterates the main loop until the view has a size (the window is mapped and allocated). */
static void
wait_for_allocation (GtkWidget *widget)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, on_timeout, &timed_out);

  while (!timed_out && (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  /* Let the frame clock settle so that the size is final. */
  for (int i = 0; i < 20 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static CsWindow *
open_window (CsTopology *topology)
{
  CsWindow *window = cs_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  if (topology != NULL)
    cs_window_set_topology (window, topology, "test");
  cs_window_show_page (window, "topology");
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (GTK_WIDGET (cs_window_get_topology_view (window)));
  return window;
}

/* Runs the main loop for a while, so that queued frames are drawn. */
static void
settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (150, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Renders widget at its size through the window's GSK renderer: what the screen shows. */
static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
}

/* Number of distinct colours among opaque pixels: a blank render has at most one. */
static guint
count_colours (GdkTexture *texture, guint *n_opaque)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) w * h);
  g_autoptr (GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, (guchar *) pixels, w * 4);
  *n_opaque = 0;
  for (int i = 0; i < w * h; i++)
    if ((pixels[i] >> 24) != 0)
      {
        (*n_opaque)++;
        g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));
      }
  return g_hash_table_size (colours);
}

static void
test_actions (void)
{
  g_auto (GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                               "app.quit");

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "shortcuts"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_nonnull (quit[0]);
  g_assert_cmpstr (quit[0], ==, "<Control>q");
}

static AdwAboutWindow *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not a new reference */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);
      if (ADW_IS_ABOUT_WINDOW (item))
        return ADW_ABOUT_WINDOW (item);
    }
  return NULL;
}

/* app.about opens an About window for the main window; the Keyboard Shortcuts window is
 * loaded from gtk/help-overlay.ui. */
static void
test_about_and_shortcuts (void)
{
  CsWindow *window = open_window (NULL);
  AdwAboutWindow *about;

  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_null (find_about_window ());
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_about_window ();
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (about));
  close_window_and_check (window);
}

static void
test_topology_view (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:2 core:4 pu:2");
  CsWindow *window = open_window (topology);
  CsTopologyView *view = cs_window_get_topology_view (window);
  CsTopoLayout *layout = cs_topology_view_get_layout (view);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GdkTexture) reloaded = NULL;
  g_autofree char *dir = g_dir_make_tmp ("corescope-test-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "topology.png", NULL);
  g_autoptr (GError) error = NULL;
  guint n_colours, n_opaque;

  g_assert_true (cs_topology_view_get_topology (view) == topology);
  g_assert_nonnull (layout);
  /* One box per PU, inside the widget, and the layout is the one for its current size. */
  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_PU), ==, 16);
  g_assert_cmpfloat (cs_topo_layout_get_width (layout), ==,
                     gtk_widget_get_width (GTK_WIDGET (view)));
  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    {
      const CsTopoBox *box = cs_topo_layout_get_box (layout, i);
      g_assert_cmpfloat (box->rect.x + box->rect.width, <=, cs_topo_layout_get_width (layout));
      g_assert_cmpfloat (box->rect.y + box->rect.height, <=,
                         cs_topo_layout_get_height (layout));
      if (box->kind == CS_TOPO_NODE_PU)
        g_assert_true (cs_topo_layout_hit_test (layout, box->rect.x + box->rect.width / 2,
                                                box->rect.y + box->rect.height / 2) == box);
    }
  /* The cache survives a redraw at the same size. */
  g_assert_true (cs_topology_view_get_layout (view) == layout);

  texture = render_widget (GTK_WIDGET (view));
  g_assert_true (gdk_texture_save_to_png (texture, png));
  reloaded = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (reloaded), ==, gdk_texture_get_width (texture));
  n_colours = count_colours (reloaded, &n_opaque);
  /* Boxes of several kinds, borders and anti-aliased text: many colours, most pixels drawn. */
  g_assert_cmpuint (n_colours, >, 10);
  g_assert_cmpuint (n_opaque, >, gdk_texture_get_width (reloaded)
                                 * gdk_texture_get_height (reloaded) / 2);

  g_unlink (png);
  g_rmdir (dir);
  close_window_and_check (window);
}

static GtkEventController *
find_motion_controller (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        return controller;
    }
  return NULL;
}

/* Pixels of colour rgb inside the rectangle (x, y, w, h) of texture. */
static guint
count_pixels_in (GdkTexture *texture, const graphene_rect_t *rect, guint32 rgb)
{
  int tw = gdk_texture_get_width (texture), th = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) tw * th);
  guint n = 0;

  gdk_texture_download (texture, (guchar *) pixels, tw * 4);
  for (int y = MAX (0, (int) rect->origin.y - 3); y < MIN (th, (int) (rect->origin.y + rect->size.height) + 3); y++)
    for (int x = MAX (0, (int) rect->origin.x - 3); x < MIN (tw, (int) (rect->origin.x + rect->size.width) + 3); x++)
      n += (pixels[y * tw + x] & 0xffffff) == rgb;
  return n;
}

/* Moving the pointer over a PU draws an accent ring around it. */
static void
test_hover (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:1 core:2 pu:2");
  CsWindow *window = open_window (topology);
  GtkWidget *view = GTK_WIDGET (cs_window_get_topology_view (window));
  CsTopoLayout *layout;
  GtkEventController *motion = find_motion_controller (view);
  const CsTopoBox *pu = NULL;
  g_autoptr (GdkTexture) before = NULL;
  g_autoptr (GdkTexture) after = NULL;
  graphene_rect_t rect;

  /* The window must have its final size first: the layout (and so every box) follows it. */
  settle ();
  before = render_widget (view);
  layout = cs_topology_view_get_layout (CS_TOPOLOGY_VIEW (view));
  for (guint i = 0; pu == NULL && i < cs_topo_layout_get_n_boxes (layout); i++)
    if (cs_topo_layout_get_box (layout, i)->kind == CS_TOPO_NODE_PU)
      pu = cs_topo_layout_get_box (layout, i);
  g_assert_nonnull (pu);
  g_assert_nonnull (motion);
  graphene_rect_init (&rect, pu->rect.x, pu->rect.y, pu->rect.width, pu->rect.height);
  g_signal_emit_by_name (motion, "motion", rect.origin.x + rect.size.width / 2,
                         rect.origin.y + rect.size.height / 2);
  settle ();
  after = render_widget (view);
  /* The accent ring (Adwaita blue 3, #1c71d8) appears around the hovered PU. */
  g_assert_cmpuint (count_pixels_in (after, &rect, 0x1c71d8), >,
                    count_pixels_in (before, &rect, 0x1c71d8) + 2 * (guint) rect.size.height);
  close_window_and_check (window);
}

/* What `corescope` does at start: activating the application opens the real window, and the
 * topology the application loads in a thread from start-up (hwloc, tens of milliseconds here)
 * reaches it when it is there. */
static void
test_activate (void)
{
  GtkWindow *active;
  CsTopologyView *view;
  CsTopology *topology;
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, on_timeout, &timed_out);

  g_application_activate (G_APPLICATION (app));
  active = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CS_IS_WINDOW (active));
  view = cs_window_get_topology_view (CS_WINDOW (active));
  while (!timed_out && cs_topology_view_get_topology (view) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  topology = cs_application_get_topology (app, NULL);
  g_assert_true (cs_topology_view_get_topology (view) == topology);

  cs_window_show_page (CS_WINDOW (active), "topology");
  wait_for_allocation (GTK_WIDGET (view));
  g_assert_cmpuint (cs_topo_layout_count_kind (cs_topology_view_get_layout (view),
                                               CS_TOPO_NODE_PU), ==,
                    cs_topology_get_n_pus (topology));
  close_window_and_check (CS_WINDOW (active));
}

typedef struct
{
  gboolean done;
  GError  *error;
} OpenResult;

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OpenResult *open = user_data;
  gboolean ok = cs_window_open_topology_file_finish (CS_WINDOW (source), result, &open->error);

  g_assert_true (ok == (open->error == NULL));
  open->done = TRUE;
}

/* NULL when the file was opened, else the error. */
static GError *
open_file_and_wait (CsWindow *window, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  OpenResult open = { FALSE, NULL };

  cs_window_open_topology_file (window, file, on_opened, &open);
  while (!open.done)
    g_main_context_iteration (NULL, TRUE);
  return open.error;
}

/* Another machine's hwloc XML is shown on the Topology page; "This Machine" goes back. */
static void
test_open_topology_file (void)
{
  g_autoptr (CsTopology) local = load_synthetic ("pack:1 core:2 pu:1");
  g_autoptr (CsTopology) other = load_synthetic ("pack:2 core:2 pu:2");
  g_autofree char *xml = cs_topology_export_xml (other, NULL);
  g_autofree char *dir = g_dir_make_tmp ("corescope-test-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "other.xml", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.xml", NULL);
  CsWindow *window = open_window (local);
  CsTopologyView *view = cs_window_get_topology_view (window);
  GError *error;

  g_assert_nonnull (xml);
  g_assert_true (g_file_set_contents (good, xml, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "<topology>not hwloc", -1, NULL));

  error = open_file_and_wait (window, good);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_topology_get_n_pus (cs_topology_view_get_topology (view)), ==, 8);

  /* A broken file is reported and the drawing stays. */
  error = open_file_and_wait (window, bad);
  g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (cs_topology_get_n_pus (cs_topology_view_get_topology (view)), ==, 8);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-local-topology",
                                             NULL));
  g_assert_true (cs_topology_view_get_topology (view)
                 == cs_application_get_topology (app, NULL));

  /* Dropping the file on the page opens it too. */
  {
    GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (view), CS_TYPE_TOPOLOGY_PAGE);
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (page);
    g_autoptr (GtkEventController) target = g_list_model_get_item (controllers, 0);
    g_autoptr (GFile) file = g_file_new_for_path (good);
    g_auto (GValue) value = G_VALUE_INIT;
    gboolean accepted = FALSE;
    gboolean timed_out = FALSE;
    guint timeout = g_timeout_add_seconds (10, on_timeout, &timed_out);

    g_assert_true (GTK_IS_DROP_TARGET (target));
    g_value_init (&value, G_TYPE_FILE);
    g_value_set_object (&value, file);
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
    g_assert_true (accepted);
    while (!timed_out && cs_topology_get_n_pus (cs_topology_view_get_topology (view)) != 8)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (timed_out);
    g_source_remove (timeout);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-local-topology",
                                             NULL));
  g_assert_true (cs_topology_view_get_topology (view)
                 == cs_application_get_topology (app, NULL));

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
  close_window_and_check (window);
}

static gboolean
has_load (CsTopologyView *view)
{
  CsTopoPaintOptions options;

  cs_topology_view_get_paint_options (view, &options);
  return options.pu_load != NULL;
}

/* Live load samples this machine's /proc/stat every second; other machines can't be measured. */
static void
test_live_load (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) local = cs_topology_new_local (&error);
  g_autoptr (CsTopology) synthetic = load_synthetic ("pack:1 core:2 pu:1");
  CsWindow *window;
  CsTopologyView *view;
  CsTopoPaintOptions options;
  gboolean timed_out = FALSE;
  guint timeout;

  g_assert_no_error (error);
  window = open_window (local);
  view = cs_window_get_topology_view (window);
  g_assert_false (has_load (view));
  g_object_set (view, "live-load", TRUE, NULL);
  g_assert_true (cs_topology_view_get_live_load (view));

  timeout = g_timeout_add_seconds (5, on_timeout, &timed_out);
  while (!timed_out && !has_load (view))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  cs_topology_view_get_paint_options (view, &options);
  g_assert_cmpuint (options.n_pu_load, >=, cs_topology_get_n_pus (local));
  for (guint i = 0; i < options.n_pu_load; i++)
    g_assert_true (options.pu_load[i] >= 0 && options.pu_load[i] <= 1);

  /* Another machine: the load stops and cannot be turned on. */
  cs_topology_view_set_topology (view, synthetic);
  g_assert_false (cs_topology_view_get_live_load (view));
  g_assert_false (has_load (view));
  cs_topology_view_set_live_load (view, TRUE);
  g_assert_false (cs_topology_view_get_live_load (view));
  close_window_and_check (window);
}

/* The pixel at (x, y) of a texture, as 0xAARRGGBB. */
static guint32
pixel_at (GdkTexture *texture, int x, int y)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) w * h);

  g_assert_true (x >= 0 && x < w && y >= 0 && y < h);
  gdk_texture_download (texture, (guchar *) pixels, w * 4);
  return pixels[y * w + x];
}

static void
assert_same_colour (guint32 a, guint32 b)
{
  for (guint shift = 0; shift < 32; shift += 8)
    g_assert_cmpint (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)), <=, 2);
}

/* A pixel of the filled part of a PU's drawing: near its bottom left, clear of the centred
 * label, the border and the rounded corner. */
static guint32
filled_pixel (CsTopologyView *view)
{
  g_autoptr (GdkTexture) texture = render_widget (GTK_WIDGET (view));
  CsTopoLayout *layout = cs_topology_view_get_layout (view);

  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    {
      const CsTopoBox *box = cs_topo_layout_get_box (layout, i);

      if (box->kind == CS_TOPO_NODE_PU)
        return pixel_at (texture, (int) box->rect.x + 6,
                         (int) (box->rect.y + box->rect.height) - 6);
    }
  g_assert_not_reached ();
}

/* The live load has a legend: one swatch per colour of the drawing, with what it means (issue
 * #18); it is shown only while the load is. */
static void
test_load_legend (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) local = cs_topology_new_local (&error);
  CsWindow *window;
  CsTopologyView *view;
  GtkWidget *page, *legend, *item;
  const char *expected[] = { "under 50 % · idle", "50–85 %", "85 % and over · busy" };
  const double loads[] = { 0.3, 0.7, 0.95 };
  guint32 swatches[3];
  g_autofree double *values = NULL;
  guint n_bands, n_pus, i = 0;

  g_assert_no_error (error);
  cs_topo_load_bands (&n_bands);
  g_assert_cmpuint (n_bands, ==, 3);
  window = open_window (local);
  view = cs_window_get_topology_view (window);
  page = gtk_widget_get_ancestor (GTK_WIDGET (view), CS_TYPE_TOPOLOGY_PAGE);
  legend = cs_topology_page_get_load_legend (CS_TOPOLOGY_PAGE (page));
  g_assert_false (gtk_widget_get_visible (legend));
  g_object_set (view, "live-load", TRUE, NULL);
  g_assert_true (gtk_widget_get_visible (legend));
  settle ();
  /* the legend fits: it neither folds the window nor hides the drawing */
  g_assert_true (gtk_widget_get_mapped (legend));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  /* the caption, then [swatch, label] per band, idle to busy */
  for (item = gtk_widget_get_next_sibling (gtk_widget_get_first_child (legend)); item != NULL;
       item = gtk_widget_get_next_sibling (item), i++)
    {
      GtkWidget *swatch = gtk_widget_get_first_child (item);
      g_autoptr (GdkTexture) texture = NULL;

      g_assert_cmpuint (i, <, 3);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (swatch))), ==,
                       expected[i]);
      g_assert_cmpint (gtk_widget_get_width (swatch), >, 4);
      texture = render_widget (swatch);
      swatches[i] = pixel_at (texture, gtk_widget_get_width (swatch) / 2,
                              gtk_widget_get_height (swatch) / 2);
    }
  g_assert_cmpuint (i, ==, 3);
  g_assert_true (swatches[0] != swatches[1] && swatches[1] != swatches[2]);

  /* Each swatch has the colour of a PU loaded in its band, as drawn. */
  g_object_set (view, "live-load", FALSE, NULL);
  g_assert_false (gtk_widget_get_visible (legend));
  n_pus = cs_topology_get_n_pus (local);
  values = g_new (double, n_pus * 4 + 64);
  for (i = 0; i < 3; i++)
    {
      for (guint p = 0; p < n_pus * 4 + 64; p++)
        values[p] = loads[i];
      cs_topology_view_set_pu_load (view, values, n_pus * 4 + 64);
      settle ();
      assert_same_colour (filled_pixel (view), swatches[i]);
    }
  close_window_and_check (window);
}

static void
test_topology_replaced (void)
{
  g_autoptr (CsTopology) small = load_synthetic ("pack:1 core:2 pu:1");
  g_autoptr (CsTopology) big = load_synthetic ("pack:2 numa:2 core:16 pu:2");
  CsWindow *window = open_window (small);
  CsTopologyView *view = cs_window_get_topology_view (window);

  g_assert_cmpuint (cs_topo_layout_count_kind (cs_topology_view_get_layout (view),
                                               CS_TOPO_NODE_PU), ==, 2);
  /* Setting a topology programmatically drops the cached layout. */
  cs_topology_view_set_topology (view, big);
  g_assert_cmpuint (cs_topo_layout_count_kind (cs_topology_view_get_layout (view),
                                               CS_TOPO_NODE_PU), ==, 128);
  close_window_and_check (window);
}

static void
test_topology_error (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:1 core:2 pu:1");
  g_autoptr (GError) error = g_error_new_literal (CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID,
                                                  "bad synthetic description");
  CsWindow *window = open_window (topology);
  CsTopologyView *view = cs_window_get_topology_view (window);

  cs_window_show_topology_error (window, error);
  g_assert_null (cs_topology_view_get_topology (view));
  g_assert_null (cs_topology_view_get_layout (view));
  close_window_and_check (window);
}

static void
test_synthetic_env (void)
{
  g_autoptr (CsApplication) other = NULL;
  CsTopology *topology;
  g_autoptr (GError) error = NULL;

  g_setenv (CS_TOPOLOGY_SYNTHETIC_ENV, "pack:2 numa:2 core:16 pu:2", TRUE);
  other = cs_application_new ();
  topology = cs_application_get_topology (other, &error);
  g_unsetenv (CS_TOPOLOGY_SYNTHETIC_ENV);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_topology_get_n_pus (topology), ==, 128);
  g_assert_nonnull (strstr (cs_application_get_topology_origin (other), "pack:2 numa:2"));
}

static void
test_window_state_remembered (void)
{
  g_autoptr (CsSettings) settings = cs_settings_new ();
  g_autoptr (GSettings) gsettings = g_settings_new (APPLICATION_ID);
  CsWindow *window;
  int width, height;

  /* GSETTINGS_BACKEND=memory: nothing leaks into the user's settings. */
  g_assert_true (cs_settings_is_available (settings));
  g_settings_set_int (gsettings, "window-width", 777);
  g_settings_set_int (gsettings, "window-height", 555);
  window = cs_window_new (app);
  cs_settings_bind_window_state (settings, GTK_WINDOW (window));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 777);
  g_assert_cmpint (height, ==, 555);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  g_assert_cmpint (g_settings_get_int (gsettings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (gsettings, "window-height"), ==, 480);
  gtk_window_maximize (GTK_WINDOW (window));
  g_assert_true (g_settings_get_boolean (gsettings, "window-maximized"));
  g_settings_set_boolean (gsettings, "window-maximized", FALSE);
  close_window_and_check (window);
}

static CsPreferencesWindow *
find_preferences_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not a new reference */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);
      if (CS_IS_PREFERENCES_WINDOW (item))
        return CS_PREFERENCES_WINDOW (item);
    }
  return NULL;
}

/* app.preferences (Ctrl+,): the style applies to the whole app at once. */
static void
test_preferences (void)
{
  CsWindow *window = open_window (NULL);
  AdwStyleManager *style = adw_style_manager_get_default ();
  CsPreferencesWindow *preferences;

  g_assert_null (find_preferences_window ());
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_preferences_window ();
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));

  adw_combo_row_set_selected (cs_preferences_window_get_style_row (preferences), 2);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  adw_combo_row_set_selected (cs_preferences_window_get_style_row (preferences), 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  adw_combo_row_set_selected (cs_preferences_window_get_style_row (preferences), 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (preferences));
  close_window_and_check (window);
}

/* ---- a result of an mpi sweep across hosts: its nodes side by side ---- */

static void
on_result_opened (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (cs_window_open_result_file_finish (CS_WINDOW (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static void
open_result_file (CsWindow *window, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gboolean done = FALSE;

  cs_window_open_result_file (window, file, on_result_opened, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_topology_views (GtkWidget *widget)
{
  guint n = CS_IS_TOPOLOGY_VIEW (widget) && gtk_widget_get_mapped (widget) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n += count_topology_views (c);
  return n;
}

/* The hosts' topologies are read in a thread, and a stack's crossfade keeps both pages mapped
 * while it runs: on a loaded machine either takes longer than any fixed wait, so iterate until
 * the page shows what it should (nodes or not) and no stack below it is in a transition. */
static gboolean
any_transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (any_transition_running (c))
      return TRUE;
  return FALSE;
}

static void
wait_for_nodes_shown (GtkWidget *page, gboolean showing_nodes)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, on_timeout, &timed_out);

  while (!timed_out &&
         (cs_topology_page_get_showing_nodes (CS_TOPOLOGY_PAGE (page)) != showing_nodes ||
          any_transition_running (page)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  settle (); /* the frame after the transition */
}

/* The result of `--modes mpi` on cs-node1 and cs-node2 (build-aux/netns-cluster.sh): one
 * drawing per host; a local result gives the page back to this machine. CORESCOPE_TEST_SHOT
 * names a PNG to save the page to, to look at. */
static void
test_topology_nodes (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:1 core:2 pu:1");
  CsWindow *window = open_window (topology);
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (cs_window_get_topology_view (window)),
                                             CS_TYPE_TOPOLOGY_PAGE);
  g_autofree char *two_hosts = g_test_build_filename (G_TEST_DIST, "data", "mpi-two-hosts.json",
                                                      NULL);
  g_autofree char *local = g_test_build_filename (G_TEST_DIST, "data", "result-format-1.json",
                                                  NULL);
  const char *shot = g_getenv ("CORESCOPE_TEST_SHOT");

  open_result_file (window, two_hosts);
  cs_window_show_page (window, "topology");
  wait_for_nodes_shown (page, TRUE);
  g_assert_cmpuint (count_topology_views (page), ==, 2);
  if (shot != NULL)
    {
      g_autoptr (GdkTexture) texture = render_widget (GTK_WIDGET (window));
      g_assert_true (gdk_texture_save_to_png (texture, shot));
    }

  open_result_file (window, local);
  cs_window_show_page (window, "topology");
  wait_for_nodes_shown (page, FALSE);
  g_assert_cmpuint (count_topology_views (page), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* `corescope FILE` (GApplication's open): the window comes up showing that result. */
static void
test_open_from_command_line (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "mpi-two-hosts.json",
                                                 NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, on_timeout, &timed_out);
  CsWindow *window;

  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = CS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  while (!timed_out && cs_window_get_result (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_cmpstr (cs_window_get_result (window)->config->preset, ==, "cpu");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  GTestDBus *bus;
  g_autoptr (GError) error = NULL;
  int status;

  bus = cs_gui_test_init (&argc, &argv);
  app = cs_application_new ();
  /* No session bus in CI: don't try to be the unique instance. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/window/activate", test_activate);
  g_test_add_func ("/window/actions", test_actions);
  g_test_add_func ("/window/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/window/topology-view", test_topology_view);
  g_test_add_func ("/window/hover", test_hover);
  g_test_add_func ("/window/topology-replaced", test_topology_replaced);
  g_test_add_func ("/window/open-topology-file", test_open_topology_file);
  g_test_add_func ("/window/live-load", test_live_load);
  g_test_add_func ("/window/load-legend", test_load_legend);
  g_test_add_func ("/window/topology-error", test_topology_error);
  g_test_add_func ("/window/synthetic-env", test_synthetic_env);
  g_test_add_func ("/window/state-remembered", test_window_state_remembered);
  g_test_add_func ("/window/preferences", test_preferences);
  g_test_add_func ("/window/topology/nodes", test_topology_nodes);
  g_test_add_func ("/window/open-from-command-line", test_open_from_command_line);
  status = g_test_run ();
  g_clear_object (&app);
  return cs_gui_test_finish (bus, status);
}
