/* Forking services and the `--` COMMAND.  Everything between fork and exec
 * runs in the child only: it may fail, and then it says why on its stderr
 * (the service's log) and exits 127 (not found) or 126 (cannot run), as a
 * shell does. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "svc_int.h"
#include "util.h"

extern char **environ;

static void child_say(const char *what, const char *arg, int e)
{
	const char *reason = strerror(e);
	struct iovec iov[] = {
		{ (void *)"gxsys-init: ", 12 },
		{ (void *)what, strlen(what) },
		{ (void *)" '", 2 },
		{ (void *)arg, strlen(arg) },
		{ (void *)"': ", 3 },
		{ (void *)reason, strlen(reason) },
		{ (void *)"\n", 1 },
	};

	if (writev(STDERR_FILENO, iov, sizeof(iov) / sizeof(iov[0])) < 0)
		return;
}

static GX_NORETURN void child_fail(const char *what, const char *arg, int e, int code)
{
	child_say(what, arg, e);
	_exit(code);
}

/* PID 1 blocks every signal and may have set handlers: a service gets the
 * default dispositions and an empty mask, as if started by a shell. */
static void child_reset_signals(void)
{
	struct sigaction dfl;
	sigset_t none;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static GX_NORETURN void child_exec(char *const *argv, char *const *envp)
{
	int e;

	environ = (char **)envp; /* execvp searches the service's own PATH */
	execvp(argv[0], argv);
	e = errno;
	child_fail("exec", argv[0], e, e == ENOENT || e == ENOTDIR ? 127 : 126);
}

/* The log file is appended to and, when it is created, owned by the
 * service's user so a service can reopen it after dropping privileges. */
static int open_log_file(const struct bc_service *s)
{
	int fd = open(s->log_file, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
	              0640);

	if (fd >= 0) {
		if (fchown(fd, s->uid, s->gid) < 0)
			child_fail("chown", s->log_file, errno, 126);
		return fd;
	}
	if (errno != EEXIST)
		return -1;
	return open(s->log_file, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
}

static void child_stdio(const struct bc_service *s, int nullfd, int out_fd)
{
	if (s->log_file != NULL) {
		out_fd = open_log_file(s);
		if (out_fd < 0)
			child_fail("open log file", s->log_file, errno, 126);
	}
	if (dup2(nullfd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
	    dup2(out_fd, STDERR_FILENO) < 0)
		_exit(126);
}

static void child_credentials(const struct bc_service *s)
{
	if (setgroups(s->n_groups, s->groups) < 0)
		child_fail("setgroups for", s->name, errno, 126);
	if (setgid(s->gid) < 0)
		child_fail("setgid for", s->name, errno, 126);
	if (setuid(s->uid) < 0)
		child_fail("setuid for", s->name, errno, 126);
	if (s->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0)
		child_fail("no_new_privs for", s->name, errno, 126);
}

pid_t svc_spawn_service(const struct bc_service *s, char *const *envp, int nullfd, int out_fd)
{
	const char *dir = s->directory != NULL ? s->directory : "/";
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	child_reset_signals();
	if (setsid() < 0)
		_exit(126);
	child_stdio(s, nullfd, out_fd);
	umask(022);
	if (chdir(dir) < 0)
		child_fail("chdir to", dir, errno, 126);
	child_credentials(s);
	child_exec(s->command, envp);
}

pid_t svc_spawn_command(char *const *command)
{
	const char *term = getenv("TERM");
	pid_t pid = fork();
	char termbuf[128];
	char *envp[3] = { (char *)SVC_DEFAULT_PATH, NULL, NULL };

	if (pid != 0)
		return pid;
	child_reset_signals();
	if (term != NULL && strlen(term) + 6 < sizeof(termbuf)) {
		memcpy(termbuf, "TERM=", 5);
		strcpy(termbuf + 5, term);
		envp[1] = termbuf;
	}
	if (setgroups(0, NULL) < 0 && errno != EPERM)
		child_fail("setgroups for", command[0], errno, 126);
	if (chdir("/") < 0)
		child_fail("chdir to", "/", errno, 126);
	child_exec(command, envp);
}

void svc_signal_group(pid_t pid, int sig)
{
	pid_t pgid = getpgid(pid);

	/* The service's own group (it did setsid), or only the process
	 * while it is still in ours (between fork and setsid). */
	if (pgid > 0 && pgid != getpgrp())
		kill(-pgid, sig);
	else
		kill(pid, sig);
}

int64_t svc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
