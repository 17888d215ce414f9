/* herd: the client of the supervisor's control socket (control.c has the
 * protocol).  `gxsys-init herd VERB [SERVICE]`, or a link named herd; a
 * link named halt is `herd stop root`.  Any other VERB is the name of one
 * of SERVICE's actions: a command action's command is run here, as
 * Shepherd runs an action's procedure, with its output on herd's. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "svc.h"
#include "svc_int.h"
#include "util.h"

enum { HERD_OK = 0, HERD_REFUSED = 1, HERD_USAGE = 2, HERD_SYSTEM = 3 };

static int usage_to(FILE *f)
{
	fputs("Usage: herd status [SERVICE]\n"
	      "       herd start|stop|restart SERVICE\n"
	      "       herd enable|disable SERVICE (disabled: neither started nor\n"
	      "                            respawned until enabled)\n"
	      "       herd doc SERVICE [list-actions | action ACTION]\n"
	      "       herd trigger TIMER  (run a timer's command now)\n"
	      "       herd schedule TIMER (its next runs)\n"
	      "       herd files log-rotation (the files it rotates)\n"
	      "       herd rotate-logs    (rotate the log files now: the log-rotation\n"
	      "                            timer's command)\n"
	      "       herd ACTION SERVICE (one of the service's actions: configuration,\n"
	      "                            reload...)\n"
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

/* The supervisor's whole answer to VERB [SERVICE] in REPLY. */
static int ask(const char *verb, const char *service, struct gx_buf *reply)
{
	const char *path = socket_path();
	char request[SVC_CTL_REQ_MAX];
	_cleanup_close_ int fd = -1;

	snprintf(request, sizeof(request), "%s%s%s\n", verb, service ? " " : "",
	         service ? service : "");
	fd = dial(path);
	if (fd < 0) {
		fprintf(stderr, "herd: connect '%s': %s\n", path, strerror(errno));
		return HERD_SYSTEM;
	}
	if (send_all(fd, request, strlen(request)) < 0 || shutdown(fd, SHUT_WR) < 0 ||
	    read_all(fd, reply) < 0) {
		fprintf(stderr, "herd: talk to '%s': %s\n", path, strerror(errno));
		return HERD_SYSTEM;
	}
	return HERD_OK;
}

static int talk(const char *verb, const char *service)
{
	struct gx_buf reply = GX_BUF_INIT;
	int r = ask(verb, service, &reply);

	if (r == HERD_OK)
		r = show_reply(verb, service, &reply);
	gx_buf_free(&reply);
	return r;
}

/* ---- rotate-logs --------------------------------------------------------
 * PID 1 renames the log files (svc_logrot.c); the compression of each
 * FILE.1 is done here, in the log-rotation timer's run, so that PID 1
 * waits for no process.  The compressor reads FILE.1 on its stdin and
 * writes FILE.1SUFFIX on its stdout, both opened here without following a
 * symbolic link, and it runs as FILE.1's owner: in a directory a service's
 * user owns, it can do nothing that user could not. */

/* Whether NAME under DFD still names the file ST describes. */
static bool still(int dfd, const char *name, const struct stat *st)
{
	struct stat now;

	return fstatat(dfd, name, &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_dev == st->st_dev &&
	       now.st_ino == st->st_ino;
}

static int run_filter(char **argv, int in, int out, const struct stat *st)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
		    setgroups(0, NULL) < 0 || setresgid(st->st_gid, st->st_gid, st->st_gid) < 0 ||
		    setresuid(st->st_uid, st->st_uid, st->st_uid) < 0)
			_exit(126);
		execv(argv[0], argv);
		fprintf(stderr, "herd: rotate-logs: cannot run '%s': %s\n", argv[0],
		        strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* FILE (a rotated FILE.1) compressed into FILE SUFFIX, then removed. */
static int compress_file(const char *file, const char *suffix, char **argv)
{
	const char *base;
	/* in the directory PID 1 rotated it in, reached as PID 1 did */
	_cleanup_close_ int dfd = gx_open_parent_safe(file, &base);
	_cleanup_free_ char *to = gx_asprintf("%s%s", file, suffix);
	_cleanup_free_ char *to_base = gx_asprintf("%s%s", base, suffix);
	_cleanup_close_ int in =
	        dfd < 0 ? -1 : openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	_cleanup_close_ int out = -1;
	struct stat st, ost;
	int status;

	if (in < 0 || fstat(in, &st) < 0) {
		fprintf(stderr, "herd: rotate-logs: '%s': %s\n", file, strerror(errno));
		return -1;
	}
	/* A %base-packages member the host that built the system lacks. */
	if (access(argv[0], F_OK) < 0 && errno == ENOENT) {
		fprintf(stderr,
		        "herd: rotate-logs: '%s' left uncompressed: %s is not in this system\n",
		        file, argv[0]);
		return 0;
	}
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1) {
		fprintf(stderr, "herd: rotate-logs: '%s': not a regular file with one name\n",
		        file);
		return -1;
	}
	out = openat(dfd, to_base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0 || fstat(out, &ost) < 0 || fchown(out, st.st_uid, st.st_gid) < 0 ||
	    fchmod(out, st.st_mode & 0777) < 0) {
		fprintf(stderr, "herd: rotate-logs: '%s': %s\n", to, strerror(errno));
		if (out >= 0 && still(dfd, to_base, &ost))
			unlinkat(dfd, to_base, 0);
		return -1;
	}
	status = run_filter(argv, in, out, &st);
	if (status != 0) {
		fprintf(stderr, "herd: rotate-logs: '%s': %s failed (status %d); left as it is\n",
		        file, argv[0], status < 0 ? -1 : status);
		if (still(dfd, to_base, &ost))
			unlinkat(dfd, to_base, 0);
		return -1;
	}
	/* The expiry counts from the rotation: the file's time goes with it. */
	const struct timespec times[2] = { st.st_atim, st.st_mtim };
	(void)futimens(out, times);
	if (still(dfd, base, &st))
		unlinkat(dfd, base, 0);
	printf("Compressed '%s' to '%s'.\n", file, to);
	return 0;
}

/* The fields after each tab of S, copied (NULL when it has none); S is
 * cut at its first tab. */
static char **tab_fields(char *s)
{
	char **v = NULL;

	for (char *t = strchr(s, '\t'); t != NULL;) {
		char *end;

		*t++ = '\0';
		end = strchr(t, '\t');
		if (end != NULL)
			*end = '\0';
		v = gx_strv_push(v, t);
		if (end != NULL)
			*end = '\t';
		t = end;
	}
	return v;
}

static int rotate_logs(void)
{
	struct gx_buf reply = GX_BUF_INIT;
	char **compress = NULL, *suffix = NULL;
	int r = ask("rotate-logs", NULL, &reply);

	if (r != HERD_OK)
		goto out;
	if (reply.len < 3 || memcmp(reply.data, "ok\n", 3) != 0) {
		r = show_reply("rotate-logs", NULL, &reply);
		goto out;
	}
	for (char *line = reply.data + 3, *next; *line; line = next) {
		char *f[2];

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (strncmp(line, "compress\t", 9) == 0) {
			suffix = line + 9;
			compress = tab_fields(suffix);
			continue;
		}
		f[0] = strchr(line, '\t');
		if (f[0] == NULL)
			continue;
		*f[0]++ = '\0';
		f[1] = strchr(f[0], '\t');
		if (f[1] != NULL)
			*f[1]++ = '\0';
		if (strcmp(line, "rotated") == 0) {
			_cleanup_free_ char *one = gx_asprintf("%s.1", f[0]);

			printf("Rotated '%s' to '%s'.\n", f[0], one);
			fflush(stdout);
			if (compress != NULL && compress_file(one, suffix, compress) < 0)
				r = HERD_REFUSED;
		} else if (strcmp(line, "deleted") == 0) {
			printf("Deleted '%s': older than the expiry.\n", f[0]);
		} else if (strcmp(line, "failed") == 0) {
			fprintf(stderr, "herd: rotate-logs: '%s': %s\n", f[0],
			        f[1] ? f[1] : "failed");
			r = HERD_REFUSED;
		}
	}
	if (fflush(stdout) != 0)
		r = HERD_SYSTEM;
out:
	gx_strv_free(compress);
	gx_buf_free(&reply);
	return r;
}

/* A command action: the supervisor's answer "run\tARG..." run from "/",
 * with the services' default environment, herd's standard streams. */
static int run_action(const char *verb, const char *service, char *line)
{
	char **argv = NULL;
	char path[] = SVC_DEFAULT_PATH;
	char *envp[] = { path, NULL };
	int status, r = HERD_OK;
	pid_t pid;

	line[strcspn(line, "\n")] = '\0';
	argv = tab_fields(line);
	if (argv == NULL) {
		complain(verb, service, "no command in the supervisor's answer");
		return HERD_SYSTEM;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		complain(verb, service, strerror(errno));
		r = HERD_SYSTEM;
		goto out;
	}
	if (pid == 0) {
		if (chdir("/") == 0)
			execve(argv[0], argv, envp);
		fprintf(stderr, "herd: %s '%s': cannot run '%s': %s\n", verb, service, argv[0],
		        strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			complain(verb, service, strerror(errno));
			r = HERD_SYSTEM;
			goto out;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		fprintf(stderr, "herd: %s '%s': '%s' exited with status %d\n", verb, service,
		        argv[0], WEXITSTATUS(status));
		r = HERD_REFUSED;
	} else if (WIFSIGNALED(status)) {
		fprintf(stderr, "herd: %s '%s': '%s' was killed by signal %d\n", verb, service,
		        argv[0], WTERMSIG(status));
		r = HERD_REFUSED;
	}
out:
	gx_strv_free(argv);
	return r;
}

/* One of SERVICE's actions. */
static int act(const char *verb, const char *service)
{
	struct gx_buf reply = GX_BUF_INIT;
	int r = ask(verb, service, &reply);

	if (r == HERD_OK) {
		if (reply.len > 7 && memcmp(reply.data, "ok\nrun\t", 7) == 0)
			r = run_action(verb, service, reply.data + 3);
		else
			r = show_reply(verb, service, &reply);
	}
	gx_buf_free(&reply);
	return r;
}

static bool valid_name(const char *s)
{
	return *s != '\0' && strpbrk(s, " \t\r\n") == NULL && strlen(s) < SVC_CTL_REQ_MAX - 16;
}

static bool action_name(const char *s)
{
	return *s != '\0' && strlen(s) <= 32 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s);
}

/* Shepherd's: herd doc SERVICE, herd doc SERVICE list-actions, herd doc
 * SERVICE action ACTION.  The supervisor answers each (control.c). */
static int doc(int argc, char **argv)
{
	char what[SVC_CTL_REQ_MAX];

	if (argc < 3 || !valid_name(argv[2]) ||
	    (argc == 4 && strcmp(argv[3], "list-actions") != 0) ||
	    (argc == 5 && (strcmp(argv[3], "action") != 0 || !action_name(argv[4]))) || argc > 5)
		return usage();
	struct gx_buf reply = GX_BUF_INIT;
	int r;

	snprintf(what, sizeof(what), "%s%s%s%s%s", argv[2], argc > 3 ? " " : "",
	         argc > 3 ? argv[3] : "", argc > 4 ? " " : "", argc > 4 ? argv[4] : "");
	r = ask("doc", what, &reply);
	if (r == HERD_OK)
		r = show_reply("doc", argv[2], &reply);
	gx_buf_free(&reply);
	return r;
}

int svc_herd_main(int argc, char **argv)
{
	const char *prog = argc > 0 ? argv[0] : "herd";
	const char *base = strrchr(prog, '/');
	const char *verb;

	base = base != NULL ? base + 1 : prog;
	if (strcmp(base, "halt") == 0)
		return argc > 1 ? usage() : talk("stop", "root");
	if (argc < 2 || argc > 5)
		return usage();
	verb = argv[1];
	if (strcmp(verb, "-h") == 0 || strcmp(verb, "--help") == 0) {
		usage_to(stdout);
		return HERD_OK;
	}
	if (strcmp(verb, "rotate-logs") == 0)
		return argc == 2 ? rotate_logs() : usage();
	if (strcmp(verb, "doc") == 0)
		return doc(argc, argv);
	if (argc > 3)
		return usage();
	if (strcmp(verb, "status") != 0 && strcmp(verb, "start") != 0 &&
	    strcmp(verb, "stop") != 0 && strcmp(verb, "restart") != 0 &&
	    strcmp(verb, "trigger") != 0 && strcmp(verb, "schedule") != 0 &&
	    strcmp(verb, "files") != 0) {
		if (argc != 3 || !valid_name(argv[2]) || *verb == '\0' ||
		    strspn(verb, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(verb) ||
		    strlen(verb) > 32)
			return usage();
		return act(verb, argv[2]);
	}
	if ((argc == 2 && strcmp(verb, "status") != 0) || (argc == 3 && !valid_name(argv[2])))
		return usage();
	if (strcmp(verb, "schedule") == 0) /* a timer's, or an action (mcron's) */
		return act(verb, argv[2]);
	return talk(verb, argc == 3 ? argv[2] : NULL);
}
