/* gen.c — generates a large station store for the benchmarks.
 *
 *   build/bench/gen PATH [MEMBERS [ENTRIES]]
 *
 * Writes a new store at PATH (10,000 members and 1,000,000 service entries
 * by default, spread over the year before 2026-11-23T01:00:00Z) and its
 * pepper at PATH.pepper. The data is the same on every run: the random
 * numbers come from libsodium's deterministic generator with a fixed seed.
 *
 * Shortcuts, so generation takes seconds rather than hours, none of which
 * changes what the kiosk later reads:
 *  - PINs: the first GEN_REAL_PINS members get their own Argon2id hash of
 *    PIN 1234 (as member add would make); every other member shares one
 *    copy of such a hash, because hashing 10,000 PINs at 19 MiB each would
 *    take about ten minutes. Every member can sign in with 1234.
 *  - Rows are inserted with prepared statements in one transaction, with
 *    PRAGMA synchronous = OFF and a large page cache for the generation
 *    only; the store is checkpointed and set back to synchronous = FULL
 *    before it is closed, so the benchmarks run with production settings.
 *  - Entries are inserted directly, not through entry.c, so their times
 *    can be set in the past. They obey the schema's rules: closed visits,
 *    logged hours (verified, pending or rejected), a few voids. Every
 *    verification, rejection and void is in the audit chain as staff
 *    actions are.
 * No ANALYZE is run: a station's store never has statistics either. */
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "activity.h"
#include "audit.h"
#include "brand.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "pin.h"
#include "station.h"
#include "uuid.h"

#define GEN_MEMBERS 10000
#define GEN_ENTRIES 1000000
#define GEN_REAL_PINS 10
#define GEN_PIN "1234"
#define GEN_NOW_MS INT64_C(1795395600000) /* 2026-11-23T01:00:00Z */
#define GEN_DAY_MS INT64_C(86400000)
#define GEN_SPAN_MS (365 * GEN_DAY_MS)
#define GEN_ACTIVITIES 3

static const char sql_gen_member[] =
	"INSERT INTO member(id, member_no, name, branch, role, pin_hash,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
static const char sql_gen_entry[] =
	"INSERT INTO service_entry(id, member_id, activity_id, kind, started_at,"
	" ended_at, minutes, round_minutes, note, status, verified_by,"
	" verified_at, reject_reason, voided_at, voided_by, void_reason,"
	" created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	" ?15, ?16, ?17, ?18)";

/* ---- reproducible random numbers ---- */

static unsigned char rng_buf[65536];
static size_t rng_pos = sizeof rng_buf;
static uint64_t rng_block;

static uint32_t rng_u32(void)
{
	uint32_t v;
	if (rng_pos + sizeof v > sizeof rng_buf) {
		unsigned char seed[randombytes_SEEDBYTES] = "svcpoint bench";
		memcpy(seed + 16, &rng_block, sizeof rng_block);
		rng_block++;
		randombytes_buf_deterministic(rng_buf, sizeof rng_buf, seed);
		rng_pos = 0;
	}
	memcpy(&v, rng_buf + rng_pos, sizeof v);
	rng_pos += sizeof v;
	return v;
}

/* Uniform in [0, n). The modulo bias is irrelevant here. */
static uint32_t rng_below(uint32_t n)
{
	return n ? rng_u32() % n : 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *what, enum sp_status status, struct db *db)
{
	fprintf(stderr, "gen: %s: %s (%s)\n", what, status_name(status),
		db ? db_errmsg(db) : "");
	return 1;
}

/* ---- members ---- */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
	"徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
	"欧阳", "司马",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
	"建国", "红", "志强", "桂英", "玉兰",
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

struct gen {
	struct db *db;
	int members;
	int entries;
	char (*member_ids)[UUID_STR_LEN];
	char staff_id[UUID_STR_LEN];
	char activity_ids[GEN_ACTIVITIES][UUID_STR_LEN];
};

static enum sp_status gen_members(struct gen *g, const unsigned char *pepper)
{
	char shared_hash[PIN_HASH_LEN];
	char hash[PIN_HASH_LEN];
	char no[16], name[64], branch[32], now[CLOCK_UTC_LEN];
	enum sp_status status;

	status = pin_hash(pepper, GEN_PIN, shared_hash);
	if (status != SP_OK)
		return status;
	clock_format_utc(GEN_NOW_MS - GEN_SPAN_MS - GEN_DAY_MS, now);
	for (int i = 0; i < g->members; i++) {
		const char *role = i % 100 == 0 ? "staff" : "member";
		const char *pin = shared_hash;

		if (i < GEN_REAL_PINS) {
			status = pin_hash(pepper, GEN_PIN, hash);
			if (status != SP_OK)
				return status;
			pin = hash;
		}
		clock_set_fixed_ms(GEN_NOW_MS - GEN_SPAN_MS - GEN_DAY_MS + i);
		uuid_v7_new(g->member_ids[i]);
		snprintf(no, sizeof no, "%d", 100001 + i);
		snprintf(name, sizeof name, "%s%s%s",
			 surnames[rng_below(COUNT_OF(surnames))],
			 given[rng_below(COUNT_OF(given))],
			 rng_below(2) ? given[rng_below(COUNT_OF(given))] : "");
		snprintf(branch, sizeof branch, "第%d支部", 1 + i % 12);

		sqlite3_stmt *stmt = db_stmt(g->db, sql_gen_member);
		if (!stmt)
			return SP_ERR_DB;
		sqlite3_bind_text(stmt, 1, g->member_ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, no, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, branch, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, role, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, pin, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, now, -1, SQLITE_STATIC);
		int rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			return db_status_from_rc(rc);
	}
	memcpy(g->staff_id, g->member_ids[0], UUID_STR_LEN);
	return SP_OK;
}

/* ---- entries ---- */

enum gen_kind { GEN_VISIT, GEN_VERIFIED, GEN_PENDING, GEN_REJECTED };

static enum sp_status gen_entries(struct gen *g)
{
	static const char *const notes[] = {
		"", "", "", "值班接待", "整理图书", "清理小广告", "政策宣讲",
		"结对帮扶走访", "主题党日活动",
	};
	int64_t start = GEN_NOW_MS - GEN_SPAN_MS;
	int64_t end = GEN_NOW_MS - 3600 * 1000;
	uint32_t mean_gap = (uint32_t)((end - start) / g->entries);
	int64_t t = start;
	char id[UUID_STR_LEN];
	char started[CLOCK_UTC_LEN], ended[CLOCK_UTC_LEN];
	char verified[CLOCK_UTC_LEN], voided[CLOCK_UTC_LEN];
	enum sp_status status;

	for (int i = 0; i < g->entries; i++) {
		t += rng_below(2 * mean_gap + 1);
		if (t > end)
			t = end;
		const char *member = g->member_ids[rng_below((uint32_t)g->members)];
		const char *activity = g->activity_ids[rng_below(GEN_ACTIVITIES)];
		uint32_t r = rng_below(1000);
		enum gen_kind kind = r < 850 ? GEN_VISIT
				   : r < 950 ? GEN_VERIFIED
				   : r < 985 ? GEN_PENDING
					     : GEN_REJECTED;
		bool void_it = kind != GEN_PENDING && rng_below(200) == 0;
		int64_t begin_ms, minutes;
		int round;

		if (kind == GEN_VISIT) {
			begin_ms = t;
			minutes = 15 + rng_below(226);
			round = 1;
		} else {
			/* logged hours start at the local midnight of their day */
			begin_ms = clock_local_day_start(t);
			minutes = 30 * (1 + rng_below(8));
			round = 30;
		}
		clock_format_utc(begin_ms, started);
		clock_format_utc(begin_ms + minutes * 60000, ended);
		clock_format_utc(t + GEN_DAY_MS / 2, verified);
		clock_format_utc(t + GEN_DAY_MS, voided);
		clock_set_fixed_ms(t);
		uuid_v7_new(id);

		sqlite3_stmt *stmt = db_stmt(g->db, sql_gen_entry);
		if (!stmt)
			return SP_ERR_DB;
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, member, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, activity, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, kind == GEN_VISIT ? "visit" : "logged", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, started, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, ended, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 7, minutes);
		sqlite3_bind_int(stmt, 8, round);
		sqlite3_bind_text(stmt, 9,
				  kind == GEN_VISIT ? notes[rng_below(COUNT_OF(notes))]
						    : "服务时长登记",
				  -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 10,
				  kind == GEN_VISIT      ? "closed"
				  : kind == GEN_VERIFIED ? "verified"
				  : kind == GEN_PENDING  ? "pending"
							 : "rejected",
				  -1, SQLITE_STATIC);
		if (kind == GEN_VERIFIED || kind == GEN_REJECTED) {
			sqlite3_bind_text(stmt, 11, g->staff_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 12, verified, -1, SQLITE_STATIC);
		}
		if (kind == GEN_REJECTED)
			sqlite3_bind_text(stmt, 13, "时长与记录不符", -1, SQLITE_STATIC);
		if (void_it) {
			sqlite3_bind_text(stmt, 14, voided, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 15, g->staff_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 16, "录入错误", -1, SQLITE_STATIC);
		}
		sqlite3_bind_text(stmt, 17, started, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 18, void_it ? voided : started, -1,
				  SQLITE_STATIC);
		int rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			return db_status_from_rc(rc);

		/* the staff actions are audited, as entry.c does */
		if (kind == GEN_VERIFIED || kind == GEN_REJECTED) {
			clock_set_fixed_ms(t + GEN_DAY_MS / 2);
			status = audit_append(g->db, g->staff_id,
					      kind == GEN_VERIFIED ? "entry.verify"
								   : "entry.reject",
					      id, "");
			if (status != SP_OK)
				return status;
		}
		if (void_it) {
			clock_set_fixed_ms(t + GEN_DAY_MS);
			status = audit_append(g->db, g->staff_id, "entry.void", id,
					      "录入错误");
			if (status != SP_OK)
				return status;
		}
	}
	return SP_OK;
}

/* ---- the rest of a station ---- */

static enum sp_status gen_station(struct gen *g)
{
	static const struct {
		const char *code, *name, *name_en;
	} activities[GEN_ACTIVITIES] = {
		{ "duty", "服务点值班", "Service desk duty" },
		{ "volunteer", "志愿服务", "Volunteer service" },
		{ "theme_day", "主题党日", "Theme party day" },
	};
	struct config cfg;
	enum sp_status status;
	char now[CLOCK_UTC_LEN];

	clock_set_fixed_ms(GEN_NOW_MS - GEN_SPAN_MS - 2 * GEN_DAY_MS);
	config_defaults(&cfg);
	snprintf(cfg.station_id, sizeof cfg.station_id, "bench-001");
	snprintf(cfg.station_name, sizeof cfg.station_name, "基准测试党员服务点");
	status = station_ensure(g->db, &cfg, NULL);
	if (status != SP_OK)
		return status;
	status = brand_set_field(g->db, "name", "红色驿站", NULL);
	if (status == SP_OK)
		status = brand_set_field(g->db, "slogan", "党员亮身份 服务亮承诺", NULL);
	for (int i = 0; status == SP_OK && i < GEN_ACTIVITIES; i++)
		status = activity_add(g->db, activities[i].code, activities[i].name,
				      activities[i].name_en, i + 1, NULL,
				      g->activity_ids[i]);
	if (status != SP_OK)
		return status;
	clock_format_utc(GEN_NOW_MS, now);
	status = db_begin(g->db);
	if (status == SP_OK)
		status = db_setting_set(g->db, "bench.now", now);
	if (status == SP_OK)
		status = db_commit(g->db);
	return status;
}

static void remove_store(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal",
						".pepper" };
	char name[4096];
	for (size_t i = 0; i < COUNT_OF(suffixes); i++) {
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		unlink(name);
	}
}

int main(int argc, char **argv)
{
	struct gen g = { .members = GEN_MEMBERS, .entries = GEN_ENTRIES };
	unsigned char pepper[PIN_PEPPER_BYTES];
	char pepper_path[4096];
	char *detail = NULL;
	enum sp_status status;
	struct stat st;
	double t0, t1, t2, t3;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: %s PATH [MEMBERS [ENTRIES]]\n", argv[0]);
		return 2;
	}
	if (argc > 2)
		g.members = atoi(argv[2]);
	if (argc > 3)
		g.entries = atoi(argv[3]);
	if (g.members < 1 || g.entries < 1) {
		fprintf(stderr, "gen: MEMBERS and ENTRIES must be positive\n");
		return 2;
	}
	if (!setlocale(LC_ALL, "C.UTF-8") || sodium_init() < 0 ||
	    clock_set_timezone("Asia/Shanghai") != SP_OK) {
		fprintf(stderr, "gen: cannot set up locale, libsodium or zone\n");
		return 1;
	}
	g.member_ids = calloc((size_t)g.members, UUID_STR_LEN);
	if (!g.member_ids)
		return fail("memory", SP_ERR_NOMEM, NULL);

	remove_store(argv[1]);
	snprintf(pepper_path, sizeof pepper_path, "%s.pepper", argv[1]);
	status = pin_pepper_create(pepper_path);
	if (status == SP_OK)
		status = pin_pepper_load(pepper_path, pepper);
	if (status != SP_OK)
		return fail("pepper", status, NULL);

	t0 = now_s();
	status = db_open(argv[1], DB_OPEN_CREATE, &g.db, &detail);
	if (status != SP_OK) {
		fprintf(stderr, "gen: %s: %s %s\n", argv[1], status_name(status),
			detail ? detail : "");
		free(detail);
		return 1;
	}
	status = gen_station(&g);
	if (status != SP_OK)
		return fail("station", status, g.db);

	/* generation only: the one place synchronous is relaxed */
	if (db_exec(g.db, "PRAGMA synchronous = OFF") != SP_OK ||
	    db_exec(g.db, "PRAGMA cache_size = -262144") != SP_OK)
		return fail("pragmas", SP_ERR_DB, g.db);
	status = db_begin(g.db);
	if (status == SP_OK)
		status = gen_members(&g, pepper);
	t1 = now_s();
	if (status == SP_OK)
		status = gen_entries(&g);
	if (status == SP_OK)
		status = db_commit(g.db);
	if (status != SP_OK) {
		db_rollback(g.db);
		return fail("rows", status, g.db);
	}
	t2 = now_s();
	if (db_exec(g.db, "PRAGMA wal_checkpoint(TRUNCATE)") != SP_OK ||
	    db_exec(g.db, "PRAGMA synchronous = FULL") != SP_OK)
		return fail("checkpoint", SP_ERR_DB, g.db);
	db_close(g.db);
	t3 = now_s();
	sodium_memzero(pepper, sizeof pepper);
	free(g.member_ids);

	if (stat(argv[1], &st) != 0)
		return fail("stat", SP_ERR_IO, NULL);
	printf("generated %s\n", argv[1]);
	printf("  %-34s %12d\n", "members", g.members);
	printf("  %-34s %12d\n", "service entries", g.entries);
	printf("  %-34s %12.1f\n", "store size (MiB)", st.st_size / 1048576.0);
	printf("  %-34s %12.1f\n", "members incl. PIN hashes (s)", t1 - t0);
	printf("  %-34s %12.1f\n", "entries and audit rows (s)", t2 - t1);
	printf("  %-34s %12.1f\n", "checkpoint and close (s)", t3 - t2);
	return 0;
}
