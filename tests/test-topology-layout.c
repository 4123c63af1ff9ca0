/* test-topology-layout.c: the lstopo-style layout nests, doesn't overlap and paints something
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-topology-layout.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static CsTopology *
load_synthetic (const char *description)
{
  g_autoptr (GError) error = NULL;
  CsTopology *topology = cs_topology_new_synthetic (description, &error);

  g_assert_no_error (error);
  g_assert_nonnull (topology);
  return topology;
}

static gboolean
rects_overlap (const CsTopoRect *a, const CsTopoRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
rect_inside (const CsTopoRect *inner, const CsTopoRect *outer)
{
  const double eps = 1e-6;

  return inner->x >= outer->x - eps && inner->y >= outer->y - eps
         && inner->x + inner->width <= outer->x + outer->width + eps
         && inner->y + inner->height <= outer->y + outer->height + eps;
}

static const CsTopoBox *
ancestor_of_kind (CsTopoLayout *layout, const CsTopoBox *box, CsTopoNodeKind kind)
{
  while (box->parent != G_MAXUINT)
    {
      box = cs_topo_layout_get_box (layout, box->parent);
      if (box->kind == kind)
        return box;
    }
  return NULL;
}

/* Every box inside its parent and inside the area, siblings disjoint, sizes positive. */
static void
assert_well_nested (CsTopoLayout *layout)
{
  CsTopoRect area = { 0, 0, cs_topo_layout_get_width (layout),
                      cs_topo_layout_get_height (layout) };
  guint n = cs_topo_layout_get_n_boxes (layout);

  for (guint i = 0; i < n; i++)
    {
      const CsTopoBox *box = cs_topo_layout_get_box (layout, i);

      g_assert_cmpfloat (box->rect.width, >, 0);
      g_assert_cmpfloat (box->rect.height, >, 0);
      g_assert_true (rect_inside (&box->rect, &area));
      if (box->parent != G_MAXUINT)
        {
          g_assert_cmpuint (box->parent, <, i);
          g_assert_true (rect_inside (&box->rect, &cs_topo_layout_get_box (layout,
                                                                           box->parent)->rect));
        }
      for (guint j = i + 1; j < n; j++)
        {
          const CsTopoBox *other = cs_topo_layout_get_box (layout, j);
          if (other->parent == box->parent)
            g_assert_false (rects_overlap (&box->rect, &other->rect));
        }
    }
}

/* PUs pairwise disjoint, each OS index drawn exactly once, and 0..n-1 all present. */
static void
assert_pus_distinct (CsTopoLayout *layout, guint n_pus)
{
  g_autofree gboolean *seen = g_new0 (gboolean, n_pus);
  g_autoptr (GPtrArray) pus = g_ptr_array_new ();

  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    {
      const CsTopoBox *box = cs_topo_layout_get_box (layout, i);
      if (box->kind != CS_TOPO_NODE_PU)
        continue;
      g_assert_cmpint (box->os_index, >=, 0);
      g_assert_cmpint (box->os_index, <, n_pus);
      g_assert_false (seen[box->os_index]);
      seen[box->os_index] = TRUE;
      for (guint j = 0; j < pus->len; j++)
        g_assert_false (rects_overlap (&box->rect,
                                       &((const CsTopoBox *) pus->pdata[j])->rect));
      g_ptr_array_add (pus, (gpointer) box);
    }
  g_assert_cmpuint (pus->len, ==, n_pus);
}

/* "PU #3" (long) or "3" (short); a static buffer: fine for one comparison at a time. */
static const char *
expected_label (gboolean is_long, int index)
{
  static char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%s%d", is_long ? "PU #" : "", index);
  return buffer;
}

static guint32
pixel_at (cairo_surface_t *surface, double x, double y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return ((const guint32 *) (data + (int) y * stride))[(int) x] & 0xffffff;
}

/* ---- tests -------------------------------------------------------------------------------- */

static void
test_two_packages (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:2 core:4 pu:2");
  g_autoptr (CsTopoLayout) layout = cs_topo_layout_new (cs_topology_get_root (topology),
                                                        900, 600, NULL);
  guint n_pus_in_cores = 0;

  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_PU), ==, 16);
  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_CORE), ==, 8);
  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_PACKAGE), ==, 2);
  assert_well_nested (layout);
  assert_pus_distinct (layout, 16);

  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    {
      const CsTopoBox *box = cs_topo_layout_get_box (layout, i);
      const CsTopoBox *core;

      if (box->kind != CS_TOPO_NODE_PU)
        continue;
      core = ancestor_of_kind (layout, box, CS_TOPO_NODE_CORE);
      g_assert_nonnull (core);
      g_assert_true (rect_inside (&box->rect, &core->rect));
      g_assert_true (box->node->parent == core->node);
      /* 16 PUs in 900×600 leave room for full labels. */
      g_assert_nonnull (box->label);
      g_assert_cmpstr (box->label, ==, expected_label (TRUE, box->os_index));
      n_pus_in_cores++;
    }
  g_assert_cmpuint (n_pus_in_cores, ==, 16);
  /* Readable: not shrunk below normal text. */
  g_assert_cmpfloat (cs_topo_layout_get_font_size (layout), >=, 10);
}

static void
test_single_pu (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:1 core:1 pu:1");
  g_autoptr (CsTopoLayout) layout = cs_topo_layout_new (cs_topology_get_root (topology),
                                                        640, 480, NULL);
  const CsTopoBox *pu = NULL;

  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_PU), ==, 1);
  assert_well_nested (layout);
  assert_pus_distinct (layout, 1);
  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    if (cs_topo_layout_get_box (layout, i)->kind == CS_TOPO_NODE_PU)
      pu = cs_topo_layout_get_box (layout, i);
  g_assert_nonnull (pu);
  g_assert_cmpstr (pu->label, ==, "PU #0");
  /* A tiny machine is not blown up into a giant box, but it is not a speck either. */
  g_assert_cmpfloat (pu->rect.width, >, 30);
  g_assert_cmpfloat (pu->rect.width, <, 640);
}

static void
test_256_pus (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:4 numa:2 core:16 pu:2");
  g_autoptr (CsTopoLayout) layout = cs_topo_layout_new (cs_topology_get_root (topology),
                                                        1100, 650, NULL);
  guint labelled = 0;

  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_PU), ==, 256);
  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_NUMA), ==, 8);
  assert_well_nested (layout);
  assert_pus_distinct (layout, 256);
  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    {
      const CsTopoBox *box = cs_topo_layout_get_box (layout, i);
      if (box->kind == CS_TOPO_NODE_PU && box->label != NULL)
        {
          /* Long ("PU #12") or short ("12") labels, but always the OS index. */
          if (!g_str_equal (box->label, expected_label (FALSE, box->os_index)))
            g_assert_cmpstr (box->label, ==, expected_label (TRUE, box->os_index));
          labelled++;
        }
    }
  /* Every PU keeps at least its number at a window-sized area. */
  g_assert_cmpuint (labelled, ==, 256);
  g_assert_cmpfloat (cs_topo_layout_get_font_size (layout), >=, 7);
}

static void
test_tiny_area_drops_labels (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:2 numa:2 core:16 pu:2");
  g_autoptr (CsTopoLayout) layout = cs_topo_layout_new (cs_topology_get_root (topology),
                                                        120, 80, NULL);

  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_PU), ==, 128);
  assert_well_nested (layout);
  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    g_assert_null (cs_topo_layout_get_box (layout, i)->label);
}

/* Smaller than the margins: still well nested, nothing negative, nothing outside. */
static void
test_degenerate_area (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:2 core:4 pu:2");
  g_autoptr (CsTopoLayout) layout = cs_topo_layout_new (cs_topology_get_root (topology),
                                                        12, 9, NULL);

  g_assert_cmpuint (cs_topo_layout_count_kind (layout, CS_TOPO_NODE_PU), ==, 16);
  assert_well_nested (layout);
}

static void
test_hit_test_and_describe (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:2 core:4 pu:2");
  g_autoptr (CsTopoLayout) layout = cs_topo_layout_new (cs_topology_get_root (topology),
                                                        800, 500, NULL);

  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    {
      const CsTopoBox *box = cs_topo_layout_get_box (layout, i);
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;

      if (box->kind != CS_TOPO_NODE_PU)
        continue;
      g_assert_true (cs_topo_layout_hit_test (layout, box->rect.x + box->rect.width / 2,
                                              box->rect.y + box->rect.height / 2) == box);
      text = cs_topo_node_describe (box->node);
      expected = g_strdup_printf ("PU #%d\n", box->os_index);
      g_assert_true (g_str_has_prefix (text, expected));
      /* PUs 8..15 sit in the second package (hwloc numbers synthetic PUs in order). */
      g_assert_nonnull (strstr (text, box->os_index >= 8 ? "Package #1" : "Package #0"));
      g_assert_nonnull (strstr (text, "Core #"));
    }
  g_assert_null (cs_topo_layout_hit_test (layout, -5, -5));
}

static guint
count_painted_pixels (cairo_surface_t *surface)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      n += ((const guint32 *) (data + y * stride))[x] != 0;
  return n;
}

static void
test_paint (void)
{
  g_autoptr (CsTopology) topology = load_synthetic ("pack:2 core:4 pu:2");
  g_autoptr (CsTopoLayout) layout = cs_topo_layout_new (cs_topology_get_root (topology),
                                                        400, 300, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  const guint highlighted[] = { 0, 5 };
  const double load[16] = { 1.0, 0.5 };
  CsTopoPaintOptions options = { TRUE, highlighted, 2, load, 16 };
  guint light, dark;

  /* The surface starts transparent: count what the painter covered. */
  cs_topo_layout_paint (layout, cr, NULL);
  cairo_surface_flush (surface);
  light = count_painted_pixels (surface);
  g_assert_cmpuint (light, >, 400 * 300 / 2);

  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cs_topo_layout_paint (layout, cr, &options);
  cairo_surface_flush (surface);
  dark = count_painted_pixels (surface);
  g_assert_cmpuint (dark, ==, light);
  /* The highlighted PU is filled with the accent blue, an ordinary one with a dark grey. */
  for (guint i = 0; i < cs_topo_layout_get_n_boxes (layout); i++)
    {
      const CsTopoBox *box = cs_topo_layout_get_box (layout, i);
      guint32 rgb;

      if (box->kind != CS_TOPO_NODE_PU || (box->os_index != 5 && box->os_index != 6))
        continue;
      rgb = pixel_at (surface, box->rect.x + 3, box->rect.y + box->rect.height * 0.2);
      if (box->os_index == 5)
        g_assert_cmphex (rgb, ==, 0x3584e4);
      else
        g_assert_cmphex (rgb, ==, 0x1e1e21);
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/topology-layout/two-packages", test_two_packages);
  g_test_add_func ("/topology-layout/single-pu", test_single_pu);
  g_test_add_func ("/topology-layout/256-pus", test_256_pus);
  g_test_add_func ("/topology-layout/tiny-area", test_tiny_area_drops_labels);
  g_test_add_func ("/topology-layout/degenerate-area", test_degenerate_area);
  g_test_add_func ("/topology-layout/hit-test", test_hit_test_and_describe);
  g_test_add_func ("/topology-layout/paint", test_paint);
  return g_test_run ();
}
