/* cs-node-layout.h: the hosts an mpi sweep ran on, in rank order, each with its topology
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-result.h"
#include "cs-topology.h"

G_BEGIN_DECLS

/* first_rank when the result does not say where a node's ranks began */
#define CS_NODE_RANK_UNKNOWN G_MAXUINT

typedef struct
{
  char       *host;
  guint       first_rank;  /* ranks placed before its first one: with fewer workers than
                            * this, the node was not used; CS_NODE_RANK_UNKNOWN */
  guint       n_ranks;     /* of the largest job recorded; 0 when unknown */
  guint       n_pus;       /* from its topology, else its slots; 0 when unknown */
  guint       n_cores;     /* from its topology; 0 when unknown */
  CsTopology *topology;    /* NULL when the result holds no XML for it */
} CsNode;

typedef struct
{
  CsMode  mode;            /* the multi-host mode whose workers these nodes ran */
  CsNode *nodes;           /* in the order of their first ranks */
  guint   n_nodes;
  guint   n_pus;           /* of every node together; 0 when one is unknown */
  guint   n_cores;
} CsNodeLayout;

/* The layout of the result's multi-host mode (CsBackend.multi_host: mpi) when it ran on two
 * hosts or more; NULL otherwise (a local result, no such mode, or one host). */
CsNodeLayout *cs_node_layout_new (const CsResult *result);
void          cs_node_layout_free (CsNodeLayout *layout);
/* Same hosts in the same order with the same counts and first ranks. */
gboolean      cs_node_layout_equal (const CsNodeLayout *a, const CsNodeLayout *b);
/* What a chart and the topology page call node i (0-based): the host's short name when
 * every host has one, else "node 1". */
char         *cs_node_layout_node_name (const CsNodeLayout *layout, guint i);
/* "node 1 | node 2": the boundary where node i (i >= 1) begins. */
char         *cs_node_layout_boundary_label (const CsNodeLayout *layout, guint i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsNodeLayout, cs_node_layout_free)

G_END_DECLS
