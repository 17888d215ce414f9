/* gxsys-init exec (see nsexec.h), after `guix container exec` and
 * nsenter(1): the namespaces are opened from /proc/PID/ns while a pidfd
 * pins PID, so a recycled pid cannot send us into another process's
 * namespaces. */
#include "nsexec.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include "caps.h"
#include "guard.h"
#include "instance.h"
#include "launch.h"
#include "util.h"

static const struct ns_kind {
	const char *name;
	int flag;
} ns_kinds[] = {
	{ "user", CLONE_NEWUSER },     { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS },
	{ "net", CLONE_NEWNET },       { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },
	{ "cgroup", CLONE_NEWCGROUP },
};
enum { NS_N = sizeof ns_kinds / sizeof ns_kinds[0] };

/* Open PID's namespace NAME, or -1 (no error) when it is ours too. */
static int ns_open(pid_t pid, const char *name, struct gx_error **err)
{
	char path[64], self[64];
	struct stat a, b;
	snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
	snprintf(self, sizeof self, "/proc/self/ns/%s", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gx_fail(err, errno == ENOENT ? GX_EXIT_FAILURE : GX_EXIT_SYSTEM, errno,
		               "open '%s'", path);
	if (fstat(fd, &a) == 0 && stat(self, &b) == 0 && a.st_ino == b.st_ino &&
	    a.st_dev == b.st_dev) {
		close(fd);
		return -2;
	}
	return fd;
}

static void ns_close_all(int *fds)
{
	for (int i = 0; i < NS_N; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static int ns_open_all(pid_t pid, int *fds, struct gx_error **err)
{
	for (int i = 0; i < NS_N; i++)
		fds[i] = -1;
	for (int i = 0; i < NS_N; i++) {
		int fd = ns_open(pid, ns_kinds[i].name, err);
		if (fd == -1)
			return -1;
		fds[i] = fd < 0 ? -1 : fd;
	}
	if (fds[4] < 0) /* pid */
		return gx_fail_input(err,
		                     "process %d is not in a container (it shares our PID "
		                     "namespace)",
		                     (int)pid);
	return 0;
}

static int ns_setns_all(const int *fds, struct gx_error **err)
{
	for (int i = 0; i < NS_N; i++) {
		if (fds[i] < 0)
			continue;
		if (setns(fds[i], ns_kinds[i].flag) < 0)
			return gx_fail_errno(err, "join the %s namespace", ns_kinds[i].name);
	}
	return 0;
}

/* PID's capability bounding set: what it runs may have, at most. */
static int ns_bound(pid_t pid, uint64_t *bound, struct gx_error **err)
{
	char path[64], line[256];
	unsigned long long v;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	if (!f)
		return gx_fail(err, errno == ENOENT ? GX_EXIT_FAILURE : GX_EXIT_SYSTEM, errno,
		               "open '%s'", path);
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "CapBnd: %llx", &v) == 1) {
			*bound = v;
			return 0;
		}
	return gx_fail(err, GX_EXIT_SYSTEM, 0, "no CapBnd in '%s'", path);
}

int ns_join(pid_t pid, const char *lock, struct gx_error **err)
{
	int fds[NS_N];
	/* Not dumpable, and so the child forked inside before its exec: the
	 * container's root (no CAP_SYS_PTRACE) could otherwise trace it or
	 * chmod its /proc/PID/exe, this binary on the host's file system. */
	if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) < 0)
		return gx_fail_errno(err, "make this process non-dumpable");
	_cleanup_close_ int pidfd = (int)pidfd_open(pid, 0);
	if (pidfd < 0)
		return gx_fail(err, errno == ESRCH ? GX_EXIT_FAILURE : GX_EXIT_SYSTEM, errno,
		               "process %d", (int)pid);
	if (lock != NULL && instance_check(pid, lock, err) < 0)
		return -1;
	/* The command gets no capability PID 1 has not kept; none of the
	 * host's network's (caps_bound_for: net_raw, net_admin) when the
	 * container shares ours, even while PID 1 has not yet reduced its own.
	 * On its own network, net_admin as PID 1 (its boot.conf's net-admin). */
	uint64_t bound = 0;
	if (ns_open_all(pid, fds, err) < 0 || ns_bound(pid, &bound, err) < 0) {
		ns_close_all(fds);
		return -1;
	}
	bound &= caps_bound_for(fds[3] < 0, true); /* net */
	/* Still the same process: the namespaces and the set we read (and
	 * what instance_check read) are its own. */
	if (pidfd_send_signal(pidfd, 0, NULL, 0) < 0) {
		ns_close_all(fds);
		return gx_fail(err, GX_EXIT_FAILURE, errno, "process %d", (int)pid);
	}
	/* In a user namespace of its own (a gxsys container has none), the
	 * namespaces are its owner's to make: any user's.  What runs there
	 * must not keep our host uid 0 (owner of the host's files) nor our
	 * groups: it becomes the namespace's root, that is its owner on the
	 * host, as nsenter -U does.  Without it a user's own "container"
	 * running the host's gxsys-init, and a COMMAND its mount namespace
	 * chose, had root's files (tests/integration/exec-refuse.sh). */
	bool own_user_ns = fds[0] >= 0;
	if (own_user_ns && setgroups(0, NULL) < 0) {
		ns_close_all(fds);
		return gx_fail_errno(err, "drop the supplementary groups");
	}
	int r = ns_setns_all(fds, err);
	ns_close_all(fds);
	if (r < 0)
		return -1;
	if (own_user_ns && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		return gx_fail_input(err, "process %d's user namespace has no root to run as",
		                     (int)pid);
	if (chdir("/") < 0)
		return gx_fail_errno(err, "enter '/'");
	if (guard_install(err) < 0)
		return -1;
	return caps_restrict(bound, err);
}

static GX_NORETURN void ns_child(char **argv)
{
	const char *term = getenv("TERM");
	_cleanup_free_ char *t = term ? gx_xstrdup(term) : NULL;
	clearenv();
	if (t)
		setenv("TERM", t, 1);
	setenv("PATH", NS_DEFAULT_PATH, 1);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	/* No fd of the host (a directory fd is a way out) enters the container. */
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		_exit(126);
	execvp(argv[0], argv);
	int e = errno;
	fprintf(stderr, "gxsys-init: exec '%s': %s\n", argv[0], strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

static int ns_parse_pid(const char *s, pid_t *pid)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v <= 0 || v > INT_MAX)
		return -1;
	*pid = (pid_t)v;
	return 0;
}

int ns_exec_main(int argc, char **argv)
{
	static const char usage[] =
	        "Usage: gxsys-init exec [--lock FILE] PID [--] COMMAND ARG...\n";
	const char *lock = NULL;
	pid_t pid;
	int i = 1, wstatus;
	struct gx_error *err = NULL;
	if (i + 1 < argc && strcmp(argv[i], "--lock") == 0) {
		lock = argv[i + 1];
		i += 2;
	}
	if (i >= argc || ns_parse_pid(argv[i], &pid) < 0 || (lock != NULL && *lock == '\0')) {
		fputs(usage, stderr);
		return GX_EXIT_USAGE;
	}
	i++;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		fputs(usage, stderr);
		return GX_EXIT_USAGE;
	}
	if (ns_join(pid, lock, &err) < 0) {
		fprintf(stderr, "gxsys-init: exec '%d': %s\n", (int)pid, err->msg);
		int status = err->status;
		gx_error_free(err);
		return status;
	}
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	/* A caller's SIG_IGN (it survives exec) would have the kernel reap the
	 * command, and its status lost. */
	signal(SIGCHLD, SIG_DFL);
	pid_t child = fork();
	if (child == 0)
		ns_child(argv + i);
	if (child < 0) {
		perror("gxsys-init: exec: fork");
		return GX_EXIT_SYSTEM;
	}
	while (waitpid(child, &wstatus, 0) < 0)
		if (errno != EINTR)
			return GX_EXIT_SYSTEM;
	return launch_exit_status(wstatus);
}
