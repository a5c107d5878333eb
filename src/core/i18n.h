/* i18n.h — gettext shorthands shared by core, CLI and TUI. */
#ifndef SVCPOINT_I18N_H
#define SVCPOINT_I18N_H

#include <libintl.h>

#define _(s) i18n_text(s)
#define N_(s) (s)

#define SVCPOINT_TEXTDOMAIN "svcpoint"

/* Choose the UI language ("zh_CN" or "en"). Must run after setlocale() of
 * LC_CTYPE; the catalog itself is bound at the first translated message. */
void i18n_init(const char *language);

/* gettext(msgid), binding the text domain first if nothing has yet. */
char *i18n_text(const char *msgid);

#endif
