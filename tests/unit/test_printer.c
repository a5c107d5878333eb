/* test_printer.c — sending jobs: the file printer appends whole jobs, no
 * printer does nothing, and a printer that is missing, refuses or stops
 * taking bytes fails with a sentence instead of blocking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "printer.h"
#include "testutil.h"

static void file_config(struct config *cfg, const char *path)
{
	config_defaults(cfg);
	cfg->printer_type = PRINTER_FILE;
	snprintf(cfg->printer_device, sizeof cfg->printer_device, "%s", path);
}

static void test_file_printer_appends_jobs(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "printer.out");
	struct config cfg;
	char err[256], buf[64];
	FILE *f;
	size_t n;
	(void)state;

	file_config(&cfg, path);
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"\x1b@one", 5,
				       err, sizeof err), SP_OK);
	assert_string_equal(err, "");
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"\x1b@two", 5,
				       err, sizeof err), SP_OK);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_int_equal(n, 10);
	assert_memory_equal(buf, "\x1b@one\x1b@two", 10);

	/* a file in a folder that does not exist */
	free(path);
	path = testutil_path_dup(dir, "missing/printer.out");
	file_config(&cfg, path);
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"x", 1, err,
				       sizeof err), SP_ERR_IO);
	assert_non_null(strstr(err, path));
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static void test_none_prints_nothing(void **state)
{
	struct config cfg;
	char err[64] = "stale";
	(void)state;
	config_defaults(&cfg);
	cfg.printer_type = PRINTER_NONE;
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"x", 1, err,
				       sizeof err), SP_OK);
	assert_string_equal(err, "");
}

static void test_missing_device_fails_with_its_name(void **state)
{
	struct config cfg;
	char err[256];
	(void)state;
	config_defaults(&cfg);
	cfg.printer_type = PRINTER_ESCPOS;
	snprintf(cfg.printer_device, sizeof cfg.printer_device, "/nonexistent/usb/lp9");
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"x", 1, err,
				       sizeof err), SP_ERR_IO);
	assert_non_null(strstr(err, "/nonexistent/usb/lp9"));
	/* neither device nor host: the configuration is incomplete */
	cfg.printer_device[0] = '\0';
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"x", 1, err,
				       sizeof err), SP_ERR_CONFIG);
}

/* A device that stops taking bytes (a FIFO nobody reads, its buffer
 * full) fails when the time limit runs out instead of blocking. */
static void test_stalled_device_times_out(void **state)
{
	char *dir = testutil_tmpdir_dup();
	char *path = testutil_path_dup(dir, "lp0");
	size_t len = 1 << 20;
	unsigned char *job = calloc(1, len);
	struct config cfg;
	char err[256];
	int reader;
	(void)state;

	assert_int_equal(mkfifo(path, 0600), 0);
	reader = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(reader >= 0);
	config_defaults(&cfg);
	cfg.printer_type = PRINTER_ESCPOS;
	snprintf(cfg.printer_device, sizeof cfg.printer_device, "%s", path);
	printer_set_timeout_ms(200);
	assert_int_equal(printer_print(&cfg, job, len, err, sizeof err), SP_ERR_IO);
	assert_non_null(strstr(err, path));
	printer_set_timeout_ms(0);
	close(reader);
	free(job);
	free(path);
	testutil_rmdir(dir);
	free(dir);
}

static void test_tcp_refused_and_bad_host(void **state)
{
	struct sockaddr_in addr;
	socklen_t alen = sizeof addr;
	struct config cfg;
	char err[256];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	(void)state;

	/* a port that was free a moment ago: nobody listens there */
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &alen), 0);
	close(fd);
	config_defaults(&cfg);
	cfg.printer_type = PRINTER_ESCPOS;
	snprintf(cfg.printer_host, sizeof cfg.printer_host, "127.0.0.1:%d",
		 ntohs(addr.sin_port));
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"x", 1, err,
				       sizeof err), SP_ERR_IO);
	assert_non_null(strstr(err, cfg.printer_host));

	snprintf(cfg.printer_host, sizeof cfg.printer_host, "127.0.0.1:port");
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"x", 1, err,
				       sizeof err), SP_ERR_CONFIG);
}

static void test_cups_without_queue(void **state)
{
	struct config cfg;
	char err[256];
	(void)state;
	config_defaults(&cfg);
	cfg.printer_type = PRINTER_CUPS;
	assert_int_equal(printer_print(&cfg, (const unsigned char *)"x", 1, err,
				       sizeof err), SP_ERR_CONFIG);
	assert_true(err[0] != '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_printer_appends_jobs),
		cmocka_unit_test(test_none_prints_nothing),
		cmocka_unit_test(test_missing_device_fails_with_its_name),
		cmocka_unit_test(test_stalled_device_times_out),
		cmocka_unit_test(test_tcp_refused_and_bad_host),
		cmocka_unit_test(test_cups_without_queue),
	};
	testutil_init();
	return cmocka_run_group_tests_name("printer", tests, NULL, NULL);
}
