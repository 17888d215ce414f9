/* gxsys exec PID|NAME COMMAND ARG...: run COMMAND inside a running
 * container, through the container's own gxsys-init (/proc/PID/exe of its
 * PID 1 is the init binary in the store), like `guix container exec`. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "err.h"
#include "launcher_state.h"
#include "util.h"

static void usage(FILE *f)
{
	fputs("Usage: gxsys exec PID|NAME COMMAND [ARG...]\n"
	      "Run COMMAND inside the running container whose PID 1 is PID (as printed\n"
	      "by its launcher) or whose instance name is NAME (see 'gxsys list'); the\n"
	      "name of a running instance is taken before a PID.\n",
	      f);
}

/* ARG's PID; for an instance's name, *LOCK its lock file (gxsys-init exec
 * --lock then checks again, on the process it enters, that it is that
 * instance's PID 1: the pid file's PID may have been reused). */
static pid_t target_pid(const char *arg, char **lock)
{
	char *end;
	long pid = strtol(arg, &end, 10);
	struct gx_error *err = NULL;
	pid_t p;

	/* A running instance's name first: an instance may be named with
	 * digits only (--name=2024), and gxsys list shows it by that name. */
	*lock = NULL;
	p = launch_instance_pid(LAUNCH_STATE_DIR, arg, &err);
	if (p > 0)
		*lock = launch_state_file(LAUNCH_STATE_DIR, arg, "lock");
	else if (*arg != '\0' && *end == '\0')
		p = pid > 0 ? (pid_t)pid : -1;
	else
		fprintf(stderr, "gxsys: exec '%s': %s\n", arg, err->msg);
	gx_error_free(err);
	return p;
}

/* The last field of the NSpid line of /proc/PID/status (PID as its
 * innermost PID namespace sees it), and how many fields it has (1: PID is
 * in ours).  0 when unknown. */
/* From PID's status: its pid in its own PID namespace (the last NSpid
 * field), with the number of levels, and whether its real, effective,
 * saved and file system uids are all 0 on the host. */
static long ns_pid(pid_t pid, int *levels, bool *root)
{
	_cleanup_free_ char *path = gx_asprintf("/proc/%ld/status", (long)pid);
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	char line[256];
	long last = 0;
	unsigned long uid[4];

	*levels = 0;
	*root = false;
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Uid: %lu %lu %lu %lu", &uid[0], &uid[1], &uid[2], &uid[3]) == 4)
			*root = (uid[0] | uid[1] | uid[2] | uid[3]) == 0;
		if (strncmp(line, "NSpid:", 6) != 0)
			continue;
		char *p = line + 6, *end;
		for (long v; (v = strtol(p, &end, 10), end != p); p = end) {
			last = v;
			++*levels;
		}
		break;
	}
	return *levels ? last : 0;
}

/* Whether PID is in our user namespace: a gxsys container has none of its
 * own, and one of its own is any user's to make. */
static bool same_user_ns(pid_t pid)
{
	_cleanup_free_ char *path = gx_asprintf("/proc/%ld/ns/user", (long)pid);
	struct stat a, b;

	return stat(path, &a) == 0 && stat("/proc/self/ns/user", &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

/* PID must be the PID 1 of a PID namespace below ours, run by root in our
 * user namespace, running an init binary of the host's: the file at the
 * path its /proc/PID/exe names, owned by root and writable by root only.  gxsys exec runs that binary as
 * host root in the host's namespaces, so a program from inside a container
 * (its exe path names nothing on the host, or something else) or of
 * another user, merely named gxsys-init, must never pass. */
static int check_init(pid_t pid)
{
	_cleanup_free_ char *link = gx_asprintf("/proc/%ld/exe", (long)pid);
	char target[PATH_MAX];
	ssize_t len = readlink(link, target, sizeof(target) - 1);
	const char *base;
	struct stat run, host;
	int levels;
	bool root;

	if (len < 0 && errno == EACCES && geteuid() != 0) {
		fprintf(stderr, "gxsys: exec '%ld': permission denied (run it as root)\n",
		        (long)pid);
		return -1;
	}
	if (len < 0 && errno != ENOENT && errno != ESRCH) { /* a process root may not inspect */
		fprintf(stderr,
		        "gxsys: exec '%ld': not the PID 1 of a gxsys container (its executable "
		        "cannot be read: %s)\n",
		        (long)pid, strerror(errno));
		return -1;
	}
	if (len < 0) {
		fprintf(stderr, "gxsys: exec '%ld': no such process\n", (long)pid);
		return -1;
	}
	target[len] = '\0';
	base = strrchr(target, '/');
	if (strcmp(base ? base + 1 : target, "gxsys-init") != 0 ||
	    ns_pid(pid, &levels, &root) != 1 || levels < 2) {
		fprintf(stderr, "gxsys: exec '%ld': not the PID 1 of a gxsys container (%s)\n",
		        (long)pid, target);
		return -1;
	}
	/* Any user may run the host's gxsys-init as PID 1 of namespaces of
	 * its own (a user namespace, and a mount namespace where COMMAND is
	 * what that user chose). */
	if (!root || !same_user_ns(pid)) {
		fprintf(stderr,
		        "gxsys: exec '%ld': not the PID 1 of a gxsys container (%s, run by "
		        "another user than root or in a user namespace of its own)\n",
		        (long)pid, target);
		return -1;
	}
	/* The binary checked is the one run: opened once, through the link. */
	int fd = open(link, O_PATH | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &run) < 0 || stat(target, &host) < 0 || run.st_dev != host.st_dev ||
	    run.st_ino != host.st_ino || host.st_uid != 0 || (host.st_mode & 022)) {
		fprintf(stderr,
		        "gxsys: exec '%ld': not the PID 1 of a gxsys container (its executable "
		        "is not the host's %s, owned and writable by root only)\n",
		        (long)pid, target);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int cmd_exec(int argc, char **argv)
{
	char pidbuf[32];
	char **args;
	_cleanup_free_ char *lock = NULL;
	pid_t pid;
	int exe, n = 0;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return GX_EXIT_OK;
	}
	if (argc < 3) {
		fprintf(stderr, "gxsys: exec: %s\n",
		        argc < 2 ? "no pid specified" : "no command specified");
		usage(stderr);
		return GX_EXIT_USAGE;
	}
	pid = target_pid(argv[1], &lock);
	/* A pidfd first: PID is the same process from the checks to the exec
	 * (not a later one that reused its number). */
	_cleanup_close_ int pidfd = pid < 0 ? -1 : pidfd_open(pid, 0);
	if (pid < 0 || (exe = check_init(pid)) < 0)
		return GX_EXIT_FAILURE;
	if (pidfd < 0 || pidfd_send_signal(pidfd, 0, NULL, 0) < 0) {
		fprintf(stderr, "gxsys: exec '%ld': no such process\n", (long)pid);
		close(exe);
		return GX_EXIT_FAILURE;
	}
	snprintf(pidbuf, sizeof(pidbuf), "%ld", (long)pid);
	args = gx_xcalloc((size_t)argc + 5, sizeof(*args));
	args[n++] = (char *)"gxsys-init";
	args[n++] = (char *)"exec";
	if (lock != NULL) {
		args[n++] = (char *)"--lock";
		args[n++] = lock;
	}
	args[n++] = pidbuf;
	args[n++] = (char *)"--";
	for (int i = 2; i < argc; i++)
		args[n++] = argv[i];
	fexecve(exe, args, environ);
	fprintf(stderr, "gxsys: exec '%s': cannot run the container's gxsys-init: %s\n", argv[1],
	        strerror(errno));
	free(args);
	close(exe);
	return GX_EXIT_SYSTEM;
}
