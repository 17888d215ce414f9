/* gxsys-init stop, and the check that exec --lock shares (instance.h). */
#include "instance.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* How long stop waits for PID 1 to exit: its own shutdown gives services
 * 5 s each and the remaining processes 4 s, so this is only for an init
 * that does not answer. */
#define INSTANCE_STOP_TIMEOUT_MS 60000

/* PID's name (comm), its uids all 0, and its parent's PID, from
 * /proc/PID; false when PID is gone or is none of it. */
static bool read_proc(pid_t pid, char *comm, size_t len, bool *root, pid_t *ppid)
{
	char path[64], line[256];
	unsigned long uid[4];
	long pp;

	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	_cleanup_fclose_ FILE *c = fopen(path, "re");
	if (!c || !fgets(comm, (int)len, c))
		return false;
	comm[strcspn(comm, "\n")] = '\0';
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	*root = false;
	*ppid = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (sscanf(line, "PPid: %ld", &pp) == 1)
			*ppid = (pid_t)pp;
		else if (sscanf(line, "Uid: %lu %lu %lu %lu", &uid[0], &uid[1], &uid[2], &uid[3]) ==
		         4)
			*root = (uid[0] | uid[1] | uid[2] | uid[3]) == 0;
	}
	return f != NULL && *ppid > 0;
}

/* Whether process PID has the file LOCK (its device and inode) open. */
static bool holds_open(pid_t pid, const struct stat *lock)
{
	char path[64];
	struct dirent *d;
	struct stat st;
	bool found = false;

	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	DIR *dir = opendir(path);
	if (!dir)
		return false;
	while (!found && (d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		found = fstatat(dirfd(dir), d->d_name, &st, 0) == 0 && st.st_dev == lock->st_dev &&
		        st.st_ino == lock->st_ino;
	}
	closedir(dir);
	return found;
}

int instance_check(pid_t pid, const char *lock, struct gx_error **err)
{
	char comm[32];
	bool root;
	pid_t ppid;
	struct stat st;

	if (stat(lock, &st) < 0)
		return gx_fail(err, errno == ENOENT ? GX_EXIT_FAILURE : GX_EXIT_SYSTEM, errno,
		               "lock file '%s'", lock);
	if (!read_proc(pid, comm, sizeof comm, &root, &ppid))
		return gx_fail_input(err, "process %d: no such process", (int)pid);
	/* Any user may name a program gxsys-init and run it as PID 1 of
	 * namespaces of its own; a stale pid file's number may be any
	 * process's, another instance's PID 1 among them: the lock tells. */
	if (strcmp(comm, "gxsys-init") != 0 || !root || !S_ISREG(st.st_mode) ||
	    !holds_open(ppid, &st))
		return gx_fail_input(err,
		                     "process %d is not the PID 1 of the instance whose lock "
		                     "file is '%s'",
		                     (int)pid, lock);
	return 0;
}

static int parse_pid(const char *s, pid_t *pid)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v <= 0 || v > INT_MAX)
		return -1;
	*pid = (pid_t)v;
	return 0;
}

/* PIDFD readable: its process has exited. */
static int wait_exit(int pidfd, pid_t pid, struct gx_error **err)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int r;

	while ((r = poll(&p, 1, INSTANCE_STOP_TIMEOUT_MS)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return gx_fail_errno(err, "wait for process %d", (int)pid);
	if (r == 0)
		return gx_fail_input(err, "process %d has not stopped after %d s", (int)pid,
		                     INSTANCE_STOP_TIMEOUT_MS / 1000);
	return 0;
}

static int stop(pid_t pid, const char *lock, struct gx_error **err)
{
	_cleanup_close_ int pidfd = (int)pidfd_open(pid, 0);
	if (pidfd < 0)
		return gx_fail(err, errno == ESRCH ? GX_EXIT_FAILURE : GX_EXIT_SYSTEM, errno,
		               "process %d", (int)pid);
	if (instance_check(pid, lock, err) < 0)
		return -1;
	/* ESRCH: the process pinned has exited since; nothing was sent to
	 * any other (the pidfd names it alone). */
	if (pidfd_send_signal(pidfd, SIGTERM, NULL, 0) < 0)
		return errno == ESRCH ? 0 : gx_fail_errno(err, "signal process %d", (int)pid);
	return wait_exit(pidfd, pid, err);
}

int instance_stop_main(int argc, char **argv)
{
	static const char usage[] = "Usage: gxsys-init stop --lock FILE PID\n";
	struct gx_error *err = NULL;
	const char *lock = NULL;
	pid_t pid;
	int i = 1;

	if (i + 1 < argc && strcmp(argv[i], "--lock") == 0) {
		lock = argv[i + 1];
		i += 2;
	} else if (i < argc && strncmp(argv[i], "--lock=", 7) == 0) {
		lock = argv[i] + 7;
		i++;
	}
	if (lock == NULL || *lock == '\0' || i + 1 != argc || parse_pid(argv[i], &pid) < 0) {
		fputs(usage, stderr);
		return GX_EXIT_USAGE;
	}
	if (stop(pid, lock, &err) < 0) {
		fprintf(stderr, "gxsys-init: stop %d: %s\n", (int)pid, err->msg);
		int status = err->status;
		gx_error_free(err);
		return status;
	}
	return GX_EXIT_OK;
}
