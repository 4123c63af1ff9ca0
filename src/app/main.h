/* main.h: start-up shared by the corescope executable and the GUI tests
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

void cs_init_i18n (void);
int  cs_application_main (int argc, char **argv);
