/* backup.c — times `svcpoint backup` (db_backup) on a large station store
 * while a kiosk keeps writing to it.
 *
 *   build/bench/backup PATH
 *
 * PATH is a scratch copy of a store made by bench/gen. A child process
 * plays the kiosk: it checks members in and out, one commit every
 * WRITE_INTERVAL_MS, for as long as the copies run. The parent copies the
 * store three times and prints one table row per case. The copy must
 * finish although the store changes underneath it; an alarm turns a copy
 * that never finishes into an error instead of a hang. */
#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "activity.h"
#include "clock.h"
#include "db.h"
#include "entry.h"
#include "member.h"

#define WRITE_INTERVAL_MS 200
#define RUNS 3
#define WATCHDOG_S 600

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The kiosk: never returns. */
static void writer_run(const char *path, int fd)
{
	const struct entry_rules rules = {
		.round_minutes = 1, .max_session_hours = 12,
		.backfill_days = 7, .max_hours_per_day = 12,
	};
	struct activity *acts = NULL;
	struct member *m = NULL;
	struct db *db = NULL;
	size_t n_acts = 0;
	char id[UUID_STR_LEN];
	char no[16];

	if (db_open(path, 0, &db, NULL) != SP_OK ||
	    activity_list(db, false, &acts, &n_acts) != SP_OK || n_acts == 0)
		_exit(1);
	for (int i = 0;; i++) {
		snprintf(no, sizeof no, "%d", 100001 + i % 1000);
		if (member_find_by_no(db, no, &m) != SP_OK)
			_exit(2);
		clock_set_fixed_ms(clock_now_ms() + 1000);
		enum sp_status status = entry_check_in(db, m->id, acts[0].id, NULL, id);
		if (status == SP_ERR_ALREADY_OPEN)
			status = entry_check_out(db, m->id, &rules, id);
		member_free(m);
		if (status != SP_OK)
			_exit(3);
		if (i == 0 && write(fd, "r", 1) != 1)
			_exit(4);
		usleep(WRITE_INTERVAL_MS * 1000);
	}
}

int main(int argc, char **argv)
{
	char copy[4096];
	double ms[RUNS];
	struct db *db = NULL;
	struct stat st;
	int fds[2];
	char ready;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH\n", argv[0]);
		return 2;
	}
	if (!setlocale(LC_ALL, "C.UTF-8") || sodium_init() < 0 ||
	    clock_set_timezone("Asia/Shanghai") != SP_OK)
		return 1;
	snprintf(copy, sizeof copy, "%s.backup", argv[1]);
	clock_set_fixed_ms(INT64_C(1795395600000));

	if (pipe(fds) != 0)
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		close(fds[0]);
		writer_run(argv[1], fds[1]);
	}
	close(fds[1]);
	if (read(fds[0], &ready, 1) != 1) {
		fprintf(stderr, "backup bench: the writer did not start\n");
		return 1;
	}
	if (db_open(argv[1], 0, &db, NULL) != SP_OK)
		return 1;
	alarm(WATCHDOG_S);
	for (int i = 0; i < RUNS; i++) {
		double t = now_ms();
		enum sp_status status = db_backup(db, copy);
		ms[i] = now_ms() - t;
		if (status != SP_OK) {
			fprintf(stderr, "backup bench: %s\n", status_name(status));
			kill(pid, SIGKILL);
			return 1;
		}
	}
	alarm(0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(fds[0]);
	db_close(db);

	/* the last copy is a healthy store */
	if (db_open(copy, 0, &db, NULL) != SP_OK ||
	    db_integrity_check(db, NULL) != SP_OK) {
		fprintf(stderr, "backup bench: the copy is not healthy\n");
		return 1;
	}
	db_close(db);
	if (stat(copy, &st) != 0)
		return 1;
	unlink(copy);

	double lo = ms[0], hi = ms[0];
	for (int i = 1; i < RUNS; i++) {
		lo = ms[i] < lo ? ms[i] : lo;
		hi = ms[i] > hi ? ms[i] : hi;
	}
	printf("| %-44s | %5s | %9s | %9s | %9s |\n", "backup operation", "runs",
	       "min ms", "max ms", "MiB");
	printf("|----------------------------------------------|-------|"
	       "-----------|-----------|-----------|\n");
	printf("| %-44s | %5d | %9.1f | %9.1f | %9.1f |\n",
	       "db_backup, a commit every 200 ms meanwhile", RUNS, lo, hi,
	       st.st_size / 1048576.0);
	return 0;
}
