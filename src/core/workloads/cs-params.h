/* cs-params.h: typed parameters: a preset's parameters, a backend's options
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CsPreset CsPreset;

typedef enum {
  CS_PARAM_INT,       /* integer in [min, max] */
  CS_PARAM_DOUBLE,
  CS_PARAM_BOOL,      /* true/false, yes/no, 1/0 */
  CS_PARAM_SIZE,      /* bytes: "4096", "64K", "16MiB", "1G" (powers of 1024) */
  CS_PARAM_DURATION,  /* seconds: "5ms", "200us", "1.5s", "2" (seconds) */
  CS_PARAM_CHOICE,    /* one of choices[] */
  CS_PARAM_STRING,
  CS_PARAM_FILE       /* a file's path (the GUI offers a file chooser); may be empty */
} CsParamType;

typedef struct
{
  const char        *name;          /* "tasks", "task-time" */
  CsParamType        type;
  const char        *default_value; /* in the same syntax users type */
  double             min, max;      /* for numeric types, in bytes/seconds for SIZE/DURATION */
  const char        *unit;          /* shown next to the value: "tasks", "ms", "MiB" */
  const char        *label;         /* translatable, short: "Task duration" */
  const char        *help;          /* translatable, one sentence */
  const char *const *choices;       /* CS_PARAM_CHOICE only, NULL-terminated */
} CsParamSpec;

typedef struct _CsParams CsParams;

/* Index of the spec called name, or -1. */
int             cs_param_specs_find (const CsParamSpec *specs, guint n_specs, const char *name);

/* Parameter values, validated against their specs; unset values take the defaults. A preset's
 * parameters come from cs_params_new(); a backend's options from cs_params_new_for_specs(),
 * whose error messages speak of a mode's options. */
CsParams       *cs_params_new (const CsPreset *preset);
CsParams       *cs_params_new_for_specs (const char *owner, const CsParamSpec *specs,
                                         guint n_specs);
CsParams       *cs_params_copy (const CsParams *params);
void            cs_params_free (CsParams *params);
const CsPreset *cs_params_get_preset (const CsParams *params); /* NULL for options */
const CsParamSpec *cs_params_get_specs (const CsParams *params, guint *n_specs);
gboolean        cs_params_has (const CsParams *params, const char *name);
gboolean        cs_params_set (CsParams *params, const char *name, const char *value,
                               GError **error);
/* "name=value" */
gboolean        cs_params_parse_assignment (CsParams *params, const char *assignment,
                                            GError **error);
/* Checks one value without storing it (the GUI marks invalid fields inline). */
gboolean        cs_param_spec_validate (const CsParamSpec *spec, const char *value,
                                        GError **error);
const char     *cs_params_get_string (const CsParams *params, const char *name);
gint64          cs_params_get_int (const CsParams *params, const char *name);
double          cs_params_get_double (const CsParams *params, const char *name);
gboolean        cs_params_get_bool (const CsParams *params, const char *name);
guint64         cs_params_get_size (const CsParams *params, const char *name);     /* bytes */
double          cs_params_get_duration (const CsParams *params, const char *name); /* seconds */
/* A duration as users type it ("5ms", "200us", "1.5s", "2" seconds, "1min") in seconds; FALSE
 * when it is not one (or negative). The parameters and the command line's flags share it. */
gboolean        cs_parse_duration (const char *text, double *seconds);
/* Every parameter as "name=value", in spec order (free with g_strfreev). */
char          **cs_params_to_strv (const CsParams *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsParams, cs_params_free)

G_END_DECLS
