/* printer.c — owns the way out to a printer: device, TCP socket, CUPS's
 * lp(1) and the file printer. It knows nothing of what the bytes mean.
 *
 * It must never wait without a time limit (a kiosk with a jammed printer
 * still serves the next member), never raise SIGPIPE in the kiosk (sockets
 * are written with MSG_NOSIGNAL, lp's input is a socket too), and never
 * touch the store: the caller audits failures. */
#include "printer.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

extern char **environ;

/* A printer that takes the job but keeps the connection open gets this
 * long to say otherwise (close or reset) before the job counts as sent. */
#define PRINTER_LINGER_MS 1000
#define PRINTER_DEFAULT_PORT "9100"

static int printer_timeout_ms = PRINTER_TIMEOUT_MS;

void printer_set_timeout_ms(int ms)
{
	printer_timeout_ms = ms > 0 ? ms : PRINTER_TIMEOUT_MS;
}

static int64_t printer_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left before deadline, at least 0. */
static int printer_left_ms(int64_t deadline)
{
	int64_t left = deadline - printer_now_ms();

	if (left < 0)
		return 0;
	return left > INT32_MAX ? INT32_MAX : (int)left;
}

static enum sp_status printer_error(char *err, size_t err_size,
				    enum sp_status status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum sp_status printer_error(char *err, size_t err_size,
				    enum sp_status status, const char *fmt, ...)
{
	va_list ap;

	if (err && err_size) {
		va_start(ap, fmt);
		vsnprintf(err, err_size, fmt, ap);
		va_end(ap);
	}
	return status;
}

/* Waits for events on fd until deadline: 1 ready, 0 timed out, -1 error
 * (errno set). */
static int printer_wait(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = events};
		int rc = poll(&p, 1, printer_left_ms(deadline));
		if (rc > 0)
			return 1;
		if (rc == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/* Writes all of data to a non-blocking fd before deadline. Returns 0, or
 * -1 with errno (ETIMEDOUT when the time ran out). */
static int printer_write_all(int fd, bool socket, const unsigned char *data,
			     size_t len, int64_t deadline)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = socket ? send(fd, data + done, len - done, MSG_NOSIGNAL)
				   : write(fd, data + done, len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		int rc = printer_wait(fd, POLLOUT, deadline);
		if (rc == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* printer_write_all on a device that may be a pipe: a reader that went
 * away must give EPIPE, not a SIGPIPE that ends the kiosk. The signal is
 * blocked for the write and one it raised is taken off the queue. */
static int printer_write_all_nosigpipe(int fd, const unsigned char *data,
				       size_t len, int64_t deadline)
{
	sigset_t pipe_set, old_set, pending;
	bool was_pending;
	int rc, saved;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
	rc = printer_write_all(fd, false, data, len, deadline);
	saved = errno;
	if (rc != 0 && saved == EPIPE && !was_pending) {
		struct timespec zero = {0, 0};
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old_set, NULL);
	errno = saved;
	return rc;
}

/* ---- ESC/POS on a device ---------------------------------------------- */

static enum sp_status printer_device(const struct config *cfg,
				     const unsigned char *data, size_t len,
				     char *err, size_t err_size)
{
	const char *path = cfg->printer_device;
	int64_t deadline = printer_now_ms() + printer_timeout_ms;
	int fd, rc, saved;

	if (!path[0])
		return printer_error(err, err_size, SP_ERR_CONFIG,
				     _("no printer device or host is set in [printer]"));
	/* O_NONBLOCK: opening and writing never wait on a printer that is
	 * off, out of paper or gone; the poll below has a time limit. No
	 * O_CREAT: a missing device is a failure, not a new file; O_APPEND
	 * so a regular file named by mistake is not overwritten. */
	fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("cannot open the printer %s: %s"), path,
				     strerror(errno));
	rc = printer_write_all_nosigpipe(fd, data, len, deadline);
	saved = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("the printer %s did not take the job: %s"),
				     path, strerror(saved));
	return SP_OK;
}

/* ---- ESC/POS over TCP --------------------------------------------------- */

/* Splits "host:port", "[v6]:port" or "host" (port 9100) into buffers. */
static bool printer_split_host(const char *spec, char *host, size_t host_size,
			       char *port, size_t port_size)
{
	const char *colon;
	size_t n;

	if (spec[0] == '[') {
		const char *end = strchr(spec, ']');
		if (!end)
			return false;
		n = (size_t)(end - spec - 1);
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] && !colon)
			return false;
		spec++;
	} else {
		colon = strrchr(spec, ':');
		n = colon ? (size_t)(colon - spec) : strlen(spec);
	}
	if (n == 0 || n >= host_size)
		return false;
	memcpy(host, spec, n);
	host[n] = '\0';
	snprintf(port, port_size, "%s",
		 colon && colon[1] ? colon + 1 : PRINTER_DEFAULT_PORT);
	return strspn(port, "0123456789") == strlen(port);
}

/* Connects a non-blocking socket to one address before deadline. Returns
 * the socket, or -1 with errno. */
static int printer_connect(const struct addrinfo *ai, int64_t deadline)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
			SOCK_CLOEXEC, ai->ai_protocol);
	int soerr = 0, rc;
	socklen_t sl = sizeof soerr;

	if (fd < 0)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto fail;
	rc = printer_wait(fd, POLLOUT, deadline);
	if (rc == 0)
		errno = ETIMEDOUT;
	if (rc <= 0)
		goto fail;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
		goto fail;
	if (soerr != 0) {
		errno = soerr;
		goto fail;
	}
	return fd;
fail:
	rc = errno;
	close(fd);
	errno = rc;
	return -1;
}

/* After the whole job is sent and our side shut: waits a moment for the
 * printer's answer. A reset means it dropped part of the job. Returns 0
 * or -1 with errno. */
static int printer_linger(int fd, int64_t deadline)
{
	int64_t linger = printer_now_ms() + PRINTER_LINGER_MS;
	unsigned char sink[512];

	if (linger > deadline)
		linger = deadline;
	for (;;) {
		int rc = printer_wait(fd, POLLIN, linger);
		ssize_t n;
		if (rc == 0)
			return 0; /* still open: it took everything we sent */
		if (rc < 0)
			return -1;
		n = recv(fd, sink, sizeof sink, 0);
		if (n == 0)
			return 0; /* closed in good order */
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return -1;
		/* status bytes some printers send back: ignored */
	}
}

static enum sp_status printer_tcp(const struct config *cfg,
				  const unsigned char *data, size_t len,
				  char *err, size_t err_size)
{
	const char *spec = cfg->printer_host;
	int64_t deadline = printer_now_ms() + printer_timeout_ms;
	struct addrinfo hints = {0}, *res = NULL;
	char host[256], port[16];
	int fd = -1, rc, saved = 0;

	if (!printer_split_host(spec, host, sizeof host, port, sizeof port))
		return printer_error(err, err_size, SP_ERR_CONFIG,
				     _("the printer host '%s' is not host:port"),
				     spec);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("cannot find the printer %s: %s"), spec,
				     gai_strerror(rc));
	for (const struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = printer_connect(ai, deadline);
		if (fd < 0)
			saved = errno;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("cannot connect to the printer %s: %s"),
				     spec, strerror(saved));
	rc = printer_write_all(fd, true, data, len, deadline);
	if (rc == 0 && shutdown(fd, SHUT_WR) != 0)
		rc = -1;
	if (rc == 0)
		rc = printer_linger(fd, deadline);
	saved = errno;
	close(fd);
	if (rc != 0) {
		if (saved == ECONNRESET || saved == EPIPE)
			return printer_error(err, err_size, SP_ERR_IO,
					     _("the printer %s closed the connection before the job was complete"),
					     spec);
		return printer_error(err, err_size, SP_ERR_IO,
				     _("the printer %s did not take the job: %s"),
				     spec, strerror(saved));
	}
	return SP_OK;
}

/* ---- CUPS ---------------------------------------------------------------- */

/* Reads what is waiting on the non-blocking fd into buf (keeping the first
 * size - 1 bytes). Returns false at end of file or on an error. */
static bool printer_drain(int fd, char *buf, size_t size, size_t *used)
{
	char chunk[256];

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n == 0)
			return false;
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		if (*used + 1 < size) {
			size_t take = (size_t)n;
			if (take > size - 1 - *used)
				take = size - 1 - *used;
			memcpy(buf + *used, chunk, take);
			*used += take;
			buf[*used] = '\0';
		}
	}
}

/* Waits for pid until deadline, then kills it. Returns its wait status,
 * or -1 when it had to be killed. */
static int printer_reap(pid_t pid, int64_t deadline)
{
	int wstatus;

	for (;;) {
		pid_t r = waitpid(pid, &wstatus, WNOHANG);
		if (r == pid)
			return wstatus;
		if (r < 0 && errno != EINTR)
			return -1;
		if (printer_left_ms(deadline) == 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
				;
			return -1;
		}
		nanosleep(&(struct timespec){.tv_nsec = 10 * 1000000}, NULL);
	}
}

static enum sp_status printer_cups(const struct config *cfg,
				   const unsigned char *data, size_t len,
				   char *err, size_t err_size)
{
	const char *queue = cfg->printer_queue;
	int64_t deadline = printer_now_ms() + printer_timeout_ms;
	char *argv[] = {"lp", "-d", (char *)queue, "-o", "raw", NULL};
	posix_spawn_file_actions_t fa;
	int in[2] = {-1, -1}, errp[2] = {-1, -1};
	char msg[256] = "";
	size_t used = 0;
	pid_t pid;
	int rc, wstatus, saved = 0;

	if (!queue[0])
		return printer_error(err, err_size, SP_ERR_CONFIG,
				     _("no CUPS queue is set in [printer] queue"));
	/* lp's input is a socket so that writing to an lp that died raises
	 * no SIGPIPE (MSG_NOSIGNAL); its errors come back on a pipe. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 ||
	    pipe2(errp, O_CLOEXEC) != 0) {
		saved = errno;
		for (int i = 0; i < 2; i++) {
			if (in[i] >= 0)
				close(in[i]);
			if (errp[i] >= 0)
				close(errp[i]);
		}
		return printer_error(err, err_size, SP_ERR_IO,
				     _("cannot start lp for the queue %s: %s"),
				     queue, strerror(saved));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[1], STDIN_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
					 O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
	rc = posix_spawnp(&pid, "lp", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[1]);
	close(errp[1]);
	if (rc != 0) {
		close(in[0]);
		close(errp[0]);
		return printer_error(err, err_size, SP_ERR_IO,
				     _("cannot start lp for the queue %s: %s"),
				     queue, strerror(rc));
	}
	fcntl(in[0], F_SETFL, O_NONBLOCK);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	rc = printer_write_all(in[0], true, data, len, deadline);
	saved = errno;
	close(in[0]);
	/* lp's messages until it closes stderr (exits) or time runs out */
	while (printer_drain(errp[0], msg, sizeof msg, &used) &&
	       printer_wait(errp[0], POLLIN, deadline) > 0)
		;
	close(errp[0]);
	wstatus = printer_reap(pid, deadline);
	msg[strcspn(msg, "\n")] = '\0';
	if (wstatus == -1)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("lp did not finish the job for the queue %s in time"),
				     queue);
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("lp refused the job for the queue %s: %s"),
				     queue, msg[0] ? msg : _("no reason given"));
	if (rc != 0)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("lp did not take the whole job for the queue %s: %s"),
				     queue, strerror(saved));
	return SP_OK;
}

/* ---- file ------------------------------------------------------------------ */

static enum sp_status printer_file(const struct config *cfg,
				   const unsigned char *data, size_t len,
				   char *err, size_t err_size)
{
	const char *path = cfg->printer_device;
	size_t done = 0;
	int fd, saved = 0;

	if (!path[0])
		return printer_error(err, err_size, SP_ERR_CONFIG,
				     _("no file is set in [printer] device"));
	/* O_APPEND and one write: jobs from two processes never interleave. */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
		  0644);
	if (fd < 0)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("cannot open the printer file %s: %s"),
				     path, strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n < 0 ? errno : ENOSPC;
			break;
		}
		done += (size_t)n;
	}
	if (!saved && fsync(fd) != 0)
		saved = errno;
	if (close(fd) != 0 && !saved)
		saved = errno;
	if (saved)
		return printer_error(err, err_size, SP_ERR_IO,
				     _("cannot write the printer file %s: %s"),
				     path, strerror(saved));
	return SP_OK;
}

enum sp_status printer_print(const struct config *cfg,
			     const unsigned char *data, size_t len, char *err,
			     size_t err_size)
{
	if (err && err_size)
		err[0] = '\0';
	switch (cfg->printer_type) {
	case PRINTER_NONE:
		return SP_OK;
	case PRINTER_ESCPOS:
		if (cfg->printer_host[0])
			return printer_tcp(cfg, data, len, err, err_size);
		return printer_device(cfg, data, len, err, err_size);
	case PRINTER_CUPS:
		return printer_cups(cfg, data, len, err, err_size);
	case PRINTER_FILE:
		return printer_file(cfg, data, len, err, err_size);
	}
	return printer_error(err, err_size, SP_ERR_CONFIG,
			     _("the printer type in [printer] is unknown"));
}
