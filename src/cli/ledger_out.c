/* ledger_out.c — the pieces both ledger commands print alike (see
 * ledger_out.h). Presentation only: the figures come from core. */
#include "ledger_out.h"

#include <stdio.h>

#include <inttypes.h>

#include "clock.h"
#include "i18n.h"
#include "table.h"

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

enum sp_status ledger_out_activities_table(const struct cli *cli,
					   const struct report_activity *acts,
					   size_t n, FILE *out)
{
	static const char *const keys[] = {
		"activity", "entries", "verified_hours", "pending_hours",
	};
	const char *headers[] = {
		_("activity"), _("entries"), _("verified hours"),
		_("pending hours"),
	};
	struct table *t;
	enum sp_status status = SP_OK;

	if (n == 0)
		return SP_OK;
	t = table_new(4, keys, headers);
	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < n; i++) {
		const struct report_activity *a = &acts[i];
		char entries[16], hours[32], pending[32];
		const char *cells[4] = {
			a->code[0] ? cli_activity_name(cli, a->name, a->name_en)
				   : _("(unknown)"),
			entries, hours, pending,
		};
		snprintf(entries, sizeof entries, "%d", a->entries);
		ledger_out_hours(hours, sizeof hours, a->verified_minutes);
		ledger_out_hours(pending, sizeof pending, a->pending_minutes);
		status = table_add_row(t, cells);
	}
	if (status == SP_OK) {
		fprintf(out, "\n%s\n", _("By activity"));
		table_print(t, TABLE_FORMAT_TABLE, out);
	}
	table_free(t);
	return status;
}

enum sp_status ledger_out_activities_csv(const struct report_activity *acts,
					 size_t n, FILE *out)
{
	static const char *const keys[] = {
		"activity_code", "activity", "activity_en", "entries",
		"verified_minutes", "pending_minutes",
	};
	struct table *t = table_new(6, keys, keys);
	enum sp_status status = SP_OK;

	if (!t)
		return SP_ERR_NOMEM;
	for (size_t i = 0; status == SP_OK && i < n; i++) {
		const struct report_activity *a = &acts[i];
		char entries[16], verified[32], pending[32];
		const char *cells[6] = {a->code, a->name, a->name_en, entries,
					verified, pending};
		snprintf(entries, sizeof entries, "%d", a->entries);
		snprintf(verified, sizeof verified, "%" PRId64,
			 a->verified_minutes);
		snprintf(pending, sizeof pending, "%" PRId64,
			 a->pending_minutes);
		status = table_add_row(t, cells);
	}
	if (status == SP_OK)
		table_print(t, TABLE_FORMAT_CSV, out);
	table_free(t);
	return status;
}

json_t *ledger_out_activities_json(const struct report_activity *acts,
				   size_t n)
{
	json_t *list = json_array();
	bool ok = list != NULL;

	for (size_t i = 0; ok && i < n; i++) {
		const struct report_activity *a = &acts[i];
		ok = json_array_append_new(list, json_pack(
			"{s:s,s:s,s:s,s:i,s:I,s:I}", "activity_code", a->code,
			"activity", a->name, "activity_en", a->name_en,
			"entries", a->entries,
			"verified_minutes", (json_int_t)a->verified_minutes,
			"pending_minutes", (json_int_t)a->pending_minutes)) == 0;
	}
	if (!ok) {
		json_decref(list);
		return NULL;
	}
	return list;
}
