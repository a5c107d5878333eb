/* period.c — parsing period names and computing their local bounds.
 *
 * Bounds are the local midnights of first days of months, found with
 * clock_parse_local_date (mktime in the station's zone), never by adding
 * a fixed number of milliseconds, which a DST change would throw off. It
 * must never read the clock or the store: callers pass the instant. */
#include "period.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

static const char *const period_kind_names[] = {"month", "quarter", "year"};

const char *period_kind_name(enum period_kind kind)
{
	return (unsigned)kind <= PERIOD_YEAR ? period_kind_names[kind] : "";
}

enum sp_status period_kind_parse(const char *name, enum period_kind *out)
{
	for (int k = PERIOD_MONTH; k <= PERIOD_YEAR; k++) {
		if (name && strcmp(name, period_kind_names[k]) == 0) {
			*out = (enum period_kind)k;
			return SP_OK;
		}
	}
	return SP_ERR_INVALID;
}

/* Local midnight of the first of month (1..13: 13 is January next). */
static enum sp_status period_month_start(int year, int month, int64_t *ms)
{
	char date[32];

	if (month > 12) {
		year++;
		month -= 12;
	}
	snprintf(date, sizeof date, "%04d-%02d-01", year, month);
	return clock_parse_local_date(date, ms) == SP_OK ? SP_OK
							 : SP_ERR_INVALID;
}

/* Fills out's bounds from kind, year and number. */
static enum sp_status period_make(enum period_kind kind, int year, int number,
				  struct period *out)
{
	int first, months;
	enum sp_status status;

	if (year < PERIOD_YEAR_MIN || year > PERIOD_YEAR_MAX)
		return SP_ERR_INVALID;
	switch (kind) {
	case PERIOD_MONTH:
		if (number < 1 || number > 12)
			return SP_ERR_INVALID;
		first = number;
		months = 1;
		break;
	case PERIOD_QUARTER:
		if (number < 1 || number > 4)
			return SP_ERR_INVALID;
		first = (number - 1) * 3 + 1;
		months = 3;
		break;
	case PERIOD_YEAR:
		number = 0;
		first = 1;
		months = 12;
		break;
	default:
		return SP_ERR_INVALID;
	}
	out->kind = kind;
	out->year = year;
	out->number = number;
	status = period_month_start(year, first, &out->start_ms);
	if (status == SP_OK)
		status = period_month_start(year, first + months, &out->end_ms);
	return status;
}

/* The value of n decimal digits at s, or -1 when they are not all
 * digits. */
static int period_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum sp_status period_parse(const char *text, struct period *out)
{
	struct period p;
	size_t len;
	int year;
	enum sp_status status = SP_ERR_INVALID;

	if (!text || !out)
		return SP_ERR_INVALID;
	len = strlen(text);
	if (len < 4 || (year = period_digits(text, 4)) < 0)
		return SP_ERR_INVALID;
	memset(&p, 0, sizeof p);
	if (len == 4)
		status = period_make(PERIOD_YEAR, year, 0, &p);
	else if (len == 7 && text[4] == '-' &&
		 (text[5] == 'Q' || text[5] == 'q'))
		status = period_make(PERIOD_QUARTER, year,
				     period_digits(text + 6, 1), &p);
	else if (len == 7 && text[4] == '-')
		status = period_make(PERIOD_MONTH, year,
				     period_digits(text + 5, 2), &p);
	if (status == SP_OK)
		*out = p;
	return status;
}

enum sp_status period_of(enum period_kind kind, int64_t ms,
			 struct period *out)
{
	char date[CLOCK_DATE_LEN];
	int year, month;

	clock_local_date(ms, date);
	year = period_digits(date, 4);
	month = period_digits(date + 5, 2);
	if (year < 0 || month < 1)
		return SP_ERR_INVALID;
	switch (kind) {
	case PERIOD_MONTH:
		return period_make(kind, year, month, out);
	case PERIOD_QUARTER:
		return period_make(kind, year, (month - 1) / 3 + 1, out);
	case PERIOD_YEAR:
		return period_make(kind, year, 0, out);
	}
	return SP_ERR_INVALID;
}

void period_name(const struct period *p, char buf[PERIOD_NAME_LEN])
{
	/* fields are range-checked by period_make; the casts keep the
	 * compiler's format-truncation estimate within the buffer */
	unsigned year = (unsigned)p->year % 10000u;
	unsigned number = (unsigned)p->number % 100u;

	switch (p->kind) {
	case PERIOD_MONTH:
		snprintf(buf, PERIOD_NAME_LEN, "%04u-%02u", year, number);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, PERIOD_NAME_LEN, "%04u-Q%u", year, number);
		break;
	default:
		snprintf(buf, PERIOD_NAME_LEN, "%04u", year);
		break;
	}
}

void period_first_date(const struct period *p, char buf[CLOCK_DATE_LEN])
{
	clock_local_date(p->start_ms, buf);
}

void period_last_date(const struct period *p, char buf[CLOCK_DATE_LEN])
{
	/* a moment before the end is on the last day, whatever its length */
	clock_local_date(p->end_ms - 1, buf);
}

const char *period_ledger_title(enum period_kind kind)
{
	switch (kind) {
	case PERIOD_MONTH:
		return _("Monthly ledger");
	case PERIOD_QUARTER:
		return _("Quarterly ledger");
	default:
		return _("Annual ledger");
	}
}
