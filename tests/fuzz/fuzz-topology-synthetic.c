/* fuzz-topology-synthetic.c: libFuzzer target for topologies of any shape, through our XML path
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is an hwloc synthetic description (`corescope topology --synthetic`); what loads is
 * exported to hwloc XML and loaded back through cs_topology_new_from_xml_buffer, then described
 * and placed.
 *
 * Why not raw XML by default: hwloc 2.9's own XML import crashes on some malformed files (see
 * tests/fuzz/hwloc-crashes/; lstopo crashes on them too), so a raw-XML target stops on hwloc's
 * bugs within seconds instead of finding ours. This target reaches our XML path with every shape
 * hwloc can describe; fuzz-topology-xml (FUZZ_RAW_XML=1 build-aux/fuzz.sh) is the raw one.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cs-topology.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
place_all (CsTopology *topology, guint n_workers)
{
  static const CsPlacementPolicy policies[] = {
    CS_PLACEMENT_COMPACT, CS_PLACEMENT_SCATTER, CS_PLACEMENT_CORES_ONLY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    {
      g_autoptr (GError) error = NULL;
      CsWorkerPlacement *placements = cs_topology_place (topology, policies[i], n_workers,
                                                         &error);
      if (placements == NULL)
        {
          g_assert_nonnull (error);
          continue;
        }
      for (guint w = 0; w < n_workers; w++)
        g_free (cs_worker_placement_to_string (&placements[w]));
      cs_worker_placements_free (placements, n_workers);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *description = g_strndup ((const char *) data, MIN (size, 256));
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) synthetic = NULL;
  g_autoptr (CsTopology) reloaded = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *text = NULL;

  synthetic = cs_topology_new_synthetic (description, &error);
  if (synthetic == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  /* Machines of thousands of PUs (up to the 8192 allowed) are valid but their XML is megabytes:
   * a few seconds per input under ASan would only slow the search down. */
  if (cs_topology_get_n_pus (synthetic) > 1024)
    return 0;
  xml = cs_topology_export_xml (synthetic, &error);
  g_assert_no_error (error);
  reloaded = cs_topology_new_from_xml_buffer (xml, -1, &error);
  if (reloaded == NULL)
    {
      /* abort (), not g_error (): libFuzzer saves the input on SIGABRT, not on SIGTRAP */
      g_printerr ("an exported topology did not load again: %s\n", error->message);
      abort ();
    }
  g_assert_cmpuint (cs_topology_get_n_pus (reloaded), ==, cs_topology_get_n_pus (synthetic));
  g_assert_cmpuint (cs_topology_get_n_cores (reloaded), ==, cs_topology_get_n_cores (synthetic));
  g_assert_cmpuint (cs_topology_get_n_packages (reloaded), ==,
                    cs_topology_get_n_packages (synthetic));
  text = cs_topology_describe (reloaded);
  g_assert_nonnull (cs_topology_get_root (reloaded));
  g_assert_nonnull (cs_topology_get_caches (reloaded));
  place_all (reloaded, 1);
  place_all (reloaded, cs_topology_get_n_pus (reloaded) + 3);
  return 0;
}
