/* cs-topology.h: the CPU topology of a machine (hwloc), its description and worker placements
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-types.h"

G_BEGIN_DECLS

#define CS_TOPOLOGY_ERROR (cs_topology_error_quark ())

typedef enum {
  CS_TOPOLOGY_ERROR_LOAD,      /* hwloc could not discover or load the topology */
  CS_TOPOLOGY_ERROR_INVALID,   /* unreadable or invalid XML, bad synthetic description */
  CS_TOPOLOGY_ERROR_PLACEMENT  /* a placement request that cannot be satisfied */
} CsTopologyError;

typedef enum {
  CS_TOPO_NODE_MACHINE,
  CS_TOPO_NODE_PACKAGE,
  CS_TOPO_NODE_NUMA,   /* a NUMA node; memory_bytes is its local memory */
  CS_TOPO_NODE_CACHE,  /* cache_level 1..5; size_bytes */
  CS_TOPO_NODE_CORE,
  CS_TOPO_NODE_PU,     /* a hardware thread; os_index is what the OS calls it */
  CS_TOPO_NODE_GROUP   /* any other level hwloc reports (Die, Group): drawn as a plain box */
} CsTopoNodeKind;

/* A plain tree, copied out of hwloc so that drawing code never touches hwloc. NUMA nodes are
 * placed as children of the object they are attached to, before its other children, so a
 * drawing of the tree nests package ▸ NUMA ▸ caches ▸ cores ▸ PUs as lstopo does. */
typedef struct _CsTopoNode CsTopoNode;
struct _CsTopoNode
{
  CsTopoNodeKind kind;
  int            os_index;       /* -1 when the OS gives none */
  int            logical_index;
  guint          cache_level;    /* CS_TOPO_NODE_CACHE only */
  guint64        size_bytes;     /* cache size, or NUMA local memory */
  char          *name;           /* "Package", "L2", "Core", "PU"... (untranslated type name) */
  CsTopoNode    *parent;
  GPtrArray     *children;       /* CsTopoNode*, never NULL */
};

typedef struct
{
  guint   level;          /* 1..5 */
  gboolean is_instruction; /* L1i */
  guint64 size_bytes;     /* size of one instance */
  guint   n_instances;
  guint   pus_per_instance; /* how many PUs share one instance */
} CsCacheInfo;

/* The cpuset of one worker, as OS PU indexes (what sched_setaffinity takes). n_pus == 0 means
 * "no binding: the OS decides". */
typedef struct
{
  guint  n_pus;
  guint *pus;
} CsWorkerPlacement;

typedef struct _CsTopology CsTopology;

GQuark       cs_topology_error_quark (void);

CsTopology  *cs_topology_new_local (GError **error);
CsTopology  *cs_topology_new_from_xml_file (const char *path, GError **error);
CsTopology  *cs_topology_new_from_xml_buffer (const char *xml, gssize length, GError **error);
CsTopology  *cs_topology_new_synthetic (const char *description, GError **error);
CsTopology  *cs_topology_ref (CsTopology *self);
void         cs_topology_unref (CsTopology *self);

/* TRUE when this describes the machine we run on (placements may be applied). */
gboolean     cs_topology_is_this_system (CsTopology *self);
guint        cs_topology_get_n_packages (CsTopology *self);
guint        cs_topology_get_n_numa_nodes (CsTopology *self);
guint        cs_topology_get_n_cores (CsTopology *self);
guint        cs_topology_get_n_pus (CsTopology *self);
guint        cs_topology_get_smt_width (CsTopology *self); /* max PUs per core */
guint64      cs_topology_get_total_memory (CsTopology *self);
const char  *cs_topology_get_cpu_model (CsTopology *self); /* "" when unknown */
/* CsCacheInfo, ordered by level then data before instruction. */
const GArray *cs_topology_get_caches (CsTopology *self);
const CsTopoNode *cs_topology_get_root (CsTopology *self);
/* hwloc XML export, to store with results; NULL with error on failure. */
char        *cs_topology_export_xml (CsTopology *self, GError **error);
/* One line: "1 package, 2 cores, 2 PUs, L3 32 MiB" (translated). */
char        *cs_topology_describe (CsTopology *self);

/* Placements for n_workers (n_workers may exceed the number of PUs: they then share PUs
 * round-robin). Returns an array of n_workers CsWorkerPlacement, free with
 * cs_worker_placements_free(). */
CsWorkerPlacement *cs_topology_place (CsTopology         *self,
                                      CsPlacementPolicy   policy,
                                      guint               n_workers,
                                      GError            **error);
void         cs_worker_placements_free (CsWorkerPlacement *placements, guint n_workers);
/* "0,2-3" */
char        *cs_worker_placement_to_string (const CsWorkerPlacement *placement);
/* Bind the calling thread to placement (no-op when n_pus == 0). */
gboolean     cs_worker_placement_bind_current_thread (const CsWorkerPlacement *placement,
                                                      GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTopology, cs_topology_unref)

G_END_DECLS
