/* i18n.h — gettext shorthands shared by core, CLI and TUI. */
#ifndef SVCPOINT_I18N_H
#define SVCPOINT_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#define SVCPOINT_TEXTDOMAIN "svcpoint"

/* Bind the text domain and choose the UI language ("zh_CN" or "en").
 * Must run after setlocale(LC_ALL, ""). */
void i18n_init(const char *language);

#endif
