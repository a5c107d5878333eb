/* ledger_out.h — what the station's `svcpoint ledger` and the committee's
 * `svcpoint central ledger` print alike: the refusal of a period,
 * times and hours as their tables write them, the hours by activity in
 * each format, and the JSON setter. */
#ifndef SVCPOINT_LEDGER_OUT_H
#define SVCPOINT_LEDGER_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "cli.h"
#include "period.h"
#include "report.h"

/* The refusal of a period written wrong, a format with one %s for what was
 * typed: whole per kind, since the kind's name and the words around it
 * differ between languages. */
const char *ledger_out_period_mismatch(enum period_kind kind);

/* ms in the station's time zone, "2026-11-23 09:30", or "" for 0 (not
 * set). */
void ledger_out_local(int64_t ms, char *buf, size_t size);

/* Minutes as hours with one decimal: "1.5". */
void ledger_out_hours(char *buf, size_t size, int64_t minutes);

/* Sets key to a new value (taking it); false when jansson ran out of
 * memory, value NULL included. */
bool ledger_out_json_set(json_t *obj, const char *key, json_t *value);

/* The hours by activity: the aligned table under its heading (nothing
 * for none), CSV rows with their header line, or a JSON array (NULL when
 * out of memory). An activity without a code (a central row no station
 * named) shows as "(unknown)" in the table. */
enum sp_status ledger_out_activities_table(const struct cli *cli,
					   const struct report_activity *acts,
					   size_t n, FILE *out);
enum sp_status ledger_out_activities_csv(const struct report_activity *acts,
					 size_t n, FILE *out);
json_t *ledger_out_activities_json(const struct report_activity *acts,
				   size_t n);

#endif
