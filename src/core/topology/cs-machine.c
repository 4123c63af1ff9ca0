/* cs-machine.c: describing the machine we run on, and its topology back from a result
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-machine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cs-machine.h"

static guint64
physical_memory (void)
{
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);

  if (pages <= 0 || page_size <= 0)
    return 0;
  return (guint64) pages * (guint64) page_size;
}

static void
fill_os (CsMachine *machine)
{
  struct utsname uts;
  g_autofree char *pretty = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);

  machine->os_name = g_strdup (pretty != NULL ? pretty : "");
  if (uname (&uts) == 0)
    {
      machine->kernel = g_strdup_printf ("%s %s", uts.sysname, uts.release);
      machine->arch = g_strdup (uts.machine);
    }
  else
    {
      machine->kernel = g_strdup ("");
      machine->arch = g_strdup ("");
    }
}

static void
fill_from_topology (CsMachine *machine, CsTopology *topo)
{
  g_autoptr (GError) error = NULL;

  machine->cpu_model = g_strdup (cs_topology_get_cpu_model (topo));
  machine->n_packages = cs_topology_get_n_packages (topo);
  machine->n_numa_nodes = cs_topology_get_n_numa_nodes (topo);
  machine->n_cores = cs_topology_get_n_cores (topo);
  machine->n_pus = cs_topology_get_n_pus (topo);
  machine->smt_width = cs_topology_get_smt_width (topo);
  machine->topology_summary = cs_topology_describe (topo);
  machine->topology_xml = cs_topology_export_xml (topo, &error);
  if (machine->topology_xml == NULL)
    g_warning ("Could not store the topology with the machine: %s", error->message);
}

CsMachine *
cs_machine_new_local (CsTopology *topo)
{
  g_autoptr (CsTopology) local = NULL;
  CsMachine *machine = cs_machine_new ();

  /* Callers usually hold the topology already; loading it again costs a few milliseconds. */
  if (topo == NULL)
    {
      g_autoptr (GError) error = NULL;
      local = cs_topology_new_local (&error);
      if (local == NULL)
        g_warning ("%s", error->message);
      topo = local;
    }
  machine->hostname = g_strdup (g_get_host_name ());
  fill_os (machine);
  /* The sum of the NUMA nodes' memory, as the topology view shows it; /proc/meminfo may
   * disagree in VMs with hot-plugged memory, and one machine should not show two sizes. */
  if (topo != NULL)
    {
      fill_from_topology (machine, topo);
      machine->total_memory = cs_topology_get_total_memory (topo);
    }
  else
    {
      machine->cpu_model = g_strdup ("");
      machine->topology_summary = g_strdup ("");
    }
  if (machine->total_memory == 0)
    machine->total_memory = physical_memory ();
  return machine;
}

CsTopology *
cs_machine_load_topology (const CsMachine *machine, GError **error)
{
  g_return_val_if_fail (machine != NULL, NULL);

  if (machine->topology_xml == NULL || machine->topology_xml[0] == '\0')
    {
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID,
                   _("The result does not include the topology of %s"),
                   machine->hostname != NULL ? machine->hostname : _("its machine"));
      return NULL;
    }
  return cs_topology_new_from_xml_buffer (machine->topology_xml, -1, error);
}
