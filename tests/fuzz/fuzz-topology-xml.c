/* fuzz-topology-xml.c: libFuzzer target for hwloc XML topologies (cs_topology_new_from_xml_buffer)
 * as `corescope topology --input FILE` and results from other machines load them
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "cs-topology-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) topology = NULL;
  g_autofree char *description = NULL;
  CsWorkerPlacement *placements;

  /* In process, without the crash probe: the fuzzer itself is the probe. hwloc wants the
   * buffer NUL-terminated. */
  g_autofree char *xml = g_strndup ((const char *) data, size);
  topology = _cs_topology_new_from_xml_in_process (xml, strlen (xml), "fuzz", &error);
  if (topology == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  /* what the CLI and the GUI do with a loaded topology: describe, draw (the tree), place */
  description = cs_topology_describe (topology);
  g_assert_nonnull (cs_topology_get_root (topology));
  g_assert_cmpuint (cs_topology_get_n_pus (topology), >, 0);
  placements = cs_topology_place (topology, CS_PLACEMENT_SCATTER, 3, &error);
  if (placements != NULL)
    cs_worker_placements_free (placements, 3);
  return 0;
}
