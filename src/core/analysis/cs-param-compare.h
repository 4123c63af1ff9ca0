/* cs-param-compare.h: a result's parameter as comparisons see it (one file, one spelling)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-result.h"

G_BEGIN_DECLS

/* The value of parameter name in result's configuration, or NULL. A file parameter that names
 * an existing file is given as its canonical absolute path, so that "mywork.py" and
 * "/home/me/mywork.py" are not reported as different files. Relative paths resolve against the
 * current directory (where `corescope compare` runs, as a result keeps no directory of its
 * own). */
char *cs_param_compare_value (const CsResult *result, const char *name);

G_END_DECLS
