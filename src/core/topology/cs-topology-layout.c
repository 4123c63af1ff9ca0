/* cs-topology-layout.c: lstopo-style drawing of a topology: a pure layout, then a cairo painter
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "cs-topology-layout.h"

/* The layout is first computed at a base font size ("natural" geometry, in units of base
 * pixels), then scaled to the area and stretched to fill it. Natural sizes depend on two free
 * choices: how long the labels are, and how many columns each box uses for its children. We
 * try a few label lengths (longest first) and a few target aspect ratios for the inner boxes,
 * and keep the combination that gives the largest text, as long as text stays readable. */

#define BASE_FONT_PX     12.0
#define MIN_FONT_PX       9.0  /* below this, try shorter labels */
#define MIN_VISIBLE_PX    4.5  /* below this, labels are dropped altogether */
#define MAX_UNIT_SCALE    1.35 /* text and padding never grow beyond this */
#define PAD               5.0
#define GAP               5.0
#define MARGIN            8.0

typedef enum {
  LABELS_FULL,
  LABELS_SHORT,
  LABELS_MINIMAL,
  N_LABEL_MODES
} LabelMode;

typedef enum {
  SHAPE_BOX,    /* a frame with a label strip on top and children inside */
  SHAPE_BAR,    /* a cache: a bar above the children it covers */
  SHAPE_MEMORY, /* a NUMA node without children: a bar in its parent's memory row */
  SHAPE_LEAF    /* a PU (or any other childless object): a box with a centred label */
} Shape;

typedef struct _Nat Nat;
struct _Nat
{
  const CsTopoNode *node;
  Shape             shape;
  char             *label;
  double            label_w;
  double            header;        /* label strip (box) or bar height */
  double            w, h;          /* natural size */
  GPtrArray        *memory;        /* Nat*: memory children, drawn as a row on top */
  GPtrArray        *kids;          /* Nat*: other children, drawn in a grid */
  guint             cols, rows;
  double            cell_w, cell_h, mem_w, mem_h;
};

typedef struct
{
  PangoContext         *context;
  PangoFontDescription *font;
  GHashTable           *widths;  /* label -> width at BASE_FONT_PX, boxed double */
  double                line;    /* line height at BASE_FONT_PX */
  LabelMode             mode;
  double                target;  /* aspect ratio inner boxes aim for */
  guint64               total_memory;
} Ctx;

struct _CsTopoLayout
{
  double                width, height;
  double                scale;     /* natural units -> pixels for padding and text */
  double                font_px;
  PangoFontDescription *font;
  GArray               *boxes;     /* CsTopoBox */
  GPtrArray            *labels;    /* owns the boxes' labels */
};

/* ---- labels ------------------------------------------------------------------------------ */

static char *
format_bytes (guint64 bytes)
{
  static const char *units[] = { N_("B"), N_("KiB"), N_("MiB"), N_("GiB"), N_("TiB") };
  guint u = 0;
  double value = bytes;

  while (value >= 1024 && u < G_N_ELEMENTS (units) - 1)
    {
      value /= 1024;
      u++;
    }
  if (fabs (value - round (value)) < 0.05 || value >= 100)
    return g_strdup_printf ("%.0f %s", value, _(units[u]));
  return g_strdup_printf ("%.1f %s", value, _(units[u]));
}

static int
display_index (const CsTopoNode *node)
{
  /* OS indexes of cores repeat across packages, so cores use hwloc's logical index. */
  if (node->kind == CS_TOPO_NODE_CORE || node->os_index < 0)
    return node->logical_index;
  return node->os_index;
}

static char *
cache_name (const CsTopoNode *node)
{
  if (node->name != NULL && node->name[0] == 'L')
    return g_strdup (node->name);
  return g_strdup_printf ("L%u", node->cache_level);
}

static char *
label_for_machine (const CsTopoNode *node, LabelMode mode, guint64 total_memory)
{
  if (mode == LABELS_FULL && total_memory > 0)
    {
      g_autofree char *size = format_bytes (total_memory);
      /* Translators: the whole computer and its memory, "Machine (16 GiB total)" */
      return g_strdup_printf (_("Machine (%s total)"), size);
    }
  return g_strdup (_("Machine"));
}

static char *
label_for_cache (const CsTopoNode *node, LabelMode mode)
{
  g_autofree char *name = cache_name (node);
  g_autofree char *size = NULL;

  if (mode == LABELS_MINIMAL || node->size_bytes == 0)
    return g_steal_pointer (&name);
  size = format_bytes (node->size_bytes);
  if (mode == LABELS_SHORT)
    return g_strdup_printf ("%s %s", name, size);
  /* Translators: a cache and its size, "L2 (1 MiB)" */
  return g_strdup_printf (_("%s (%s)"), name, size);
}

static char *
label_for_numa (const CsTopoNode *node, LabelMode mode)
{
  g_autofree char *size = NULL;

  if (mode != LABELS_FULL || node->size_bytes == 0)
    /* Translators: short label of a NUMA node, "NUMA #1" */
    return g_strdup_printf (_("NUMA #%d"), display_index (node));
  size = format_bytes (node->size_bytes);
  /* Translators: a NUMA node and its local memory, "NUMA node #0 (8 GiB)" */
  return g_strdup_printf (_("NUMA node #%d (%s)"), display_index (node), size);
}

static gboolean
has_memory_child (const CsTopoNode *node)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      const CsTopoNode *child = g_ptr_array_index (node->children, i);
      if (child->kind == CS_TOPO_NODE_NUMA && child->children->len == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
make_label (const CsTopoNode *node, LabelMode mode, guint64 total_memory)
{
  int index = display_index (node);

  switch (node->kind)
    {
    case CS_TOPO_NODE_MACHINE:
      return label_for_machine (node, mode, total_memory);
    case CS_TOPO_NODE_PACKAGE:
      /* Kept in every mode: one line per package costs little and orients the reader. */
      return g_strdup_printf (_("Package #%d"), index);
    case CS_TOPO_NODE_NUMA:
      return label_for_numa (node, mode);
    case CS_TOPO_NODE_CACHE:
      return label_for_cache (node, mode);
    case CS_TOPO_NODE_CORE:
      if (mode == LABELS_MINIMAL)
        return g_strdup ("");
      if (mode == LABELS_SHORT)
        return g_strdup_printf ("#%d", index);
      return g_strdup_printf (_("Core #%d"), index);
    case CS_TOPO_NODE_PU:
      if (mode != LABELS_FULL)
        return g_strdup_printf ("%d", index);
      /* Translators: a processing unit (hardware thread) and its OS index, "PU #3" */
      return g_strdup_printf (_("PU #%d"), index);
    case CS_TOPO_NODE_GROUP:
    default:
      /* A group that only exists to hold a NUMA node (what hwloc makes of "numa:2") is named
       * by the NUMA node's bar. */
      if (mode != LABELS_FULL || node->name == NULL || has_memory_child (node))
        return g_strdup ("");
      return g_strdup (node->name);
    }
}

/* ---- measuring --------------------------------------------------------------------------- */

static double
measure (Ctx *ctx, const char *text)
{
  g_autoptr (PangoLayout) layout = NULL;
  double *cached;
  int w, h;

  if (text == NULL || *text == '\0')
    return 0;
  cached = g_hash_table_lookup (ctx->widths, text);
  if (cached != NULL)
    return *cached;
  layout = pango_layout_new (ctx->context);
  pango_layout_set_font_description (layout, ctx->font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  /* A little slack: hinting at the final size may make text slightly wider. */
  cached = g_new (double, 1);
  *cached = w * 1.06 + 1;
  g_hash_table_insert (ctx->widths, g_strdup (text), cached);
  return *cached;
}

static double
measure_line_height (Ctx *ctx)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (ctx->context);
  int w, h;

  pango_layout_set_font_description (layout, ctx->font);
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  return MAX (h, BASE_FONT_PX);
}

/* ---- natural geometry -------------------------------------------------------------------- */

static void
nat_free (gpointer data)
{
  Nat *nat = data;

  g_free (nat->label);
  g_clear_pointer (&nat->memory, g_ptr_array_unref);
  g_clear_pointer (&nat->kids, g_ptr_array_unref);
  g_free (nat);
}

static Shape
shape_of (const CsTopoNode *node)
{
  if (node->kind == CS_TOPO_NODE_CACHE)
    return SHAPE_BAR;
  if (node->children->len > 0)
    return SHAPE_BOX;
  if (node->kind == CS_TOPO_NODE_NUMA)
    return SHAPE_MEMORY;
  return SHAPE_LEAF;
}

static void
grid_size (Nat *nat, guint cols, double *w, double *h)
{
  guint n = nat->kids->len;
  guint rows = (n + cols - 1) / cols;

  *w = n > 0 ? cols * nat->cell_w + (cols - 1) * GAP : 0;
  *h = n > 0 ? rows * nat->cell_h + (rows - 1) * GAP : 0;
}

/* The size of nat's box around a content area of content_w × content_h. */
static void
wrap_content (Ctx *ctx, Nat *nat, double content_w, double content_h)
{
  double label_space = nat->label_w + 2 * PAD;

  switch (nat->shape)
    {
    case SHAPE_BOX:
      nat->w = MAX (content_w + 2 * PAD, label_space);
      nat->h = PAD + nat->header + content_h + PAD;
      break;
    case SHAPE_BAR:
      nat->w = MAX (content_w, label_space);
      nat->h = nat->header + (content_h > 0 ? GAP + content_h : 0);
      break;
    case SHAPE_MEMORY:
      nat->w = MAX (label_space, 2 * ctx->line);
      nat->h = nat->header;
      break;
    case SHAPE_LEAF:
    default:
      /* At least square-ish, so that a box with a short number still looks like a box. */
      nat->w = MAX (nat->label_w + 2 * PAD, ctx->line + 2 * PAD);
      nat->h = ctx->line + 2 * PAD;
      break;
    }
}

static void
content_size (Nat *nat, guint cols, double *w, double *h)
{
  double gw, gh;

  grid_size (nat, cols, &gw, &gh);
  *w = MAX (gw, nat->mem_w);
  *h = nat->mem_h + (nat->mem_h > 0 && gh > 0 ? GAP : 0) + gh;
}

/* Chooses the number of columns that brings nat's aspect ratio closest to the target; a
 * ragged last row costs a little. */
static void
choose_columns (Ctx *ctx, Nat *nat)
{
  guint n = nat->kids->len;
  double best = G_MAXDOUBLE;

  nat->cols = MAX (n, 1);
  for (guint cols = 1; cols <= n; cols++)
    {
      double cw, ch, score;

      content_size (nat, cols, &cw, &ch);
      wrap_content (ctx, nat, cw, ch);
      score = fabs (log ((nat->w / nat->h) / ctx->target)) + (n % cols != 0 ? 0.5 : 0);
      if (score < best - 1e-9)
        {
          best = score;
          nat->cols = cols;
        }
    }
  nat->rows = n > 0 ? (n + nat->cols - 1) / nat->cols : 0;
}

static Nat *nat_build (Ctx *ctx, const CsTopoNode *node);

/* Memory children go to the row on top, the others to the grid; cells fit the largest. */
static void
nat_add_children (Ctx *ctx, Nat *nat)
{
  for (guint i = 0; i < nat->node->children->len; i++)
    {
      Nat *sub = nat_build (ctx, g_ptr_array_index (nat->node->children, i));

      if (sub->shape == SHAPE_MEMORY)
        {
          g_ptr_array_add (nat->memory, sub);
          nat->mem_w = MAX (nat->mem_w, sub->w);
          nat->mem_h = MAX (nat->mem_h, sub->h);
        }
      else
        {
          g_ptr_array_add (nat->kids, sub);
          nat->cell_w = MAX (nat->cell_w, sub->w);
          nat->cell_h = MAX (nat->cell_h, sub->h);
        }
    }
  /* Memory bars share the row equally, so the row is as wide as the widest times their count. */
  if (nat->memory->len > 0)
    nat->mem_w = nat->memory->len * nat->mem_w + (nat->memory->len - 1) * GAP;
}

static Nat *
nat_build (Ctx *ctx, const CsTopoNode *node)
{
  Nat *nat = g_new0 (Nat, 1);
  double cw, ch;

  nat->node = node;
  nat->shape = shape_of (node);
  nat->label = make_label (node, ctx->mode, ctx->total_memory);
  nat->label_w = measure (ctx, nat->label);
  nat->memory = g_ptr_array_new_with_free_func (nat_free);
  nat->kids = g_ptr_array_new_with_free_func (nat_free);
  if (nat->shape == SHAPE_BAR || nat->shape == SHAPE_MEMORY)
    nat->header = nat->label_w > 0 ? ctx->line + PAD : PAD;
  else if (nat->shape == SHAPE_BOX)
    nat->header = nat->label_w > 0 ? ctx->line + PAD / 2 : 0;

  nat_add_children (ctx, nat);
  choose_columns (ctx, nat);
  content_size (nat, nat->cols, &cw, &ch);
  wrap_content (ctx, nat, cw, ch);
  return nat;
}

/* ---- placement --------------------------------------------------------------------------- */

typedef struct
{
  CsTopoLayout *layout;
  double        s;   /* natural units -> pixels */
} Placer;

static guint
add_box (Placer *p, Nat *nat, CsTopoRect rect, guint depth, guint parent)
{
  CsTopoBox box = { 0 };

  box.kind = nat->node->kind;
  box.node = nat->node;
  box.depth = depth;
  box.os_index = nat->node->os_index;
  box.parent = parent;
  box.rect = rect;
  box.header_height = nat->header * p->s;
  if (nat->label != NULL && nat->label[0] != '\0' && p->layout->font_px >= MIN_VISIBLE_PX)
    {
      g_ptr_array_add (p->layout->labels, g_strdup (nat->label));
      box.label = g_ptr_array_index (p->layout->labels, p->layout->labels->len - 1);
    }
  g_array_append_val (p->layout->boxes, box);
  return p->layout->boxes->len - 1;
}

static void place (Placer *p, Nat *nat, CsTopoRect rect, guint depth, guint parent);

static void
place_memory_row (Placer *p, Nat *nat, CsTopoRect area, guint depth, guint parent)
{
  guint n = nat->memory->len;
  double gap = GAP * p->s;
  double w = (area.width - (n - 1) * gap) / n;

  for (guint i = 0; i < n; i++)
    {
      CsTopoRect r = { area.x + i * (w + gap), area.y, w, nat->mem_h * p->s };
      place (p, g_ptr_array_index (nat->memory, i), r, depth, parent);
    }
}

static void
place_grid (Placer *p, Nat *nat, CsTopoRect area, guint depth, guint parent)
{
  double gap = GAP * p->s;
  /* Stretch the cells to fill the area, so the drawing uses the whole window. */
  double cw = (area.width - (nat->cols - 1) * gap) / nat->cols;
  double ch = (area.height - (nat->rows - 1) * gap) / nat->rows;

  for (guint i = 0; i < nat->kids->len; i++)
    {
      guint col = i % nat->cols, row = i / nat->cols;
      CsTopoRect r = { area.x + col * (cw + gap), area.y + row * (ch + gap), cw, ch };
      place (p, g_ptr_array_index (nat->kids, i), r, depth, parent);
    }
}

static void
place (Placer *p, Nat *nat, CsTopoRect rect, guint depth, guint parent)
{
  guint index = add_box (p, nat, rect, depth, parent);
  double s = p->s;
  CsTopoRect area = rect;

  if (nat->shape == SHAPE_BOX)
    {
      area.x += PAD * s;
      area.width -= 2 * PAD * s;
      area.y += (PAD + nat->header) * s;
      area.height -= (2 * PAD + nat->header) * s;
    }
  else if (nat->shape == SHAPE_BAR)
    {
      area.y += (nat->header + GAP) * s;
      area.height -= (nat->header + GAP) * s;
    }
  else
    return;

  if (nat->memory->len > 0)
    {
      place_memory_row (p, nat, area, depth + 1, index);
      area.y += (nat->mem_h + GAP) * s;
      area.height -= (nat->mem_h + GAP) * s;
    }
  if (nat->kids->len > 0)
    place_grid (p, nat, area, depth + 1, index);
}

/* ---- choosing the arrangement ------------------------------------------------------------ */

static guint64
sum_numa_memory (const CsTopoNode *node)
{
  guint64 total = node->kind == CS_TOPO_NODE_NUMA ? node->size_bytes : 0;

  for (guint i = 0; i < node->children->len; i++)
    total += sum_numa_memory (g_ptr_array_index (node->children, i));
  return total;
}

/* Positive even for an area smaller than the margins, so boxes never get negative sizes. */
static double
fit_scale (Nat *nat, double width, double height)
{
  return MIN (MAX (width - 2 * MARGIN, 1) / nat->w, MAX (height - 2 * MARGIN, 1) / nat->h);
}

/* Builds the natural layout for every label mode and target ratio; keeps the best. */
static Nat *
choose_arrangement (Ctx *ctx, const CsTopoNode *root, double width, double height,
                    double *scale_out)
{
  const double targets[] = { 0, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0 };

  for (ctx->mode = LABELS_FULL; ctx->mode < N_LABEL_MODES; ctx->mode++)
    {
      Nat *best = NULL;
      double best_scale = 0;

      for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
        {
          Nat *nat;
          double s;

          ctx->target = targets[t] > 0 ? targets[t] : MAX (width, 1) / MAX (height, 1);
          nat = nat_build (ctx, root);
          s = fit_scale (nat, width, height);
          if (s > best_scale + 1e-9)
            {
              g_clear_pointer (&best, nat_free);
              best = nat;
              best_scale = s;
            }
          else
            nat_free (nat);
        }
      if (BASE_FONT_PX * best_scale >= MIN_FONT_PX || ctx->mode == N_LABEL_MODES - 1)
        {
          *scale_out = best_scale;
          return best;
        }
      nat_free (best);
    }
  g_assert_not_reached ();
}

static CsTopoLayout *
layout_alloc (double width, double height, PangoContext *context, gboolean own_context)
{
  CsTopoLayout *layout = g_new0 (CsTopoLayout, 1);

  layout->width = width;
  layout->height = height;
  layout->boxes = g_array_new (FALSE, TRUE, sizeof (CsTopoBox));
  layout->labels = g_ptr_array_new_with_free_func (g_free);
  layout->font = pango_font_description_copy (pango_context_get_font_description (context));
  if (own_context || pango_font_description_get_family (layout->font) == NULL)
    pango_font_description_set_family (layout->font, "Sans");
  pango_font_description_set_absolute_size (layout->font, BASE_FONT_PX * PANGO_SCALE);
  return layout;
}

/* Scales the chosen arrangement to the area and turns it into boxes. */
static void
layout_place (CsTopoLayout *layout, Nat *nat, double fit)
{
  Placer placer = { layout, 0 };
  CsTopoRect rect;

  layout->scale = MIN (fit, MAX_UNIT_SCALE);
  layout->font_px = BASE_FONT_PX * layout->scale;
  pango_font_description_set_absolute_size (layout->font, layout->font_px * PANGO_SCALE);

  /* Fill the area, but don't stretch a tiny machine into a few giant boxes. */
  rect.width = MIN (MAX (layout->width - 2 * MARGIN, 1), nat->w * layout->scale * 2.2);
  rect.height = MIN (MAX (layout->height - 2 * MARGIN, 1), nat->h * layout->scale * 1.4);
  rect.x = (layout->width - rect.width) / 2;
  rect.y = (layout->height - rect.height) / 2;
  placer.s = layout->scale;
  place (&placer, nat, rect, 0, G_MAXUINT);
}

CsTopoLayout *
cs_topo_layout_new (const CsTopoNode *root,
                    double            width,
                    double            height,
                    PangoContext     *context)
{
  g_autoptr (GObject) own_context = NULL;
  CsTopoLayout *layout;
  Ctx ctx = { 0 };
  Nat *nat;
  double fit;

  g_return_val_if_fail (root != NULL, NULL);

  if (context == NULL)
    {
      context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      own_context = G_OBJECT (context);
    }
  layout = layout_alloc (width, height, context, own_context != NULL);
  ctx.context = context;
  ctx.font = layout->font;
  ctx.widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.line = measure_line_height (&ctx);
  ctx.total_memory = sum_numa_memory (root);

  nat = choose_arrangement (&ctx, root, width, height, &fit);
  layout_place (layout, nat, fit);

  nat_free (nat);
  g_hash_table_unref (ctx.widths);
  return layout;
}

void
cs_topo_layout_free (CsTopoLayout *layout)
{
  if (layout == NULL)
    return;
  g_array_unref (layout->boxes);
  g_ptr_array_unref (layout->labels);
  pango_font_description_free (layout->font);
  g_free (layout);
}

double
cs_topo_layout_get_width (CsTopoLayout *layout)
{
  return layout->width;
}

double
cs_topo_layout_get_height (CsTopoLayout *layout)
{
  return layout->height;
}

double
cs_topo_layout_get_font_size (CsTopoLayout *layout)
{
  return layout->font_px;
}

guint
cs_topo_layout_get_n_boxes (CsTopoLayout *layout)
{
  return layout->boxes->len;
}

const CsTopoBox *
cs_topo_layout_get_box (CsTopoLayout *layout, guint index)
{
  g_return_val_if_fail (index < layout->boxes->len, NULL);
  return &g_array_index (layout->boxes, CsTopoBox, index);
}

guint
cs_topo_layout_count_kind (CsTopoLayout *layout, CsTopoNodeKind kind)
{
  guint n = 0;

  for (guint i = 0; i < layout->boxes->len; i++)
    n += g_array_index (layout->boxes, CsTopoBox, i).kind == kind;
  return n;
}

static gboolean
rect_contains (const CsTopoRect *r, double x, double y)
{
  return x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height;
}

const CsTopoBox *
cs_topo_layout_hit_test (CsTopoLayout *layout, double x, double y)
{
  /* Boxes come after their ancestors and siblings don't overlap, so the last box containing
   * the point is the innermost. */
  for (guint i = layout->boxes->len; i-- > 0;)
    {
      const CsTopoBox *box = &g_array_index (layout->boxes, CsTopoBox, i);
      CsTopoRect r = box->rect;

      if (box->kind == CS_TOPO_NODE_CACHE)
        r.height = box->header_height;
      if (rect_contains (&r, x, y))
        return box;
    }
  return NULL;
}

/* ---- painting ---------------------------------------------------------------------------- */

typedef struct
{
  guint32 fill, border;
} Colors;

/* GNOME palette (https://developer.gnome.org/hig/reference/palette.html), blended so that text
 * stays black (light) or white (dark) on every fill. */
static Colors
colors_for (CsTopoNodeKind kind, gboolean dark)
{
  static const Colors light[] = {
    [CS_TOPO_NODE_MACHINE] = { 0xfafafb, 0xc0bfbc },
    [CS_TOPO_NODE_PACKAGE] = { 0xe3edfb, 0x62a0ea },
    [CS_TOPO_NODE_NUMA]    = { 0xd4f5dd, 0x33d17a },
    [CS_TOPO_NODE_CACHE]   = { 0xfdf3d0, 0xe5a50a },
    [CS_TOPO_NODE_CORE]    = { 0xefeff1, 0x9a9996 },
    [CS_TOPO_NODE_PU]      = { 0xffffff, 0x77767b },
    [CS_TOPO_NODE_GROUP]   = { 0xf6f5f4, 0xc0bfbc },
  };
  static const Colors darkc[] = {
    [CS_TOPO_NODE_MACHINE] = { 0x2a2a2e, 0x5e5c64 },
    [CS_TOPO_NODE_PACKAGE] = { 0x1f2c40, 0x3584e4 },
    [CS_TOPO_NODE_NUMA]    = { 0x1d3a2a, 0x26a269 },
    [CS_TOPO_NODE_CACHE]   = { 0x3d3420, 0xc88800 },
    [CS_TOPO_NODE_CORE]    = { 0x38373d, 0x77767b },
    [CS_TOPO_NODE_PU]      = { 0x1e1e21, 0x9a9996 },
    [CS_TOPO_NODE_GROUP]   = { 0x2e2e33, 0x5e5c64 },
  };

  return dark ? darkc[kind] : light[kind];
}

static void
set_rgb (cairo_t *cr, guint32 rgb, double alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static gboolean
is_highlighted (const CsTopoBox *box, const CsTopoPaintOptions *options)
{
  if (box->kind != CS_TOPO_NODE_PU || box->os_index < 0)
    return FALSE;
  for (guint i = 0; i < options->n_highlighted_pus; i++)
    if (options->highlighted_pus[i] == (guint) box->os_index)
      return TRUE;
  return FALSE;
}

/* The shape that is filled: caches and memory nodes draw only their bar. */
static CsTopoRect
drawn_rect (const CsTopoBox *box)
{
  CsTopoRect r = box->rect;

  if (box->kind == CS_TOPO_NODE_CACHE)
    r.height = box->header_height;
  return r;
}

static void
paint_frame (CsTopoLayout *layout, cairo_t *cr, const CsTopoBox *box,
             const CsTopoPaintOptions *options)
{
  Colors c = colors_for (box->kind, options->dark);
  CsTopoRect r = drawn_rect (box);
  double radius = (box->kind == CS_TOPO_NODE_PU ? 4 : 6) * layout->scale;

  /* Align 1-pixel borders to the pixel grid so they stay crisp. */
  rounded_rect (cr, round (r.x) + 0.5, round (r.y) + 0.5, round (r.width) - 1,
                round (r.height) - 1, radius);
  if (is_highlighted (box, options))
    set_rgb (cr, 0x3584e4, 1); /* the accent blue reads on light and dark */
  else
    set_rgb (cr, c.fill, 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, is_highlighted (box, options) ? 0x1c71d8 : c.border, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

/* The load's colour is laid over the PU's own fill, lighter on a dark background. */
#define LOAD_ALPHA(dark) ((dark) ? 0.45 : 0.55)

static const CsTopoLoadBand load_bands[] = {
  { 0.5, 0x33d17a },   /* green */
  { 0.85, 0xf6d32d },  /* yellow */
  { 1.0, 0xe01b24 },   /* red: busy */
};

const CsTopoLoadBand *
cs_topo_load_bands (guint *n_bands)
{
  if (n_bands != NULL)
    *n_bands = G_N_ELEMENTS (load_bands);
  return load_bands;
}

static guint32
load_color (double load)
{
  for (guint i = 0; i + 1 < G_N_ELEMENTS (load_bands); i++)
    if (load < load_bands[i].below)
      return load_bands[i].rgb;
  return load_bands[G_N_ELEMENTS (load_bands) - 1].rgb;
}

static void
paint_load (CsTopoLayout *layout, cairo_t *cr, const CsTopoBox *box,
            const CsTopoPaintOptions *options)
{
  double load, inset = 2 * layout->scale, h;
  CsTopoRect r = box->rect;

  if (box->kind != CS_TOPO_NODE_PU || options->pu_load == NULL || box->os_index < 0
      || (guint) box->os_index >= options->n_pu_load)
    return;
  load = CLAMP (options->pu_load[box->os_index], 0, 1);
  /* The PU fills up from the bottom like a glass: readable even for 256 small boxes. */
  h = (r.height - 2 * inset) * load;
  cairo_save (cr);
  rounded_rect (cr, r.x + inset, r.y + inset, r.width - 2 * inset, r.height - 2 * inset,
                3 * layout->scale);
  cairo_clip (cr);
  cairo_rectangle (cr, r.x + inset, r.y + r.height - inset - h, r.width - 2 * inset, h);
  set_rgb (cr, load_color (load), LOAD_ALPHA (options->dark));
  cairo_fill (cr);
  cairo_restore (cr);
}

void
cs_topo_paint_load_swatch (cairo_t *cr, double width, double height, double load, gboolean dark)
{
  Colors c = colors_for (CS_TOPO_NODE_PU, dark);
  double inset = 2;

  g_return_if_fail (cr != NULL);

  rounded_rect (cr, 0.5, 0.5, round (width) - 1, round (height) - 1, 4);
  set_rgb (cr, c.fill, 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, c.border, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  rounded_rect (cr, inset, inset, width - 2 * inset, height - 2 * inset, 3);
  set_rgb (cr, load_color (CLAMP (load, 0, 1)), LOAD_ALPHA (dark));
  cairo_fill (cr);
}

static void
paint_label (CsTopoLayout *layout, cairo_t *cr, PangoLayout *text, const CsTopoBox *box,
             const CsTopoPaintOptions *options)
{
  CsTopoRect r = drawn_rect (box);
  double pad = PAD * layout->scale;
  gboolean centred = box->kind == CS_TOPO_NODE_PU || box->node->children->len == 0;
  gboolean bar = box->kind == CS_TOPO_NODE_CACHE || (box->kind == CS_TOPO_NODE_NUMA && centred);
  int w, h;
  double x, y;

  pango_layout_set_text (text, box->label, -1);
  pango_layout_get_pixel_size (text, &w, &h);
  /* Labels were measured to fit; hinting at the final size may still differ by a pixel. */
  if (w > r.width || h > r.height + 2)
    return;
  if (bar)
    {
      x = r.x + pad;
      y = r.y + (box->header_height - h) / 2;
    }
  else if (centred)
    {
      x = r.x + (r.width - w) / 2;
      y = r.y + (r.height - h) / 2;
    }
  else
    {
      x = r.x + pad;
      y = r.y + pad * 0.7;
    }
  if (is_highlighted (box, options))
    set_rgb (cr, 0xffffff, 1);
  else
    set_rgb (cr, options->dark ? 0xffffff : 0x000000, options->dark ? 0.92 : 0.8);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, text);
}

void
cs_topo_layout_paint (CsTopoLayout             *layout,
                      cairo_t                  *cr,
                      const CsTopoPaintOptions *options)
{
  static const CsTopoPaintOptions defaults = { 0 };
  g_autoptr (PangoLayout) text = NULL;
  g_autoptr (PangoFontDescription) bold = NULL;

  g_return_if_fail (layout != NULL && cr != NULL);
  if (options == NULL)
    options = &defaults;

  text = pango_cairo_create_layout (cr);
  bold = pango_font_description_copy (layout->font);
  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  cairo_save (cr);
  for (guint i = 0; i < layout->boxes->len; i++)
    {
      const CsTopoBox *box = &g_array_index (layout->boxes, CsTopoBox, i);

      paint_frame (layout, cr, box, options);
      paint_load (layout, cr, box, options);
      if (box->label == NULL)
        continue;
      pango_layout_set_font_description (text, box->kind == CS_TOPO_NODE_PACKAGE
                                               || box->kind == CS_TOPO_NODE_MACHINE
                                               ? bold : layout->font);
      paint_label (layout, cr, text, box, options);
    }
  cairo_restore (cr);
}

/* ---- descriptions ------------------------------------------------------------------------ */

static void
collect_pus (const CsTopoNode *node, GArray *pus)
{
  if (node->kind == CS_TOPO_NODE_PU)
    {
      int index = display_index (node);
      g_array_append_val (pus, index);
    }
  for (guint i = 0; i < node->children->len; i++)
    collect_pus (g_ptr_array_index (node->children, i), pus);
}

static int
compare_int (gconstpointer a, gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* "0-3,8" */
static char *
pu_list (const CsTopoNode *node, guint *n_out)
{
  g_autoptr (GArray) pus = g_array_new (FALSE, FALSE, sizeof (int));
  GString *str = g_string_new (NULL);

  collect_pus (node, pus);
  g_array_sort (pus, compare_int);
  for (guint i = 0; i < pus->len;)
    {
      guint j = i;
      while (j + 1 < pus->len && g_array_index (pus, int, j + 1) == g_array_index (pus, int, j) + 1)
        j++;
      if (str->len > 0)
        g_string_append_c (str, ',');
      if (j > i)
        g_string_append_printf (str, "%d-%d", g_array_index (pus, int, i),
                                g_array_index (pus, int, j));
      else
        g_string_append_printf (str, "%d", g_array_index (pus, int, i));
      i = j + 1;
    }
  *n_out = pus->len;
  return g_string_free (str, FALSE);
}

static const CsTopoNode *
find_ancestor (const CsTopoNode *node, CsTopoNodeKind kind)
{
  for (const CsTopoNode *n = node->parent; n != NULL; n = n->parent)
    if (n->kind == kind)
      return n;
  return NULL;
}

/* The NUMA node that holds node's memory: an enclosing NUMA node, or the first memory child of
 * the nearest ancestor that has one. */
static const CsTopoNode *
find_numa (const CsTopoNode *node)
{
  for (const CsTopoNode *n = node->parent; n != NULL; n = n->parent)
    {
      if (n->kind == CS_TOPO_NODE_NUMA)
        return n;
      for (guint i = 0; i < n->children->len; i++)
        {
          const CsTopoNode *child = g_ptr_array_index (n->children, i);
          if (child->kind == CS_TOPO_NODE_NUMA && child != node)
            return child;
        }
    }
  return NULL;
}

static void
describe_caches (const CsTopoNode *node, GString *str)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  for (const CsTopoNode *n = node->parent; n != NULL; n = n->parent)
    if (n->kind == CS_TOPO_NODE_CACHE)
      g_ptr_array_add (parts, label_for_cache (n, LABELS_SHORT));
  if (parts->len == 0)
    return;
  g_ptr_array_add (parts, NULL);
  g_string_append_c (str, '\n');
  /* Translators: followed by a list such as "L1d 48 KiB · L2 1 MiB" */
  g_string_append (str, _("Caches: "));
  joined = g_strjoinv (" · ", (char **) parts->pdata);
  g_string_append (str, joined);
}

static void
describe_place (const CsTopoNode *node, GString *str)
{
  const CsTopoNode *core = find_ancestor (node, CS_TOPO_NODE_CORE);
  const CsTopoNode *package = find_ancestor (node, CS_TOPO_NODE_PACKAGE);
  const CsTopoNode *numa = find_numa (node);

  if (core != NULL)
    {
      g_string_append_c (str, '\n');
      g_string_append_printf (str, _("Core #%d"), display_index (core));
    }
  if (package != NULL)
    {
      g_string_append (str, core != NULL ? " · " : "\n");
      g_string_append_printf (str, _("Package #%d"), display_index (package));
    }
  if (numa != NULL)
    {
      g_autofree char *label = label_for_numa (numa, LABELS_FULL);
      g_string_append_printf (str, "\n%s", label);
    }
}

char *
cs_topo_node_describe (const CsTopoNode *node)
{
  GString *str;
  g_autofree char *title = NULL;
  g_autofree char *pus = NULL;
  guint n_pus;

  g_return_val_if_fail (node != NULL, NULL);

  title = make_label (node, LABELS_FULL, sum_numa_memory (node));
  str = g_string_new (*title != '\0' ? title : node->name);
  if (node->kind == CS_TOPO_NODE_PU)
    g_string_append_printf (str, "\n%s %d", _("OS index"), node->os_index);
  else
    {
      pus = pu_list (node, &n_pus);
      if (n_pus > 0)
        {
          g_string_append_c (str, '\n');
          g_string_append_printf (str, ngettext ("%u PU: %s", "%u PUs: %s", n_pus), n_pus, pus);
        }
    }
  describe_place (node, str);
  describe_caches (node, str);
  return g_string_free (str, FALSE);
}
