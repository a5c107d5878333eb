/* clock.c — the injectable clock and UTC / local-time conversions.
 *
 * Local time goes through the C library's TZ handling: clock_set_timezone()
 * sets TZ once at start-up, and every conversion uses localtime_r/mktime.
 * The zone file is read at the first local-time conversion, not at
 * start-up: most commands never show a local time. */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t fixed_ms = -1;
/* whether tzset() has read the current TZ; localtime_r() alone reads it
 * only once per process, so a changed zone must be loaded again */
static bool zone_loaded;

static void clock_load_zone(void)
{
	if (!zone_loaded) {
		tzset();
		zone_loaded = true;
	}
}

void clock_set_fixed_ms(int64_t ms)
{
	fixed_ms = ms;
}

static bool clock_read_file(const char *path, int64_t *ms_out)
{
	char buf[64];
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return clock_parse_utc(buf, ms_out) == SP_OK;
}

int64_t clock_now_ms(void)
{
	struct timespec ts;
	int64_t ms;
	const char *env;

	if (fixed_ms >= 0)
		return fixed_ms;
	env = getenv("SVCPOINT_CLOCK_FILE");
	if (env && *env && clock_read_file(env, &ms))
		return ms;
	env = getenv("SVCPOINT_NOW");
	if (env && *env && clock_parse_utc(env, &ms) == SP_OK)
		return ms;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum sp_status clock_set_timezone(const char *tz)
{
	char path[512];

	if (!tz || !*tz)
		return SP_ERR_INVALID;
	/* glibc silently treats an unknown zone as UTC; check the zoneinfo
	 * file exists so a typo in the config is reported, not ignored. */
	if (strcmp(tz, "UTC") != 0 && tz[0] != ':') {
		if (strstr(tz, "..") || tz[0] == '/')
			return SP_ERR_INVALID;
		snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
		if (access(path, R_OK) != 0)
			return SP_ERR_INVALID;
	}
	setenv("TZ", tz, 1);
	zone_loaded = false;
	return SP_OK;
}

static time_t clock_seconds(int64_t ms)
{
	/* floor division, so times before 1970 still round down */
	return (time_t)(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
}

void clock_format_utc(int64_t ms, char buf[CLOCK_UTC_LEN])
{
	time_t secs = clock_seconds(ms);
	int millis = (int)(ms - (int64_t)secs * 1000);
	struct tm tm;

	char tmp[64];

	gmtime_r(&secs, &tm);
	/* formatted into a roomy buffer: the compiler cannot see that the
	 * fields are in range */
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, millis);
	size_t n = strnlen(tmp, CLOCK_UTC_LEN - 1);
	memcpy(buf, tmp, n);
	buf[n] = '\0';
}

enum sp_status clock_parse_utc(const char *text, int64_t *ms_out)
{
	struct tm tm;
	int millis = 0, consumed = 0;

	memset(&tm, 0, sizeof tm);
	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
		   &consumed) != 6 || consumed != 19)
		return SP_ERR_INVALID;
	text += consumed;
	if (*text == '.') {
		int digits = 0;
		text++;
		while (*text >= '0' && *text <= '9') {
			if (digits < 3)
				millis = millis * 10 + (*text - '0');
			digits++;
			text++;
		}
		if (digits == 0)
			return SP_ERR_INVALID;
		for (; digits < 3; digits++)
			millis *= 10;
	}
	if (strcmp(text, "Z") != 0)
		return SP_ERR_INVALID;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return SP_ERR_INVALID;
	int day = tm.tm_mday, mon = tm.tm_mon;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t secs = timegm(&tm);
	/* timegm normalises 02-30 to March: refuse such dates */
	if (tm.tm_mday != day || tm.tm_mon != mon - 1)
		return SP_ERR_INVALID;
	*ms_out = (int64_t)secs * 1000 + millis;
	return SP_OK;
}

void clock_format_local(int64_t ms, const char *fmt, char *buf, size_t size)
{
	time_t secs = clock_seconds(ms);
	struct tm tm;

	clock_load_zone();
	localtime_r(&secs, &tm);
	if (strftime(buf, size, fmt, &tm) == 0 && size > 0)
		buf[0] = '\0';
}

void clock_local_date(int64_t ms, char buf[CLOCK_DATE_LEN])
{
	clock_format_local(ms, "%Y-%m-%d", buf, CLOCK_DATE_LEN);
}

static int64_t clock_from_local_tm(struct tm *tm)
{
	tm->tm_isdst = -1;
	clock_load_zone();
	return (int64_t)mktime(tm) * 1000;
}

enum sp_status clock_parse_local_date(const char *text, int64_t *ms_out)
{
	struct tm tm;
	int consumed = 0;

	memset(&tm, 0, sizeof tm);
	if (sscanf(text, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &consumed) != 3 || text[consumed] != '\0' || consumed != 10)
		return SP_ERR_DATE;
	int year = tm.tm_year, mon = tm.tm_mon, day = tm.tm_mday;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || year < 1970)
		return SP_ERR_DATE;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*ms_out = clock_from_local_tm(&tm);
	/* mktime normalises 2026-02-31 to March: refuse such dates */
	if (tm.tm_mday != day || tm.tm_mon != mon - 1)
		return SP_ERR_DATE;
	return SP_OK;
}

static void clock_local_tm(int64_t ms, struct tm *tm)
{
	time_t secs = clock_seconds(ms);
	clock_load_zone();
	localtime_r(&secs, tm);
	tm->tm_hour = tm->tm_min = tm->tm_sec = 0;
}

int64_t clock_local_day_start(int64_t ms)
{
	struct tm tm;
	clock_local_tm(ms, &tm);
	return clock_from_local_tm(&tm);
}

int64_t clock_local_month_start(int64_t ms)
{
	struct tm tm;
	clock_local_tm(ms, &tm);
	tm.tm_mday = 1;
	return clock_from_local_tm(&tm);
}

int64_t clock_local_year_start(int64_t ms)
{
	struct tm tm;
	clock_local_tm(ms, &tm);
	tm.tm_mday = 1;
	tm.tm_mon = 0;
	return clock_from_local_tm(&tm);
}

int64_t clock_local_add_days(int64_t day_start_ms, int days)
{
	struct tm tm;
	clock_local_tm(day_start_ms, &tm);
	tm.tm_mday += days;
	return clock_from_local_tm(&tm);
}
