/* test_report.c — the period ledgers' figures from records made through
 * the real paths (check-in/out, logged hours, verify, void, commitments,
 * ratings): voided entries listed but never counted, pending and open
 * ones counted apart, a visit just after local midnight of the 1st in
 * the new month and one just before it in the old, points by the
 * points.h rule, and the printed ledger. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "commitment.h"
#include "config.h"
#include "entry.h"
#include "feedback.h"
#include "ledger.h"
#include "period.h"
#include "points.h"
#include "report.h"
#include "testutil.h"

#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)

struct fixture {
	char *dir;
	struct db *db;
	char a[UUID_STR_LEN], b[UUID_STR_LEN], staff[UUID_STR_LEN];
	char desk[UUID_STR_LEN], help[UUID_STR_LEN];
	char voided[UUID_STR_LEN];
	struct entry_rules rules;
	struct points_rules points;
};

static int64_t utc(const char *text)
{
	int64_t ms = 0;
	assert_int_equal(clock_parse_utc(text, &ms), SP_OK);
	return ms;
}

static void visit(struct fixture *f, const char *member, const char *activity,
		  const char *start, int64_t length_ms, char id[UUID_STR_LEN])
{
	clock_set_fixed_ms(utc(start));
	assert_int_equal(entry_check_in(f->db, member, activity, NULL, id),
			 SP_OK);
	clock_set_fixed_ms(utc(start) + length_ms);
	assert_int_equal(entry_check_out(f->db, member, &f->rules, NULL), SP_OK);
}

/* Logged hours for local_date, logged at now_utc. */
static void logged(struct fixture *f, const char *member, const char *now_utc,
		   const char *local_date, int half_hours, char id[UUID_STR_LEN])
{
	clock_set_fixed_ms(utc(now_utc));
	assert_int_equal(entry_log_hours(f->db, member, f->help, local_date,
					 half_hours, "清理小广告", &f->rules, id),
			 SP_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char id[UUID_STR_LEN], c[UUID_STR_LEN];

	clock_set_fixed_ms(utc("2026-10-01T00:00:00Z"));
	f->db = testutil_store_open(&f->dir);
	testutil_insert_people(f->db, f->a, f->b, f->staff);
	testutil_insert_activity(f->db, "desk", "值班服务", f->desk);
	testutil_insert_activity(f->db, "help", "志愿服务", f->help);
	f->rules = testutil_entry_rules();
	f->points = (struct points_rules){1, 2, 8};

	/* across the turn of the month in local time (UTC+8): 00:30 on
	 * 1 November is November's, 23:30 on 31 October is October's */
	visit(f, f->a, f->desk, "2026-10-31T16:30:00Z", 60 * MINUTE, id);
	visit(f, f->b, f->desk, "2026-10-31T15:30:00Z", 60 * MINUTE, id);
	/* a visit of 90 minutes on 2 November */
	visit(f, f->a, f->desk, "2026-11-02T01:00:00Z", 90 * MINUTE, id);
	/* B's visit of 5 November, voided by staff */
	visit(f, f->b, f->desk, "2026-11-05T01:00:00Z", 45 * MINUTE, f->voided);
	assert_int_equal(entry_void(f->db, f->voided, f->staff, "刷错了卡"),
			 SP_OK);

	/* logged hours: A's verified, A's rejected, B's still pending */
	logged(f, f->a, "2026-11-12T02:00:00Z", "2026-11-11", 4, id);
	assert_int_equal(entry_verify(f->db, id, f->staff, true, NULL), SP_OK);
	logged(f, f->a, "2026-11-12T02:00:00Z", "2026-11-12", 2, id);
	assert_int_equal(entry_verify(f->db, id, f->staff, false, "无记录"),
			 SP_OK);
	logged(f, f->b, "2026-11-12T03:00:00Z", "2026-11-10", 2, id);

	/* commitments: A's kept and verified on 15 November; B's due on
	 * 10 November and still open (overdue); B's marked fulfilled,
	 * waiting for staff */
	clock_set_fixed_ms(utc("2026-11-03T02:00:00Z"));
	assert_int_equal(commitment_make(f->db, f->a, "送书上门", "",
					 "2026-11-30", true, c), SP_OK);
	assert_int_equal(commitment_fulfil(f->db, c, f->a, "送了十本"), SP_OK);
	clock_set_fixed_ms(utc("2026-11-15T02:00:00Z"));
	assert_int_equal(commitment_verify(f->db, c, f->staff, true, NULL),
			 SP_OK);
	clock_set_fixed_ms(utc("2026-11-03T03:00:00Z"));
	assert_int_equal(commitment_make(f->db, f->b, "清理楼道", "",
					 "2026-11-10", true, c), SP_OK);
	assert_int_equal(commitment_make(f->db, f->b, "结对帮扶", "",
					 "2026-12-20", true, c), SP_OK);
	assert_int_equal(commitment_fulfil(f->db, c, f->b, ""), SP_OK);

	/* two ratings in November, one in October */
	clock_set_fixed_ms(utc("2026-11-06T02:00:00Z"));
	assert_int_equal(feedback_add(f->db, 5, NULL, 0, NULL), SP_OK);
	assert_int_equal(feedback_add(f->db, 3, "再快一点", 0, NULL), SP_OK);
	clock_set_fixed_ms(utc("2026-10-20T02:00:00Z"));
	assert_int_equal(feedback_add(f->db, 1, NULL, 0, NULL), SP_OK);

	/* B checks in on 20 November and never checks out */
	clock_set_fixed_ms(utc("2026-11-20T01:00:00Z"));
	assert_int_equal(entry_check_in(f->db, f->b, f->desk, NULL, id), SP_OK);

	clock_set_fixed_ms(TESTUTIL_NOW_MS);   /* 2026-11-23 09:00 local */
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

static void build(struct fixture *f, const char *name, struct report *r)
{
	struct period p;
	assert_int_equal(period_parse(name, &p), SP_OK);
	assert_int_equal(report_build(f->db, &p, &f->points, r), SP_OK);
}

static void test_month_summary(void **state)
{
	struct fixture *f = *state;
	struct report r;

	build(f, "2026-11", &r);
	assert_int_equal(r.produced_ms, TESTUTIL_NOW_MS);
	/* A: 2 visits, verified and rejected logged hours; B: pending
	 * logged hours and the open visit. B's voided visit is apart. */
	assert_int_equal(r.entries, 6);
	assert_int_equal(r.voided, 1);
	assert_int_equal(r.rejected, 1);
	assert_int_equal(r.verified_minutes, 60 + 90 + 120);
	assert_int_equal(r.pending_minutes, 60);
	assert_int_equal(r.members_served, 2);
	assert_int_equal(r.open_entries, 1);
	assert_int_equal(r.pending_entries, 1);
	assert_int_equal(r.pending_commitments, 1);
	assert_int_equal(r.commitments_made, 3);
	assert_int_equal(r.commitments_fulfilled, 1);
	assert_int_equal(r.commitments_overdue, 1);
	assert_int_equal(r.feedback, 2);
	assert_true(r.feedback_average == 4.0);

	assert_int_equal(r.nactivities, 2);
	assert_string_equal(r.activities[0].code, "desk");
	assert_int_equal(r.activities[0].entries, 3);   /* not the voided */
	assert_int_equal(r.activities[0].verified_minutes, 150);
	assert_string_equal(r.activities[1].code, "help");
	assert_int_equal(r.activities[1].entries, 3);
	assert_int_equal(r.activities[1].verified_minutes, 120);
	assert_int_equal(r.activities[1].pending_minutes, 60);
	report_clear(&r);
}

static void test_member_lines_and_points(void **state)
{
	struct fixture *f = *state;
	struct points_summary total;
	struct report r;

	build(f, "2026-11", &r);
	assert_int_equal(r.nmembers, 2);
	assert_string_equal(r.members[0].member_no, "1001");
	assert_string_equal(r.members[0].name, "张三");
	assert_int_equal(r.members[0].verified_minutes, 270);
	assert_int_equal(r.members[0].pending_minutes, 0);
	assert_int_equal(r.members[0].commitments_fulfilled, 1);
	/* 1 h on the 1st, 1.5 h on the 2nd, 2 h on the 11th, one kept
	 * commitment (2 points) on the 15th */
	assert_true(r.members[0].points == 1 + 1.5 + 2 + 2);
	assert_string_equal(r.members[1].member_no, "1002");
	assert_int_equal(r.members[1].verified_minutes, 0);
	assert_int_equal(r.members[1].pending_minutes, 60);
	assert_int_equal(r.members[1].commitments_fulfilled, 0);
	assert_true(r.members[1].points == 0);
	report_clear(&r);

	/* the year's points are the member's own total: one rule */
	build(f, "2026", &r);
	assert_int_equal(points_for_member(f->db, f->b, &f->points,
					   TESTUTIL_NOW_MS, &total), SP_OK);
	assert_string_equal(r.members[1].member_no, "1002");
	assert_true(r.members[1].points == total.total);
	assert_true(total.total == 1);   /* October's hour */
	assert_int_equal(points_for_member(f->db, f->a, &f->points,
					   TESTUTIL_NOW_MS, &total), SP_OK);
	assert_true(r.members[0].points == total.total);
	report_clear(&r);
}

static void test_month_boundary_in_local_time(void **state)
{
	struct fixture *f = *state;
	struct report r;

	build(f, "2026-10", &r);
	assert_int_equal(r.entries, 1);
	assert_int_equal(r.verified_minutes, 60);
	assert_int_equal(r.nmembers, 1);
	assert_string_equal(r.members[0].member_no, "1002");
	assert_true(r.members[0].points == 1);
	assert_int_equal(r.feedback, 1);
	assert_int_equal(r.commitments_made, 0);
	report_clear(&r);

	/* the quarter holds both months; December is empty */
	build(f, "2026-Q4", &r);
	assert_int_equal(r.entries, 7);
	assert_int_equal(r.voided, 1);
	assert_int_equal(r.verified_minutes, 330);
	assert_int_equal(r.feedback, 3);
	report_clear(&r);
	build(f, "2026-12", &r);
	assert_int_equal(r.entries, 0);
	assert_int_equal(r.nmembers, 0);
	assert_int_equal(r.nactivities, 0);
	assert_int_equal(r.commitments_overdue, 0);
	assert_true(r.feedback_average == 0);
	report_clear(&r);
}

struct walk {
	int n, voided;
	char first_started[32];
	char void_reason[64];
	char voided_by[64];
	char verifier[64];
};

static int walk_entry(const struct report_entry *e, void *arg)
{
	struct walk *w = arg;

	if (w->n++ == 0)
		clock_format_local(e->started_ms, "%Y-%m-%d %H:%M",
				   w->first_started, sizeof w->first_started);
	if (e->voided) {
		w->voided++;
		snprintf(w->void_reason, sizeof w->void_reason, "%s",
			 e->void_reason);
		snprintf(w->voided_by, sizeof w->voided_by, "%s",
			 e->voided_by_name);
		assert_true(e->voided_ms > 0);
	}
	if (e->status == ENTRY_VERIFIED) {
		snprintf(w->verifier, sizeof w->verifier, "%s %s",
			 e->verifier_no, e->verifier_name);
		assert_true(e->verified_ms > 0);
	}
	if (e->status == ENTRY_OPEN)
		assert_int_equal(e->minutes, -1);
	return 0;
}

static void test_every_entry_listed_with_who(void **state)
{
	struct fixture *f = *state;
	struct period p;
	struct walk w = {0};

	assert_int_equal(period_parse("2026-11", &p), SP_OK);
	assert_int_equal(report_each_entry(f->db, &p, walk_entry, &w), SP_OK);
	assert_int_equal(w.n, 7);
	assert_int_equal(w.voided, 1);
	assert_string_equal(w.first_started, "2026-11-01 00:30");
	assert_string_equal(w.void_reason, "刷错了卡");
	assert_string_equal(w.voided_by, "王值班");
	assert_string_equal(w.verifier, "9001 王值班");
}

static void test_snapshot_and_bad_arguments(void **state)
{
	struct fixture *f = *state;
	struct period p;
	struct report r;

	assert_int_equal(period_parse("2026-11", &p), SP_OK);
	assert_int_equal(report_snapshot_begin(f->db), SP_OK);
	assert_int_equal(report_build(f->db, &p, &f->points, &r), SP_OK);
	assert_int_equal(r.entries, 6);
	report_clear(&r);
	report_snapshot_end(f->db);
	report_snapshot_end(f->db);   /* harmless twice */
	/* the store is writable again */
	assert_int_equal(feedback_add(f->db, 4, NULL, 0, NULL), SP_OK);

	assert_int_equal(report_build(f->db, &p, NULL, &r), SP_ERR_INVALID);
	report_clear(&r);
	p.end_ms = p.start_ms;
	assert_int_equal(report_build(f->db, &p, &f->points, &r), SP_ERR_INVALID);
	report_clear(&r);
	report_clear(NULL);
}

static void test_printed_ledger(void **state)
{
	struct fixture *f = *state;
	struct config cfg;
	struct report r;
	unsigned char *job = NULL;
	size_t len = 0;

	config_defaults(&cfg);
	snprintf(cfg.station_name, sizeof cfg.station_name, "%s", "测试服务点");
	snprintf(cfg.printer_encoding, sizeof cfg.printer_encoding, "utf-8");
	build(f, "2026-11", &r);
	assert_int_equal(ledger_period_receipt(&cfg, f->db, &r, &job, &len),
			 SP_OK);
	assert_non_null(job);
	assert_true(len > 0);
	assert_non_null(memmem(job, len, "测试服务点", strlen("测试服务点")));
	assert_non_null(memmem(job, len, "2026-11-01", 10));
	assert_non_null(memmem(job, len, "2026-11-30", 10));
	assert_non_null(memmem(job, len, "1001", 4));
	assert_non_null(memmem(job, len, "张三", strlen("张三")));
	/* the voided entry is on paper with its reason */
	assert_non_null(memmem(job, len, "刷错了卡", strlen("刷错了卡")));
	/* ESC @ first */
	assert_int_equal(job[0], 0x1b);
	assert_int_equal(job[1], '@');
	free(job);
	report_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_month_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_lines_and_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_boundary_in_local_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_entry_listed_with_who, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_and_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_printed_ledger, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
