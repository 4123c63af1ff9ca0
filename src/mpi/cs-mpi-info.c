/* cs-mpi-info.c: where the ranks run: hostnames, bindings, each host's topology, the library
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-mpi-worker"

#include <hwloc.h>
#include <string.h>
#include <unistd.h>

#include "cs-mpi-worker.h"
#include "cs-topology.h"

/* The PUs the launcher bound us to, as OS indexes ("0-1,4"); "?" when hwloc cannot tell. */
static char *
describe_binding (void)
{
  hwloc_topology_t topo;
  hwloc_bitmap_t set = hwloc_bitmap_alloc ();
  char *list = NULL;
  char *result;

  if (hwloc_topology_init (&topo) == 0 && hwloc_topology_load (topo) == 0
      && hwloc_get_cpubind (topo, set, HWLOC_CPUBIND_PROCESS) == 0)
    hwloc_bitmap_list_asprintf (&list, set);
  result = g_strdup (list != NULL ? list : "?");
  free (list);
  hwloc_bitmap_free (set);
  hwloc_topology_destroy (topo);
  return result;
}

/* Collective over MPI_COMM_WORLD: fills the fields every rank needs before the first request.
 * Bindings are read once: Open MPI binds a rank before it starts and never moves it. */
void
cs_mpi_job_describe_self (CsMpiJob *job)
{
  char host[256] = "";
  g_autofree char *pus = describe_binding ();

  MPI_Comm_rank (MPI_COMM_WORLD, &job->rank);
  MPI_Comm_size (MPI_COMM_WORLD, &job->size);
  MPI_Comm_split_type (MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, job->rank, MPI_INFO_NULL,
                       &job->node);
  MPI_Comm_rank (job->node, &job->node_rank);
  if (gethostname (host, sizeof host - 1) != 0 || host[0] == '\0')
    g_strlcpy (host, "localhost", sizeof host);
  job->hostname = g_strdup (host);
  job->binding = g_strdup_printf ("%s: PU %s", host, pus);
  job->bindings = cs_mpi_gather_strings (job->binding, MPI_COMM_WORLD);
  job->active = g_new0 (MPI_Comm, (gsize) job->size + 1);
  job->active_made = g_new0 (gboolean, (gsize) job->size + 1);
}

static char *
library_version (void)
{
  char version[MPI_MAX_LIBRARY_VERSION_STRING] = "";
  int len = 0;

  MPI_Get_library_version (version, &len);
  version[MIN (len, MPI_MAX_LIBRARY_VERSION_STRING - 1)] = '\0';
  /* "Open MPI v4.1.4, package: Debian OpenMPI, ident: 4.1.4, repo rev: …": its first line is
   * what a user recognises; the rest is build detail. */
  return g_strstrip (g_strndup (version, strcspn (version, "\r\n")));
}

/* A host's leader exports its topology; everybody else sends "". */
static char *
export_topology (const CsMpiJob *job)
{
  g_autoptr(GError) error = NULL;
  CsTopology *topology;
  char *xml;

  if (job->node_rank != 0)
    return g_strdup ("");
  topology = cs_topology_new_local (&error);
  xml = topology != NULL ? cs_topology_export_xml (topology, &error) : NULL;
  if (xml == NULL)
    g_warning ("%s: no topology: %s", job->hostname, error->message);
  g_clear_pointer (&topology, cs_topology_unref);
  return xml != NULL ? xml : g_strdup ("");
}

static void
add_hosts (JsonBuilder *b, char **hosts, char **xmls)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  json_builder_set_member_name (b, "hosts");
  json_builder_begin_array (b);
  for (guint i = 0; hosts[i] != NULL; i++)
    if (g_hash_table_add (seen, hosts[i]))
      json_builder_add_string_value (b, hosts[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "topologies");
  json_builder_begin_object (b);
  for (guint i = 0; hosts[i] != NULL; i++)
    if (xmls[i][0] != '\0')
      {
        json_builder_set_member_name (b, hosts[i]);
        json_builder_add_string_value (b, xmls[i]);
      }
  json_builder_end_object (b);
}

static void
add_strv (JsonBuilder *b, const char *name, char **strv)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

/* Collective; rank 0 gets the `open` reply's info object, the others NULL. */
JsonNode *
cs_mpi_job_info (const CsMpiJob *job)
{
  g_autofree char *xml = export_topology (job);
  g_auto(GStrv) hosts = cs_mpi_gather_strings (job->hostname, MPI_COMM_WORLD);
  g_auto(GStrv) xmls = cs_mpi_gather_strings (xml, MPI_COMM_WORLD);
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *library = NULL;

  if (job->rank != 0)
    return NULL;
  library = library_version ();
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "library");
  json_builder_add_string_value (b, library);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, job->size);
  add_hosts (b, hosts, xmls);
  add_strv (b, "bindings", job->bindings);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Collective: before MPI_Finalize. */
void
cs_mpi_job_clear (CsMpiJob *job)
{
  for (int w = 0; w <= job->size; w++)
    if (job->active_made[w] && job->active[w] != MPI_COMM_NULL)
      MPI_Comm_free (&job->active[w]);
  MPI_Comm_free (&job->node);
  g_clear_pointer (&job->active, g_free);
  g_clear_pointer (&job->active_made, g_free);
  g_clear_pointer (&job->bindings, g_strfreev);
  g_clear_pointer (&job->binding, g_free);
  g_clear_pointer (&job->hostname, g_free);
}
