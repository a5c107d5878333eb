/* test_bundle.c — signed offline bundles without a central: the round
 * trip, a one-byte change anywhere, every truncation, the wrong key; and
 * the station key file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle.h"
#include "config.h"
#include "db.h"
#include "station_key.h"
#include "sync.h"
#include "testutil.h"

struct fixture {
	char *dir;
	char *path;
	struct station_key key;
	struct sync_batch *batch;
};

static void make_key(struct station_key *key)
{
	assert_int_equal(crypto_sign_keypair(key->pk, key->sk), 0);
}

/* Two rows, one with a NULL, text needing JSON escapes and Chinese. */
static struct sync_batch *make_batch(void)
{
	const char *entry[20] = {
		"01900000-0000-7000-8000-0000000000e1",
		"01900000-0000-7000-8000-0000000000a1",
		"01900000-0000-7000-8000-0000000000c1", NULL, "logged",
		"2026-11-23T01:00:00.000Z", "2026-11-23T02:00:00.000Z", "60", "1",
		"送书 \"上门\"\n\\第二行\t", "pending", NULL, NULL, NULL, NULL, NULL,
		NULL, NULL, "2026-11-23T01:00:00.000Z", "2026-11-23T01:00:00.000Z",
	};
	const char *feedback[5] = {
		"01900000-0000-7000-8000-0000000000b1", NULL, "5", "很满意",
		"2026-11-23T01:00:00.000Z",
	};
	struct sync_batch *b = sync_batch_new();

	assert_non_null(b);
	b->after_seq = 10;
	b->last_seq = 14;
	b->changes = 4;
	assert_int_equal(sync_batch_add_row(b, SYNC_SERVICE_ENTRY, 12,
					    sync_row_values_new(20, entry)), SP_OK);
	assert_int_equal(sync_batch_add_row(b, SYNC_FEEDBACK, 14,
					    sync_row_values_new(5, feedback)), SP_OK);
	assert_int_equal(sync_batch_add_range(b, 11, 12), SP_OK);
	assert_int_equal(sync_batch_add_seq(b, 14), SP_OK);
	return b;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = testutil_tmpdir_dup();
	f->path = testutil_path_dup(f->dir, "shift.bundle");
	make_key(&f->key);
	f->batch = make_batch();
	assert_int_equal(bundle_write(f->path, "st-01", &f->key, f->batch), SP_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	sync_batch_free(f->batch);
	testutil_rmdir(f->dir);
	free(f->path);
	free(f->dir);
	station_key_wipe(&f->key);
	free(f);
	return 0;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static void write_all(const char *path, const char *buf, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, len, fp), len);
	fclose(fp);
}

/* Open and verify; the first failing status, or SP_OK. */
static enum sp_status open_verify(const char *path, const unsigned char *pk)
{
	struct bundle *b = NULL;
	enum sp_status status = bundle_open(path, &b);
	if (status == SP_OK)
		status = bundle_verify(b, pk);
	bundle_free(b);
	return status;
}

static void test_round_trip_keeps_every_value(void **state)
{
	struct fixture *f = *state;
	struct bundle *b = NULL;
	struct bundle_info info;
	const struct sync_batch *got;

	assert_int_equal(bundle_open(f->path, &b), SP_OK);
	assert_string_equal(bundle_station_id(b), "st-01");
	assert_null(bundle_batch(b));
	assert_int_equal(bundle_verify(b, f->key.pk), SP_OK);
	bundle_get_info(b, &info);
	assert_int_equal(info.after_seq, 10);
	assert_int_equal(info.last_seq, 14);
	assert_int_equal(info.changes, 4);
	assert_int_equal(info.rows, 2);
	got = bundle_batch(b);
	assert_non_null(got);
	assert_int_equal(got->nrows, 2);
	assert_int_equal(got->rows[0].table, SYNC_SERVICE_ENTRY);
	assert_int_equal(got->rows[0].revision, 12);
	for (size_t i = 0; i < 20; i++) {
		const char *want = f->batch->rows[0].values[i];
		const char *have = got->rows[0].values[i];
		if (want)
			assert_string_equal(have, want);
		else
			assert_null(have);
	}
	assert_string_equal(got->rows[1].values[3], "很满意");
	assert_int_equal(got->nranges, 2);
	assert_int_equal(got->ranges[0].lo, 11);
	assert_int_equal(got->ranges[0].hi, 12);
	assert_int_equal(got->ranges[1].lo, 14);
	bundle_free(b);
}

static void test_any_one_byte_change_is_refused(void **state)
{
	struct fixture *f = *state;
	char *altered = testutil_path_dup(f->dir, "altered.bundle");
	size_t len = 0;
	char *data = read_all(f->path, &len);

	/* every byte of the file, one at a time: nothing altered verifies */
	for (size_t i = 0; i < len; i++) {
		char saved = data[i];
		data[i] = saved == 'a' ? 'b' : (saved == '\n' ? ' ' : 'a');
		write_all(altered, data, len);
		assert_int_not_equal(open_verify(altered, f->key.pk), SP_OK);
		data[i] = saved;
	}
	/* nor a change that decodes to the same signature */
	for (size_t i = len - 3; i > len - 131; i--) {
		if (data[i] >= 'a' && data[i] <= 'f') {
			data[i] = (char)(data[i] - 'a' + 'A');
			write_all(altered, data, len);
			assert_int_equal(open_verify(altered, f->key.pk), SP_ERR_BUNDLE);
			data[i] = (char)(data[i] - 'A' + 'a');
			break;
		}
	}
	write_all(altered, data, len);
	assert_int_equal(open_verify(altered, f->key.pk), SP_OK);
	free(data);
	free(altered);
}

static void test_every_truncation_is_refused(void **state)
{
	struct fixture *f = *state;
	char *cut = testutil_path_dup(f->dir, "cut.bundle");
	size_t len = 0;
	char *data = read_all(f->path, &len);

	for (size_t n = 0; n < len; n++) {
		write_all(cut, data, n);
		assert_int_not_equal(open_verify(cut, f->key.pk), SP_OK);
	}
	free(data);
	free(cut);
}

static void test_a_cut_file_is_damaged_not_untrusted(void **state)
{
	struct fixture *f = *state;
	char *cut = testutil_path_dup(f->dir, "cut.bundle");
	struct bundle *b = NULL;
	size_t len = 0;
	char *data = read_all(f->path, &len);

	write_all(cut, data, len / 2);
	assert_int_equal(bundle_open(cut, &b), SP_ERR_BUNDLE);
	assert_null(b);
	assert_int_equal(bundle_open("/nonexistent/x.bundle", &b), SP_ERR_IO);
	free(data);
	free(cut);
}

static void test_wrong_key_is_untrusted(void **state)
{
	struct fixture *f = *state;
	struct station_key other;
	struct bundle *b = NULL;
	char *forged = testutil_path_dup(f->dir, "forged.bundle");

	make_key(&other);
	assert_int_equal(open_verify(f->path, other.pk), SP_ERR_UNTRUSTED);

	/* signed by another key that the header names: the central trusts
	 * f->key for this station, so it is refused */
	assert_int_equal(bundle_write(forged, "st-01", &other, f->batch), SP_OK);
	assert_int_equal(bundle_open(forged, &b), SP_OK);
	assert_int_equal(bundle_verify(b, f->key.pk), SP_ERR_UNTRUSTED);
	assert_null(bundle_batch(b));
	bundle_free(b);
	station_key_wipe(&other);
	free(forged);
}

static void test_station_key_file(void **state)
{
	struct fixture *f = *state;
	struct config cfg;
	struct station_key a, b;
	char hex[STATION_KEY_HEX_LEN];
	unsigned char pk[STATION_KEY_PUBLIC_BYTES];
	struct stat st;
	char *path = testutil_path_dup(f->dir, "station.key");

	config_defaults(&cfg);
	snprintf(cfg.sync_key_file, sizeof cfg.sync_key_file, "%s", path);
	assert_int_equal(station_key_load(path, &a), SP_ERR_KEY);
	assert_int_equal(station_key_ensure(&cfg), SP_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(station_key_load(path, &a), SP_OK);
	/* never replaced */
	assert_int_equal(station_key_ensure(&cfg), SP_OK);
	assert_int_equal(station_key_load(path, &b), SP_OK);
	assert_memory_equal(a.pk, b.pk, sizeof a.pk);
	/* the public half round-trips through hex */
	station_key_public_hex(a.pk, hex);
	assert_int_equal(strlen(hex), 64);
	assert_int_equal(station_key_parse_public(hex, pk), SP_OK);
	assert_memory_equal(pk, a.pk, sizeof pk);
	assert_int_equal(station_key_parse_public("abc", pk), SP_ERR_INVALID);
	/* others may not read it */
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(station_key_load(path, &b), SP_ERR_KEY);
	assert_int_equal(station_key_ensure(&cfg), SP_ERR_KEY);
	station_key_wipe(&a);
	station_key_wipe(&b);
	free(path);
}

static void test_export_from_a_store(void **state)
{
	struct fixture *f = *state;
	struct db *db = testutil_db_new(f->dir);
	char *out = testutil_path_dup(f->dir, "export.bundle");
	char member[UUID_STR_LEN], activity[UUID_STR_LEN];
	struct bundle_info info;
	struct sync_status st;

	assert_int_equal(bundle_export(db, &f->key, out, &info), SP_ERR_NOT_FOUND);
	assert_int_equal(db_begin(db), SP_OK);
	assert_int_equal(db_setting_set(db, "station_id", "st-02"), SP_OK);
	assert_int_equal(db_commit(db), SP_OK);
	testutil_insert_member(db, "T1", "张三", "member", member);
	testutil_insert_activity(db, "duty", "值班", activity);
	assert_int_equal(bundle_export(db, &f->key, out, &info), SP_OK);
	assert_string_equal(info.station_id, "st-02");
	assert_int_equal(info.changes, 1);
	assert_int_equal(info.rows, 1);
	assert_int_equal(open_verify(out, f->key.pk), SP_OK);
	/* the watermark did not move */
	assert_int_equal(sync_status_read(db, &st), SP_OK);
	assert_int_equal(st.acked_seq, 0);
	assert_int_equal(st.waiting, 1);
	db_close(db);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_keeps_every_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_any_one_byte_change_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_truncation_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_cut_file_is_damaged_not_untrusted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key_is_untrusted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_station_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_from_a_store, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
