/* test_config.c — the INI configuration: defaults, the documented example,
 * and errors that name the file, line and key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "testutil.h"

struct fixture {
	char *dir;
	char *path;              /* <dir>/svcpoint.conf */
	struct config cfg;
	char err[512];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->dir = testutil_tmpdir_dup();
	f->path = testutil_path_dup(f->dir, "svcpoint.conf");
	config_defaults(&f->cfg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	testutil_rmdir(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static enum sp_status load(struct fixture *f, const char *text)
{
	write_file(f->path, text);
	return config_load(f->path, &f->cfg, f->err, sizeof f->err);
}

/* The error must start with "<path>:<line>: ". */
static void assert_err_at(struct fixture *f, int line)
{
	char want[600];
	snprintf(want, sizeof want, "%s:%d: ", f->path, line);
	if (strncmp(f->err, want, strlen(want)) != 0)
		fail_msg("error \"%s\" does not start with \"%s\"", f->err, want);
}

static void assert_err_has(struct fixture *f, const char *needle)
{
	if (!strstr(f->err, needle))
		fail_msg("error \"%s\" lacks \"%s\"", f->err, needle);
}

static void test_defaults(void **state)
{
	struct fixture *f = *state;
	struct config *c = &f->cfg;

	assert_string_equal(c->station_id, "station-001");
	assert_string_equal(c->station_name, "党员服务点");
	assert_string_equal(c->timezone, "Asia/Shanghai");
	assert_string_equal(c->store_path, "svcpoint.db");
	assert_string_equal(c->pepper_file, "pepper.key");
	assert_string_equal(c->sync_key_file, "station.key");
	assert_int_equal(c->max_failed_pins, 5);
	assert_int_equal(c->lock_minutes, 15);
	assert_string_equal(c->language, "zh_CN");
	assert_int_equal(c->idle_timeout_s, 60);
	assert_true(c->locked);
	assert_string_equal(c->qr_style, "auto");
	assert_int_equal(c->round_minutes, 1);
	assert_int_equal(c->max_session_hours, 12);
	assert_int_equal(c->backfill_days, 7);
	assert_int_equal(c->max_hours_per_day, 12);
	assert_true(c->points_per_hour == 1.0);
	assert_true(c->points_per_commitment == 2.0);
	assert_true(c->points_daily_cap == 8.0);
	assert_int_equal(c->printer_type, PRINTER_NONE);
	assert_string_equal(c->printer_encoding, "gb18030");
	assert_int_equal(c->printer_width_dots, 384);
	assert_string_equal(c->printer_qr_mode, "raster");
	assert_true(c->printer_cut);
	assert_int_equal(c->sync_batch_rows, 5000);
	assert_int_equal(c->feedback_cooldown_s, 30);
	assert_int_equal(c->sync_statement_timeout_s, 60);
	assert_string_equal(c->source_path, "");
}

static void test_example_loads_without_errors(void **state)
{
	struct fixture *f = *state;
	const char *root = getenv("SVCPOINT_ROOT");
	char *example = testutil_path_dup(root && *root ? root : ".",
					  "config.example");
	char *dir_real;
	char want[PATH_MAX + 32];
	enum sp_status status =
		config_load(example, &f->cfg, f->err, sizeof f->err);

	if (status != SP_OK)
		fail_msg("config.example: %s", f->err);
	assert_string_equal(f->cfg.station_id, "demo-001");
	assert_string_equal(f->cfg.station_name, "红星社区党员服务点");
	assert_int_equal(f->cfg.printer_type, PRINTER_FILE);
	assert_string_equal(f->cfg.profile_url, "https://example.org/brand/demo");
	assert_string_equal(f->cfg.sync_conninfo, "");
	/* the example's relative paths land next to it */
	dir_real = realpath(root && *root ? root : ".", NULL);
	assert_non_null(dir_real);
	snprintf(want, sizeof want, "%s/svcpoint.db", dir_real);
	assert_string_equal(f->cfg.store_path, want);
	snprintf(want, sizeof want, "%s/printer.out", dir_real);
	assert_string_equal(f->cfg.printer_device, want);
	snprintf(want, sizeof want, "%s/config.example", dir_real);
	assert_string_equal(f->cfg.source_path, want);
	free(dir_real);
	free(example);
}

static void test_values_are_read(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "; a comment\n"
			      "[station]\n"
			      "id = Test-42\n"
			      "name = 测试站\n"
			      "[kiosk]\n"
			      "language = en\n"
			      "locked = false\n"
			      "idle_timeout_s = 30\n"
			      "qr_style = wide\n"
			      "[service]\n"
			      "round_minutes = 15\n"
			      "[points]\n"
			      "per_hour = 1.5\n"
			      "daily_cap = 0\n"
			      "[printer]\n"
			      "type = escpos\n"
			      "device = /dev/usb/lp0\n"
			      "width_dots = 576\n"
			      "cut = no\n"
			      "[sync]\n"
			      "conninfo = host=central dbname=svcpoint\n"),
			 SP_OK);
	assert_string_equal(f->cfg.station_id, "Test-42");
	assert_string_equal(f->cfg.station_name, "测试站");
	assert_string_equal(f->cfg.language, "en");
	assert_false(f->cfg.locked);
	assert_int_equal(f->cfg.idle_timeout_s, 30);
	assert_string_equal(f->cfg.qr_style, "wide");
	assert_int_equal(f->cfg.round_minutes, 15);
	assert_true(f->cfg.points_per_hour == 1.5);
	assert_true(f->cfg.points_daily_cap == 0.0);
	assert_int_equal(f->cfg.printer_type, PRINTER_ESCPOS);
	/* an ESC/POS device is not a file of ours: left as written */
	assert_string_equal(f->cfg.printer_device, "/dev/usb/lp0");
	assert_int_equal(f->cfg.printer_width_dots, 576);
	assert_false(f->cfg.printer_cut);
	assert_string_equal(f->cfg.sync_conninfo, "host=central dbname=svcpoint");
	/* untouched keys keep their defaults */
	assert_int_equal(f->cfg.max_failed_pins, 5);
}

static void test_section_may_appear_twice(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[kiosk]\nidle_timeout_s = 60\n"
				 "[store]\npath = a.db\n"
				 "[kiosk]\nidle_timeout_s = 7\n"),
			 SP_OK);
	assert_int_equal(f->cfg.idle_timeout_s, 7);
}

static void test_unknown_key_names_line_and_key(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[station]\nid = a-1\n\n[kiosk]\ncolour = red\n"),
			 SP_ERR_CONFIG);
	assert_err_at(f, 5);
	assert_err_has(f, "[kiosk] colour");
	assert_err_has(f, "unknown key");
}

static void test_unknown_section(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[kiosk]\nlocked = true\n[prnter]\ntype = file\n"),
			 SP_ERR_CONFIG);
	assert_err_at(f, 4);
	assert_err_has(f, "[prnter] type");
	assert_err_has(f, "unknown section");
}

static void test_bad_number(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[security]\nmax_failed_pins = five\n"),
			 SP_ERR_CONFIG);
	assert_err_at(f, 2);
	assert_err_has(f, "[security] max_failed_pins");
	assert_err_has(f, "whole number");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[security]\nlock_minutes = 0\n"), SP_ERR_CONFIG);
	assert_err_has(f, "[security] lock_minutes");
	assert_err_has(f, "between 1 and 1440");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[points]\nper_hour = 1.5x\n"), SP_ERR_CONFIG);
	assert_err_has(f, "[points] per_hour");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[service]\nround_minutes = 7\n"), SP_ERR_CONFIG);
	assert_err_has(f, "[service] round_minutes");
	assert_err_has(f, "1|5|10|15");
}

/* The rating cool-down and the central's statement timeout: 0 turns
 * each off; out of range is refused with its key named. */
static void test_cooldown_and_statement_timeout(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[kiosk]\nfeedback_cooldown_s = 0\n"
				 "[sync]\nstatement_timeout_s = 0\n"),
			 SP_OK);
	assert_int_equal(f->cfg.feedback_cooldown_s, 0);
	assert_int_equal(f->cfg.sync_statement_timeout_s, 0);

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[kiosk]\nfeedback_cooldown_s = 120\n"
				 "[sync]\nstatement_timeout_s = 5\n"),
			 SP_OK);
	assert_int_equal(f->cfg.feedback_cooldown_s, 120);
	assert_int_equal(f->cfg.sync_statement_timeout_s, 5);

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[kiosk]\nfeedback_cooldown_s = -1\n"),
			 SP_ERR_CONFIG);
	assert_err_at(f, 2);
	assert_err_has(f, "[kiosk] feedback_cooldown_s");
	assert_err_has(f, "between 0 and 3600");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[sync]\nstatement_timeout_s = soon\n"),
			 SP_ERR_CONFIG);
	assert_err_has(f, "[sync] statement_timeout_s");
}

static void test_bad_enum(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[kiosk]\nlanguage = zh_CN\nlocked = perhaps\n"),
			 SP_ERR_CONFIG);
	assert_err_at(f, 3);
	assert_err_has(f, "[kiosk] locked");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[printer]\ntype = laser\n"), SP_ERR_CONFIG);
	assert_err_at(f, 2);
	assert_err_has(f, "[printer] type");
	assert_err_has(f, "none|escpos|cups|file");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[kiosk]\nlanguage = fr\n"), SP_ERR_CONFIG);
	assert_err_has(f, "[kiosk] language");
}

static void test_bad_text(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[station]\nid = demo 001\n"), SP_ERR_CONFIG);
	assert_err_has(f, "[station] id");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[station]\nname = a\x1b[2Jb\n"), SP_ERR_CONFIG);
	assert_err_has(f, "[station] name");
	assert_err_has(f, "control characters");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[brand]\nprofile_url = ftp://example.org\n"),
			 SP_ERR_CONFIG);
	assert_err_has(f, "[brand] profile_url");

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[store]\npath =\n"), SP_ERR_CONFIG);
	assert_err_has(f, "[store] path");
}

static void test_malformed_line(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[kiosk]\nlocked = true\nthis line has no equals\n"
				 "colour = red\n"),
			 SP_ERR_CONFIG);
	/* the first problem in the file is reported */
	assert_err_at(f, 3);

	config_defaults(&f->cfg);
	assert_int_equal(load(f, "[kiosk\nlocked = true\n"), SP_ERR_CONFIG);
	assert_err_at(f, 1);
}

static void test_key_before_section(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "id = x\n"), SP_ERR_CONFIG);
	assert_err_at(f, 1);
	assert_err_has(f, "id");
}

static void test_overlong_line_refused(void **state)
{
	struct fixture *f = *state;
	char text[600];
	char url[400];

	memset(url, 'a', sizeof url - 1);
	url[sizeof url - 1] = '\0';
	snprintf(text, sizeof text, "[kiosk]\nlocked = true\n[brand]\n"
				    "profile_url = https://%s\n", url);
	assert_int_equal(load(f, text), SP_ERR_CONFIG);
	assert_err_at(f, 4);
	assert_err_has(f, "too long");
}

static void test_relative_paths_resolve_against_config_folder(void **state)
{
	struct fixture *f = *state;
	char *real = realpath(f->dir, NULL);
	char want[PATH_MAX + 32];

	assert_int_equal(load(f, "[store]\npath = data/sp.db\n"
				 "[security]\npepper_file = /etc/svcpoint/pepper.key\n"
				 "[sync]\nkey_file = keys/station.key\n"
				 "[printer]\ntype = file\ndevice = out.txt\n"),
			 SP_OK);
	snprintf(want, sizeof want, "%s/data/sp.db", real);
	assert_string_equal(f->cfg.store_path, want);
	assert_string_equal(f->cfg.pepper_file, "/etc/svcpoint/pepper.key");
	snprintf(want, sizeof want, "%s/keys/station.key", real);
	assert_string_equal(f->cfg.sync_key_file, want);
	snprintf(want, sizeof want, "%s/out.txt", real);
	assert_string_equal(f->cfg.printer_device, want);
	snprintf(want, sizeof want, "%s/svcpoint.conf", real);
	assert_string_equal(f->cfg.source_path, want);
	free(real);
}

static void test_file_printer_needs_device(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "[kiosk]\nlocked = true\n[printer]\ntype = file\n"),
			 SP_ERR_CONFIG);
	assert_err_at(f, 4);
	assert_err_has(f, "[printer] device");
}

static void test_missing_file_is_io_error(void **state)
{
	struct fixture *f = *state;
	char *missing = testutil_path_dup(f->dir, "nope.conf");
	assert_int_equal(config_load(missing, &f->cfg, f->err, sizeof f->err),
			 SP_ERR_IO);
	assert_err_has(f, missing);
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_loads_without_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_are_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_section_may_appear_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_key_names_line_and_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cooldown_and_statement_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_enum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_before_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlong_line_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_paths_resolve_against_config_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_printer_needs_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file_is_io_error, setup, teardown),
	};
	testutil_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
