/* i18n.h — gettext shorthands shared by core, CLI and TUI. */
#ifndef SVCPOINT_I18N_H
#define SVCPOINT_I18N_H

#include <libintl.h>

#define _(s) i18n_text(s)
#define N_(s) (s)
/* A msgid whose English serves more than one meaning ("open" commitment,
 * "open" visit): the context tells the translations apart. C_ translates
 * at once; NC_ only marks (for tables), and i18n_ptext translates later. */
#define C_(ctx, s) i18n_ptext(ctx "\004" s)
#define NC_(ctx, s) (ctx "\004" s)

#define SVCPOINT_TEXTDOMAIN "svcpoint"

/* Choose the UI language ("zh_CN" or "en"). Must run after setlocale() of
 * LC_CTYPE; the catalog itself is bound at the first translated message. */
void i18n_init(const char *language);

/* gettext(msgid), binding the text domain first if nothing has yet. */
char *i18n_text(const char *msgid);

/* The translation of a context-joined key ("context\004msgid", as C_ and
 * NC_ build it); the msgid part alone when the catalog has none. */
const char *i18n_ptext(const char *key);

#endif
