/* gxsys exec PID|NAME COMMAND ARG...: run COMMAND inside a running
 * container, through the container's own gxsys-init (/proc/PID/exe of its
 * PID 1 is the init binary in the store), like `guix container exec`. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "err.h"
#include "launcher_state.h"
#include "util.h"

static void usage(FILE *f)
{
	fputs("Usage: gxsys exec PID|NAME COMMAND [ARG...]\n"
	      "Run COMMAND inside the running container whose PID 1 is PID (as printed\n"
	      "by its launcher) or whose instance name is NAME (see 'gxsys list').\n",
	      f);
}

static pid_t target_pid(const char *arg)
{
	char *end;
	long pid = strtol(arg, &end, 10);
	struct gx_error *err = NULL;
	pid_t p;

	if (*arg != '\0' && *end == '\0')
		return pid > 0 ? (pid_t)pid : -1;
	p = launch_instance_pid(LAUNCH_STATE_DIR, arg, &err);
	if (p < 0)
		fprintf(stderr, "gxsys: exec '%s': %s\n", arg, err->msg);
	gx_error_free(err);
	return p;
}

/* PID's executable must be a gxsys-init. */
static int check_init(pid_t pid, char *exe, size_t n)
{
	_cleanup_free_ char *link = gx_asprintf("/proc/%ld/exe", (long)pid);
	char target[PATH_MAX];
	ssize_t len = readlink(link, target, sizeof(target) - 1);
	const char *base;

	if (len < 0) {
		fprintf(stderr, "gxsys: exec '%ld': no such process%s\n", (long)pid,
		        errno == EACCES ? " (or not root)" : "");
		return -1;
	}
	target[len] = '\0';
	base = strrchr(target, '/');
	if (strcmp(base ? base + 1 : target, "gxsys-init") != 0) {
		fprintf(stderr, "gxsys: exec '%ld': not the PID 1 of a gxsys container (%s)\n",
		        (long)pid, target);
		return -1;
	}
	snprintf(exe, n, "%s", link);
	return 0;
}

int cmd_exec(int argc, char **argv)
{
	char exe[64], pidbuf[32];
	char **args;
	pid_t pid;

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
	pid = target_pid(argv[1]);
	if (pid < 0 || check_init(pid, exe, sizeof(exe)) < 0)
		return GX_EXIT_FAILURE;
	snprintf(pidbuf, sizeof(pidbuf), "%ld", (long)pid);
	args = gx_xcalloc((size_t)argc + 3, sizeof(*args));
	args[0] = (char *)"gxsys-init";
	args[1] = (char *)"exec";
	args[2] = pidbuf;
	args[3] = (char *)"--";
	for (int i = 2; i < argc; i++)
		args[i + 2] = argv[i];
	execv(exe, args);
	fprintf(stderr, "gxsys: exec '%s': cannot run the container's gxsys-init: %s\n", argv[1],
	        strerror(errno));
	free(args);
	return GX_EXIT_SYSTEM;
}
