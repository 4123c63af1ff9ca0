/* cs-application.c: the AdwApplication subclass: app actions and window creation
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-application.h"
#include "cs-window.h"

struct _CsApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CsApplication, cs_application, ADW_TYPE_APPLICATION)

static void
cs_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (cs_window_new (CS_APPLICATION (app)));
  gtk_window_present (window);
}

static void
cs_application_class_init (CsApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = cs_application_activate;
}

static void
cs_application_init (CsApplication *self)
{
}

CsApplication *
cs_application_new (void)
{
  return g_object_new (CS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", "/io/github/corescope/Corescope",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
