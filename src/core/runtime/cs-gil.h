/* cs-gil.h: an emulation of CPython's global interpreter lock ("new GIL", CPython >= 3.2)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-task.h"

G_BEGIN_DECLS

/* Kernels only see cs_task_checkpoint() and cs_task_begin/end_blocking() (cs-task.h); the
 * engine creates one CsGil per pool and one CsGilThread per worker thread. */

typedef struct
{
  guint64 switches;      /* hand-overs from one thread to a different one */
  double  wait_s;        /* total time threads spent in take_gil() */
  guint64 drop_requests; /* times a waiter timed out and asked the holder to drop */
  guint64 forced_handovers; /* drops after which the dropper had to wait for the switch */
  guint64 handovers;     /* acquisitions by a thread that was already waiting at the drop */
  double  handover_s;    /* their total time from the drop until the waiter held the GIL */
} CsGilStats;

CsGil       *cs_gil_new (double switch_interval_s);
void         cs_gil_free (CsGil *gil);
/* Like sys.setswitchinterval(): how long a waiter waits before asking for a drop. */
void         cs_gil_set_switch_interval (CsGil *gil, double seconds);
double       cs_gil_get_switch_interval (CsGil *gil);
/* The flag kernels poll through cs_task_checkpoint() (CsTaskContext.gil_drop_request). */
const gint  *cs_gil_get_drop_request (CsGil *gil);

/* Bookkeeping of one thread that runs under the GIL (CPython's PyThreadState). */
CsGilThread *cs_gil_thread_new (CsGil *gil);
void         cs_gil_thread_free (CsGilThread *thread);

/* take_gil() / drop_gil(): a thread holds the GIL while it runs kernels. */
void         cs_gil_acquire (CsGil *gil, CsGilThread *thread);
void         cs_gil_release (CsGil *gil, CsGilThread *thread);
gboolean     cs_gil_is_held_by (CsGil *gil, CsGilThread *thread);

/* Statistics since the last reset. Reset only while no thread holds the GIL (between passes):
 * it also forgets the last holder, so a pass's first acquisition is not counted as a switch. */
void         cs_gil_reset_stats (CsGil *gil);
void         cs_gil_get_stats (CsGil *gil, CsGilStats *stats);

G_END_DECLS
