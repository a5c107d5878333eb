/* i18n.c — finds the message catalogs and picks the UI language.
 *
 * The catalogs are looked up, in order, in $SVCPOINT_LOCALEDIR, in a
 * "locale" folder beside the running binary (the build tree), and in the
 * installed LOCALEDIR. The language comes from the config, not from the
 * environment, so a kiosk shows Chinese whatever the shell was set to. */
#include "i18n.h"

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
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

/* LC_MESSAGES from the environment, or C.UTF-8 when that is plain "C":
 * gettext ignores LANGUAGE while LC_MESSAGES is "C". Without either the
 * messages stay English, which is still usable. */
static void i18n_set_messages_locale(void)
{
	const char *loc = setlocale(LC_MESSAGES, "");
	if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
}

static pthread_once_t i18n_once = PTHREAD_ONCE_INIT;
static bool i18n_bound;

/* Deferred to the first message: a command that prints none (`svcpoint
 * qr -o FILE`) never loads the messages locale nor looks for the
 * catalog. */
static void i18n_bind(void)
{
	static char dir[PATH_MAX];

	i18n_set_messages_locale();
	bindtextdomain(SVCPOINT_TEXTDOMAIN, i18n_locale_dir(dir, sizeof dir));
	bind_textdomain_codeset(SVCPOINT_TEXTDOMAIN, "UTF-8");
	textdomain(SVCPOINT_TEXTDOMAIN);
	i18n_bound = true;
}

void i18n_init(const char *language)
{
	const char *lang = (language && strcmp(language, "en") == 0) ? "en" : "zh_CN";

	/* LANGUAGE outranks LC_MESSAGES in GNU gettext. */
	setenv("LANGUAGE", lang, 1);
	/* Once bound, textdomain() again makes gettext drop the translations
	 * it cached in the previous language. */
	if (i18n_bound)
		textdomain(SVCPOINT_TEXTDOMAIN);
}

char *i18n_text(const char *msgid)
{
	pthread_once(&i18n_once, i18n_bind);
	return gettext(msgid);
}

const char *i18n_ptext(const char *key)
{
	const char *msgid = strchr(key, '\004');
	const char *text = i18n_text(key);

	/* gettext hands back the key itself when it has no translation */
	if (text == key && msgid)
		return msgid + 1;
	return text;
}
