/* config.c — reads the station's INI file (inih) over the defaults.
 *
 * Owns the list of known sections and keys and the rule for each value.
 * It must never accept a key it does not know or a value it cannot use:
 * a typo in a kiosk's config is an error naming the file, line and key,
 * not a silently ignored setting. It never opens the store and never
 * prints; the caller shows the one sentence it writes into err. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "brand.h"
#include "i18n.h"
#include "text.h"

enum config_kind {
	CONFIG_TEXT,        /* one line of text, no control characters */
	CONFIG_STATION_ID,  /* [A-Za-z0-9-]{1,32} */
	CONFIG_WORD,        /* printable ASCII without spaces (time zone) */
	CONFIG_PATH,        /* a file name; relative ones are resolved later */
	CONFIG_URL,         /* empty, or http:// or https:// */
	CONFIG_INT,         /* whole number in [min, max] */
	CONFIG_INT_SET,     /* whole number from the choices list */
	CONFIG_DOUBLE,      /* decimal number in [min, max] */
	CONFIG_BOOL,
	CONFIG_CHOICE,      /* one word from the choices list, stored as text */
	CONFIG_PRINTER,     /* none|escpos|cups|file into the enum */
};

struct config_key {
	const char *section;
	const char *name;
	enum config_kind kind;
	size_t offset;      /* of the field in struct config */
	size_t size;        /* of a text field, in bytes */
	long min, max;      /* numbers; for text, max characters */
	const char *choices; /* "|"-separated words for CHOICE and INT_SET */
};

#define TEXT_KEY(sec, key, field, kind, maxc) \
	{sec, key, kind, offsetof(struct config, field), \
	 sizeof(((struct config *)0)->field), 0, maxc, NULL}
#define NUM_KEY(sec, key, field, kind, lo, hi, ch) \
	{sec, key, kind, offsetof(struct config, field), 0, lo, hi, ch}
#define CHOICE_KEY(sec, key, field, ch) \
	{sec, key, CONFIG_CHOICE, offsetof(struct config, field), \
	 sizeof(((struct config *)0)->field), 0, 0, ch}

static const struct config_key config_keys[] = {
	TEXT_KEY("station", "id", station_id, CONFIG_STATION_ID, 32),
	TEXT_KEY("station", "name", station_name, CONFIG_TEXT, 60),
	TEXT_KEY("station", "timezone", timezone, CONFIG_WORD, 63),
	TEXT_KEY("store", "path", store_path, CONFIG_PATH, CONFIG_PATH_MAX - 1),
	TEXT_KEY("security", "pepper_file", pepper_file, CONFIG_PATH,
		 CONFIG_PATH_MAX - 1),
	NUM_KEY("security", "max_failed_pins", max_failed_pins, CONFIG_INT, 1,
		100, NULL),
	NUM_KEY("security", "lock_minutes", lock_minutes, CONFIG_INT, 1,
		24 * 60, NULL),
	CHOICE_KEY("kiosk", "language", language, "zh_CN|en"),
	NUM_KEY("kiosk", "idle_timeout_s", idle_timeout_s, CONFIG_INT, 5,
		24 * 3600, NULL),
	NUM_KEY("kiosk", "locked", locked, CONFIG_BOOL, 0, 1, NULL),
	CHOICE_KEY("kiosk", "qr_style", qr_style, "auto|half|wide"),
	NUM_KEY("kiosk", "feedback_cooldown_s", feedback_cooldown_s, CONFIG_INT,
		0, 3600, NULL),
	NUM_KEY("service", "round_minutes", round_minutes, CONFIG_INT_SET, 1,
		15, "1|5|10|15"),
	NUM_KEY("service", "max_session_hours", max_session_hours, CONFIG_INT,
		1, 24, NULL),
	NUM_KEY("service", "backfill_days", backfill_days, CONFIG_INT, 0, 366,
		NULL),
	NUM_KEY("service", "max_hours_per_day", max_hours_per_day, CONFIG_INT,
		1, 24, NULL),
	TEXT_KEY("brand", "profile_url", profile_url, CONFIG_URL,
		 BRAND_URL_MAX),
	NUM_KEY("brand", "tag_station", tag_station, CONFIG_BOOL, 0, 1, NULL),
	NUM_KEY("points", "per_hour", points_per_hour, CONFIG_DOUBLE, 0, 1000,
		NULL),
	NUM_KEY("points", "per_commitment", points_per_commitment,
		CONFIG_DOUBLE, 0, 1000, NULL),
	NUM_KEY("points", "daily_cap", points_daily_cap, CONFIG_DOUBLE, 0,
		100000, NULL),
	NUM_KEY("printer", "type", printer_type, CONFIG_PRINTER, 0, 0,
		"none|escpos|cups|file"),
	TEXT_KEY("printer", "device", printer_device, CONFIG_PATH,
		 CONFIG_PATH_MAX - 1),
	TEXT_KEY("printer", "host", printer_host, CONFIG_TEXT, 255),
	TEXT_KEY("printer", "queue", printer_queue, CONFIG_TEXT, 127),
	CHOICE_KEY("printer", "encoding", printer_encoding, "gb18030|utf-8"),
	NUM_KEY("printer", "width_dots", printer_width_dots, CONFIG_INT_SET,
		384, 576, "384|576"),
	CHOICE_KEY("printer", "qr_mode", printer_qr_mode, "raster|native"),
	NUM_KEY("printer", "cut", printer_cut, CONFIG_BOOL, 0, 1, NULL),
	TEXT_KEY("sync", "conninfo", sync_conninfo, CONFIG_TEXT, 1023),
	NUM_KEY("sync", "batch_rows", sync_batch_rows, CONFIG_INT, 1, 1000000,
		NULL),
	NUM_KEY("sync", "statement_timeout_s", sync_statement_timeout_s,
		CONFIG_INT, 0, 86400, NULL),
	TEXT_KEY("sync", "key_file", sync_key_file, CONFIG_PATH,
		 CONFIG_PATH_MAX - 1),
};

#define CONFIG_NKEYS (sizeof config_keys / sizeof config_keys[0])

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->station_id, sizeof cfg->station_id, "station-001");
	snprintf(cfg->station_name, sizeof cfg->station_name, "党员服务点");
	snprintf(cfg->timezone, sizeof cfg->timezone, "Asia/Shanghai");
	snprintf(cfg->store_path, sizeof cfg->store_path, "svcpoint.db");
	snprintf(cfg->pepper_file, sizeof cfg->pepper_file, "pepper.key");
	cfg->max_failed_pins = 5;
	cfg->lock_minutes = 15;
	snprintf(cfg->language, sizeof cfg->language, "zh_CN");
	cfg->idle_timeout_s = 60;
	cfg->locked = true;
	snprintf(cfg->qr_style, sizeof cfg->qr_style, "auto");
	cfg->feedback_cooldown_s = 30;
	cfg->round_minutes = 1;
	cfg->max_session_hours = 12;
	cfg->backfill_days = 7;
	cfg->max_hours_per_day = 12;
	cfg->tag_station = false;
	cfg->points_per_hour = 1;
	cfg->points_per_commitment = 2;
	cfg->points_daily_cap = 8;
	cfg->printer_type = PRINTER_NONE;
	snprintf(cfg->printer_encoding, sizeof cfg->printer_encoding, "gb18030");
	cfg->printer_width_dots = 384;
	snprintf(cfg->printer_qr_mode, sizeof cfg->printer_qr_mode, "raster");
	cfg->printer_cut = true;
	cfg->sync_batch_rows = 5000;
	cfg->sync_statement_timeout_s = 60;
	snprintf(cfg->sync_key_file, sizeof cfg->sync_key_file, "station.key");
}

/* The state of one parse: where we are, and the first problem found. */
struct config_parse {
	struct config *cfg;
	FILE *file;
	const char *path;        /* as the user gave it, for messages */
	int line;                /* the line inih is working on */
	int err_line;            /* first line the handler refused, 0 if none */
	int long_line;           /* first line too long for inih, 0 if none */
	int printer_type_line;   /* where [printer] type was set */
	char err[512];
};

/* inih's reader: counts lines so the handler knows where it is, and
 * refuses (rather than splits) a line longer than inih's buffer. */
static char *config_reader(char *str, int num, void *stream)
{
	struct config_parse *p = stream;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, p->file);

	if (n < 0) {
		free(line);
		return NULL;
	}
	p->line++;
	size_t len = (size_t)n;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (num < 3 || len > (size_t)num - 3) {
		if (!p->long_line)
			p->long_line = p->line;
		/* A blank line in its place: inih skips it. */
		snprintf(str, (size_t)num, "\n");
	} else {
		memcpy(str, line, len);
		str[len] = '\n';
		str[len + 1] = '\0';
	}
	free(line);
	return str;
}

static int config_refuse(struct config_parse *p, const char *section,
			 const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Records the first problem as "FILE:LINE: [section] key: problem" and
 * tells inih the line failed. */
static int config_refuse(struct config_parse *p, const char *section,
			 const char *name, const char *fmt, ...)
{
	char problem[320];
	va_list ap;

	if (p->err_line)
		return 0;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	p->err_line = p->line;
	snprintf(p->err, sizeof p->err, "%s:%d: [%s] %s: %s", p->path, p->line,
		 section, name, problem);
	return 0;
}

/* True when word is one of the "|"-separated choices. */
static bool config_choice_index(const char *choices, const char *word,
				int *index)
{
	size_t wlen = strlen(word);
	int i = 0;

	for (const char *c = choices; *c; i++) {
		const char *bar = strchr(c, '|');
		size_t len = bar ? (size_t)(bar - c) : strlen(c);
		if (len == wlen && strncmp(c, word, len) == 0) {
			if (index)
				*index = i;
			return true;
		}
		if (!bar)
			break;
		c = bar + 1;
	}
	return false;
}

static bool config_parse_long(const char *value, long *out)
{
	char *end = NULL;

	if (!*value)
		return false;
	errno = 0;
	*out = strtol(value, &end, 10);
	return errno == 0 && end && *end == '\0';
}

/* strtod in the C locale: a station set to a locale with a decimal comma
 * must still read "1.5" the same way. */
static bool config_parse_double(const char *value, double *out)
{
	char *end = NULL;
	locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old;

	if (!*value || !c_locale)
		return false;
	old = uselocale(c_locale);
	errno = 0;
	*out = strtod(value, &end);
	uselocale(old);
	freelocale(c_locale);
	return errno == 0 && end && *end == '\0' && isfinite(*out);
}

static bool config_parse_bool(const char *value, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static bool config_station_id_ok(const char *value)
{
	size_t n = strlen(value);

	if (n < 1 || n > 32)
		return false;
	return strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			     "0123456789-") == n;
}

static bool config_word_ok(const char *value)
{
	if (!*value)
		return false;
	for (const char *c = value; *c; c++)
		if (*c <= ' ' || *c >= 0x7f)
			return false;
	return true;
}

static const char *config_text_problem(enum sp_status status)
{
	switch (status) {
	case SP_ERR_TEXT_EMPTY:
		return _("must not be empty");
	case SP_ERR_TEXT_TOO_LONG:
		return _("is too long");
	case SP_ERR_TEXT_CONTROL:
		return _("contains control characters");
	case SP_ERR_TEXT_UTF8:
		return _("is not valid UTF-8");
	default:
		return _("is not valid");
	}
}

static int config_set(struct config_parse *p, const struct config_key *key,
		      const char *section, const char *name, const char *value)
{
	char *field = (char *)p->cfg + key->offset;
	long number = 0;
	double real = 0;
	bool flag = false;
	int index = 0;
	enum sp_status status;

	switch (key->kind) {
	case CONFIG_TEXT:
	case CONFIG_PATH:
		status = text_validate(value, (size_t)key->max,
				       key->kind == CONFIG_PATH, false);
		if (status == SP_OK && strlen(value) >= key->size)
			status = SP_ERR_TEXT_TOO_LONG;
		if (status != SP_OK)
			return config_refuse(p, section, name, "%s",
					     config_text_problem(status));
		snprintf(field, key->size, "%s", value);
		return 1;
	case CONFIG_STATION_ID:
		if (!config_station_id_ok(value))
			return config_refuse(p, section, name, "%s",
					     _("must be 1 to 32 letters, digits or '-'"));
		snprintf(field, key->size, "%s", value);
		return 1;
	case CONFIG_WORD:
		if (!config_word_ok(value) || strlen(value) >= key->size)
			return config_refuse(p, section, name, "%s",
					     _("must be one word without spaces"));
		snprintf(field, key->size, "%s", value);
		return 1;
	case CONFIG_URL:
		status = brand_validate_url(value);
		if (status != SP_OK)
			return config_refuse(p, section, name, "%s",
					     _("must be empty or a web address starting with http:// or https://"));
		snprintf(field, key->size, "%s", value);
		return 1;
	case CONFIG_INT:
		if (!config_parse_long(value, &number))
			return config_refuse(p, section, name, "%s",
					     _("is not a whole number"));
		if (number < key->min || number > key->max)
			return config_refuse(p, section, name,
					     _("must be between %ld and %ld"),
					     key->min, key->max);
		*(int *)(void *)field = (int)number;
		return 1;
	case CONFIG_INT_SET:
		if (!config_parse_long(value, &number))
			return config_refuse(p, section, name, "%s",
					     _("is not a whole number"));
		if (!config_choice_index(key->choices, value, NULL))
			return config_refuse(p, section, name,
					     _("must be one of: %s"), key->choices);
		*(int *)(void *)field = (int)number;
		return 1;
	case CONFIG_DOUBLE:
		if (!config_parse_double(value, &real))
			return config_refuse(p, section, name, "%s",
					     _("is not a number"));
		if (real < (double)key->min || real > (double)key->max)
			return config_refuse(p, section, name,
					     _("must be between %ld and %ld"),
					     key->min, key->max);
		*(double *)(void *)field = real;
		return 1;
	case CONFIG_BOOL:
		if (!config_parse_bool(value, &flag))
			return config_refuse(p, section, name, "%s",
					     _("must be true or false"));
		*(bool *)(void *)field = flag;
		return 1;
	case CONFIG_CHOICE:
		if (!config_choice_index(key->choices, value, NULL))
			return config_refuse(p, section, name,
					     _("must be one of: %s"), key->choices);
		snprintf(field, key->size, "%s", value);
		return 1;
	case CONFIG_PRINTER:
		if (!config_choice_index(key->choices, value, &index))
			return config_refuse(p, section, name,
					     _("must be one of: %s"), key->choices);
		p->cfg->printer_type = (enum printer_type)index;
		p->printer_type_line = p->line;
		return 1;
	}
	return config_refuse(p, section, name, "%s", _("is not valid"));
}

static int config_handler(void *user, const char *section, const char *name,
			  const char *value)
{
	struct config_parse *p = user;
	bool section_known = false;

	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		if (strcmp(config_keys[i].section, section) != 0)
			continue;
		section_known = true;
		if (strcmp(config_keys[i].name, name) == 0)
			return config_set(p, &config_keys[i], section, name, value);
	}
	if (!*section)
		return config_refuse(p, section, name, "%s",
				     _("a key before any [section] heading"));
	if (!section_known)
		return config_refuse(p, section, name, "%s", _("unknown section"));
	return config_refuse(p, section, name, "%s", _("unknown key"));
}

/* Makes a relative path absolute against dir (the config's folder). */
static bool config_resolve(char *path, size_t size, const char *dir)
{
	char joined[CONFIG_PATH_MAX];
	int n;

	if (!*path || path[0] == '/')
		return true;
	n = snprintf(joined, sizeof joined, "%s/%s", dir, path);
	if (n < 0 || (size_t)n >= sizeof joined || (size_t)n >= size)
		return false;
	memcpy(path, joined, (size_t)n + 1);
	return true;
}

/* The absolute folder of path and the absolute path of the file itself. */
static bool config_folder(const char *path, char *dir, size_t dir_size,
			  char *source, size_t source_size)
{
	char *copy = strdup(path);
	char *slash;
	char *real;
	const char *base;
	bool ok = false;

	if (!copy)
		return false;
	slash = strrchr(copy, '/');
	if (slash == copy) {
		real = realpath("/", NULL);
		base = path + 1;
	} else if (slash) {
		*slash = '\0';
		real = realpath(copy, NULL);
		base = slash + 1;
	} else {
		real = realpath(".", NULL);
		base = path;
	}
	if (real) {
		int n = snprintf(dir, dir_size, "%s", strcmp(real, "/") ? real : "");
		int m = snprintf(source, source_size, "%s/%s", dir, base);
		ok = n >= 0 && (size_t)n < dir_size && m >= 0 &&
		     (size_t)m < source_size;
	}
	free(real);
	free(copy);
	return ok;
}

static enum sp_status config_finish(struct config_parse *p, const char *dir,
				    char *err, size_t err_size)
{
	struct config *cfg = p->cfg;
	struct {
		char *field;
		size_t size;
		const char *section, *name;
	} paths[] = {
		{cfg->store_path, sizeof cfg->store_path, "store", "path"},
		{cfg->pepper_file, sizeof cfg->pepper_file, "security", "pepper_file"},
		{cfg->sync_key_file, sizeof cfg->sync_key_file, "sync", "key_file"},
		{cfg->printer_device, sizeof cfg->printer_device, "printer", "device"},
	};
	size_t npaths = sizeof paths / sizeof paths[0];

	if (cfg->printer_type == PRINTER_FILE && !cfg->printer_device[0]) {
		snprintf(err, err_size, "%s:%d: [printer] device: %s", p->path,
			 p->printer_type_line,
			 _("a file printer needs a device (the file to write)"));
		return SP_ERR_CONFIG;
	}
	/* Only a file printer's device is a file of ours; an ESC/POS device
	 * is a path under /dev and a CUPS printer has none. */
	if (cfg->printer_type != PRINTER_FILE)
		npaths--;
	for (size_t i = 0; i < npaths; i++) {
		if (!config_resolve(paths[i].field, paths[i].size, dir)) {
			snprintf(err, err_size, "%s: [%s] %s: %s", p->path,
				 paths[i].section, paths[i].name,
				 _("the path is too long"));
			return SP_ERR_CONFIG;
		}
	}
	return SP_OK;
}

enum sp_status config_load(const char *path, struct config *cfg, char *err,
			   size_t err_size)
{
	struct config_parse p;
	char dir[CONFIG_PATH_MAX];
	int rc;

	if (err_size)
		err[0] = '\0';
	memset(&p, 0, sizeof p);
	p.cfg = cfg;
	p.path = path;
	p.file = fopen(path, "r");
	if (!p.file) {
		snprintf(err, err_size, _("cannot read the configuration file %s: %s"),
			 path, strerror(errno));
		return SP_ERR_IO;
	}
	if (!config_folder(path, dir, sizeof dir, cfg->source_path,
			   sizeof cfg->source_path)) {
		snprintf(err, err_size, _("cannot find the folder of the configuration file %s: %s"),
			 path, strerror(errno));
		fclose(p.file);
		return SP_ERR_IO;
	}
	rc = ini_parse_stream(config_reader, &p, config_handler, &p);
	if (ferror(p.file)) {
		snprintf(err, err_size, _("cannot read the configuration file %s: %s"),
			 path, strerror(errno));
		fclose(p.file);
		return SP_ERR_IO;
	}
	fclose(p.file);
	if (rc < 0) {
		snprintf(err, err_size, "%s: %s", path, status_message(SP_ERR_NOMEM));
		return SP_ERR_NOMEM;
	}
	/* inih reports the first line that failed (our handler's refusals
	 * included); one before our first refusal is a line inih could not
	 * read. A line too long for inih was blanked by the reader. Report
	 * whichever problem comes first in the file. */
	int bad_line = rc > 0 && (!p.err_line || rc < p.err_line) ? rc : 0;
	if (p.long_line && (!bad_line || p.long_line < bad_line) &&
	    (!p.err_line || p.long_line < p.err_line)) {
		snprintf(err, err_size, _("%s:%d: the line is too long"), path,
			 p.long_line);
		return SP_ERR_CONFIG;
	}
	if (bad_line) {
		snprintf(err, err_size,
			 _("%s:%d: not a \"key = value\" line or a [section] heading"),
			 path, bad_line);
		return SP_ERR_CONFIG;
	}
	if (p.err_line) {
		snprintf(err, err_size, "%s", p.err);
		return SP_ERR_CONFIG;
	}
	return config_finish(&p, dir, err, err_size);
}
