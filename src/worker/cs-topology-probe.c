/* cs-topology-probe.c: corescope-topology-probe, loads hwloc XML from stdin (the crash probe)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "cs-topology-private.h"

/* Not for people: cs-topology.c starts it with the XML on stdin; its exit status says whether
 * hwloc loaded it, and a signal that hwloc crashed. Apart from corescope-worker so that the
 * worker need not link hwloc. */
int
main (int argc, char **argv)
{
  if (argc != 1)
    {
      fprintf (stderr, "corescope-topology-probe: started by Corescope, not by hand\n");
      return 2;
    }
  return _cs_topology_check_xml_main ();
}
