/* cs-node-layout.c: the hosts an mpi sweep ran on, in rank order, each with its topology
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-analysis"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-node-layout.h"

/* Everything comes from what a multi-host backend (mpi) kept in its mode's info, as
 * CsBackend.multi_host describes: "hosts" (every host in the order first seen),
 * "topology.HOST" (its hwloc XML) and "bindings.N" (where each rank of the N-worker point ran:
 * "cs-node1: PU 0; cs-node2: PU 0").
 * Where a node's ranks begin is read from the bindings rather than from the nodes' sizes:
 * mpirun fills a host's slots first, or deals ranks round-robin (--map-by node), and a
 * hostfile's slots need not be its PUs. Only without bindings (a hand-written result) are the
 * nodes assumed to be filled one after another, each with its slots or cores. */

/* A marker label fits beside its line: "cs-node1", not "compute-0042.cluster.example.org". */
#define SHORT_NAME_CHARS 12

/* The sweep's first mode whose backend may place workers on other hosts. */
static const CsModeConfig *
find_multi_host_mode (const CsResult *result)
{
  for (guint i = 0; result->config != NULL && i < result->config->n_modes; i++)
    if (cs_backend_for_mode (result->config->modes[i].mode)->multi_host)
      return &result->config->modes[i];
  return NULL;
}

/* "cs-node1: PU 0; cs-node2: PU 0-1" → { "cs-node1", "cs-node2" }: each rank's host. */
static char **
rank_hosts (const char *bindings)
{
  g_auto (GStrv) parts = g_strsplit (bindings, "; ", -1);
  GPtrArray *hosts = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *colon = strstr (parts[i], ": PU");

      if (*parts[i] != '\0')
        g_ptr_array_add (hosts, colon != NULL ? g_strndup (parts[i], colon - parts[i])
                                              : g_strdup (parts[i]));
    }
  g_ptr_array_add (hosts, NULL);
  return (char **) g_ptr_array_free (hosts, FALSE);
}

/* Every point's ranks (each rank's host), from each "bindings.N". */
static GPtrArray *
point_ranks (const CsModeConfig *mpi)
{
  GPtrArray *points = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; mpi->info != NULL && mpi->info[i] != NULL; i++)
    {
      const char *eq = strchr (mpi->info[i], '=');

      if (g_str_has_prefix (mpi->info[i], "bindings.") && eq != NULL)
        g_ptr_array_add (points, rank_hosts (eq + 1));
    }
  return points;
}

static void
add_host (GPtrArray *hosts, const char *host)
{
  for (guint i = 0; i < hosts->len; i++)
    if (g_str_equal (g_ptr_array_index (hosts, i), host))
      return;
  g_ptr_array_add (hosts, g_strdup (host));
}

/* Every host, in the order the sweep first saw them, then any only a binding names. */
static GPtrArray *
all_hosts (const CsModeConfig *mpi, GPtrArray *points)
{
  const char *listed = cs_mode_config_get_info (mpi, "hosts");
  g_auto (GStrv) names = g_strsplit (listed != NULL ? listed : "", ",", -1);
  GPtrArray *hosts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i] != NULL; i++)
    if (*names[i] != '\0')
      add_host (hosts, names[i]);
  for (guint p = 0; p < points->len; p++)
    for (char **rank = g_ptr_array_index (points, p); *rank != NULL; rank++)
      add_host (hosts, *rank);
  return hosts;
}

/* The "hosts" option as mpirun --host reads it: "a:16,b:16", or "a,a,b" (a slot each). */
static GHashTable *
option_slots (const CsModeConfig *mpi)
{
  const char *option = cs_mode_config_get_option (mpi, "hosts");
  g_auto (GStrv) entries = g_strsplit (option != NULL ? option : "", ",", -1);
  GHashTable *slots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      char *colon = strchr (g_strstrip (entries[i]), ':');
      guint n = colon != NULL ? (guint) g_ascii_strtoull (colon + 1, NULL, 10) : 1;
      g_autofree char *host = colon != NULL ? g_strndup (entries[i], colon - entries[i])
                                            : g_strdup (entries[i]);
      guint had = GPOINTER_TO_UINT (g_hash_table_lookup (slots, host));

      if (*host != '\0')
        g_hash_table_insert (slots, g_steal_pointer (&host), GUINT_TO_POINTER (had + n));
    }
  return slots;
}

static void
describe_node (CsNode *node, const CsModeConfig *mpi, GHashTable *slots)
{
  g_autofree char *key = g_strconcat ("topology.", node->host, NULL);
  const char *xml = cs_mode_config_get_info (mpi, key);
  g_autoptr (GError) error = NULL;

  node->first_rank = CS_NODE_RANK_UNKNOWN;
  if (xml != NULL && *xml != '\0')
    node->topology = cs_topology_new_from_xml_buffer (xml, -1, &error);
  if (error != NULL)
    g_debug ("%s: its topology cannot be read: %s", node->host, error->message);
  if (node->topology != NULL)
    {
      node->n_pus = cs_topology_get_n_pus (node->topology);
      node->n_cores = cs_topology_get_n_cores (node->topology);
    }
  else
    node->n_pus = GPOINTER_TO_UINT (g_hash_table_lookup (slots, node->host));
}

static CsNode *
find_node (CsNodeLayout *layout, const char *host)
{
  for (guint i = 0; i < layout->n_nodes; i++)
    if (g_str_equal (layout->nodes[i].host, host))
      return &layout->nodes[i];
  g_assert_not_reached (); /* all_hosts() took every rank's host */
  return NULL;
}

/* A node begins at its earliest rank in any point: mpirun may deal the ranks of a bigger job
 * differently (an oversubscribed one evenly over the hosts), and the smallest job to reach a
 * node says how many workers fit before it. Its ranks are those of the biggest job. */
static void
place_ranks (CsNodeLayout *layout, GPtrArray *points)
{
  guint most = 0;

  for (guint p = 0; p < points->len; p++)
    {
      char **ranks = g_ptr_array_index (points, p);
      guint n = g_strv_length (ranks);

      for (guint r = 0; r < n; r++)
        {
          CsNode *node = find_node (layout, ranks[r]);

          node->first_rank = MIN (node->first_rank, r);
        }
      if (n <= most)
        continue;
      most = n;
      for (guint i = 0; i < layout->n_nodes; i++)
        layout->nodes[i].n_ranks = 0;
      for (guint r = 0; r < n; r++)
        find_node (layout, ranks[r])->n_ranks++;
    }
}

static int
compare_first_ranks (gconstpointer a, gconstpointer b, gpointer unused)
{
  guint x = ((const CsNode *) a)->first_rank, y = ((const CsNode *) b)->first_rank;

  return (x > y) - (x < y);
}

/* Without bindings: one node after another, each filled to its slots, else to its cores (what
 * mpirun counts as a host's slots when nobody says), else to its PUs. */
static void
assume_filled_in_order (CsNodeLayout *layout, GHashTable *slots)
{
  guint first = 0;

  for (guint i = 0; i < layout->n_nodes; i++)
    {
      CsNode *node = &layout->nodes[i];
      guint size = GPOINTER_TO_UINT (g_hash_table_lookup (slots, node->host));

      if (size == 0)
        size = node->n_cores > 0 ? node->n_cores : node->n_pus;
      node->first_rank = first;
      if (size == 0)
        return;
      first += size;
    }
}

static void
add_up (CsNodeLayout *layout)
{
  gboolean pus_known = TRUE, cores_known = TRUE;

  for (guint i = 0; i < layout->n_nodes; i++)
    {
      layout->n_pus += layout->nodes[i].n_pus;
      layout->n_cores += layout->nodes[i].n_cores;
      pus_known = pus_known && layout->nodes[i].n_pus > 0;
      cores_known = cores_known && layout->nodes[i].n_cores > 0;
    }
  if (!pus_known)
    layout->n_pus = 0;
  if (!cores_known)
    layout->n_cores = 0;
}

CsNodeLayout *
cs_node_layout_new (const CsResult *result)
{
  const CsModeConfig *mpi;
  g_autoptr (GPtrArray) points = NULL;
  g_autoptr (GPtrArray) hosts = NULL;
  g_autoptr (GHashTable) slots = NULL;
  CsNodeLayout *layout;

  g_return_val_if_fail (result != NULL, NULL);

  mpi = find_multi_host_mode (result);
  if (mpi == NULL)
    return NULL;
  points = point_ranks (mpi);
  hosts = all_hosts (mpi, points);
  if (hosts->len < 2)
    return NULL;
  slots = option_slots (mpi);
  layout = g_new0 (CsNodeLayout, 1);
  layout->mode = mpi->mode;
  layout->n_nodes = hosts->len;
  layout->nodes = g_new0 (CsNode, hosts->len);
  for (guint i = 0; i < hosts->len; i++)
    {
      layout->nodes[i].host = g_strdup (g_ptr_array_index (hosts, i));
      describe_node (&layout->nodes[i], mpi, slots);
    }
  if (points->len > 0)
    place_ranks (layout, points);
  else
    assume_filled_in_order (layout, slots);
  /* g_qsort_with_data() is stable: hosts no rank ran on stay in the order first seen. */
  g_qsort_with_data (layout->nodes, layout->n_nodes, sizeof (CsNode), compare_first_ranks, NULL);
  add_up (layout);
  return layout;
}

void
cs_node_layout_free (CsNodeLayout *layout)
{
  if (layout == NULL)
    return;
  for (guint i = 0; i < layout->n_nodes; i++)
    {
      g_free (layout->nodes[i].host);
      g_clear_pointer (&layout->nodes[i].topology, cs_topology_unref);
    }
  g_free (layout->nodes);
  g_free (layout);
}

static gboolean
node_equal (const CsNode *a, const CsNode *b)
{
  return g_str_equal (a->host, b->host) && a->first_rank == b->first_rank &&
         a->n_ranks == b->n_ranks && a->n_pus == b->n_pus && a->n_cores == b->n_cores;
}

gboolean
cs_node_layout_equal (const CsNodeLayout *a, const CsNodeLayout *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->n_nodes != b->n_nodes)
    return FALSE;
  for (guint i = 0; i < a->n_nodes; i++)
    if (!node_equal (&a->nodes[i], &b->nodes[i]))
      return FALSE;
  return TRUE;
}

/* "cs-node1.cluster" → "cs-node1"; an address stays whole. */
static char *
short_host (const char *host)
{
  const char *dot = strchr (host, '.');

  if (dot == NULL || g_hostname_is_ip_address (host))
    return g_strdup (host);
  return g_strndup (host, dot - host);
}

/* Short names only when every host has one and they still tell the hosts apart. */
static gboolean
short_names_fit (const CsNodeLayout *layout)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < layout->n_nodes; i++)
    {
      char *name = short_host (layout->nodes[i].host);

      if (g_utf8_strlen (name, -1) > SHORT_NAME_CHARS || g_hash_table_contains (seen, name))
        {
          g_free (name);
          return FALSE;
        }
      g_hash_table_add (seen, name);
    }
  return TRUE;
}

char *
cs_node_layout_node_name (const CsNodeLayout *layout, guint i)
{
  g_return_val_if_fail (layout != NULL && i < layout->n_nodes, NULL);

  if (short_names_fit (layout))
    return short_host (layout->nodes[i].host);
  /* Translators: a host of an MPI sweep, numbered in the order its ranks were placed */
  return g_strdup_printf (_("node %u"), i + 1);
}

char *
cs_node_layout_boundary_label (const CsNodeLayout *layout, guint i)
{
  g_autofree char *before = NULL, *after = NULL;

  g_return_val_if_fail (layout != NULL && i >= 1 && i < layout->n_nodes, NULL);

  before = cs_node_layout_node_name (layout, i - 1);
  after = cs_node_layout_node_name (layout, i);
  return g_strdup_printf ("%s | %s", before, after);
}
