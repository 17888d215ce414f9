/* Test-only probe: gxsys-init's launcher and boot steps with a minimal PID 1
 * instead of the supervisor, so the integration tests check the file system,
 * namespaces and launcher without depending on the services.  PID 1 here
 * runs COMMAND (reaping every other child) and returns its status, or,
 * without COMMAND, waits for SIGTERM/SIGINT and returns 0. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"

static int probe_pid1(const struct boot_conf *bc, char *const *command)
{
	sigset_t set;
	int sig, wstatus;
	(void)bc;
	launch_ready();
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (!command) {
		sigwait(&set, &sig);
		return 0;
	}
	pid_t child = fork();
	if (child == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(command[0], command);
		fprintf(stderr, "probe: exec '%s': %s\n", command[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	for (;;) {
		pid_t p = wait(&wstatus);
		if (p == child)
			return launch_exit_status(wstatus);
		if (p < 0 && errno != EINTR)
			return 3;
	}
}

int main(int argc, char **argv)
{
	return launch_main(argc, argv, probe_pid1);
}
