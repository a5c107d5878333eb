/* test_member.c — adding and finding members, input refused with nothing
 * written, PIN sign-in, and the lockout that survives a restart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "member.h"
#include "testutil.h"

struct fixture {
	char *dir;
	struct db *db;
	unsigned char pepper[PIN_PEPPER_BYTES];
};

static const struct member_lockout policy = {5, 15};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->db = testutil_store_open(&f->dir);
	randombytes_buf(f->pepper, sizeof f->pepper);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	testutil_store_close(f->db, f->dir);
	free(f);
	clock_set_fixed_ms(TESTUTIL_NOW_MS);
	return 0;
}

static void add_zhang(struct fixture *f, char id[UUID_STR_LEN])
{
	struct member_spec spec = {"1001", "张三", "第一支部", MEMBER_ROLE_MEMBER};
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, id),
			 SP_OK);
}

static void test_add_and_find(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member *m = NULL;
	struct member_spec staff = {"S-01", "Li Si", NULL, MEMBER_ROLE_STAFF};

	add_zhang(f, id);
	assert_true(uuid_is_valid(id));
	assert_int_equal(member_find_by_no(f->db, "1001", &m), SP_OK);
	assert_string_equal(m->id, id);
	assert_string_equal(m->member_no, "1001");
	assert_string_equal(m->name, "张三");
	assert_string_equal(m->branch, "第一支部");
	assert_int_equal(m->role, MEMBER_ROLE_MEMBER);
	assert_int_equal(m->failed_pins, 0);
	assert_int_equal(m->locked_until_ms, 0);
	assert_true(m->active);
	member_free(m);

	assert_int_equal(member_add(f->db, f->pepper, &staff, "87654321", "actor",
				    NULL),
			 SP_OK);
	assert_int_equal(member_find_by_no(f->db, "S-01", &m), SP_OK);
	assert_int_equal(m->role, MEMBER_ROLE_STAFF);
	assert_string_equal(m->branch, "");
	char staff_id[UUID_STR_LEN];
	strcpy(staff_id, m->id);
	member_free(m);
	assert_int_equal(member_find_by_id(f->db, staff_id, &m), SP_OK);
	assert_string_equal(m->name, "Li Si");
	member_free(m);

	m = (struct member *)1;
	assert_int_equal(member_find_by_no(f->db, "9999", &m), SP_ERR_NOT_FOUND);
	assert_null(m);
	assert_int_equal(member_find_by_id(f->db, "nope", &m), SP_ERR_NOT_FOUND);

	/* the PIN is stored only as an Argon2id hash */
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM member"
				      " WHERE pin_hash LIKE '$argon2id$%'"), 2);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM member"
				      " WHERE pin_hash LIKE '%1234%'"), 0);
	member_free(NULL);
}

static void test_audit_rows_written_by_add(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member_spec spec = {"2002", "王五", "", MEMBER_ROLE_ADMIN};

	add_zhang(f, id);
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1111", id, NULL),
			 SP_OK);
	assert_int_equal(audit_count(f->db), 2);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM audit_log"
				      " WHERE action = 'member.add' AND target = '1001'"
				      " AND detail = '张三' AND actor_id IS NULL"), 1);
	/* the second was done by the first member (as staff would be) */
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE action = 'member.add'"
		 " AND target = '2002' AND actor_id = '%s'", id);
	assert_int_equal(testutil_int(f->db, sql), 1);
	assert_int_equal(audit_verify(f->db, NULL), SP_OK);
}

static void test_duplicate_badge(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member_spec again = {"1001", "另一个人", "", MEMBER_ROLE_MEMBER};

	add_zhang(f, id);
	assert_int_equal(member_add(f->db, f->pepper, &again, "5678", NULL, NULL),
			 SP_ERR_DUPLICATE);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM member"), 1);
	assert_int_equal(audit_count(f->db), 1);
}

static void test_bad_input_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct member_spec spec = {"1001", "", "", MEMBER_ROLE_MEMBER};
	/* 33 Chinese characters: 99 bytes, one character over the limit */
	char name33[33 * 3 + 1] = "";
	for (int i = 0; i < 33; i++)
		strcat(name33, "党");

	spec.name = name33;
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_TEXT_TOO_LONG);
	name33[32 * 3] = '\0';   /* 32 characters are fine */
	spec.member_no = "1002";
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_OK);
	spec.member_no = "1001";

	spec.name = "张\x1b[2J三";
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_TEXT_CONTROL);
	spec.name = "张\n三";
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_TEXT_CONTROL);
	spec.name = "";
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_TEXT_EMPTY);
	spec.name = "张三";
	spec.branch = "支部\x07";
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_TEXT_CONTROL);
	spec.branch = "";
	assert_int_equal(member_add(f->db, f->pepper, &spec, "12", NULL, NULL),
			 SP_ERR_PIN_FORMAT);
	assert_int_equal(member_add(f->db, f->pepper, &spec, "12ab", NULL, NULL),
			 SP_ERR_PIN_FORMAT);
	spec.member_no = "10 01";
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_INVALID);
	spec.member_no = "";
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_TEXT_EMPTY);
	spec.member_no = "123456789012345678901234567890123"; /* 33 */
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_INVALID);
	spec.member_no = "1001";
	spec.role = (enum member_role)7;
	assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL, NULL),
			 SP_ERR_INVALID);

	/* only the one good member, and only its audit row */
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM member"), 1);
	assert_int_equal(audit_count(f->db), 1);
}

static void test_validators(void **state)
{
	enum member_role role;
	const char *field = NULL;
	struct member_spec spec = {"A-1", "名字", "x", MEMBER_ROLE_MEMBER};
	(void)state;

	assert_int_equal(member_validate_no("1001"), SP_OK);
	assert_int_equal(member_validate_no("ab-CD-09"), SP_OK);
	assert_int_equal(member_validate_no("12345678901234567890123456789012"), SP_OK);
	assert_int_equal(member_validate_no("1001;"), SP_ERR_INVALID);
	assert_int_equal(member_validate_no("党员"), SP_ERR_INVALID);
	assert_int_equal(member_validate_no(NULL), SP_ERR_TEXT_EMPTY);

	assert_int_equal(member_role_parse("staff", &role), SP_OK);
	assert_int_equal(role, MEMBER_ROLE_STAFF);
	assert_int_equal(member_role_parse("admin", &role), SP_OK);
	assert_int_equal(role, MEMBER_ROLE_ADMIN);
	assert_int_equal(member_role_parse("Staff", &role), SP_ERR_INVALID);
	assert_string_equal(member_role_name(MEMBER_ROLE_MEMBER), "member");
	assert_string_equal(member_role_name(MEMBER_ROLE_ADMIN), "admin");

	assert_int_equal(member_validate_spec(&spec, &field), SP_OK);
	assert_null(field);
	spec.branch = "\x1b";
	assert_int_equal(member_validate_spec(&spec, &field), SP_ERR_TEXT_CONTROL);
	assert_string_equal(field, "branch");

	/* a PIN may not be the badge number the member carries in plain view */
	assert_int_equal(member_validate_pin("10001", "1234"), SP_OK);
	assert_int_equal(member_validate_pin("10001", "10001"), SP_ERR_PIN_IS_BADGE);
	assert_int_equal(member_validate_pin("10001", "12"), SP_ERR_PIN_FORMAT);
}

static void test_authenticate_ok(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member *m = NULL;
	int64_t until = -1;

	add_zhang(f, id);
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "1234",
					     &policy, &m, &until),
			 SP_OK);
	assert_non_null(m);
	assert_string_equal(m->id, id);
	assert_string_equal(m->name, "张三");
	assert_int_equal(until, 0);
	member_free(m);
	/* a sign-in with nothing to clear writes nothing */
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM member"
				      " WHERE updated_at = created_at"), 1);
}

static void test_unknown_badge(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member *m = (struct member *)1;
	int64_t until = -1;

	add_zhang(f, id);
	assert_int_equal(member_authenticate(f->db, f->pepper, "4040", "1234",
					     &policy, &m, &until),
			 SP_ERR_UNKNOWN_BADGE);
	assert_null(m);
	assert_int_equal(until, 0);
	/* malformed badges are just as unknown */
	assert_int_equal(member_authenticate(f->db, f->pepper, "x;y", "1234",
					     &policy, &m, &until),
			 SP_ERR_UNKNOWN_BADGE);
	assert_int_equal(member_authenticate(f->db, f->pepper, "", "1234",
					     &policy, &m, NULL),
			 SP_ERR_UNKNOWN_BADGE);
}

static void test_wrong_pin_counted(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member *m = NULL;
	int64_t until = -1;

	add_zhang(f, id);
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "9999",
					     &policy, &m, &until),
			 SP_ERR_WRONG_PIN);
	assert_null(m);
	assert_int_equal(until, 0);
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "abc",
					     &policy, &m, &until),
			 SP_ERR_WRONG_PIN);
	assert_int_equal(member_find_by_no(f->db, "1001", &m), SP_OK);
	assert_int_equal(m->failed_pins, 2);
	assert_int_equal(m->locked_until_ms, 0);
	member_free(m);

	/* the right PIN clears the count */
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "1234",
					     &policy, &m, &until),
			 SP_OK);
	assert_int_equal(m->failed_pins, 0);
	member_free(m);
	assert_int_equal(member_find_by_no(f->db, "1001", &m), SP_OK);
	assert_int_equal(m->failed_pins, 0);
	member_free(m);
}

static void test_lockout_survives_restart(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member *m = NULL;
	int64_t until = -1;
	const int64_t lock_end = TESTUTIL_NOW_MS + 15 * 60 * 1000;

	add_zhang(f, id);
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(member_authenticate(f->db, f->pepper, "1001",
						     "0000", &policy, &m, &until),
				 SP_ERR_WRONG_PIN);
		assert_int_equal(until, 0);
	}
	/* the fifth wrong PIN locks, and says until when */
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "0000",
					     &policy, &m, &until),
			 SP_ERR_LOCKED);
	assert_null(m);
	assert_int_equal(until, lock_end);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM audit_log"
				      " WHERE action = 'member.locked'"
				      " AND target = '1001'"), 1);

	/* locked: even the right PIN is not checked */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 60 * 1000);
	until = 0;
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "1234",
					     &policy, &m, &until),
			 SP_ERR_LOCKED);
	assert_int_equal(until, lock_end);

	/* a restart: close and reopen the store */
	db_close(f->db);
	f->db = testutil_db_new(f->dir);
	until = 0;
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "1234",
					     &policy, &m, &until),
			 SP_ERR_LOCKED);
	assert_int_equal(until, lock_end);
	assert_int_equal(member_find_by_no(f->db, "1001", &m), SP_OK);
	assert_int_equal(m->locked_until_ms, lock_end);
	member_free(m);
	/* one millisecond before the end it still holds */
	clock_set_fixed_ms(lock_end - 1);
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "1234",
					     &policy, &m, &until),
			 SP_ERR_LOCKED);

	/* past the lock the right PIN works and the counters reset */
	clock_set_fixed_ms(lock_end + 1000);
	until = -1;
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "1234",
					     &policy, &m, &until),
			 SP_OK);
	assert_int_equal(until, 0);
	assert_int_equal(m->failed_pins, 0);
	assert_int_equal(m->locked_until_ms, 0);
	member_free(m);
	assert_int_equal(member_find_by_no(f->db, "1001", &m), SP_OK);
	assert_int_equal(m->failed_pins, 0);
	assert_int_equal(m->locked_until_ms, 0);
	member_free(m);
	assert_int_equal(audit_verify(f->db, NULL), SP_OK);
}

static void test_expired_lock_gives_fresh_count(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member *m = NULL;
	int64_t until = 0;
	const int64_t lock_end = TESTUTIL_NOW_MS + 15 * 60 * 1000;

	add_zhang(f, id);
	for (int i = 0; i < 5; i++)
		member_authenticate(f->db, f->pepper, "1001", "0000", &policy,
				    &m, &until);
	assert_int_equal(until, lock_end);
	/* after the lock, one wrong PIN is one failure, not a new lock */
	clock_set_fixed_ms(lock_end + 1);
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "0000",
					     &policy, &m, &until),
			 SP_ERR_WRONG_PIN);
	assert_int_equal(until, 0);
	assert_int_equal(member_find_by_no(f->db, "1001", &m), SP_OK);
	assert_int_equal(m->failed_pins, 1);
	assert_int_equal(m->locked_until_ms, 0);
	member_free(m);
}

static void test_weak_hash_upgraded_on_sign_in(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	char mac_hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char weak[PIN_HASH_LEN];
	struct member *m = NULL;
	sqlite3_stmt *stmt = NULL;

	add_zhang(f, id);
	/* store a hash of the same pepper-keyed PIN made with a lower cost */
	crypto_auth_hmacsha256(mac, (const unsigned char *)"1234", 4, f->pepper);
	sodium_bin2hex(mac_hex, sizeof mac_hex, mac, sizeof mac);
	assert_int_equal(crypto_pwhash_str_alg(weak, mac_hex, strlen(mac_hex), 1,
					       8u * 1024u * 1024u,
					       crypto_pwhash_ALG_ARGON2ID13),
			 0);
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->db),
					    "UPDATE member SET pin_hash = ?1",
					    -1, &stmt, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(stmt, 1, weak, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);

	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "1234",
					     &policy, &m, NULL),
			 SP_OK);
	member_free(m);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM member"
				      " WHERE pin_hash LIKE '$argon2id$v=19$m=19456,t=2,%'"), 1);
	/* and the upgraded hash still opens */
	assert_int_equal(member_authenticate(f->db, f->pepper, "1001", "1234",
					     &policy, &m, NULL),
			 SP_OK);
	member_free(m);
}

static int count_commit(void *arg)
{
	(*(int *)arg)++;
	return 0; /* 0: let the commit go ahead */
}

/* One sign-in: how many transactions it committed, how many rows it
 * changed. */
static void sign_in_writes(struct fixture *f, const char *badge,
			   const char *pin, enum sp_status want, int *commits,
			   int *changes)
{
	sqlite3 *conn = db_handle(f->db);
	struct member *m = NULL;
	int before = sqlite3_total_changes(conn);

	*commits = 0;
	sqlite3_commit_hook(conn, count_commit, commits);
	assert_int_equal(member_authenticate(f->db, f->pepper, badge, pin,
					     &policy, &m, NULL),
			 want);
	sqlite3_commit_hook(conn, NULL, NULL);
	*changes = sqlite3_total_changes(conn) - before;
	member_free(m);
}

/* A wrong PIN for a known badge and any unknown badge each commit one
 * write, so the time a refusal takes (an fsync) does not tell them
 * apart; what is written is a count per hour of refused sign-ins, which
 * staff can read. A right PIN with nothing to clear writes nothing. */
static void test_refusals_each_commit_one_write(void **state)
{
	struct fixture *f = *state;
	char id[UUID_STR_LEN];
	struct member_spec gone = {"1002", "李四", "", MEMBER_ROLE_MEMBER};
	struct member_signin_failures n;
	int commits, changes;

	add_zhang(f, id);
	assert_int_equal(member_add(f->db, f->pepper, &gone, "5678", NULL, NULL),
			 SP_OK);
	assert_int_equal(db_exec(f->db, "UPDATE member SET active = 0"
				 " WHERE member_no = '1002'"), SP_OK);

	sign_in_writes(f, "1001", "9876", SP_ERR_WRONG_PIN, &commits, &changes);
	assert_int_equal(commits, 1);
	assert_true(changes >= 1);
	sign_in_writes(f, "4040", "9876", SP_ERR_UNKNOWN_BADGE, &commits, &changes);
	assert_int_equal(commits, 1);
	assert_true(changes >= 1);
	sign_in_writes(f, "x;y", "9876", SP_ERR_UNKNOWN_BADGE, &commits, &changes);
	assert_int_equal(commits, 1);
	/* an inactive member is refused as unknown, and counted so */
	sign_in_writes(f, "1002", "5678", SP_ERR_UNKNOWN_BADGE, &commits, &changes);
	assert_int_equal(commits, 1);
	sign_in_writes(f, "1001", "1234", SP_OK, &commits, &changes);
	assert_int_equal(commits, 1); /* clears the one failure */
	sign_in_writes(f, "1001", "1234", SP_OK, &commits, &changes);
	assert_int_equal(commits, 0);
	assert_int_equal(changes, 0);

	/* what was written: counts in this hour, nothing typed */
	assert_int_equal(member_signin_failures(f->db, 0, 0, &n), SP_OK);
	assert_int_equal(n.unknown_badge, 3);
	assert_int_equal(n.wrong_pin, 1);
	assert_int_equal(n.last_ms, TESTUTIL_NOW_MS);
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM signin_failure"), 1);
	assert_int_equal(testutil_int(f->db,
				      "SELECT count(*) FROM signin_failure"
				      " WHERE window_start = '2026-11-23T01:00:00.000Z'"), 1);
	assert_int_equal(testutil_int(f->db, "SELECT count(*)"
				      " FROM pragma_table_info('signin_failure')"), 4);
	/* the next hour has its own row; a window reads the hours in it */
	clock_set_fixed_ms(TESTUTIL_NOW_MS + 90 * 60 * 1000);
	sign_in_writes(f, "4041", "1111", SP_ERR_UNKNOWN_BADGE, &commits, &changes);
	assert_int_equal(member_signin_failures(f->db, TESTUTIL_NOW_MS + 60 * 60 * 1000,
						0, &n), SP_OK);
	assert_int_equal(n.unknown_badge, 1);
	assert_int_equal(n.wrong_pin, 0);
	assert_int_equal(n.last_ms, TESTUTIL_NOW_MS + 90 * 60 * 1000);
	/* a window start inside an hour takes that hour whole */
	assert_int_equal(member_signin_failures(f->db, TESTUTIL_NOW_MS + 30 * 60 * 1000,
						TESTUTIL_NOW_MS + 60 * 60 * 1000, &n),
			 SP_OK);
	assert_int_equal(n.unknown_badge, 3);
	assert_int_equal(n.wrong_pin, 1);
	assert_int_equal(member_signin_failures(f->db, 0, 0, &n), SP_OK);
	assert_int_equal(n.unknown_badge, 4);
	/* lockout counters stay local: refusals make no sync change */
	assert_int_equal(testutil_int(f->db, "SELECT count(*) FROM change_log"
				      " WHERE tbl = 'signin_failure'"), 0);
}

static int collect(const struct member *m, void *ctx)
{
	char *buf = ctx;
	strcat(buf, m->member_no);
	strcat(buf, ",");
	return strcmp(m->member_no, "300") == 0; /* stop after 300 */
}

static void test_each_in_badge_order(void **state)
{
	struct fixture *f = *state;
	char seen[128] = "";
	static const char *const nos[] = {"300", "100", "200", "400"};

	for (size_t i = 0; i < 4; i++) {
		struct member_spec spec = {nos[i], "某人", "", MEMBER_ROLE_MEMBER};
		assert_int_equal(member_add(f->db, f->pepper, &spec, "1234", NULL,
					    NULL),
				 SP_OK);
	}
	assert_int_equal(member_each(f->db, collect, seen), SP_OK);
	assert_string_equal(seen, "100,200,300,");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_rows_written_by_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_badge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_writes_nothing, setup, teardown),
		cmocka_unit_test(test_validators),
		cmocka_unit_test_setup_teardown(test_authenticate_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_badge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_pin_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_each_commit_one_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_survives_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_lock_gives_fresh_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weak_hash_upgraded_on_sign_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_in_badge_order, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
