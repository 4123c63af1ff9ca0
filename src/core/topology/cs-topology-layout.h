/* cs-topology-layout.h: lstopo-style drawing of a topology: a pure layout, then a cairo painter
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

#include "cs-topology.h"

G_BEGIN_DECLS

/* The drawing is computed first as plain data (boxes with labels), so that tests can check it
 * and the widget can cache it until its size or the topology changes; painting it is then a
 * loop over the boxes. */

typedef struct
{
  double x, y, width, height;
} CsTopoRect;

typedef struct
{
  CsTopoNodeKind    kind;
  const CsTopoNode *node;        /* borrowed from the tree the layout was made from */
  guint             depth;       /* 0 for the root, +1 per nesting level */
  int               os_index;    /* the node's OS index (for PUs what the OS calls it), or -1 */
  guint             parent;      /* index of the enclosing box; G_MAXUINT for the root */
  CsTopoRect        rect;        /* whole extent; for caches the bar plus what it covers */
  double            header_height; /* label strip at the top; for caches the drawn bar */
  const char       *label;       /* NULL when no label fitted */
} CsTopoBox;

typedef struct _CsTopoLayout CsTopoLayout;

/* Lays out root in a width × height area. context (nullable) gives the font and is used to
 * measure labels; NULL uses the default pangocairo font map with "Sans". Labels are shortened,
 * then dropped, when they don't fit; text shrinks with the drawing down to a minimum size. */
CsTopoLayout    *cs_topo_layout_new (const CsTopoNode *root,
                                     double            width,
                                     double            height,
                                     PangoContext     *context);
void             cs_topo_layout_free (CsTopoLayout *layout);

double           cs_topo_layout_get_width (CsTopoLayout *layout);  /* as requested */
double           cs_topo_layout_get_height (CsTopoLayout *layout);
double           cs_topo_layout_get_font_size (CsTopoLayout *layout); /* pixels */
/* Boxes in painting order: every box comes after the box that encloses it. */
guint            cs_topo_layout_get_n_boxes (CsTopoLayout *layout);
const CsTopoBox *cs_topo_layout_get_box (CsTopoLayout *layout, guint index);
guint            cs_topo_layout_count_kind (CsTopoLayout *layout, CsTopoNodeKind kind);
/* The innermost box under (x, y) (caches count only on their bar), or NULL. */
const CsTopoBox *cs_topo_layout_hit_test (CsTopoLayout *layout, double x, double y);

typedef struct
{
  gboolean      dark;             /* colours for a dark background */
  const guint  *highlighted_pus;  /* OS indexes of PUs to emphasise (a run's workers) */
  guint         n_highlighted_pus;
  const double *pu_load;          /* indexed by PU OS index, 0..1; NULL: no load shown */
  guint         n_pu_load;
} CsTopoPaintOptions;

/* The live-load colours, idle to busy: a PU whose load is below `below` (the last band: up to
 * 1) fills with `rgb` (0xRRGGBB). One table for the drawing and the Topology page's legend. */
typedef struct
{
  double  below;
  guint32 rgb;
} CsTopoLoadBand;

const CsTopoLoadBand *cs_topo_load_bands (guint *n_bands);
/* A legend's swatch: a PU box of width × height at (0, 0), painted as the drawing paints a PU,
 * wholly filled with the colour of load; the same pixels as a PU's filled part. */
void             cs_topo_paint_load_swatch (cairo_t *cr,
                                            double   width,
                                            double   height,
                                            double   load,
                                            gboolean dark);

/* Paints the layout onto cr in the layout's coordinates (0,0 .. width,height). options may be
 * NULL (light colours, nothing highlighted). */
void             cs_topo_layout_paint (CsTopoLayout             *layout,
                                       cairo_t                  *cr,
                                       const CsTopoPaintOptions *options);

/* Several translated lines describing node and where it sits: for a PU its OS index, core,
 * package, NUMA node and the caches it uses. Used for tooltips. */
char            *cs_topo_node_describe (const CsTopoNode *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTopoLayout, cs_topo_layout_free)

G_END_DECLS
