/* test_shift.c — opening and closing shifts (one at a time, staff only,
 * audited), the summary's counts, the lists of open and pending items,
 * and the shift ledger's print job, against a real store. */
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
#include "commitment.h"
#include "config.h"
#include "entry.h"
#include "ledger.h"
#include "member.h"
#include "pin.h"
#include "shift.h"
#include "testutil.h"

#define MINUTE INT64_C(60000)
#define HOUR (60 * MINUTE)

struct fixture {
	char *dir;
	struct db *db;
	char member[UUID_STR_LEN];
	char other[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
	char desk[UUID_STR_LEN];
	char volunteer[UUID_STR_LEN];
	struct entry_rules rules;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	f->db = testutil_store_open(&f->dir);
	testutil_insert_people(f->db, f->member, f->other, f->staff);
	testutil_insert_activity(f->db, "desk", "值班", f->desk);
	testutil_insert_activity(f->db, "volunteer", "志愿服务", f->volunteer);
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

static void test_open_and_close(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN], second[UUID_STR_LEN];
	struct shift *s = NULL;
	char *open_id = NULL;

	assert_int_equal(shift_current(f->db, &s), SP_ERR_NOT_FOUND);
	assert_null(s);
	assert_int_equal(shift_open(f->db, f->staff, id), SP_OK);
	assert_int_equal(shift_open_id_dup(f->db, &open_id), SP_OK);
	assert_string_equal(open_id, id);
	free(open_id);

	assert_int_equal(shift_current(f->db, &s), SP_OK);
	assert_string_equal(s->id, id);
	assert_string_equal(s->opened_by, f->staff);
	assert_string_equal(s->opened_by_name, "王值班");
	assert_string_equal(s->opened_by_no, "9001");
	assert_int_equal(s->opened_ms, TESTUTIL_NOW_MS);
	assert_int_equal(s->closed_ms, 0);
	assert_string_equal(s->closed_by, "");
	shift_free(s);

	/* a second one while it is open: refused, nothing written */
	assert_int_equal(shift_open(f->db, f->staff, second), SP_ERR_ALREADY_OPEN);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM shift"), 1);

	clock_set_fixed_ms(TESTUTIL_NOW_MS + 8 * HOUR);
	assert_int_equal(shift_close(f->db, id, f->staff), SP_OK);
	assert_int_equal(shift_get(f->db, id, &s), SP_OK);
	assert_int_equal(s->closed_ms, TESTUTIL_NOW_MS + 8 * HOUR);
	assert_string_equal(s->closed_by, f->staff);
	assert_string_equal(s->closed_by_name, "王值班");
	shift_free(s);
	assert_int_equal(shift_current(f->db, &s), SP_ERR_NOT_FOUND);
	/* closing twice is refused */
	assert_int_equal(shift_close(f->db, id, f->staff), SP_ERR_NOT_OPEN);
	assert_int_equal(shift_close(f->db, "nope", f->staff), SP_ERR_NOT_FOUND);

	/* the next shift may open now, and is the latest */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 24 * HOUR);
	assert_int_equal(shift_open(f->db, f->staff, second), SP_OK);
	assert_int_equal(shift_latest(f->db, &s), SP_OK);
	assert_string_equal(s->id, second);
	shift_free(s);
}

static void test_audit_rows(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	int64_t bad = 0;

	assert_int_equal(shift_open(f->db, f->staff, id), SP_OK);
	assert_int_equal(shift_close(f->db, id, f->staff), SP_OK);
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM audit_log WHERE action = 'shift.open'"), 1);
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM audit_log WHERE action = 'shift.close'"), 1);
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM audit_log a JOIN shift s ON s.id = a.target"
		" WHERE a.actor_id = s.opened_by"), 2);
	assert_int_equal(audit_verify(f->db, &bad), SP_OK);
}

static void test_permission(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	int64_t audits = audit_count(f->db);

	assert_int_equal(shift_open(f->db, f->member, id), SP_ERR_PERMISSION);
	assert_int_equal(shift_open(f->db, "no-such-member", id), SP_ERR_PERMISSION);
	assert_int_equal(shift_open(f->db, NULL, id), SP_ERR_INVALID);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM shift"), 0);
	assert_int_equal(shift_open(f->db, f->staff, id), SP_OK);
	assert_int_equal(shift_close(f->db, id, f->member), SP_ERR_PERMISSION);
	assert_int_equal(testutil_int(f->db,
		"SELECT count(*) FROM shift WHERE closed_at IS NULL"), 1);
	assert_int_equal(audit_count(f->db), audits + 1);
}

/* A shift with two visits, logged hours, a commitment made and one
 * fulfilled, a feedback row, and a visit left open. */
static void busy_shift(struct fixture *f, char shift[UUID_STR_LEN],
		       char open_entry[UUID_STR_LEN],
		       char logged[UUID_STR_LEN], char fulfilled[UUID_STR_LEN])
{
	char visit[UUID_STR_LEN], made[UUID_STR_LEN];

	/* before the shift: not counted in it */
	clock_set_fixed_ms(TESTUTIL_NOW_MS - 2 * HOUR);
	assert_int_equal(entry_check_in(f->db, f->other, f->desk, NULL, NULL), SP_OK);
	assert_int_equal(entry_check_out(f->db, f->other, &f->rules, NULL), SP_OK);
	assert_int_equal(commitment_make(f->db, f->other, "每周读书", NULL,
					 "2026-12-01", true, fulfilled), SP_OK);

	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	assert_int_equal(shift_open(f->db, f->staff, shift), SP_OK);
	assert_int_equal(entry_check_in(f->db, f->member, f->desk, NULL, visit), SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 90 * MINUTE);
	assert_int_equal(entry_check_out(f->db, f->member, &f->rules, NULL), SP_OK);
	assert_int_equal(entry_log_hours(f->db, f->member, f->volunteer,
					 "2026-11-22", 4, "清理小广告",
					 &f->rules, logged), SP_OK);
	assert_int_equal(entry_check_in(f->db, f->other, f->desk, NULL,
					open_entry), SP_OK);
	assert_int_equal(commitment_make(f->db, f->member, "帮扶两户", "帮扶",
					 "2026-12-20", true, made), SP_OK);
	assert_int_equal(commitment_fulfil(f->db, fulfilled, f->other, "读完了"),
			 SP_OK);
	assert_int_equal(db_exec(f->db,
		"INSERT INTO feedback(id, shift_id, rating, comment, created_at)"
		" SELECT '0193b6a0-0000-7000-8000-000000000001', id, 5, '好',"
		" '2026-11-23T02:00:00.000Z' FROM shift"), SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 3 * HOUR);
}

static void test_summary_counts(void **state)
{
	struct fixture *f = *state;
	char shift[UUID_STR_LEN], open_entry[UUID_STR_LEN];
	char logged[UUID_STR_LEN], fulfilled[UUID_STR_LEN];
	struct shift_scope scope = {0};
	struct shift_summary s;

	busy_shift(f, shift, open_entry, logged, fulfilled);
	/* two unknown badges tried during the shift */
	{
		unsigned char pepper[PIN_PEPPER_BYTES] = {0};
		struct member_lockout policy = {5, 15};
		struct member *m = NULL;
		clock_set_fixed_ms(TESTUTIL_NOW_MS + HOUR);
		for (int i = 0; i < 2; i++)
			assert_int_equal(member_authenticate(f->db, pepper, "40404",
							     "1234", &policy, &m,
							     NULL),
					 SP_ERR_UNKNOWN_BADGE);
		clock_set_fixed_ms(TESTUTIL_NOW_MS + 3 * HOUR);
	}
	scope.shift_id = shift;
	assert_int_equal(shift_summary(f->db, &scope, &s), SP_OK);
	assert_int_equal(s.refused_unknown_badge, 2);
	assert_int_equal(s.refused_wrong_pin, 0);
	assert_int_equal(s.from_ms, TESTUTIL_NOW_MS);
	assert_int_equal(s.until_ms, TESTUTIL_NOW_MS + 3 * HOUR);
	/* the visit, the logged hours and the open visit; not the one before */
	assert_int_equal(s.entries, 3);
	assert_int_equal(s.voided, 0);
	assert_int_equal(s.total_minutes, 90 + 120);
	assert_int_equal(s.members_served, 2);
	assert_int_equal(s.commitments_made, 1);
	assert_int_equal(s.commitments_fulfilled, 1);
	assert_int_equal(s.feedback, 1);
	assert_int_equal(s.open_entries, 1);
	assert_int_equal(s.pending_entries, 1);
	assert_int_equal(s.pending_commitments, 1);
	assert_int_equal(s.nactivities, 2);
	assert_string_equal(s.activities[0].name, "值班");
	assert_int_equal(s.activities[0].entries, 2);
	assert_int_equal(s.activities[0].minutes, 90);
	assert_string_equal(s.activities[1].name, "志愿服务");
	assert_int_equal(s.activities[1].minutes, 120);
	shift_summary_clear(&s);

	/* resolving them changes the counts; a voided entry is counted apart */
	assert_int_equal(entry_verify(f->db, logged, f->staff, true, NULL), SP_OK);
	assert_int_equal(entry_void(f->db, open_entry, f->staff, "忘记签退"), SP_OK);
	assert_int_equal(shift_summary(f->db, &scope, &s), SP_OK);
	assert_int_equal(s.entries, 2);
	assert_int_equal(s.voided, 1);
	assert_int_equal(s.open_entries, 0);
	assert_int_equal(s.pending_entries, 0);
	assert_int_equal(s.members_served, 1);
	shift_summary_clear(&s);

	/* by time window: the visit before the shift is in it */
	scope = (struct shift_scope){.since_ms = TESTUTIL_NOW_MS - 3 * HOUR,
				     .until_ms = TESTUTIL_NOW_MS + 4 * HOUR};
	assert_int_equal(shift_summary(f->db, &scope, &s), SP_OK);
	assert_int_equal(s.entries, 2);   /* the logged hours lie the day before */
	assert_int_equal(s.commitments_made, 2);
	assert_int_equal(s.feedback, 1);
	shift_summary_clear(&s);

	scope = (struct shift_scope){.shift_id = "missing"};
	assert_int_equal(shift_summary(f->db, &scope, &s), SP_ERR_NOT_FOUND);
}

/* A shift's summary and ledger hold the entries that carry its id (made
 * while it was open), whatever day their hours lie on: hours logged for
 * a day long before the opening, and a visit forgotten and closed by
 * staff at the shift's end, count; a visit begun before the opening
 * (no shift was open, so it carries none) and the next shift's do not. */
static void test_summary_by_the_shift_an_entry_carries(void **state)
{
	struct fixture *f = *state;
	char shift[UUID_STR_LEN], next[UUID_STR_LEN];
	char early[UUID_STR_LEN], forgotten[UUID_STR_LEN], old[UUID_STR_LEN];
	struct entry_rules wide = f->rules;
	struct shift_scope scope = {0};
	struct shift_summary s;
	struct shift_items list;
	bool seen_old = false, seen_forgotten = false;

	/* before the opening, with no shift open */
	clock_set_fixed_ms(TESTUTIL_NOW_MS - 30 * MINUTE);
	assert_int_equal(entry_check_in(f->db, f->other, f->desk, NULL, early),
			 SP_OK);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	assert_int_equal(shift_open(f->db, f->staff, shift), SP_OK);
	/* hours of 20 days ago, allowed then by a wider backfill */
	wide.backfill_days = 30;
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 10 * MINUTE);
	assert_int_equal(entry_log_hours(f->db, f->member, f->volunteer,
					 "2026-11-03", 2, "送书上门", &wide, old),
			 SP_OK);
	assert_int_equal(entry_check_in(f->db, f->member, f->desk, NULL,
					forgotten), SP_OK);
	/* the early visit ends during the shift: still not the shift's */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + HOUR);
	assert_int_equal(entry_check_out(f->db, f->other, &f->rules, NULL), SP_OK);
	/* the shift ends; staff close the forgotten visit at its end */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 8 * HOUR);
	assert_int_equal(entry_close_by_staff(f->db, forgotten, f->staff,
					      TESTUTIL_NOW_MS + 8 * HOUR,
					      &f->rules), SP_OK);
	assert_int_equal(shift_close(f->db, shift, f->staff), SP_OK);
	/* the next shift's visit */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 24 * HOUR);
	assert_int_equal(shift_open(f->db, f->staff, next), SP_OK);
	assert_int_equal(entry_check_in(f->db, f->other, f->desk, NULL, NULL),
			 SP_OK);

	scope.shift_id = shift;
	assert_int_equal(shift_summary(f->db, &scope, &s), SP_OK);
	assert_int_equal(s.entries, 2);
	assert_int_equal(s.total_minutes, 60 + (8 * 60 - 10));
	assert_int_equal(s.members_served, 1);
	assert_int_equal(s.nactivities, 2);
	shift_summary_clear(&s);
	/* the ledger lists the same entries */
	assert_int_equal(shift_entries(f->db, &scope, &list), SP_OK);
	assert_int_equal(list.n, 2);
	for (size_t i = 0; i < list.n; i++) {
		assert_string_not_equal(list.items[i].id, early);
		seen_old |= strcmp(list.items[i].id, old) == 0;
		seen_forgotten |= strcmp(list.items[i].id, forgotten) == 0;
	}
	assert_true(seen_old && seen_forgotten);
	shift_items_clear(&list);

	scope.shift_id = next;
	assert_int_equal(shift_summary(f->db, &scope, &s), SP_OK);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.open_entries, 1);
	shift_summary_clear(&s);
}

static void test_lists_and_verify(void **state)
{
	struct fixture *f = *state;
	char shift[UUID_STR_LEN], open_entry[UUID_STR_LEN];
	char logged[UUID_STR_LEN], fulfilled[UUID_STR_LEN];
	struct shift_items list;
	struct commitment *c = NULL;
	struct entry *e = NULL;

	busy_shift(f, shift, open_entry, logged, fulfilled);
	assert_int_equal(shift_open_entries(f->db, &list), SP_OK);
	assert_int_equal(list.n, 1);
	assert_int_equal(list.total, 1);
	assert_string_equal(list.items[0].id, open_entry);
	assert_string_equal(list.items[0].member_name, "李四");
	assert_int_equal(list.items[0].minutes, -1);
	assert_int_equal(list.items[0].entry_status, ENTRY_OPEN);
	shift_items_clear(&list);

	assert_int_equal(shift_pending_items(f->db, &list), SP_OK);
	assert_int_equal(list.n, 2);
	assert_int_equal(list.items[0].kind, SHIFT_ITEM_ENTRY);
	assert_string_equal(list.items[0].id, logged);
	assert_string_equal(list.items[0].what, "志愿服务");
	assert_string_equal(list.items[0].note, "清理小广告");
	assert_int_equal(list.items[0].minutes, 120);
	assert_int_equal(list.items[1].kind, SHIFT_ITEM_COMMITMENT);
	assert_string_equal(list.items[1].id, fulfilled);
	assert_string_equal(list.items[1].what, "每周读书");
	assert_string_equal(list.items[1].note, "读完了");
	assert_int_equal(list.items[1].commitment_status,
			 COMMITMENT_FULFILLED_PENDING);

	/* a member may not verify; staff verify one and reject the other */
	assert_int_equal(shift_item_verify(f->db, &list.items[0], f->member,
					   true, NULL), SP_ERR_PERMISSION);
	assert_int_equal(shift_item_verify(f->db, &list.items[0], f->staff,
					   true, NULL), SP_OK);
	assert_int_equal(shift_item_verify(f->db, &list.items[1], f->staff,
					   false, ""), SP_ERR_TEXT_EMPTY);
	assert_int_equal(shift_item_verify(f->db, &list.items[1], f->staff,
					   false, "未见材料"), SP_OK);
	shift_items_clear(&list);
	assert_int_equal(entry_get(f->db, logged, &e), SP_OK);
	assert_int_equal(e->status, ENTRY_VERIFIED);
	entry_free(e);
	assert_int_equal(commitment_get(f->db, fulfilled, &c), SP_OK);
	assert_int_equal(c->status, COMMITMENT_REJECTED);
	commitment_free(c);
	assert_int_equal(shift_pending_items(f->db, &list), SP_OK);
	assert_int_equal(list.n, 0);
	shift_items_clear(&list);

	/* the ledger's entries: who verified shows */
	{
		struct shift_scope scope = {.shift_id = shift};
		assert_int_equal(shift_entries(f->db, &scope, &list), SP_OK);
		assert_int_equal(list.n, 3);
		for (size_t i = 0; i < list.n; i++)
			if (strcmp(list.items[i].id, logged) == 0)
				assert_string_equal(list.items[i].verifier, "王值班");
		shift_items_clear(&list);
	}
}

static void test_ledger(void **state)
{
	struct fixture *f = *state;
	char shift[UUID_STR_LEN], open_entry[UUID_STR_LEN];
	char logged[UUID_STR_LEN], fulfilled[UUID_STR_LEN];
	struct shift_scope scope = {0};
	struct config cfg;
	unsigned char *job = NULL;
	size_t len = 0;

	busy_shift(f, shift, open_entry, logged, fulfilled);
	assert_int_equal(entry_verify(f->db, logged, f->staff, true, NULL), SP_OK);
	assert_int_equal(shift_close(f->db, shift, f->staff), SP_OK);
	config_defaults(&cfg);
	snprintf(cfg.printer_encoding, sizeof cfg.printer_encoding, "utf-8");
	snprintf(cfg.station_name, sizeof cfg.station_name, "测试服务点");
	cfg.printer_width_dots = 576; /* 48 columns: the lines below fit whole */
	scope.shift_id = shift;
	assert_int_equal(ledger_shift_receipt(&cfg, f->db, &scope, &job, &len),
			 SP_OK);
	assert_non_null(job);
	assert_true(testutil_has(job, len, "Shift ledger"));
	assert_true(testutil_has(job, len, "测试服务点"));
	assert_true(testutil_has(job, len, "王值班 (9001)"));
	assert_true(testutil_has(job, len, "Members served: 2"));
	assert_true(testutil_has(job, len, "1001 张三"));
	assert_true(testutil_has(job, len, "1002 李四"));
	assert_true(testutil_has(job, len, "志愿服务 | 2026-11-22 | 2 h 0 min"));
	assert_true(testutil_has(job, len, "verified, by 王值班"));
	assert_true(testutil_has(job, len, "11-23 09:00-10:30 | 1 h 30 min"));
	assert_true(testutil_has(job, len, "in progress"));
	free(job);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_and_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permission, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_by_the_shift_an_entry_carries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger, setup, teardown),
	};

	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
