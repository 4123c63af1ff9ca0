/* cs-topology-private.h: topology loading that only the worker and the fuzzer may call
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-topology.h"

G_BEGIN_DECLS

/* Loads hwloc XML in this process without the crash probe: hwloc 2.9 itself crashes on some
 * crafted files, so public loaders first let a throw-away corescope-topology-probe read it. */
CsTopology *_cs_topology_new_from_xml_in_process (const char *xml, gsize length,
                                                  const char *what, GError **error);

/* corescope-topology-probe's main: reads XML on stdin and loads it; a crash of this process is
 * what the probe looks for. Returns the exit status. */
int         _cs_topology_check_xml_main (void);

G_END_DECLS
