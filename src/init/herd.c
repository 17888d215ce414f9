/* herd: the client of the supervisor's control socket (control.c has the
 * protocol).  `gxsys-init herd VERB [SERVICE]`, or a link named herd; a
 * link named halt is `herd stop root`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "svc.h"
#include "svc_int.h"
#include "util.h"

enum { HERD_OK = 0, HERD_REFUSED = 1, HERD_USAGE = 2, HERD_SYSTEM = 3 };

static int usage_to(FILE *f)
{
	fputs("Usage: herd status [SERVICE]\n"
	      "       herd start|stop|restart SERVICE\n"
	      "       herd trigger TIMER  (run a timer's command now)\n"
	      "       herd stop root      (or halt: shut the system down)\n",
	      f);
	return HERD_USAGE;
}

static int usage(void)
{
	return usage_to(stderr);
}

static const char *socket_path(void)
{
	const char *p = getenv("GXSYS_CONTROL_SOCKET"); /* tests, debugging */

	return p != NULL && *p != '\0' ? p : SVC_CONTROL_PATH;
}

static int dial(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, struct gx_buf *b)
{
	char chunk[1024];

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		gx_buf_add(b, chunk, (size_t)n);
	}
}

/* "herd: VERB 'SERVICE': reason" (crun-style, printed once). */
static void complain(const char *verb, const char *service, const char *reason)
{
	if (service != NULL)
		fprintf(stderr, "herd: %s '%s': %s\n", verb, service, reason);
	else
		fprintf(stderr, "herd: %s: %s\n", verb, reason);
}

static int show_reply(const char *verb, const char *service, struct gx_buf *b)
{
	if (b->len >= 3 && memcmp(b->data, "ok\n", 3) == 0) {
		fputs(b->data + 3, stdout);
		return fflush(stdout) == 0 ? HERD_OK : HERD_SYSTEM;
	}
	if (b->len > 7 && memcmp(b->data, "error: ", 7) == 0) {
		b->data[strcspn(b->data, "\n")] = '\0';
		complain(verb, service, b->data + 7);
		return HERD_REFUSED;
	}
	complain(verb, service, "no answer from the supervisor");
	return HERD_SYSTEM;
}

static int talk(const char *verb, const char *service)
{
	const char *path = socket_path();
	struct gx_buf reply = GX_BUF_INIT;
	char request[SVC_CTL_REQ_MAX];
	_cleanup_close_ int fd = -1;
	int r;

	snprintf(request, sizeof(request), "%s%s%s\n", verb, service ? " " : "",
	         service ? service : "");
	fd = dial(path);
	if (fd < 0) {
		fprintf(stderr, "herd: connect '%s': %s\n", path, strerror(errno));
		return HERD_SYSTEM;
	}
	if (send_all(fd, request, strlen(request)) < 0 || shutdown(fd, SHUT_WR) < 0 ||
	    read_all(fd, &reply) < 0) {
		fprintf(stderr, "herd: talk to '%s': %s\n", path, strerror(errno));
		gx_buf_free(&reply);
		return HERD_SYSTEM;
	}
	r = show_reply(verb, service, &reply);
	gx_buf_free(&reply);
	return r;
}

static bool valid_name(const char *s)
{
	return *s != '\0' && strpbrk(s, " \t\r\n") == NULL && strlen(s) < SVC_CTL_REQ_MAX - 16;
}

int svc_herd_main(int argc, char **argv)
{
	const char *prog = argc > 0 ? argv[0] : "herd";
	const char *base = strrchr(prog, '/');
	const char *verb;

	base = base != NULL ? base + 1 : prog;
	if (strcmp(base, "halt") == 0)
		return argc > 1 ? usage() : talk("stop", "root");
	if (argc < 2 || argc > 3)
		return usage();
	verb = argv[1];
	if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0) {
		usage_to(stdout);
		return HERD_OK;
	}
	if (strcmp(verb, "status") != 0 && strcmp(verb, "start") != 0 &&
	    strcmp(verb, "stop") != 0 && strcmp(verb, "restart") != 0 &&
	    strcmp(verb, "trigger") != 0)
		return usage();
	if ((argc == 2 && strcmp(verb, "status") != 0) || (argc == 3 && !valid_name(argv[2])))
		return usage();
	return talk(verb, argc == 3 ? argv[2] : NULL);
}
