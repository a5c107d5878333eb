/* test_entry.c — check-in and check-out, rounding, logged hours, the staff
 * actions on entries and the totals, against a real store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "entry.h"
#include "testutil.h"

#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

struct fixture {
	char *dir;
	struct db *db;
	char member[UUID_STR_LEN];
	char other[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
	char activity[UUID_STR_LEN];
	struct entry_rules rules;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_people(f->db, f->member, f->other, f->staff);
	testutil_insert_activity(f->db, "desk", "值班", f->activity);
	f->rules = testutil_entry_rules();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	testutil_store_close(f->db, f->dir);
	free(f);
	return 0;
}

static int64_t entries(struct db *db)
{
	return testutil_int(db, "SELECT count(*) FROM service_entry");
}

static void visit(struct fixture *f, const char *member, int64_t start_ms,
		  int64_t length_ms)
{
	clock_set_fixed_ms(start_ms);
	assert_int_equal(entry_check_in(f->db, member, f->activity, NULL, NULL),
			 SP_OK);
	clock_set_fixed_ms(start_ms + length_ms);
	assert_int_equal(entry_check_out(f->db, member, &f->rules, NULL), SP_OK);
}

static void test_check_in_then_out_after_90_minutes(void **state)
{
	struct fixture *f = *state;
	char in_id[UUID_STR_LEN], out_id[UUID_STR_LEN];
	struct entry *e = NULL;

	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "整理书架",
					in_id),
			 SP_OK);
	assert_int_equal(entry_find_open(f->db, f->member, &e), SP_OK);
	assert_string_equal(e->id, in_id);
	assert_int_equal(e->status, ENTRY_OPEN);
	assert_int_equal(e->minutes, -1);
	assert_int_equal(e->ended_ms, 0);
	entry_free(e);

	clock_set_fixed_ms(TESTUTIL_NOW_MS + 90 * MINUTE);
	assert_int_equal(entry_check_out(f->db, f->member, &f->rules, out_id),
			 SP_OK);
	assert_string_equal(in_id, out_id);
	assert_int_equal(entry_find_open(f->db, f->member, &e), SP_ERR_NOT_FOUND);
	assert_null(e);

	assert_int_equal(entry_get(f->db, in_id, &e), SP_OK);
	assert_int_equal(e->kind, ENTRY_KIND_VISIT);
	assert_int_equal(e->status, ENTRY_CLOSED);
	assert_int_equal(e->minutes, 90);
	assert_int_equal(e->round_minutes, 1);
	assert_int_equal(e->started_ms, TESTUTIL_NOW_MS);
	assert_int_equal(e->ended_ms, TESTUTIL_NOW_MS + 90 * MINUTE);
	assert_string_equal(e->member_no, "1001");
	assert_string_equal(e->member_name, "张三");
	assert_string_equal(e->activity_name, "值班");
	assert_string_equal(e->note, "整理书架");
	assert_false(e->voided);
	assert_string_equal(e->void_reason, "");
	entry_free(e);
	assert_int_equal(entries(f->db), 1);
	/* member actions are not audit-logged */
	assert_int_equal(audit_count(f->db), 0);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM service_entry WHERE"
				      " started_at = '2026-11-23T01:00:00.000Z'"
				      " AND ended_at = '2026-11-23T02:30:00.000Z'"),
			 1);
}

static void test_check_in_attaches_the_open_shift(void **state)
{
	struct fixture *f = *state;
	char sql[512], *err = NULL;

	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", NULL),
			 SP_OK);
	snprintf(sql, sizeof sql,
		 "INSERT INTO shift(id, opened_by, opened_at) VALUES"
		 " ('01900000-0000-7000-8000-00000000051f', '%s',"
		 " '2026-11-23T00:00:00.000Z')", f->staff);
	assert_int_equal(sqlite3_exec(db_handle(f->db), sql, NULL, NULL, &err),
			 SQLITE_OK);
	assert_int_equal(entry_check_in(f->db, f->other, f->activity, "", NULL),
			 SP_OK);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM service_entry"
				      " WHERE shift_id IS NULL"),
			 1);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM service_entry"
				      " WHERE shift_id ="
				      " '01900000-0000-7000-8000-00000000051f'"),
			 1);
}

static void test_rounding_to_nearest_multiple(void **state)
{
	(void)state;
	assert_int_equal(entry_round_minutes(52 * MINUTE, 10), 50);
	assert_int_equal(entry_round_minutes(55 * MINUTE, 10), 60);
	assert_int_equal(entry_round_minutes(53 * MINUTE, 5), 55);
	assert_int_equal(entry_round_minutes(52 * MINUTE, 5), 50);
	assert_int_equal(entry_round_minutes(7 * MINUTE, 15), 0);
	assert_int_equal(entry_round_minutes(8 * MINUTE, 15), 15);
	assert_int_equal(entry_round_minutes(7 * MINUTE + 30000, 15), 15);
	assert_int_equal(entry_round_minutes(90 * MINUTE, 1), 90);
	assert_int_equal(entry_round_minutes(29999, 1), 0);
	assert_int_equal(entry_round_minutes(30000, 1), 1);
	assert_int_equal(entry_round_minutes(0, 15), 0);
	assert_int_equal(entry_round_minutes(-5 * MINUTE, 1), 0);
}

static void test_check_out_records_the_rule(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct entry *e = NULL;

	f->rules.round_minutes = 10;
	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", NULL),
			 SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 52 * MINUTE + 10000);
	assert_int_equal(entry_check_out(f->db, f->member, &f->rules, id), SP_OK);
	assert_int_equal(entry_get(f->db, id, &e), SP_OK);
	assert_int_equal(e->minutes, 50);
	assert_int_equal(e->round_minutes, 10);
	entry_free(e);
}

static void test_second_check_in_refused(void **state)
{
	struct fixture *f = *state;
	char first[UUID_STR_LEN], second[UUID_STR_LEN] = "";

	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", first),
			 SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + MINUTE);
	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", second),
			 SP_ERR_ALREADY_OPEN);
	assert_string_equal(second, "");
	assert_int_equal(entries(f->db), 1);
	/* another member is not affected */
	assert_int_equal(entry_check_in(f->db, f->other, f->activity, "", NULL),
			 SP_OK);
	assert_int_equal(entries(f->db), 2);
}

static void test_check_out_without_check_in_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(entry_check_out(f->db, f->member, &f->rules, NULL),
			 SP_ERR_NOT_OPEN);
	assert_int_equal(entries(f->db), 0);
	visit(f, f->member, TESTUTIL_NOW_MS, HOUR);
	/* checked out already */
	assert_int_equal(entry_check_out(f->db, f->member, &f->rules, NULL),
			 SP_ERR_NOT_OPEN);
	assert_int_equal(entries(f->db), 1);
}

static void test_bad_references_and_note(void **state)
{
	struct fixture *f = *state;
	char bogus[UUID_STR_LEN];

	uuid_v7_new(bogus);
	assert_int_equal(entry_check_in(f->db, bogus, f->activity, "", NULL),
			 SP_ERR_NOT_FOUND);
	assert_int_equal(entry_check_in(f->db, f->member, bogus, "", NULL),
			 SP_ERR_NOT_FOUND);
	assert_int_equal(entry_check_in(f->db, f->member, f->activity,
					"bad\x1b[31m", NULL),
			 SP_ERR_TEXT_CONTROL);
	assert_int_equal(entries(f->db), 0);
}

static void test_long_open_visit_waits_for_staff(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct entry *e = NULL;
	int64_t start = TESTUTIL_NOW_MS;

	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", id),
			 SP_OK);
	clock_set_fixed_ms(start + 12 * HOUR + MINUTE);
	assert_int_equal(entry_check_out(f->db, f->member, &f->rules, NULL),
			 SP_ERR_TOO_LONG_OPEN);
	assert_int_equal(entry_find_open(f->db, f->member, &e), SP_OK);
	entry_free(e);

	/* only staff, only up to now and within max_session_hours */
	assert_int_equal(entry_close_by_staff(f->db, id, f->other,
					      start + 2 * HOUR, &f->rules),
			 SP_ERR_PERMISSION);
	assert_int_equal(entry_close_by_staff(f->db, id, f->staff,
					      start + 13 * HOUR, &f->rules),
			 SP_ERR_DATE);
	assert_int_equal(entry_close_by_staff(f->db, id, f->staff,
					      start - MINUTE, &f->rules),
			 SP_ERR_DATE);
	clock_set_fixed_ms(start + 20 * HOUR);
	assert_int_equal(entry_close_by_staff(f->db, id, f->staff,
					      start + 12 * HOUR + MINUTE,
					      &f->rules),
			 SP_ERR_HOURS);
	assert_int_equal(audit_count(f->db), 0);

	assert_int_equal(entry_close_by_staff(f->db, id, f->staff,
					      start + 2 * HOUR, &f->rules),
			 SP_OK);
	assert_int_equal(entry_get(f->db, id, &e), SP_OK);
	assert_int_equal(e->status, ENTRY_CLOSED);
	assert_int_equal(e->minutes, 120);
	assert_int_equal(e->ended_ms, start + 2 * HOUR);
	entry_free(e);
	assert_int_equal(audit_count(f->db), 1);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM audit_log WHERE"
				      " action = 'entry.close'"
				      " AND detail = '2026-11-23T03:00:00.000Z'"),
			 1);
	/* closed now: a second close is refused */
	assert_int_equal(entry_close_by_staff(f->db, id, f->staff,
					      start + 3 * HOUR, &f->rules),
			 SP_ERR_STATE);
	int64_t bad = -1;
	assert_int_equal(audit_verify(f->db, &bad), SP_OK);
}

static void test_void_needs_reason_and_is_audited(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN], sql[256];
	struct entry *e = NULL;
	char *err = NULL;

	visit(f, f->member, TESTUTIL_NOW_MS, HOUR);
	assert_int_equal(entry_find_open(f->db, f->member, &e), SP_ERR_NOT_FOUND);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM service_entry"
				      " WHERE status = 'closed'"),
			 1);
	sqlite3_stmt *stmt = NULL;
	sqlite3_prepare_v2(db_handle(f->db), "SELECT id FROM service_entry", -1,
			   &stmt, NULL);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);

	assert_int_equal(entry_void(f->db, id, f->staff, ""), SP_ERR_TEXT_EMPTY);
	assert_int_equal(entry_void(f->db, id, f->staff, NULL), SP_ERR_TEXT_EMPTY);
	assert_int_equal(entry_void(f->db, id, f->member, "wrong"),
			 SP_ERR_PERMISSION);
	assert_int_equal(audit_count(f->db), 0);
	assert_int_equal(entry_void(f->db, id, f->staff, "刷错了卡"), SP_OK);
	assert_int_equal(entry_get(f->db, id, &e), SP_OK);
	assert_true(e->voided);
	assert_string_equal(e->void_reason, "刷错了卡");
	assert_int_equal(e->minutes, 60);
	entry_free(e);
	assert_int_equal(audit_count(f->db), 1);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM audit_log WHERE"
				      " action = 'entry.void'"
				      " AND detail = '刷错了卡'"),
			 1);
	assert_int_equal(entry_void(f->db, id, f->staff, "again"), SP_ERR_STATE);

	/* the store itself refuses rewriting or deleting */
	snprintf(sql, sizeof sql,
		 "UPDATE service_entry SET started_at = '2026-01-01T00:00:00.000Z'"
		 " WHERE id = '%s'", id);
	assert_int_not_equal(sqlite3_exec(db_handle(f->db), sql, NULL, NULL, &err),
			     SQLITE_OK);
	sqlite3_free(err);
	err = NULL;
	snprintf(sql, sizeof sql, "DELETE FROM service_entry WHERE id = '%s'", id);
	assert_int_not_equal(sqlite3_exec(db_handle(f->db), sql, NULL, NULL, &err),
			     SQLITE_OK);
	sqlite3_free(err);
	assert_int_equal(entries(f->db), 1);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM service_entry"
				      " WHERE started_at ="
				      " '2026-11-23T01:00:00.000Z'"),
			 1);
}

static void test_voided_open_visit_frees_check_in(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];

	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", id),
			 SP_OK);
	assert_int_equal(entry_void(f->db, id, NULL, "duplicate badge"), SP_OK);
	assert_int_equal(entry_check_out(f->db, f->member, &f->rules, NULL),
			 SP_ERR_NOT_OPEN);
	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", NULL),
			 SP_OK);
	assert_int_equal(entries(f->db), 2);
}

static void test_log_hours_valid_is_pending(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct entry *e = NULL;
	int64_t midnight;

	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-20", 5, "社区清理小广告",
					 &f->rules, id),
			 SP_OK);
	assert_int_equal(entry_get(f->db, id, &e), SP_OK);
	assert_int_equal(e->kind, ENTRY_KIND_LOGGED);
	assert_int_equal(e->status, ENTRY_PENDING);
	assert_int_equal(e->minutes, 150);
	assert_int_equal(clock_parse_local_date("2026-11-20", &midnight), SP_OK);
	assert_int_equal(e->started_ms, midnight);
	assert_int_equal(e->ended_ms, midnight + 150 * MINUTE);
	assert_string_equal(e->note, "社区清理小广告");
	entry_free(e);
	/* local midnight in Shanghai is 16:00 UTC the day before */
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM service_entry"
				      " WHERE started_at ="
				      " '2026-11-19T16:00:00.000Z'"),
			 1);
	/* backfill_days back is still allowed, and today */
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-16", 1, "x", &f->rules, NULL),
			 SP_OK);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-23", 1, "x", &f->rules, NULL),
			 SP_OK);
	assert_int_equal(entries(f->db), 3);
}

static void test_log_hours_refusals_write_nothing(void **state)
{
	struct fixture *f = *state;
	char long_text[4 * 201 + 1] = "";
	char ok_text[4 * 200 + 1] = "";

	for (int i = 0; i < 201; i++)
		strcat(long_text, "党");
	for (int i = 0; i < 200; i++)
		strcat(ok_text, "员");

	/* two hours on the desk today, closed */
	visit(f, f->member, TESTUTIL_NOW_MS - 3 * HOUR, 2 * HOUR);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	assert_int_equal(entries(f->db), 1);

	/* 2 h + 10.5 h = 12.5 h > 12 */
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-23", 21, "送书", &f->rules,
					 NULL),
			 SP_ERR_HOURS);
	/* 13 hours on a day with nothing else */
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 26, "送书", &f->rules,
					 NULL),
			 SP_ERR_HOURS);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 0, "送书", &f->rules,
					 NULL),
			 SP_ERR_HOURS);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-15", 2, "送书", &f->rules,
					 NULL),
			 SP_ERR_DATE);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-24", 2, "送书", &f->rules,
					 NULL),
			 SP_ERR_DATE);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-02-30", 2, "送书", &f->rules,
					 NULL),
			 SP_ERR_DATE);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "yesterday", 2, "送书", &f->rules,
					 NULL),
			 SP_ERR_DATE);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 2, "", &f->rules, NULL),
			 SP_ERR_TEXT_EMPTY);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 2, long_text, &f->rules,
					 NULL),
			 SP_ERR_TEXT_TOO_LONG);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 2, "a\tb", &f->rules,
					 NULL),
			 SP_ERR_TEXT_CONTROL);
	assert_int_equal(entries(f->db), 1);

	/* 2 h + 10 h = 12 h is the limit, and 200 characters fit */
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-23", 20, ok_text, &f->rules,
					 NULL),
			 SP_OK);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-23", 1, "再多半小时",
					 &f->rules, NULL),
			 SP_ERR_HOURS);
	assert_int_equal(entries(f->db), 2);
}

static void test_rejected_and_voided_hours_do_not_count(void **state)
{
	struct fixture *f = *state;
	char a[UUID_STR_LEN], b[UUID_STR_LEN];

	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 16, "上午", &f->rules, a),
			 SP_OK);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 8, "下午", &f->rules, b),
			 SP_OK);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 1, "晚上", &f->rules,
					 NULL),
			 SP_ERR_HOURS);
	assert_int_equal(entry_verify(f->db, a, f->staff, false, "重复登记"),
			 SP_OK);
	assert_int_equal(entry_void(f->db, b, f->staff, "填错日期"), SP_OK);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-22", 24, "全天", &f->rules,
					 NULL),
			 SP_OK);
}

static void test_verify_and_reject(void **state)
{
	struct fixture *f = *state;
	char a[UUID_STR_LEN], b[UUID_STR_LEN], c[UUID_STR_LEN];
	struct entry *e = NULL;

	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-21", 4, "结对帮扶", &f->rules, a),
			 SP_OK);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-20", 4, "政策宣讲", &f->rules, b),
			 SP_OK);
	assert_int_equal(entry_verify(f->db, a, f->member, true, NULL),
			 SP_ERR_PERMISSION);
	assert_int_equal(entry_verify(f->db, a, f->staff, true, NULL), SP_OK);
	assert_int_equal(entry_get(f->db, a, &e), SP_OK);
	assert_int_equal(e->status, ENTRY_VERIFIED);
	entry_free(e);
	assert_int_equal(entry_verify(f->db, a, f->staff, false, "no"),
			 SP_ERR_STATE);

	assert_int_equal(entry_verify(f->db, b, f->staff, false, ""),
			 SP_ERR_TEXT_EMPTY);
	assert_int_equal(entry_verify(f->db, b, f->staff, false, "没有记录"),
			 SP_OK);
	assert_int_equal(entry_get(f->db, b, &e), SP_OK);
	assert_int_equal(e->status, ENTRY_REJECTED);
	assert_string_equal(e->reject_reason, "没有记录");
	entry_free(e);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM audit_log WHERE"
				      " action IN ('entry.verify',"
				      " 'entry.reject')"),
			 2);

	/* a kiosk visit is not pending: nothing to verify */
	visit(f, f->member, TESTUTIL_NOW_MS, HOUR);
	assert_int_equal(entry_verify(f->db, "nope", f->staff, true, NULL),
			 SP_ERR_NOT_FOUND);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 2 * HOUR);
	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", c),
			 SP_OK);
	assert_int_equal(entry_verify(f->db, c, f->staff, true, NULL),
			 SP_ERR_STATE);
	assert_string_equal(entry_status_name(ENTRY_VERIFIED), "verified");
	assert_string_equal(entry_status_label(ENTRY_REJECTED), "rejected");
}

struct collected {
	int n;
	char no[8][16];
	int64_t started[8];
};

static int collect(const struct entry *e, void *arg)
{
	struct collected *c = arg;
	snprintf(c->no[c->n], sizeof c->no[c->n], "%s", e->member_no);
	c->started[c->n] = e->started_ms;
	c->n++;
	return c->n >= 8;
}

static void test_each_filters_newest_first(void **state)
{
	struct fixture *f = *state;
	struct collected c = {0};
	struct entry_filter filter = {0};

	visit(f, f->member, TESTUTIL_NOW_MS, HOUR);
	visit(f, f->other, TESTUTIL_NOW_MS + 2 * HOUR, HOUR);
	visit(f, f->member, TESTUTIL_NOW_MS + 4 * HOUR, HOUR);
	visit(f, f->member, TESTUTIL_NOW_MS + DAY, HOUR);

	assert_int_equal(entry_each(f->db, NULL, collect, &c), SP_OK);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.started[0], TESTUTIL_NOW_MS + DAY);
	assert_int_equal(c.started[3], TESTUTIL_NOW_MS);
	assert_string_equal(c.no[2], "1002");

	memset(&c, 0, sizeof c);
	filter.member_id = f->member;
	filter.limit = 2;
	assert_int_equal(entry_each(f->db, &filter, collect, &c), SP_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.started[0], TESTUTIL_NOW_MS + DAY);
	assert_int_equal(c.started[1], TESTUTIL_NOW_MS + 4 * HOUR);

	memset(&c, 0, sizeof c);
	memset(&filter, 0, sizeof filter);
	filter.member_no = "1001";
	filter.since_ms = TESTUTIL_NOW_MS + HOUR;
	filter.until_ms = TESTUTIL_NOW_MS + DAY;
	assert_int_equal(entry_each(f->db, &filter, collect, &c), SP_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.started[0], TESTUTIL_NOW_MS + 4 * HOUR);

	filter.member_no = "nobody";
	assert_int_equal(entry_each(f->db, &filter, collect, &c),
			 SP_ERR_NOT_FOUND);
}

static void test_totals_follow_local_days(void **state)
{
	struct fixture *f = *state;
	struct entry_totals t;
	/* 2026-12-01 09:00 in Shanghai */
	int64_t now = INT64_C(1795395600000) + 8 * DAY;
	int64_t dec1_0700 = now - 2 * HOUR;            /* Nov 30 23:00 UTC */
	int64_t nov30_2000 = now - 13 * HOUR;          /* Nov 30 12:00 UTC */
	int64_t nov23 = TESTUTIL_NOW_MS;
	char pending[UUID_STR_LEN], voided[UUID_STR_LEN];

	visit(f, f->member, nov23, 30 * MINUTE);       /* this year, Nov */
	visit(f, f->member, nov30_2000, 45 * MINUTE);  /* Nov, not today */
	visit(f, f->member, dec1_0700, 60 * MINUTE);   /* today and December */
	visit(f, f->other, dec1_0700, 60 * MINUTE);    /* someone else */
	clock_set_fixed_ms(dec1_0700 + 90 * MINUTE);
	assert_int_equal(entry_check_in(f->db, f->member, f->activity, "", voided),
			 SP_OK);
	assert_int_equal(entry_void(f->db, voided, f->staff, "test"), SP_OK);
	clock_set_fixed_ms(now);
	assert_int_equal(entry_log_hours(f->db, f->member, f->activity,
					 "2026-11-29", 3, "送书", &f->rules,
					 pending),
			 SP_OK);

	assert_int_equal(entry_totals_for(f->db, f->member, now, &t), SP_OK);
	assert_int_equal(t.today_minutes, 60);
	assert_int_equal(t.month_minutes, 60);
	assert_int_equal(t.year_minutes, 135);
	assert_int_equal(t.pending_minutes, 90);

	/* the evening before, in local time, it was still November */
	assert_int_equal(entry_totals_for(f->db, f->member,
					  nov30_2000 + 3 * HOUR, &t),
			 SP_OK);
	assert_int_equal(t.today_minutes, 45);
	assert_int_equal(t.month_minutes, 30 + 45);
	assert_int_equal(t.year_minutes, 30 + 45 + 60); /* same year */
	/* verified pending hours move into the totals */
	assert_int_equal(entry_verify(f->db, pending, f->staff, true, NULL),
			 SP_OK);
	assert_int_equal(entry_totals_for(f->db, f->member, now, &t), SP_OK);
	assert_int_equal(t.pending_minutes, 0);
	assert_int_equal(t.year_minutes, 225);
	assert_int_equal(t.month_minutes, 60);

	/* a new year starts at local midnight */
	assert_int_equal(entry_totals_for(f->db, f->member,
					  now + 31 * DAY, &t),
			 SP_OK);
	assert_int_equal(t.year_minutes, 0);
}

static void test_queries_use_indexes(void **state)
{
	struct fixture *f = *state;
	static const char *const queries[] = {
		"EXPLAIN QUERY PLAN SELECT COALESCE(SUM(minutes),0) FROM"
		" service_entry WHERE member_id = 'x' AND started_at >= 'a'"
		" AND voided_at IS NULL",
		"EXPLAIN QUERY PLAN SELECT id FROM service_entry WHERE"
		" member_id = 'x' AND status = 'open' AND voided_at IS NULL",
	};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		sqlite3_stmt *stmt = NULL;
		assert_int_equal(sqlite3_prepare_v2(db_handle(f->db), queries[i],
						    -1, &stmt, NULL),
				 SQLITE_OK);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *detail =
				(const char *)sqlite3_column_text(stmt, 3);
			assert_null(strstr(detail, "SCAN service_entry"));
		}
		sqlite3_finalize(stmt);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_check_in_then_out_after_90_minutes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_in_attaches_the_open_shift, setup, teardown),
		cmocka_unit_test(test_rounding_to_nearest_multiple),
		cmocka_unit_test_setup_teardown(test_check_out_records_the_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_check_in_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_out_without_check_in_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_references_and_note, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_open_visit_waits_for_staff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_void_needs_reason_and_is_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voided_open_visit_frees_check_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_hours_valid_is_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_hours_refusals_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejected_and_voided_hours_do_not_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_and_reject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_filters_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totals_follow_local_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queries_use_indexes, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
