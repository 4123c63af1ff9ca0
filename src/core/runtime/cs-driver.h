/* cs-driver.h: a backend's driver process (the Python driver, rank 0 of an MPI job) and the
 * JSON-lines protocol spoken with it (src/core/backends/DRIVERS.md)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_DRIVER_ERROR (cs_driver_error_quark ())

typedef enum {
  CS_DRIVER_ERROR_START,     /* posix_spawn or a pipe failed, or the program is missing */
  CS_DRIVER_ERROR_DIED,      /* the driver exited or closed its output: message has its status
                              * and the last line it wrote on stderr */
  CS_DRIVER_ERROR_TIMEOUT,
  CS_DRIVER_ERROR_CANCELLED,
  CS_DRIVER_ERROR_PROTOCOL,  /* a reply that is not one JSON object per line, or lacks a field */
  CS_DRIVER_ERROR_FAILED     /* the driver replied "ok": false; message is its error */
} CsDriverError;

typedef struct _CsDriver CsDriver;

GQuark      cs_driver_error_quark (void);

/* Starts argv (argv[0] searched on PATH) in a process group of its own, behind
 * corescope-reaper (cs-child.h: nothing it starts outlives it or us), with stdin and stdout
 * on pipes and stderr kept (its last lines name what went wrong); no other descriptor is
 * inherited. envp NULL: this process's environment. name is what messages call it ("python3").
 * reaper_options: folders of its own, removed when it ends, a deadline for a stuck child
 * (cs-child.h), or NULL. */
CsDriver   *cs_driver_spawn (const char *name, const char *const *argv, const char *const *envp,
                             const char *const *reaper_options, GError **error);

/* Sends request (an object, one line) and reads one reply line: the reply object when it says
 * "ok": true, else NULL with CS_DRIVER_ERROR_FAILED and its "error". Gives up after timeout_s
 * (0: never) or as soon as *cancelled becomes non-zero (polled every 50 ms; may be NULL), and
 * then stops the driver, since it cannot be trusted to answer the next request in step. Every
 * reply is checked like a hostile file: at most 1 MiB, nesting bounded, one object. */
JsonObject *cs_driver_call (CsDriver *self, JsonNode *request, double timeout_s,
                            const gint *cancelled, GError **error);

/* A launcher that has said it cannot start its job may still wait for ranks that will never
 * come (mpirun after "PMIX ERROR: OUT-OF-RESOURCE"): once its stderr holds one of patterns, a
 * call gives up grace_s later with CS_DRIVER_ERROR_DIED. NULL patterns: no such watch. */
void        cs_driver_set_fatal_stderr (CsDriver *self, const char *const *patterns,
                                        double grace_s);

gboolean    cs_driver_is_running (CsDriver *self);
GPid        cs_driver_get_pid (CsDriver *self);
/* The last line the driver wrote on stderr ("" when none). */
const char *cs_driver_get_stderr_tail (CsDriver *self);
/* The last 4 KiB it wrote on stderr: a launcher's report (mpirun's "process rank 1 … on node
 * …") spans several lines. */
const char *cs_driver_get_stderr (CsDriver *self);

/* Asks the driver to quit ({"op": "quit"}, when polite and it is still in step), then SIGTERM
 * with a second's grace (a Python driver lets multiprocessing clean up its semaphores), then
 * SIGKILL for the whole process group; reaps it. Leaves nothing running. Frees self. */
void        cs_driver_stop (CsDriver *self, gboolean polite);

/* Typed helpers for replies: FALSE with a CS_DRIVER_ERROR_PROTOCOL error naming the field. */
gboolean    cs_driver_get_double (JsonObject *reply, const char *name, gboolean optional,
                                  double *out, GError **error);
gboolean    cs_driver_get_int (JsonObject *reply, const char *name, gboolean optional,
                               gint64 *out, GError **error);
/* 16 hex digits, as DRIVERS.md sends 64-bit checksums. */
gboolean    cs_driver_get_hex64 (JsonObject *reply, const char *name, guint64 *out,
                                 GError **error);

G_END_DECLS
