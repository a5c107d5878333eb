/* i18n.c — finds the message catalogs and picks the UI language.
 *
 * The catalogs are looked up, in order, in $SVCPOINT_LOCALEDIR, in a
 * "locale" folder beside the running binary (the build tree), and in the
 * installed LOCALEDIR. The language comes from the config, not from the
 * environment, so a kiosk shows Chinese whatever the shell was set to. */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static int dir_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *i18n_locale_dir(char *buf, size_t size)
{
	const char *env = getenv("SVCPOINT_LOCALEDIR");
	if (env && *env)
		return env;
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n > 0) {
		buf[n] = '\0';
		char *slash = strrchr(buf, '/');
		if (slash && (size_t)(slash - buf) + sizeof "/locale" < size) {
			strcpy(slash, "/locale");
			if (dir_exists(buf))
				return buf;
		}
	}
	return LOCALEDIR;
}

void i18n_init(const char *language)
{
	char buf[PATH_MAX];
	const char *lang = (language && strcmp(language, "en") == 0) ? "en" : "zh_CN";

	/* LANGUAGE outranks LC_MESSAGES in GNU gettext, as long as the locale
	 * is not plain "C"; main() insists on a UTF-8 locale beforehand. */
	setenv("LANGUAGE", lang, 1);
	bindtextdomain(SVCPOINT_TEXTDOMAIN, i18n_locale_dir(buf, sizeof buf));
	bind_textdomain_codeset(SVCPOINT_TEXTDOMAIN, "UTF-8");
	textdomain(SVCPOINT_TEXTDOMAIN);
}
