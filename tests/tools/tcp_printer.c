/* tcp_printer.c — a stand-in for a network receipt printer (port 9100) in
 * the tests.
 *
 *   tcp_printer PORT_FILE OUT_FILE [--close-after N]
 *
 * Listens on 127.0.0.1 at a free port, writes the port number to
 * PORT_FILE (complete when it appears: written aside and renamed), takes
 * one connection and appends what it receives to OUT_FILE until the
 * sender closes. With --close-after N it reads only N bytes and then
 * closes, as a printer failing mid-job would. Gives up after 60 seconds
 * without a connection, so a failed test leaves nothing running. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WAIT_MS 60000

int main(int argc, char **argv)
{
	struct sockaddr_in addr;
	socklen_t alen = sizeof addr;
	struct pollfd pfd;
	char tmp[4096];
	unsigned char buf[4096];
	long close_after = -1, got = 0;
	FILE *f;
	int lfd, cfd;

	if (argc == 5 && strcmp(argv[3], "--close-after") == 0)
		close_after = atol(argv[4]);
	else if (argc != 3) {
		fprintf(stderr, "usage: tcp_printer PORT_FILE OUT_FILE [--close-after N]\n");
		return 2;
	}
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
	    listen(lfd, 1) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&addr, &alen) != 0) {
		perror("tcp_printer: listen");
		return 1;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", ntohs(addr.sin_port)) < 0 || fclose(f) != 0 ||
	    rename(tmp, argv[1]) != 0) {
		perror("tcp_printer: port file");
		return 1;
	}
	pfd.fd = lfd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, WAIT_MS) != 1) {
		fprintf(stderr, "tcp_printer: nobody connected\n");
		return 1;
	}
	cfd = accept(lfd, NULL, NULL);
	if (cfd < 0) {
		perror("tcp_printer: accept");
		return 1;
	}
	f = fopen(argv[2], "ab");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	for (;;) {
		size_t want = sizeof buf;
		ssize_t n;
		if (close_after >= 0 && (size_t)(close_after - got) < want)
			want = (size_t)(close_after - got);
		if (want == 0)
			break;
		pfd.fd = cfd;
		if (poll(&pfd, 1, WAIT_MS) != 1)
			break;
		n = recv(cfd, buf, want, 0);
		if (n <= 0)
			break;
		fwrite(buf, 1, (size_t)n, f);
		got += n;
	}
	fclose(f);
	/* Closing with unread data makes the kernel reset the connection,
	 * which is what the sender must notice. */
	close(cfd);
	close(lfd);
	return 0;
}
