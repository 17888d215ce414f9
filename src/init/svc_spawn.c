/* Starting services and the `--` COMMAND.  The child is made by
 * clone(CLONE_VM | CLONE_VFORK), as posix_spawn does: it borrows PID 1's
 * memory until it execs, so no page table is copied and neither side takes
 * copy-on-write faults (a fork of PID 1 cost more than the exec itself).
 * The child therefore only makes system calls on its own stack: it writes
 * no global (errno aside: PID 1 reads no errno across a spawn), allocates
 * nothing, and changes its credentials with the raw system calls, which act
 * on the calling task only.  It may fail, and then it says why on its
 * stderr (the service's log) and exits 127 (not found) or 126 (cannot
 * run), as a shell does. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "launch.h"
#include "svc_int.h"
#include "util.h"

/* The child's stack, carved from the spawning frame of the suspended
 * parent: the path search's buffer and a few frames. */
#define SPAWN_STACK (PATH_MAX + 8192)
/* Arguments of a script run through /bin/sh (execvp's fallback). */
#define SPAWN_SCRIPT_ARGS 255

struct spawn_req {
	const struct bc_service *svc; /* NULL: the `--` COMMAND */
	char *const *argv;
	char *const *envp;
	int nullfd, out_fd;
	bool foreground;
	int log_errno; /* its log file could not be opened: the child exits 126 */
};

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

/* PID 1 never sets a handler or ignores a signal (it resets every
 * disposition when it starts and takes signals through a signalfd), so a
 * child has the default dispositions already: it only needs the empty
 * mask a shell would give it, which exec keeps. */
static void child_unblock_signals(void)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* A file the kernel cannot run (no #! line) is a script for /bin/sh, as
 * execvp has it: run `/bin/sh FILE ARGS...` with FILE where it was found. */
static int child_exec_script(const char *path, char *const *argv, char *const *envp)
{
	char *sh_argv[SPAWN_SCRIPT_ARGS + 2];
	size_t argc = 0;

	while (argv[argc] != NULL)
		if (++argc > SPAWN_SCRIPT_ARGS)
			return E2BIG;
	sh_argv[0] = (char *)"/bin/sh";
	sh_argv[1] = (char *)path;
	for (size_t i = 1; i <= argc; i++)
		sh_argv[i + 1] = argv[i];
	execve(sh_argv[0], sh_argv, envp);
	return ENOEXEC;
}

static const char *env_path(char *const *envp)
{
	for (size_t i = 0; envp[i] != NULL; i++)
		if (strncmp(envp[i], "PATH=", 5) == 0)
			return envp[i] + 5;
	return "/bin:/usr/bin"; /* execvp's default */
}

/* execve FILE, or ARGV[0] found in the service's own PATH (not PID 1's)
 * as execvp does; returns the errno that tells why nothing ran. */
static int child_execvpe(char *const *argv, char *const *envp)
{
	const char *file = argv[0];
	char buf[PATH_MAX];
	size_t flen = strlen(file);
	bool denied = false;
	int e = ENOENT;

	if (strchr(file, '/') != NULL) {
		execve(file, argv, envp);
		return errno == ENOEXEC ? child_exec_script(file, argv, envp) : errno;
	}
	if (flen == 0)
		return ENOENT;
	for (const char *p = env_path(envp), *end;; p = end + 1) {
		end = strchrnul(p, ':');
		size_t dlen = (size_t)(end - p);
		if (dlen + 1 + flen < sizeof(buf)) {
			/* an empty element is the current directory */
			memcpy(buf, dlen ? p : ".", dlen ? dlen : 1);
			dlen = dlen ? dlen : 1;
			buf[dlen] = '/';
			memcpy(buf + dlen + 1, file, flen + 1);
			execve(buf, argv, envp);
			e = errno;
			if (e == ENOEXEC)
				return child_exec_script(buf, argv, envp);
			if (e == EACCES)
				denied = true;
			else if (e != ENOENT && e != ENOTDIR)
				return e;
		}
		if (*end == '\0')
			break;
	}
	return denied ? EACCES : e;
}

static GX_NORETURN void child_exec(char *const *argv, char *const *envp)
{
	child_unblock_signals();
	int e = child_execvpe(argv, envp);
	child_fail("exec", argv[0], e, e == ENOENT || e == ENOTDIR ? 127 : 126);
}

/* The log file is appended to and, when it is created, owned by the
 * service's user so a service can reopen it after dropping privileges.
 * Opened by PID 1, as root, in a directory the service's user may own: an
 * existing file must be a regular file with no other name, the user's or
 * root's, reached without a symbolic link (in its directories too, but
 * root's: gx_open_dir_safe), or the user could have root append to a file
 * of its choice (a link to /etc/passwd gave root inside).  Not blocking on
 * a FIFO either. */
int svc_log_file_open(const struct bc_service *s)
{
	const int flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK;
	const char *base;
	/* The directories too: no symbolic link but root's own (a user's
	 * could send the new file into /etc, owned by that user). */
	_cleanup_close_ int dfd = gx_open_parent_safe(s->log_file, &base);
	int fd = dfd < 0 ? -1 : openat(dfd, base, flags | O_CREAT | O_EXCL, 0640);
	struct stat st;
	int e;

	if (dfd < 0)
		return -1;
	if (fd >= 0) {
		if (fchown(fd, s->uid, s->gid) < 0)
			goto fail;
	} else if (errno != EEXIST || (fd = openat(dfd, base, flags)) < 0) {
		return -1;
	} else if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	           (st.st_uid != 0 && st.st_uid != s->uid)) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	if (fcntl(fd, F_SETFL, O_APPEND) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* R is the suspended parent's: a log file PID 1 could not open is said
 * there (the child exits 126, as the service has no log to say it in). */
static void child_stdio(struct spawn_req *r, int nullfd, int out_fd)
{
	if (r->svc->log_file != NULL && r->log_errno != 0)
		_exit(126);
	if (dup2(nullfd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
	    dup2(out_fd, STDERR_FILENO) < 0)
		_exit(126);
}

/* Raw system calls: glibc's wrappers would try to apply the change to
 * every thread of the process, and the task we share memory with is not
 * ours to change. */
static void child_credentials(const struct bc_service *s)
{
	if (syscall(SYS_setgroups, s->n_groups, s->groups) < 0)
		child_fail("setgroups for", s->name, errno, 126);
	if (syscall(SYS_setresgid, s->gid, s->gid, s->gid) < 0)
		child_fail("setgid for", s->name, errno, 126);
	if (syscall(SYS_setresuid, s->uid, s->uid, s->uid) < 0)
		child_fail("setuid for", s->name, errno, 126);
	if (s->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0)
		child_fail("no_new_privs for", s->name, errno, 126);
}

static GX_NORETURN void child_service(struct spawn_req *r)
{
	const struct bc_service *s = r->svc;
	const char *dir = s->directory != NULL ? s->directory : "/";

	if (setsid() < 0)
		_exit(126);
	child_stdio(r, r->nullfd, r->out_fd);
	umask(022);
	if (chdir(dir) < 0)
		child_fail("chdir to", dir, errno, 126);
	child_credentials(s);
	child_exec(r->argv, r->envp);
}

static GX_NORETURN void child_command(const struct spawn_req *r)
{
	/* Its own process group in the terminal's foreground, as a shell
	 * runs a job (tini does the same): ^C reaches the command only, not
	 * PID 1 and the launcher.  SIGTTOU is still blocked here. */
	if (r->foreground && setpgid(0, 0) == 0 &&
	    tcsetpgrp(STDIN_FILENO, (pid_t)syscall(SYS_getpid)) < 0)
		child_say("take the terminal for", r->argv[0], errno); /* run anyway */
	if (syscall(SYS_setgroups, 0, NULL) < 0 && errno != EPERM)
		child_fail("setgroups for", r->argv[0], errno, 126);
	if (chdir("/") < 0)
		child_fail("chdir to", "/", errno, 126);
	/* nohup run-container -- COMMAND: COMMAND ignores hang-ups, as
	 * nohup's command does (our dispositions are not PID 1's: no
	 * CLONE_SIGHAND). */
	if (launch_hangup_ignored())
		signal(SIGHUP, SIG_IGN);
	child_exec(r->argv, r->envp);
}

/* The descriptors' soft limit PID 1 was given, for its children: PID 1
 * raises its own to poll every service (svc_sup_init). */
static struct rlimit spawn_nofile;
static bool spawn_nofile_kept;

void svc_spawn_keep_nofile(const struct rlimit *rl)
{
	spawn_nofile = *rl;
	spawn_nofile_kept = true;
}

static int child_main(void *arg)
{
	struct spawn_req *r = arg;

	if (spawn_nofile_kept)
		(void)setrlimit(RLIMIT_NOFILE, &spawn_nofile);

	if (r->svc != NULL)
		child_service(r);
	child_command(r);
}

/* The child has exec'd or exited when this returns. */
static pid_t spawn(struct spawn_req *r)
{
	char stack[SPAWN_STACK] __attribute__((aligned(16)));

	return clone(child_main, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD,
	             (void *)r);
}

pid_t svc_spawn_service(const struct bc_service *s, char *const *argv, char *const *envp,
                        int nullfd, int out_fd, int log_errno)
{
	struct spawn_req r = { .svc = s,
		               .argv = argv,
		               .envp = envp,
		               .nullfd = nullfd,
		               .out_fd = out_fd,
		               .log_errno = log_errno };

	return spawn(&r);
}

pid_t svc_spawn_command(char *const *command, bool foreground)
{
	const char *term = getenv("TERM");
	char termbuf[128];
	char *envp[3] = { (char *)SVC_DEFAULT_PATH, NULL, NULL };
	struct spawn_req r = { .argv = command, .envp = envp, .foreground = foreground };

	if (term != NULL && strlen(term) + 6 < sizeof(termbuf)) {
		memcpy(termbuf, "TERM=", 5);
		strcpy(termbuf + 5, term);
		envp[1] = termbuf;
	}
	return spawn(&r);
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

static int64_t clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t svc_now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

int64_t svc_wall_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}
