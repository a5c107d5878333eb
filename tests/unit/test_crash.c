/* test_crash.c — kill -9 at any moment loses nothing confirmed and
 * corrupts nothing.
 *
 * A child process checks a member in and out (and now and then a staff
 * member voids an entry, which also appends to the audit log), one
 * transaction at a time, through the same core calls the kiosk uses. After
 * each call returns it writes the id it committed to a pipe: that is the
 * moment the kiosk would show "saved". The parent kills the child with
 * SIGKILL after a random delay, reopens the store and requires a clean
 * integrity check, an intact audit chain, and every reported id on record
 * in at least the state reported. 20 rounds; 500 with STRESS=1 (make
 * stress). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "entry.h"
#include "testutil.h"

#define ROUNDS 20
#define STRESS_ROUNDS 500
#define MAX_DELAY_US 250000u       /* the kill lands within this after fork */
#define CHILD_MAX_OPS 100000       /* a child left alone stops by itself */
#define ROUND_SPAN_MS (INT64_C(6) * 3600 * 1000)
#define LINE_LEN (2 + UUID_STR_LEN) /* "I <uuid>\n" */

static const char sql_entry_state[] =
	"SELECT status, ended_at IS NOT NULL, voided_at IS NOT NULL"
	" FROM service_entry WHERE id = ?1";
static const char sql_entry_count[] = "SELECT count(*) FROM service_entry";

static const struct entry_rules crash_rules = {
	.round_minutes = 1,
	.max_session_hours = 24, /* an entry left open by a killed child
				   is closed by the next one, hours later */
	.backfill_days = 7,
	.max_hours_per_day = 12,
};

struct crash_fixture {
	char *dir;
	char *path;
	char member[UUID_STR_LEN];
	char staff[UUID_STR_LEN];
	char activity[UUID_STR_LEN];
};

static bool child_report(int fd, char kind, const char *id)
{
	char line[LINE_LEN + 1];
	int n = snprintf(line, sizeof line, "%c %s\n", kind, id);
	/* one write of fewer than PIPE_BUF bytes is atomic */
	return write(fd, line, (size_t)n) == n;
}

/* The child: never returns. It works until it is killed; exiting by itself
 * (any status) is a failure the parent reports. */
static void child_run(const struct crash_fixture *fx, int fd, int round)
{
	struct db *db = NULL;
	char id[UUID_STR_LEN];
	int closed = 0;

	if (db_open(fx->path, 0, &db, NULL) != SP_OK)
		_exit(10);
	for (int i = 0; i < CHILD_MAX_OPS; i++) {
		enum sp_status status;
		clock_set_fixed_ms(TESTUTIL_NOW_MS + round * ROUND_SPAN_MS +
				   (int64_t)i * 1000);
		status = entry_check_in(db, fx->member, fx->activity, "巡查", id);
		if (status == SP_OK) {
			if (!child_report(fd, 'I', id))
				_exit(11);
			continue;
		}
		if (status != SP_ERR_ALREADY_OPEN)
			_exit(12);
		if (entry_check_out(db, fx->member, &crash_rules, id) != SP_OK)
			_exit(13);
		if (!child_report(fd, 'O', id))
			_exit(14);
		/* every third closed visit is voided by staff: the entry's
		 * update and its audit row in one transaction */
		if (++closed % 3 == 0) {
			if (entry_void(db, id, fx->staff, "测试作废") != SP_OK)
				_exit(15);
			if (!child_report(fd, 'V', id))
				_exit(16);
		}
	}
	db_close(db);
	_exit(0);
}

struct report {
	char *data;
	size_t len;
	size_t cap;
};

static void report_read(struct report *r, int fd)
{
	for (;;) {
		if (r->cap - r->len < 4096) {
			r->cap = r->cap ? r->cap * 2 : 65536;
			r->data = realloc(r->data, r->cap);
			assert_non_null(r->data);
		}
		ssize_t n = read(fd, r->data + r->len, r->cap - r->len - 1);
		if (n > 0) {
			r->len += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return; /* EOF: the child is dead and the pipe drained */
	}
}

static int64_t monotonic_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Reads what the child reports until the deadline, so the pipe never
 * fills up and stalls it. */
static void report_until(struct report *r, int fd, int64_t deadline_us)
{
	for (;;) {
		int64_t left = deadline_us - monotonic_us();
		if (left <= 0)
			return;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int timeout_ms = (int)((left + 999) / 1000);
		int rc = poll(&pfd, 1, timeout_ms);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return;
		if (r->cap - r->len < 4096) {
			r->cap = r->cap ? r->cap * 2 : 65536;
			r->data = realloc(r->data, r->cap);
			assert_non_null(r->data);
		}
		ssize_t n = read(fd, r->data + r->len, r->cap - r->len - 1);
		if (n > 0)
			r->len += (size_t)n;
		else if (n == 0 || (n < 0 && errno != EINTR))
			return; /* the child is gone */
	}
}

/* Checks every complete line of the report against the reopened store.
 * Returns the number of ids checked. */
static int verify_report(struct db *db, struct report *r)
{
	int checked = 0;
	char *line = r->data;

	r->data[r->len] = '\0';
	while (line && *line) {
		char *nl = strchr(line, '\n');
		if (!nl)
			break; /* a torn last line cannot happen: writes are atomic */
		*nl = '\0';
		assert_int_equal(strlen(line), LINE_LEN - 1);
		char kind = line[0];
		const char *id = line + 2;
		sqlite3_stmt *stmt = db_stmt(db, sql_entry_state);
		assert_non_null(stmt);
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		int rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(stmt);
			fail_msg("confirmed entry %s (%c) is missing", id, kind);
		}
		const char *status = (const char *)sqlite3_column_text(stmt, 0);
		bool ended = sqlite3_column_int(stmt, 1) != 0;
		bool voided = sqlite3_column_int(stmt, 2) != 0;
		bool ok = kind == 'I' ||
			  (kind == 'O' && ended && strcmp(status, "closed") == 0) ||
			  (kind == 'V' && voided);
		sqlite3_reset(stmt);
		if (!ok)
			fail_msg("confirmed change %c of %s is missing", kind, id);
		checked++;
		line = nl + 1;
	}
	return checked;
}

/* One child, one kill, one check. Returns the confirmed changes checked. */
static int run_round(const struct crash_fixture *fx, int round)
{
	struct report rep = { 0 };
	struct db *db = NULL;
	char *detail = NULL;
	int fds[2];
	int wstatus = 0;
	pid_t pid;
	enum sp_status status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child_run(fx, fds[1], round);
	}
	close(fds[1]);
	uint32_t delay_us = randombytes_uniform(MAX_DELAY_US);
	report_until(&rep, fds[0], monotonic_us() + delay_us);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	/* whatever the child wrote before it died is still in the pipe */
	report_read(&rep, fds[0]);
	close(fds[0]);
	if (WIFEXITED(wstatus))
		fail_msg("round %d: the child stopped by itself with status %d",
			 round, WEXITSTATUS(wstatus));
	assert_true(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL);

	status = db_open(fx->path, 0, &db, &detail);
	if (status != SP_OK)
		fail_msg("round %d: reopen: %s %s", round, status_name(status),
			 detail ? detail : "");
	free(detail);
	status = db_integrity_check(db, &detail);
	if (status != SP_OK)
		fail_msg("round %d: integrity: %s", round, detail ? detail : "");
	assert_int_equal(db_check_health(db, NULL), SP_OK);
	assert_int_equal(audit_verify(db, NULL), SP_OK);
	int checked = rep.len > 0 ? verify_report(db, &rep) : 0;
	db_close(db);
	free(rep.data);
	return checked;
}

static void test_kill_at_random_moments(void **state)
{
	struct crash_fixture fx;
	const char *stress = getenv("STRESS");
	int rounds = stress && strcmp(stress, "1") == 0 ? STRESS_ROUNDS : ROUNDS;
	struct db *db;
	(void)state;

	memset(&fx, 0, sizeof fx);
	fx.dir = testutil_tmpdir_dup();
	fx.path = testutil_path_dup(fx.dir, "svcpoint.db");
	db = testutil_db_new(fx.dir);
	testutil_insert_member(db, "A0001", "王小明", "member", fx.member);
	testutil_insert_member(db, "S0001", "李值班", "staff", fx.staff);
	testutil_insert_activity(db, "duty", "值班", fx.activity);
	/* no connection may cross a fork */
	db_close(db);

	int checked = 0;
	for (int round = 0; round < rounds; round++)
		checked += run_round(&fx, round);

	/* the rounds did real work: changes were confirmed and survived */
	assert_true(checked > 0);
	db = testutil_db_new(fx.dir);
	sqlite3_stmt *stmt = db_stmt(db, sql_entry_count);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_true(sqlite3_column_int64(stmt, 0) > 0);
	sqlite3_reset(stmt);
	db_close(db);
	free(fx.path);
	testutil_rmdir(fx.dir);
	free(fx.dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_at_random_moments),
	};
	testutil_init();
	/* a child killed mid-write must not take the parent with it */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
