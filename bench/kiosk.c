/* kiosk.c — times the kiosk's work on a large station store.
 *
 *   build/bench/kiosk PATH [PEPPER]
 *
 * PATH is a store made by bench/gen (bench/run.sh hands over a scratch
 * copy: this program writes check-ins to it). Every figure is measured
 * through the same core calls the kiosk makes, with the store's production
 * settings (WAL, synchronous = FULL), and printed as one table: runs,
 * median, 95th percentile and slowest, in milliseconds.
 *
 * The clock is frozen at the instant the generator recorded (bench.now),
 * so "this month" holds a month of generated entries. Key-to-screen
 * latency of the TUI is not measured here (see docs/performance.md). */
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "brand.h"
#include "clock.h"
#include "db.h"
#include "entry.h"
#include "member.h"
#include "pin.h"
#include "points.h"

#define FIRST_MEMBER_NO 100001
#define BENCH_PIN "1234"

/* The month ledger (月检查) has no core call yet: this is the query such a
 * call would make, through the started_at index. */
static const char sql_bench_month_ledger[] =
	"SELECT member_id, SUM(minutes), count(*) FROM service_entry"
	" WHERE started_at >= ?1 AND started_at < ?2 AND voided_at IS NULL"
	" AND status IN ('closed','verified') GROUP BY member_id";

struct series {
	const char *name;
	double *ms;
	int n;
	int cap;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void series_add(struct series *s, double ms)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->ms = realloc(s->ms, (size_t)s->cap * sizeof *s->ms);
		if (!s->ms) {
			fprintf(stderr, "kiosk bench: out of memory\n");
			exit(1);
		}
	}
	s->ms[s->n++] = ms;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void series_print(struct series *s)
{
	if (s->n == 0) {
		printf("| %-44s | %5s | %9s | %9s | %9s |\n", s->name, "-", "-", "-",
		       "-");
		return;
	}
	qsort(s->ms, (size_t)s->n, sizeof *s->ms, compare_double);
	double median = s->n % 2 ? s->ms[s->n / 2]
				 : (s->ms[s->n / 2 - 1] + s->ms[s->n / 2]) / 2;
	int p95 = (int)((s->n - 1) * 0.95 + 0.5);
	printf("| %-44s | %5d | %9.3f | %9.3f | %9.3f |\n", s->name, s->n, median,
	       s->ms[p95], s->ms[s->n - 1]);
	free(s->ms);
	s->ms = NULL;
}

static void die(const char *what, enum sp_status status)
{
	fprintf(stderr, "kiosk bench: %s: %s\n", what, status_name(status));
	exit(1);
}

static int random_member_no(char *buf, size_t size, int members)
{
	return snprintf(buf, size, "%d",
			FIRST_MEMBER_NO + (int)randombytes_uniform((uint32_t)members));
}

static int count_entry(const struct entry *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return 0;
}

static int count_members(const struct member *m, void *ctx)
{
	(void)m;
	(*(int *)ctx)++;
	return 0;
}

int main(int argc, char **argv)
{
	struct series open_s = { .name = "open store (pragmas, version)" };
	struct series health_s = { .name = "start-up health check (quick_check)" };
	struct series frame_s = { .name = "first frame data (brand, activities, badge)" };
	struct series start_s = { .name = "start-up total (open + check + first frame)" };
	struct series badge_s = { .name = "badge lookup (member_find_by_no)" };
	struct series unknown_s = { .name = "unknown badge lookup" };
	struct series pin_s = { .name = "PIN check (member_authenticate)" };
	struct series wrong_s = { .name = "wrong PIN, known badge (refused, counted)" };
	struct series nobody_s = { .name = "unknown badge sign-in (refused, counted)" };
	struct series in_s = { .name = "check-in commit (entry_check_in)" };
	struct series out_s = { .name = "check-out commit (entry_check_out)" };
	struct series totals_s = { .name = "month totals of a member (entry_totals_for)" };
	struct series points_s = { .name = "points of a member (points_for_member)" };
	struct series record_s = { .name = "my record: count and first page (entry_page_for)" };
	struct series ledger_s = { .name = "month ledger of all members (SQL)" };
	const struct entry_rules rules = {
		.round_minutes = 1, .max_session_hours = 12,
		.backfill_days = 7, .max_hours_per_day = 12,
	};
	const struct points_rules points_rules = {
		.per_hour = 1, .per_commitment = 2, .daily_cap = 8,
	};
	const struct member_lockout lockout = { .max_failed_pins = 5,
						.lock_minutes = 15 };
	unsigned char pepper[PIN_PEPPER_BYTES];
	char pepper_path[4096];
	char no[32];
	struct db *db = NULL;
	char *detail = NULL;
	char *bench_now = NULL;
	int64_t anchor;
	int members = 0;
	enum sp_status status;
	double t;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s PATH [PEPPER]\n", argv[0]);
		return 2;
	}
	snprintf(pepper_path, sizeof pepper_path, "%s.pepper", argv[1]);
	if (!setlocale(LC_ALL, "C.UTF-8") || sodium_init() < 0 ||
	    clock_set_timezone("Asia/Shanghai") != SP_OK) {
		fprintf(stderr, "kiosk bench: cannot set up locale, libsodium or zone\n");
		return 1;
	}
	status = pin_pepper_load(argc > 2 ? argv[2] : pepper_path, pepper);
	if (status != SP_OK)
		die("pepper", status);

	/* start-up, as the kiosk does it: open, check, read the home screen */
	for (int i = 0; i < 5; i++) {
		struct brand *brand = NULL;
		struct activity *acts = NULL;
		size_t n_acts = 0;

		struct member *m = NULL;
		double start = now_ms();
		t = start;
		status = db_open(argv[1], 0, &db, &detail);
		if (status != SP_OK) {
			fprintf(stderr, "kiosk bench: %s: %s %s\n", argv[1],
				status_name(status), detail ? detail : "");
			return 1;
		}
		series_add(&open_s, now_ms() - t);
		t = now_ms();
		status = db_check_health(db, &detail);
		if (status != SP_OK)
			die(detail ? detail : "health", status);
		series_add(&health_s, now_ms() - t);
		t = now_ms();
		status = brand_get(db, &brand);
		if (status == SP_OK)
			status = activity_list(db, false, &acts, &n_acts);
		if (status == SP_OK)
			status = member_find_by_no(db, "100001", &m);
		if (status != SP_OK)
			die("first frame", status);
		series_add(&frame_s, now_ms() - t);
		series_add(&start_s, now_ms() - start);
		member_free(m);
		brand_free(brand);
		activity_list_free(acts, n_acts);
		if (i < 4)
			db_close(db);
	}

	status = db_setting_get_dup(db, "bench.now", &bench_now);
	if (status != SP_OK || clock_parse_utc(bench_now, &anchor) != SP_OK)
		die("bench.now (was the store made by bench/gen?)", status);
	free(bench_now);
	clock_set_fixed_ms(anchor);
	member_each(db, count_members, &members);
	if (members < 1)
		die("no members", SP_ERR_NOT_FOUND);

	for (int i = 0; i < 2000; i++) {
		struct member *m = NULL;
		random_member_no(no, sizeof no, members);
		t = now_ms();
		status = member_find_by_no(db, no, &m);
		series_add(&badge_s, now_ms() - t);
		if (status != SP_OK)
			die("badge lookup", status);
		member_free(m);
		snprintf(no, sizeof no, "X%d", i);
		t = now_ms();
		status = member_find_by_no(db, no, &m);
		series_add(&unknown_s, now_ms() - t);
		if (status != SP_ERR_NOT_FOUND)
			die("unknown badge lookup", status);
	}

	for (int i = 0; i < 5; i++) {
		struct member *m = NULL;
		int64_t locked = 0;
		snprintf(no, sizeof no, "%d", FIRST_MEMBER_NO + i);
		t = now_ms();
		status = member_authenticate(db, pepper, no, BENCH_PIN, &lockout, &m,
					     &locked);
		series_add(&pin_s, now_ms() - t);
		if (status != SP_OK)
			die("PIN check", status);
		member_free(m);
	}

	/* refusals: a wrong PIN for a known badge and a badge that does not
	 * exist should cost the same (the same Argon2id work, one committed
	 * count each); one wrong PIN per member, so none is locked */
	for (int i = 0; i < 20; i++) {
		struct member *m = NULL;
		int64_t locked = 0;

		snprintf(no, sizeof no, "%d", FIRST_MEMBER_NO + 1000 + i);
		t = now_ms();
		status = member_authenticate(db, pepper, no, "0000", &lockout, &m,
					     &locked);
		series_add(&wrong_s, now_ms() - t);
		if (status != SP_ERR_WRONG_PIN)
			die("wrong PIN", status);
		snprintf(no, sizeof no, "Z%d", i);
		t = now_ms();
		status = member_authenticate(db, pepper, no, "0000", &lockout, &m,
					     &locked);
		series_add(&nobody_s, now_ms() - t);
		if (status != SP_ERR_UNKNOWN_BADGE)
			die("unknown badge sign-in", status);
	}

	/* check-in and check-out of distinct members, each a full commit
	 * with synchronous = FULL */
	for (int i = 0; i < 50; i++) {
		struct member *m = NULL;
		struct activity *acts = NULL;
		size_t n_acts = 0;
		char id[UUID_STR_LEN];

		snprintf(no, sizeof no, "%d", FIRST_MEMBER_NO + members - 1 - i);
		if (member_find_by_no(db, no, &m) != SP_OK ||
		    activity_list(db, false, &acts, &n_acts) != SP_OK || n_acts == 0)
			die("check-in setup", SP_ERR_NOT_FOUND);
		clock_set_fixed_ms(anchor + i * 60000);
		t = now_ms();
		status = entry_check_in(db, m->id, acts[0].id, NULL, id);
		series_add(&in_s, now_ms() - t);
		if (status != SP_OK)
			die("check-in", status);
		clock_set_fixed_ms(anchor + i * 60000 + 45 * 60000);
		t = now_ms();
		status = entry_check_out(db, m->id, &rules, id);
		series_add(&out_s, now_ms() - t);
		if (status != SP_OK)
			die("check-out", status);
		member_free(m);
		activity_list_free(acts, n_acts);
	}
	clock_set_fixed_ms(anchor);

	for (int i = 0; i < 200; i++) {
		struct member *m = NULL;
		struct entry_totals totals;
		struct points_summary points;
		int seen = 0, count = 0;

		random_member_no(no, sizeof no, members);
		if (member_find_by_no(db, no, &m) != SP_OK)
			die("member", SP_ERR_NOT_FOUND);
		t = now_ms();
		status = entry_totals_for(db, m->id, anchor, &totals);
		series_add(&totals_s, now_ms() - t);
		if (status != SP_OK)
			die("totals", status);
		t = now_ms();
		status = points_for_member(db, m->id, &points_rules, anchor, &points);
		series_add(&points_s, now_ms() - t);
		if (status != SP_OK)
			die("points", status);
		/* what the record screen reads on entering: the length of the
		 * history and its newest page */
		t = now_ms();
		status = entry_count_for(db, m->id, &count);
		if (status == SP_OK)
			status = entry_page_for(db, m->id, NULL, ENTRY_PAGE_OLDER,
						24, count_entry, &seen);
		series_add(&record_s, now_ms() - t);
		member_free(m);
		if (status != SP_OK)
			die("record", status);
	}

	/* last full month before the anchor, every member */
	int64_t month_end = clock_local_month_start(anchor);
	int64_t month_start = clock_local_month_start(month_end - 1);
	char from[CLOCK_UTC_LEN], to[CLOCK_UTC_LEN];
	clock_format_utc(month_start, from);
	clock_format_utc(month_end, to);
	for (int i = 0; i < 5; i++) {
		int rows = 0, rc;
		sqlite3_stmt *stmt = db_stmt(db, sql_bench_month_ledger);
		if (!stmt)
			die("ledger", SP_ERR_DB);
		t = now_ms();
		sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			rows++;
		sqlite3_reset(stmt);
		series_add(&ledger_s, now_ms() - t);
		if (rc != SQLITE_DONE || rows == 0)
			die("ledger", db_status_from_rc(rc));
	}
	db_close(db);
	sodium_memzero(pepper, sizeof pepper);

	printf("| %-44s | %5s | %9s | %9s | %9s |\n", "kiosk operation", "runs",
	       "median ms", "p95 ms", "max ms");
	printf("|----------------------------------------------|-------|"
	       "-----------|-----------|-----------|\n");
	series_print(&open_s);
	series_print(&health_s);
	series_print(&frame_s);
	series_print(&start_s);
	series_print(&badge_s);
	series_print(&unknown_s);
	series_print(&pin_s);
	series_print(&wrong_s);
	series_print(&nobody_s);
	series_print(&in_s);
	series_print(&out_s);
	series_print(&totals_s);
	series_print(&points_s);
	series_print(&record_s);
	series_print(&ledger_s);
	return 0;
}
