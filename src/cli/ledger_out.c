/* ledger_out.c — the pieces both ledger commands print alike (see
 * ledger_out.h). Presentation only: the figures come from core. */
#include "ledger_out.h"

#include <stdio.h>

#include "clock.h"
#include "i18n.h"

const char *ledger_out_period_mismatch(enum period_kind kind)
{
	switch (kind) {
	case PERIOD_MONTH:
		return _("'%s' is not a month; write it as YYYY-MM");
	case PERIOD_QUARTER:
		return _("'%s' is not a quarter; write it as YYYY-QN");
	default:
		return _("'%s' is not a year; write it as YYYY");
	}
}

void ledger_out_local(int64_t ms, char *buf, size_t size)
{
	if (ms == 0)
		buf[0] = '\0';
	else
		clock_format_local(ms, "%Y-%m-%d %H:%M", buf, size);
}

void ledger_out_hours(char *buf, size_t size, int64_t minutes)
{
	snprintf(buf, size, "%.1f", (double)minutes / 60.0);
}

bool ledger_out_json_set(json_t *obj, const char *key, json_t *value)
{
	return value && json_object_set_new(obj, key, value) == 0;
}
