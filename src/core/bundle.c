/* bundle.c — writing, checking and importing signed offline bundles.
 *
 * The signature covers the exact bytes of the file up to its last line,
 * so any change of a byte, a cut, or a header claiming another station
 * makes the bundle fail as a whole. Row lines are parsed only after the
 * signature verified; an import is one central transaction with the
 * push's upsert rules, so a second import or an overlapping bundle
 * changes nothing. This file never moves the station's push watermark. */
#include "bundle.h"

#include "secret_file.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "central.h"
#include "clock.h"
#include "station.h"

#define BUNDLE_SIG_HEX_LEN (2 * crypto_sign_BYTES)

struct bundle {
	char *data;                    /* the whole file */
	size_t signed_len;             /* bytes covered by the signature */
	unsigned char sig[crypto_sign_BYTES];
	unsigned char pk[STATION_KEY_PUBLIC_BYTES]; /* as the header claims */
	struct bundle_info info;
	json_t *ranges;                /* the header's [[lo, hi], ...] */
	size_t body_start;             /* first row line */
	struct sync_batch *batch;      /* after bundle_verify */
};

/* ---- writing ------------------------------------------------------------ */

static json_t *bundle_row_json(const struct sync_row *row)
{
	const struct sync_table_info *info = sync_table(row->table);
	json_t *values = json_object();
	json_t *line;

	if (!values)
		return NULL;
	for (size_t i = 0; i < info->ncols; i++) {
		json_t *v = row->values[i] ? json_string(row->values[i]) : json_null();
		if (!v || json_object_set_new(values, info->columns[i], v) != 0) {
			json_decref(values);
			return NULL;
		}
	}
	line = json_pack("{s:s, s:I, s:o}", "t", info->name,
			 "rev", (json_int_t)row->revision, "v", values);
	return line;
}

static json_t *bundle_header_json(const char *station_id,
				  const struct station_key *key,
				  const struct sync_batch *b)
{
	char hex[STATION_KEY_HEX_LEN];
	char now[CLOCK_UTC_LEN];
	json_t *ranges = json_array();

	if (!ranges)
		return NULL;
	for (size_t i = 0; i < b->nranges; i++) {
		json_t *r = json_pack("[I, I]", (json_int_t)b->ranges[i].lo,
				      (json_int_t)b->ranges[i].hi);
		if (!r || json_array_append_new(ranges, r) != 0) {
			json_decref(ranges);
			return NULL;
		}
	}
	station_key_public_hex(key->pk, hex);
	clock_format_utc(clock_now_ms(), now);
	return json_pack("{s:s, s:i, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o}",
			 "format", BUNDLE_FORMAT, "version", BUNDLE_VERSION,
			 "station_id", station_id, "public_key", hex,
			 "created_at", now,
			 "after_seq", (json_int_t)b->after_seq,
			 "last_seq", (json_int_t)b->last_seq,
			 "changes", (json_int_t)b->changes,
			 "rows", (json_int_t)b->nrows, "ranges", ranges);
}

/* Appends one compact JSON line to fp. */
static int bundle_put_line(FILE *fp, json_t *obj)
{
	int rc = -1;

	if (obj) {
		rc = json_dumpf(obj, fp, JSON_COMPACT | JSON_PRESERVE_ORDER |
					   JSON_ENSURE_ASCII);
		if (rc == 0 && fputc('\n', fp) == EOF)
			rc = -1;
		json_decref(obj);
	}
	return rc;
}

/* Writes data to path through path.partial, fsynced and renamed. */
static enum sp_status bundle_store_file(const char *path, const char *data,
					size_t len)
{
	char *tmp = NULL;
	enum sp_status status = SP_OK;
	int fd;

	if (asprintf(&tmp, "%s.partial", path) < 0)
		return SP_ERR_NOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		free(tmp);
		return SP_ERR_IO;
	}
	if (secret_file_write_all(fd, data, len) != 0 || fsync(fd) != 0)
		status = SP_ERR_IO;
	if (close(fd) != 0)
		status = SP_ERR_IO;
	if (status == SP_OK && rename(tmp, path) != 0)
		status = SP_ERR_IO;
	if (status != SP_OK)
		unlink(tmp);
	else
		secret_file_fsync_parent(path);
	free(tmp);
	return status;
}

enum sp_status bundle_write(const char *path, const char *station_id,
			    const struct station_key *key,
			    const struct sync_batch *batch)
{
	unsigned char sig[crypto_sign_BYTES];
	char sig_hex[BUNDLE_SIG_HEX_LEN + 1];
	char *data = NULL;
	size_t len = 0;
	enum sp_status status = SP_OK;
	FILE *fp = open_memstream(&data, &len);

	if (!fp)
		return SP_ERR_NOMEM;
	if (bundle_put_line(fp, bundle_header_json(station_id, key, batch)) != 0)
		status = SP_ERR_NOMEM;
	for (size_t i = 0; i < batch->nrows && status == SP_OK; i++) {
		if (bundle_put_line(fp, bundle_row_json(&batch->rows[i])) != 0)
			status = SP_ERR_NOMEM;
	}
	if (fflush(fp) != 0)
		status = SP_ERR_NOMEM;
	/* Sign exactly the bytes written so far. */
	if (status == SP_OK) {
		crypto_sign_detached(sig, NULL, (const unsigned char *)data, len,
				     key->sk);
		sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
		if (bundle_put_line(fp, json_pack("{s:s}", "signature", sig_hex)) != 0)
			status = SP_ERR_NOMEM;
	}
	if (fclose(fp) != 0 && status == SP_OK)
		status = SP_ERR_NOMEM;
	if (status == SP_OK)
		status = bundle_store_file(path, data, len);
	free(data);
	return status;
}

enum sp_status bundle_export(struct db *db, const struct station_key *key,
			     const char *path, struct bundle_info *info)
{
	struct sync_status st;
	struct sync_batch *b = NULL;
	char *station_id = NULL;
	enum sp_status status;

	if (info)
		memset(info, 0, sizeof *info);
	status = station_id_dup(db, &station_id);
	if (status == SP_OK)
		status = sync_status_read(db, &st);
	if (status == SP_OK) {
		b = sync_batch_new();
		if (!b)
			status = SP_ERR_NOMEM;
	}
	/* One snapshot: every row appears once, at its latest revision. */
	if (status == SP_OK)
		status = sync_batch_read(db, st.acked_seq, INT64_MAX, b);
	if (status == SP_OK)
		status = bundle_write(path, station_id, key, b);
	if (status == SP_OK && info) {
		snprintf(info->station_id, sizeof info->station_id, "%s",
			 station_id);
		info->after_seq = b->after_seq;
		info->last_seq = b->last_seq;
		info->changes = b->changes;
		info->rows = (int64_t)b->nrows;
	}
	sync_batch_free(b);
	free(station_id);
	return status;
}

/* ---- reading ------------------------------------------------------------ */

void bundle_free(struct bundle *b)
{
	if (!b)
		return;
	free(b->data);
	json_decref(b->ranges);
	sync_batch_free(b->batch);
	free(b);
}

static enum sp_status bundle_read_file(const char *path, char **data_out,
				       size_t *len_out)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0;

	*data_out = NULL;
	*len_out = 0;
	if (!fp)
		return SP_ERR_IO;
	for (;;) {
		if (len + 65536 + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 262144;
			char *grown = realloc(data, ncap);
			if (!grown) {
				free(data);
				fclose(fp);
				return SP_ERR_NOMEM;
			}
			data = grown;
			cap = ncap;
		}
		size_t n = fread(data + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		free(data);
		fclose(fp);
		return SP_ERR_IO;
	}
	fclose(fp);
	data[len] = '\0';
	*data_out = data;
	*len_out = len;
	return SP_OK;
}

static bool bundle_get_int(json_t *obj, const char *key, int64_t *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = json_integer_value(v);
	return true;
}

/* The header's figures; untrusted until the signature verified. */
static enum sp_status bundle_parse_header(struct bundle *b, const char *line,
					  size_t len)
{
	json_t *h = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	const char *format = NULL, *station = NULL, *pk_hex = NULL;
	json_int_t version = 0;
	enum sp_status status = SP_ERR_BUNDLE;

	if (h && json_unpack(h, "{s:s, s:I, s:s, s:s}", "format", &format,
			     "version", &version, "station_id", &station,
			     "public_key", &pk_hex) == 0 &&
	    strcmp(format, BUNDLE_FORMAT) == 0 && version == BUNDLE_VERSION &&
	    strlen(station) < sizeof b->info.station_id &&
	    station_key_parse_public(pk_hex, b->pk) == SP_OK &&
	    bundle_get_int(h, "after_seq", &b->info.after_seq) &&
	    bundle_get_int(h, "last_seq", &b->info.last_seq) &&
	    bundle_get_int(h, "changes", &b->info.changes) &&
	    bundle_get_int(h, "rows", &b->info.rows) &&
	    json_is_array(json_object_get(h, "ranges"))) {
		snprintf(b->info.station_id, sizeof b->info.station_id, "%s",
			 station);
		b->ranges = json_incref(json_object_get(h, "ranges"));
		status = SP_OK;
	}
	json_decref(h);
	return status;
}

/* The last line must be exactly {"signature":"<128 lower-case hex>"} and
 * end the file: byte for byte, so that no change at all passes, not even
 * one that would decode to the same signature. */
static enum sp_status bundle_parse_signature(struct bundle *b, size_t len)
{
	static const char head[] = "{\"signature\":\"";
	static const char tail[] = "\"}\n";
	const size_t line_len = sizeof head - 1 + BUNDLE_SIG_HEX_LEN + sizeof tail - 1;
	const char *line, *hex;
	size_t bin_len = 0;

	if (len <= line_len)
		return SP_ERR_BUNDLE;
	line = b->data + len - line_len;
	hex = line + sizeof head - 1;
	if (line[-1] != '\n' || memcmp(line, head, sizeof head - 1) != 0 ||
	    memcmp(hex + BUNDLE_SIG_HEX_LEN, tail, sizeof tail - 1) != 0 ||
	    strspn(hex, "0123456789abcdef") != BUNDLE_SIG_HEX_LEN ||
	    sodium_hex2bin(b->sig, sizeof b->sig, hex, BUNDLE_SIG_HEX_LEN, NULL,
			   &bin_len, NULL) != 0 || bin_len != sizeof b->sig)
		return SP_ERR_BUNDLE;
	b->signed_len = (size_t)(line - b->data);
	return SP_OK;
}

enum sp_status bundle_open(const char *path, struct bundle **out)
{
	struct bundle *b;
	size_t len = 0;
	const char *nl;
	enum sp_status status;

	*out = NULL;
	b = calloc(1, sizeof *b);
	if (!b)
		return SP_ERR_NOMEM;
	status = bundle_read_file(path, &b->data, &len);
	/* A NUL byte inside would hide bytes from the JSON parser. */
	if (status == SP_OK && strlen(b->data) != len)
		status = SP_ERR_BUNDLE;
	if (status == SP_OK)
		status = bundle_parse_signature(b, len);
	if (status == SP_OK) {
		nl = memchr(b->data, '\n', b->signed_len);
		if (!nl)
			status = SP_ERR_BUNDLE;
		else {
			b->body_start = (size_t)(nl - b->data) + 1;
			status = bundle_parse_header(b, b->data,
						     b->body_start - 1);
		}
	}
	if (status != SP_OK) {
		bundle_free(b);
		return status;
	}
	*out = b;
	return SP_OK;
}

const char *bundle_station_id(const struct bundle *b)
{
	return b->info.station_id;
}

void bundle_get_info(const struct bundle *b, struct bundle_info *info)
{
	*info = b->info;
}

const struct sync_batch *bundle_batch(const struct bundle *b)
{
	return b->batch;
}

/* One row line into the batch. */
static enum sp_status bundle_parse_row(struct sync_batch *batch,
				       const char *line, size_t len)
{
	json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	json_t *values = NULL;
	const char *table = NULL;
	json_int_t rev = 0;
	enum sync_table_id t;
	const char *texts[32];
	enum sp_status status = SP_ERR_BUNDLE;

	if (obj && json_unpack(obj, "{s:s, s:I, s:o}", "t", &table, "rev", &rev,
			       "v", &values) == 0 &&
	    json_object_size(obj) == 3 && sync_table_find(table, &t) &&
	    rev >= 1 && json_is_object(values)) {
		const struct sync_table_info *info = sync_table(t);
		bool ok = info->ncols <= sizeof texts / sizeof texts[0] &&
			  json_object_size(values) == info->ncols;

		for (size_t i = 0; ok && i < info->ncols; i++) {
			json_t *v = json_object_get(values, info->columns[i]);
			if (json_is_string(v))
				texts[i] = json_string_value(v);
			else if (json_is_null(v) && i > 0)
				texts[i] = NULL;
			else
				ok = false;
		}
		if (ok) {
			char **row = sync_row_values_new(info->ncols, texts);
			status = row ? sync_batch_add_row(batch, t, rev, row)
				     : SP_ERR_NOMEM;
		}
	}
	json_decref(obj);
	return status;
}

/* Parses the signed body: the rows, then the ranges. */
static enum sp_status bundle_parse_body(struct bundle *b)
{
	struct sync_batch *batch = sync_batch_new();
	size_t pos = b->body_start;
	enum sp_status status = SP_OK;
	size_t i;
	json_t *r;

	if (!batch)
		return SP_ERR_NOMEM;
	batch->after_seq = b->info.after_seq;
	batch->last_seq = b->info.last_seq;
	batch->changes = b->info.changes;
	while (status == SP_OK && pos < b->signed_len) {
		const char *nl = memchr(b->data + pos, '\n', b->signed_len - pos);
		size_t len = (size_t)(nl - (b->data + pos));
		status = bundle_parse_row(batch, b->data + pos, len);
		pos += len + 1;
	}
	if (status == SP_OK && (int64_t)batch->nrows != b->info.rows)
		status = SP_ERR_BUNDLE;
	if (status == SP_OK && b->info.last_seq < b->info.after_seq)
		status = SP_ERR_BUNDLE;
	json_array_foreach(b->ranges, i, r) {
		json_int_t lo, hi;
		if (status != SP_OK)
			break;
		if (json_unpack(r, "[II]", &lo, &hi) != 0 ||
		    lo <= b->info.after_seq || hi > b->info.last_seq)
			status = SP_ERR_BUNDLE;
		else if (sync_batch_add_range(batch, lo, hi) != SP_OK)
			status = SP_ERR_BUNDLE;
	}
	if (status != SP_OK) {
		sync_batch_free(batch);
		return status;
	}
	b->batch = batch;
	return SP_OK;
}

enum sp_status bundle_verify(struct bundle *b,
			     const unsigned char pk[STATION_KEY_PUBLIC_BYTES])
{
	if (sodium_memcmp(b->pk, pk, STATION_KEY_PUBLIC_BYTES) != 0)
		return SP_ERR_UNTRUSTED;
	if (crypto_sign_verify_detached(b->sig, (const unsigned char *)b->data,
					b->signed_len, pk) != 0)
		return SP_ERR_BUNDLE;
	if (b->batch)
		return SP_OK;
	return bundle_parse_body(b);
}

enum sp_status bundle_import(struct central *c, const char *path,
			     struct bundle_info *info)
{
	unsigned char pk[STATION_KEY_PUBLIC_BYTES];
	struct bundle *b = NULL;
	enum sp_status status;

	if (info)
		memset(info, 0, sizeof *info);
	status = bundle_open(path, &b);
	if (status == SP_OK)
		status = central_check(c);
	if (status == SP_OK) {
		status = central_station_key(c, bundle_station_id(b), pk);
		if (status == SP_ERR_NOT_FOUND)
			status = SP_ERR_UNTRUSTED;
	}
	if (status == SP_OK)
		status = bundle_verify(b, pk);
	if (status == SP_OK)
		status = central_push_batch(c, bundle_station_id(b), b->batch);
	if (status == SP_OK && info)
		bundle_get_info(b, info);
	bundle_free(b);
	return status;
}
