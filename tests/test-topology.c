/* test-topology.c: topology counts, caches, placements, XML round-trips and errors
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <pthread.h>
#include <sched.h>

#include "cs-machine.h"
#include "cs-topology.h"

/* Synthetic topologies number PUs in logical order (P#i == L#i), so the expected placements
 * below are exact OS indexes. */
#define TOPO_SMALL "pack:1 core:2 pu:1"
#define TOPO_SMT "pack:2 core:4 pu:2"
#define TOPO_NUMA "pack:2 numa:2 core:16 pu:2"
#define TOPO_ONE "pu:1"
#define TOPO_CACHES "pack:2 l3:1(size=8MiB) core:4 l2:1(size=512KiB) pu:2"
/* As Linux numbers SMT siblings on many Intel servers: the first threads of every core come
 * first (P#0-3 package 0, P#4-7 package 1), their siblings after (core 0 has P#0 and P#8). */
#define TOPO_SIBLINGS_APART "pack:2 core:4 pu:2(indexes=0,8,1,9,2,10,3,11,4,12,5,13,6,14,7,15)"

static CsTopology *
load_synthetic (const char *description)
{
  g_autoptr (GError) error = NULL;
  CsTopology *topo = cs_topology_new_synthetic (description, &error);

  g_assert_no_error (error);
  g_assert_nonnull (topo);
  return topo;
}

/* ---- counts ------------------------------------------------------------------------------- */

typedef struct
{
  const char *description;
  guint packages, numa_nodes, cores, pus, smt_width;
} CountsCase;

static void
test_counts (void)
{
  static const CountsCase cases[] = {
    { TOPO_SMALL, 1, 1, 2, 2, 1 },
    { TOPO_SMT, 2, 1, 8, 16, 2 },
    { TOPO_NUMA, 2, 4, 64, 128, 2 },
    { TOPO_ONE, 1, 1, 1, 1, 1 },
    { "pack:1 core:1 pu:1", 1, 1, 1, 1, 1 },
    { "pack:4 core:2 pu:4", 4, 1, 8, 32, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CsTopology) topo = load_synthetic (cases[i].description);

      g_test_message ("%s", cases[i].description);
      g_assert_false (cs_topology_is_this_system (topo));
      g_assert_cmpuint (cs_topology_get_n_packages (topo), ==, cases[i].packages);
      g_assert_cmpuint (cs_topology_get_n_numa_nodes (topo), ==, cases[i].numa_nodes);
      g_assert_cmpuint (cs_topology_get_n_cores (topo), ==, cases[i].cores);
      g_assert_cmpuint (cs_topology_get_n_pus (topo), ==, cases[i].pus);
      g_assert_cmpuint (cs_topology_get_smt_width (topo), ==, cases[i].smt_width);
      /* hwloc gives each synthetic NUMA node 1 GiB. */
      g_assert_cmpuint (cs_topology_get_total_memory (topo), ==,
                        (guint64) cases[i].numa_nodes << 30);
      g_assert_cmpstr (cs_topology_get_cpu_model (topo), ==, "");
    }
}

static void
test_local (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) topo = cs_topology_new_local (&error);

  g_assert_no_error (error);
  g_assert_true (cs_topology_is_this_system (topo));
  g_assert_cmpuint (cs_topology_get_n_packages (topo), >=, 1);
  g_assert_cmpuint (cs_topology_get_n_cores (topo), >=, cs_topology_get_n_packages (topo));
  g_assert_cmpuint (cs_topology_get_n_pus (topo), >=, cs_topology_get_n_cores (topo));
  g_assert_cmpuint (cs_topology_get_n_pus (topo), ==,
                    cs_topology_get_n_cores (topo) * cs_topology_get_smt_width (topo));
  g_assert_cmpuint (cs_topology_get_total_memory (topo), >, 0);
  g_assert_nonnull (cs_topology_get_cpu_model (topo));
}

static void
test_describe (void)
{
  static const struct { const char *description, *expected; } cases[] = {
    { TOPO_SMALL, "1 package, 2 cores, 2 PUs" },
    { TOPO_SMT, "2 packages, 8 cores, 16 PUs" },
    { TOPO_NUMA, "2 packages, 4 NUMA nodes, 64 cores, 128 PUs" },
    { TOPO_ONE, "1 package, 1 core, 1 PU" },
    { TOPO_CACHES, "2 packages, 8 cores, 16 PUs, 2 × L3 8 MiB" },
    { "pack:1 l3:1(size=32MiB) core:2 pu:1", "1 package, 2 cores, 2 PUs, L3 32 MiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CsTopology) topo = load_synthetic (cases[i].description);
      g_autofree char *text = cs_topology_describe (topo);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* ---- caches and the node tree ------------------------------------------------------------- */

static void
collect_pus (const CsTopoNode *node, GString *out)
{
  if (node->kind == CS_TOPO_NODE_PU)
    g_string_append_printf (out, "%s%d", out->len > 0 ? "," : "", node->os_index);
  for (guint i = 0; i < node->children->len; i++)
    collect_pus (g_ptr_array_index (node->children, i), out);
}

/* "0,1 2,3 ..." : the PUs below every cache of the given level, in tree order. */
static void
collect_cache_sharing (const CsTopoNode *node, guint level, GString *out)
{
  if (node->kind == CS_TOPO_NODE_CACHE && node->cache_level == level)
    {
      g_autoptr (GString) pus = g_string_new (NULL);
      collect_pus (node, pus);
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", pus->str);
      return;
    }
  for (guint i = 0; i < node->children->len; i++)
    collect_cache_sharing (g_ptr_array_index (node->children, i), level, out);
}

static void
test_caches (void)
{
  g_autoptr (CsTopology) topo = load_synthetic (TOPO_CACHES);
  const GArray *caches = cs_topology_get_caches (topo);
  const CsCacheInfo *l2, *l3;
  g_autoptr (GString) l2_sharing = g_string_new (NULL);
  g_autoptr (GString) l3_sharing = g_string_new (NULL);

  g_assert_cmpuint (caches->len, ==, 2);
  l2 = &g_array_index (caches, CsCacheInfo, 0);
  l3 = &g_array_index (caches, CsCacheInfo, 1);
  g_assert_cmpuint (l2->level, ==, 2);
  g_assert_false (l2->is_instruction);
  g_assert_cmpuint (l2->size_bytes, ==, 512 * 1024);
  g_assert_cmpuint (l2->n_instances, ==, 8);
  g_assert_cmpuint (l2->pus_per_instance, ==, 2);
  g_assert_cmpuint (l3->level, ==, 3);
  g_assert_cmpuint (l3->size_bytes, ==, 8 * 1024 * 1024);
  g_assert_cmpuint (l3->n_instances, ==, 2);
  g_assert_cmpuint (l3->pus_per_instance, ==, 8);

  collect_cache_sharing (cs_topology_get_root (topo), 2, l2_sharing);
  collect_cache_sharing (cs_topology_get_root (topo), 3, l3_sharing);
  g_assert_cmpstr (l2_sharing->str, ==, "0,1 2,3 4,5 6,7 8,9 10,11 12,13 14,15");
  g_assert_cmpstr (l3_sharing->str, ==, "0,1,2,3,4,5,6,7 8,9,10,11,12,13,14,15");

  /* Without cache levels in the description there are no caches at all. */
  {
    g_autoptr (CsTopology) plain = load_synthetic (TOPO_SMT);
    g_assert_cmpuint (cs_topology_get_caches (plain)->len, ==, 0);
  }
}

static void
check_tree (const CsTopoNode *node, guint *n_pus, guint *n_numa, guint *n_cores)
{
  gboolean seen_other = FALSE;

  g_assert_nonnull (node->name);
  g_assert_nonnull (node->children);
  if (node->kind == CS_TOPO_NODE_PU)
    {
      g_assert_cmpint (node->os_index, ==, (int) *n_pus);
      g_assert_cmpuint (node->children->len, ==, 0);
      (*n_pus)++;
    }
  *n_numa += node->kind == CS_TOPO_NODE_NUMA;
  *n_cores += node->kind == CS_TOPO_NODE_CORE;
  for (guint i = 0; i < node->children->len; i++)
    {
      const CsTopoNode *child = g_ptr_array_index (node->children, i);

      g_assert_true (child->parent == node);
      /* NUMA nodes come before the other children of the object they attach to. */
      if (child->kind == CS_TOPO_NODE_NUMA)
        {
          g_assert_false (seen_other);
          g_assert_cmpuint (child->size_bytes, ==, 1 << 30);
        }
      else
        seen_other = TRUE;
      check_tree (child, n_pus, n_numa, n_cores);
    }
}

static void
test_tree (void)
{
  g_autoptr (CsTopology) topo = load_synthetic (TOPO_NUMA);
  const CsTopoNode *root = cs_topology_get_root (topo);
  guint n_pus = 0, n_numa = 0, n_cores = 0;

  g_assert_cmpint (root->kind, ==, CS_TOPO_NODE_MACHINE);
  g_assert_null (root->parent);
  check_tree (root, &n_pus, &n_numa, &n_cores);
  g_assert_cmpuint (n_pus, ==, 128);
  g_assert_cmpuint (n_numa, ==, 4);
  g_assert_cmpuint (n_cores, ==, 64);

  /* package ▸ (group) ▸ NUMA: the NUMA nodes hang below the packages, not the machine. */
  g_assert_cmpuint (root->children->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const CsTopoNode *package = g_ptr_array_index (root->children, i);
      g_assert_cmpint (package->kind, ==, CS_TOPO_NODE_PACKAGE);
      g_assert_cmpstr (package->name, ==, "Package");
      g_assert_cmpint (package->logical_index, ==, (int) i);
    }
}

/* ---- placements --------------------------------------------------------------------------- */

/* "0 8 | 1" style: each worker's PU list, space-separated. */
static char *
placements_to_string (CsTopology *topo, CsPlacementPolicy policy, guint n_workers)
{
  g_autoptr (GError) error = NULL;
  CsWorkerPlacement *placements = cs_topology_place (topo, policy, n_workers, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (placements);
  for (guint i = 0; i < n_workers; i++)
    {
      g_autofree char *pus = cs_worker_placement_to_string (&placements[i]);
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", pus);
    }
  cs_worker_placements_free (placements, n_workers);
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char       *description;
  CsPlacementPolicy policy;
  guint             n_workers;
  const char       *expected;
} PlacementCase;

static const PlacementCase placement_cases[] = {
  /* 1 package, 2 cores, 1 thread each: every policy agrees, and 3 workers wrap. */
  { TOPO_SMALL, CS_PLACEMENT_COMPACT, 1, "0" },
  { TOPO_SMALL, CS_PLACEMENT_COMPACT, 3, "0 1 0" },
  { TOPO_SMALL, CS_PLACEMENT_SCATTER, 2, "0 1" },
  { TOPO_SMALL, CS_PLACEMENT_SCATTER, 3, "0 1 0" },
  { TOPO_SMALL, CS_PLACEMENT_CORES_ONLY, 2, "0 1" },
  { TOPO_SMALL, CS_PLACEMENT_CORES_ONLY, 5, "0 1 0 1 0" },
  { TOPO_SMALL, CS_PLACEMENT_NONE, 3, "  " },
  /* 2 packages × 4 cores × 2 threads: PUs 0-7 in package 0, core c has PUs 2c and 2c+1. */
  { TOPO_SMT, CS_PLACEMENT_COMPACT, 1, "0" },
  { TOPO_SMT, CS_PLACEMENT_COMPACT, 2, "0 1" },
  { TOPO_SMT, CS_PLACEMENT_COMPACT, 3, "0 1 2" },
  { TOPO_SMT, CS_PLACEMENT_COMPACT, 16, "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" },
  { TOPO_SMT, CS_PLACEMENT_COMPACT, 18, "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1" },
  { TOPO_SMT, CS_PLACEMENT_SCATTER, 1, "0" },
  { TOPO_SMT, CS_PLACEMENT_SCATTER, 2, "0 8" },
  { TOPO_SMT, CS_PLACEMENT_SCATTER, 4, "0 4 8 12" },
  { TOPO_SMT, CS_PLACEMENT_SCATTER, 8, "0 2 4 6 8 10 12 14" },
  /* one more than cores: only then does a core get its second thread */
  { TOPO_SMT, CS_PLACEMENT_SCATTER, 9, "0 1 2 4 6 8 10 12 14" },
  { TOPO_SMT, CS_PLACEMENT_SCATTER, 16, "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" },
  { TOPO_SMT, CS_PLACEMENT_SCATTER, 18, "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1" },
  { TOPO_SMT, CS_PLACEMENT_CORES_ONLY, 1, "0" },
  { TOPO_SMT, CS_PLACEMENT_CORES_ONLY, 4, "0 2 4 6" },
  { TOPO_SMT, CS_PLACEMENT_CORES_ONLY, 8, "0 2 4 6 8 10 12 14" },
  { TOPO_SMT, CS_PLACEMENT_CORES_ONLY, 10, "0 2 4 6 8 10 12 14 0 2" },
  { TOPO_SMT, CS_PLACEMENT_CORES_ONLY, 17, "0 2 4 6 8 10 12 14 0 2 4 6 8 10 12 14 0" },
  { TOPO_SMT, CS_PLACEMENT_NONE, 2, " " },
  /* 2 packages × 2 NUMA nodes × 16 cores × 2 threads: 32 PUs per NUMA node. */
  { TOPO_NUMA, CS_PLACEMENT_COMPACT, 4, "0 1 2 3" },
  { TOPO_NUMA, CS_PLACEMENT_SCATTER, 2, "0 64" },
  { TOPO_NUMA, CS_PLACEMENT_SCATTER, 4, "0 32 64 96" },
  { TOPO_NUMA, CS_PLACEMENT_SCATTER, 8, "0 16 32 48 64 80 96 112" },
  { TOPO_NUMA, CS_PLACEMENT_CORES_ONLY, 4, "0 2 4 6" },
  /* OS indexes that are not in topology order: placements follow cores, not numbers. */
  { TOPO_SIBLINGS_APART, CS_PLACEMENT_COMPACT, 3, "0 8 1" },
  { TOPO_SIBLINGS_APART, CS_PLACEMENT_COMPACT, 17,
    "0 8 1 9 2 10 3 11 4 12 5 13 6 14 7 15 0" },
  { TOPO_SIBLINGS_APART, CS_PLACEMENT_SCATTER, 2, "0 4" },
  { TOPO_SIBLINGS_APART, CS_PLACEMENT_SCATTER, 4, "0 2 4 6" },
  { TOPO_SIBLINGS_APART, CS_PLACEMENT_SCATTER, 8, "0 1 2 3 4 5 6 7" },
  { TOPO_SIBLINGS_APART, CS_PLACEMENT_SCATTER, 9, "0 8 1 2 3 4 5 6 7" },
  { TOPO_SIBLINGS_APART, CS_PLACEMENT_CORES_ONLY, 4, "0 1 2 3" },
  { TOPO_SIBLINGS_APART, CS_PLACEMENT_CORES_ONLY, 9, "0 1 2 3 4 5 6 7 0" },
  /* a single PU takes every worker */
  { TOPO_ONE, CS_PLACEMENT_COMPACT, 1, "0" },
  { TOPO_ONE, CS_PLACEMENT_COMPACT, 4, "0 0 0 0" },
  { TOPO_ONE, CS_PLACEMENT_SCATTER, 3, "0 0 0" },
  { TOPO_ONE, CS_PLACEMENT_CORES_ONLY, 2, "0 0" },
  { TOPO_ONE, CS_PLACEMENT_NONE, 1, "" },
};

static void
test_placements (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (placement_cases); i++)
    {
      const PlacementCase *c = &placement_cases[i];
      g_autoptr (CsTopology) topo = load_synthetic (c->description);
      g_autofree char *actual = placements_to_string (topo, c->policy, c->n_workers);

      g_test_message ("%s, %s, %u workers", c->description, cs_placement_to_string (c->policy),
                      c->n_workers);
      g_assert_cmpstr (actual, ==, c->expected);
    }
}

/* Scatter and cores-only never put two workers on one core while there are free cores. */
static void
test_placement_one_per_core (void)
{
  g_autoptr (CsTopology) topo = load_synthetic (TOPO_NUMA);
  const CsPlacementPolicy policies[] = { CS_PLACEMENT_SCATTER, CS_PLACEMENT_CORES_ONLY };

  for (guint p = 0; p < G_N_ELEMENTS (policies); p++)
    for (guint n = 1; n <= 64; n++)
      {
        CsWorkerPlacement *placements = cs_topology_place (topo, policies[p], n, NULL);
        g_autoptr (GHashTable) cores = g_hash_table_new (NULL, NULL);

        for (guint i = 0; i < n; i++)
          {
            guint core = placements[i].pus[0] / 2; /* synthetic: 2 consecutive PUs per core */
            g_assert_cmpuint (placements[i].n_pus, ==, 1);
            g_assert_false (g_hash_table_contains (cores, GUINT_TO_POINTER (core + 1)));
            g_hash_table_add (cores, GUINT_TO_POINTER (core + 1));
          }
        cs_worker_placements_free (placements, n);
      }
}

static void
test_placement_errors (void)
{
  g_autoptr (CsTopology) topo = load_synthetic (TOPO_SMALL);
  g_autoptr (GError) error = NULL;

  g_assert_null (cs_topology_place (topo, CS_PLACEMENT_COMPACT, 0, &error));
  g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_PLACEMENT);
}

static void
test_placement_to_string (void)
{
  static const struct { guint n; guint pus[6]; const char *expected; } cases[] = {
    { 0, { 0 }, "" },
    { 1, { 7 }, "7" },
    { 3, { 0, 2, 3 }, "0,2-3" },
    { 4, { 3, 0, 2, 1 }, "0-3" },
    { 6, { 9, 1, 2, 5, 6, 7 }, "1-2,5-7,9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CsWorkerPlacement placement = { cases[i].n, (guint *) cases[i].pus };
      g_autofree char *text = cs_worker_placement_to_string (&placement);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static gpointer
bind_thread (gpointer data)
{
  const CsWorkerPlacement *placement = data;
  g_autoptr (GError) error = NULL;
  cpu_set_t set;
  gboolean bound = cs_worker_placement_bind_current_thread (placement, &error);

  g_assert_no_error (error);
  g_assert_true (bound);
  CPU_ZERO (&set);
  g_assert_cmpint (pthread_getaffinity_np (pthread_self (), sizeof set, &set), ==, 0);
  return GINT_TO_POINTER (CPU_COUNT (&set) == 1 && CPU_ISSET (placement->pus[0], &set));
}

/* Binds a fresh thread (never the test's main thread) to the last PU we may run on: CI may
 * restrict the process to fewer PUs than the machine has. */
static void
test_bind (void)
{
  cpu_set_t allowed;
  guint pu = 0;
  CsWorkerPlacement placement = { 1, &pu };
  CsWorkerPlacement none = { 0, NULL };
  GThread *thread;

  g_assert_true (cs_worker_placement_bind_current_thread (&none, NULL));
  CPU_ZERO (&allowed);
  g_assert_cmpint (sched_getaffinity (0, sizeof allowed, &allowed), ==, 0);
  for (guint i = 0; i < CPU_SETSIZE; i++)
    if (CPU_ISSET (i, &allowed))
      pu = i;
  thread = g_thread_new ("bind", bind_thread, &placement);
  g_assert_true (GPOINTER_TO_INT (g_thread_join (thread)));

  /* A PU that does not exist: the kernel refuses, and we say which PU. */
  {
    guint missing = 65000;
    CsWorkerPlacement bad = { 1, &missing };
    g_autoptr (GError) error = NULL;

    g_assert_false (cs_worker_placement_bind_current_thread (&bad, &error));
    g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_PLACEMENT);
    g_assert_nonnull (strstr (error->message, "65000"));
  }
}

/* ---- XML ---------------------------------------------------------------------------------- */

static void
assert_same_topology (CsTopology *a, CsTopology *b)
{
  const GArray *ca = cs_topology_get_caches (a), *cb = cs_topology_get_caches (b);
  g_autofree char *da = cs_topology_describe (a);
  g_autofree char *db = cs_topology_describe (b);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpuint (cs_topology_get_n_numa_nodes (a), ==, cs_topology_get_n_numa_nodes (b));
  g_assert_cmpuint (cs_topology_get_smt_width (a), ==, cs_topology_get_smt_width (b));
  g_assert_cmpuint (cs_topology_get_total_memory (a), ==, cs_topology_get_total_memory (b));
  g_assert_cmpstr (cs_topology_get_cpu_model (a), ==, cs_topology_get_cpu_model (b));
  g_assert_cmpuint (ca->len, ==, cb->len);
  g_assert_cmpmem (ca->data, ca->len * sizeof (CsCacheInfo), cb->data,
                   cb->len * sizeof (CsCacheInfo));
}

static void
test_xml_round_trip (void)
{
  const char *descriptions[] = { TOPO_NUMA, TOPO_CACHES, TOPO_ONE, NULL /* this machine */ };

  for (guint i = 0; i < G_N_ELEMENTS (descriptions); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsTopology) original = descriptions[i] != NULL
                                          ? load_synthetic (descriptions[i])
                                          : cs_topology_new_local (NULL);
      g_autofree char *xml = cs_topology_export_xml (original, &error);
      g_autoptr (CsTopology) from_buffer = NULL;
      g_autoptr (CsTopology) from_file = NULL;
      g_autofree char *path = NULL;
      g_autofree char *placed_a = NULL, *placed_b = NULL;
      int fd;

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (xml, "<?xml"));
      from_buffer = cs_topology_new_from_xml_buffer (xml, -1, &error);
      g_assert_no_error (error);
      assert_same_topology (original, from_buffer);
      /* An exported topology describes another machine, even if it was this one. */
      g_assert_false (cs_topology_is_this_system (from_buffer));

      fd = g_file_open_tmp ("cs-topology-XXXXXX.xml", &path, &error);
      g_assert_no_error (error);
      close (fd);
      g_assert_true (g_file_set_contents (path, xml, -1, NULL));
      from_file = cs_topology_new_from_xml_file (path, &error);
      g_assert_no_error (error);
      assert_same_topology (original, from_file);
      g_unlink (path);

      placed_a = placements_to_string (original, CS_PLACEMENT_SCATTER, 5);
      placed_b = placements_to_string (from_file, CS_PLACEMENT_SCATTER, 5);
      g_assert_cmpstr (placed_a, ==, placed_b);
    }
}

static void
test_xml_counted_buffer (void)
{
  g_autoptr (CsTopology) original = load_synthetic (TOPO_SMT);
  g_autofree char *xml = cs_topology_export_xml (original, NULL);
  g_autofree char *padded = g_strconcat (xml, "GARBAGE AFTER THE END", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) loaded = cs_topology_new_from_xml_buffer (padded, strlen (xml), &error);

  g_assert_no_error (error);
  assert_same_topology (original, loaded);
}

/* ---- errors ------------------------------------------------------------------------------- */

static void
assert_invalid_file (const char *contents, const char *expected_text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  CsTopology *topo;
  int fd = g_file_open_tmp ("cs-bad-XXXXXX.xml", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  topo = cs_topology_new_from_xml_file (path, &error);
  g_assert_null (topo);
  g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
  /* The message names the file so that the user knows which one to fix. */
  base = g_path_get_basename (path);
  g_assert_nonnull (strstr (error->message, base));
  g_assert_nonnull (strstr (error->message, expected_text));
  g_unlink (path);
}

static void
test_invalid_xml (void)
{
  g_autoptr (GError) error = NULL;

  assert_invalid_file ("", "not a valid hwloc XML topology");
  assert_invalid_file ("this is not XML at all\n", "not a valid hwloc XML topology");
  assert_invalid_file ("<?xml version=\"1.0\"?>\n<html><body/></html>\n",
                       "not a valid hwloc XML topology");
  assert_invalid_file ("<?xml version=\"1.0\"?>\n<topology><object type=\"Machine\"",
                       "not a valid hwloc XML topology");

  g_assert_null (cs_topology_new_from_xml_file ("/nonexistent/corescope/machine.xml", &error));
  g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "machine.xml"));
  g_clear_error (&error);

  g_assert_null (cs_topology_new_from_xml_buffer ("<nope/>", -1, &error));
  g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
}

static void
test_invalid_synthetic (void)
{
  const char *bad[] = { "bogus:3", "pack:0", "pack:2 core:x pu:2", "pu:2 core:2", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("“%s”", bad[i]);
      g_assert_null (cs_topology_new_synthetic (bad[i], &error));
      g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "synthetic"));
    }
}

/* ---- machine ------------------------------------------------------------------------------ */

static void
test_machine (void)
{
  g_autoptr (CsTopology) topo = load_synthetic (TOPO_NUMA);
  g_autoptr (CsMachine) machine = cs_machine_new_local (topo);
  g_autoptr (CsMachine) copy = NULL;
  g_autoptr (CsTopology) reloaded = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (machine->hostname, ==, g_get_host_name ());
  g_assert_nonnull (machine->os_name);
  g_assert_true (g_str_has_prefix (machine->kernel, "Linux "));
  g_assert_cmpstr (machine->arch, !=, "");
  g_assert_cmpuint (machine->total_memory, >, 0);
  /* Counts come from the topology we were given. */
  g_assert_cmpuint (machine->n_packages, ==, 2);
  g_assert_cmpuint (machine->n_numa_nodes, ==, 4);
  g_assert_cmpuint (machine->n_cores, ==, 64);
  g_assert_cmpuint (machine->n_pus, ==, 128);
  g_assert_cmpuint (machine->smt_width, ==, 2);
  g_assert_cmpstr (machine->topology_summary, ==, "2 packages, 4 NUMA nodes, 64 cores, 128 PUs");
  g_assert_nonnull (machine->topology_xml);

  copy = cs_machine_copy (machine);
  g_assert_true (copy->hostname != machine->hostname);
  g_assert_cmpstr (copy->hostname, ==, machine->hostname);
  g_assert_cmpstr (copy->topology_xml, ==, machine->topology_xml);
  g_assert_cmpuint (copy->n_pus, ==, 128);

  reloaded = cs_machine_load_topology (copy, &error);
  g_assert_no_error (error);
  assert_same_topology (topo, reloaded);

  g_clear_pointer (&copy->topology_xml, g_free);
  g_assert_null (cs_machine_load_topology (copy, &error));
  g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
}

static void
test_machine_without_topology (void)
{
  g_autoptr (CsMachine) machine = cs_machine_new_local (NULL);
  g_autoptr (CsTopology) local = cs_topology_new_local (NULL);

  /* NULL means "this machine": the counts are discovered. */
  g_assert_cmpuint (machine->n_pus, ==, cs_topology_get_n_pus (local));
  g_assert_cmpuint (machine->n_cores, ==, cs_topology_get_n_cores (local));
}
/* hwloc 2.9 itself segfaults on this file (lstopo does too): loading it must give an error
 * from the out-of-process probe, not crash the test. */
static void
test_xml_crash_probe (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "hwloc-crashes",
                                                 "missing-complete-cpuset.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  CsTopology *topology;

  if (g_getenv ("CORESCOPE_WORKER") == NULL)
    {
      g_test_skip ("needs CORESCOPE_WORKER (run through meson test)");
      return;
    }
  topology = cs_topology_new_from_xml_file (path, &error);
  g_assert_null (topology);
  g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "missing-complete-cpuset.xml"));
  g_assert_nonnull (strstr (error->message, "crashed"));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  g_assert_null (cs_topology_new_from_xml_buffer (xml, -1, &error));
  g_assert_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/topology/counts", test_counts);
  g_test_add_func ("/topology/local", test_local);
  g_test_add_func ("/topology/describe", test_describe);
  g_test_add_func ("/topology/caches", test_caches);
  g_test_add_func ("/topology/tree", test_tree);
  g_test_add_func ("/topology/placement/policies", test_placements);
  g_test_add_func ("/topology/placement/one-per-core", test_placement_one_per_core);
  g_test_add_func ("/topology/placement/errors", test_placement_errors);
  g_test_add_func ("/topology/placement/to-string", test_placement_to_string);
  g_test_add_func ("/topology/placement/bind", test_bind);
  g_test_add_func ("/topology/xml/round-trip", test_xml_round_trip);
  g_test_add_func ("/topology/xml/counted-buffer", test_xml_counted_buffer);
  g_test_add_func ("/topology/errors/xml", test_invalid_xml);
  g_test_add_func ("/topology/errors/synthetic", test_invalid_synthetic);
  g_test_add_func ("/topology/errors/xml-crash-probe", test_xml_crash_probe);
  g_test_add_func ("/machine/local", test_machine);
  g_test_add_func ("/machine/without-topology", test_machine_without_topology);

  return g_test_run ();
}
