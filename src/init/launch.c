/* gxsys-init's host side and PID 1's boot steps (see launch.h). */
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "activate.h"
#include "caps.h"
#include "mount.h"
#include "util.h"

struct launch_ctx {
	const struct boot_conf *bc;
	const struct launch_opts *o;
	struct bc_mount *binds; /* boot.conf's mounts, then the command line's */
	size_t n_binds;
	struct mnt_sources src;
	int lifefd;     /* PID 1's end of the life socket */
	char **command; /* the launcher's `--` COMMAND, copied by step_hide */
	pid_t host_pid; /* PID 1 as the launcher sees it */
	int *pid_dirs;  /* the directory of each --pid-file, opened on the host */
	size_t n_pid;
};

static int step_private(struct launch_ctx *c, struct gx_error **err)
{
	(void)c;
	return mnt_make_private(err);
}
/* A pid file's name in its directory (after the last '/'). */
static const char *launch_pid_name(const char *file)
{
	const char *slash = strrchr(file, '/');
	return slash ? slash + 1 : file;
}

/* The pid files' directories, opened while the host's tree is there:
 * PID 1 writes the files once the system is set up. */
static int launch_open_pid_dirs(struct launch_ctx *c, struct gx_error **err)
{
	char *const *f = c->o->pid_files;
	while (f && f[c->n_pid])
		c->n_pid++;
	c->pid_dirs = gx_xcalloc(c->n_pid + 1, sizeof *c->pid_dirs);
	for (size_t i = 0; i < c->n_pid; i++)
		c->pid_dirs[i] = -1;
	for (size_t i = 0; i < c->n_pid; i++) {
		const char *name = launch_pid_name(f[i]);
		if (!*name)
			return gx_fail(err, GX_EXIT_FAILURE, 0,
			               "the pid file '%s' names a directory", f[i]);
		_cleanup_free_ char *dir =
		        name == f[i]
		                ? gx_xstrdup(".")
		                : gx_xstrndup(f[i],
		                              name - 1 == f[i] ? 1 : (size_t)(name - 1 - f[i]));
		c->pid_dirs[i] = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (c->pid_dirs[i] < 0)
			return gx_fail_errno(err, "open the directory of the pid file '%s'", f[i]);
	}
	return 0;
}

static void launch_close_pid_dirs(struct launch_ctx *c)
{
	for (size_t i = 0; c->pid_dirs && i < c->n_pid; i++)
		if (c->pid_dirs[i] >= 0)
			close(c->pid_dirs[i]);
	free(c->pid_dirs);
	c->pid_dirs = NULL;
}

static int step_sources(struct launch_ctx *c, struct gx_error **err)
{
	if (mnt_open_sources(c->bc, c->binds, c->n_binds, &c->src, err) < 0)
		return -1;
	return launch_open_pid_dirs(c, err);
}
static int step_pivot(struct launch_ctx *c, struct gx_error **err)
{
	(void)c;
	return mnt_pivot_tmpfs(err);
}
static int step_usr(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_usr(&c->src, err);
}
static int step_proc_sys(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_proc_sys(!c->bc->network, err);
}
static int step_dev(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_dev(&c->src, err);
}
static int step_run(struct launch_ctx *c, struct gx_error **err)
{
	(void)c;
	return mnt_run_tmp_var(err);
}
static int step_etc(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_etc(c->bc, &c->src, err);
}
static int step_detach(struct launch_ctx *c, struct gx_error **err)
{
	(void)c;
	return mnt_detach_host(err);
}
static int step_system(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_system(&c->src, err);
}
static int step_binds(struct launch_ctx *c, struct gx_error **err)
{
	return mnt_binds(&c->src, err);
}
static int step_hostname(struct launch_ctx *c, struct gx_error **err)
{
	return act_hostname(c->bc, err);
}
static int step_loopback(struct launch_ctx *c, struct gx_error **err)
{
	return act_loopback(c->bc, err);
}
static int step_dirs(struct launch_ctx *c, struct gx_error **err)
{
	return act_dirs(c->bc, err);
}
static int step_homes(struct launch_ctx *c, struct gx_error **err)
{
	return act_homes(c->bc, err);
}
static int step_caps(struct launch_ctx *c, struct gx_error **err)
{
	(void)c;
	return caps_restrict(err);
}

/* The launcher's command line and environment, which /proc/1/cmdline and
 * /proc/1/environ would show to the container (a store path, boot.conf's
 * path, whatever the caller exported): wiped from PID 1's memory, where the
 * kernel reads them (arg_start..arg_end and env_start..env_end of
 * /proc/self/stat), and cut to "gxsys-init" and nothing (PR_SET_MM, while
 * PID 1 still has CAP_SYS_RESOURCE).  PID 1's environment becomes TERM
 * only (for COMMAND); COMMAND is copied out of the area first. */
static int step_hide(struct launch_ctx *c, struct gx_error **err)
{
	static const char name[] = "gxsys-init";
	static char *env[2];
	const char *term = getenv("TERM");
	char buf[1024];
	unsigned long v[4];
	int field = 2;

	(void)err;
	c->command = c->o->command ? gx_strv_dup(c->o->command) : NULL;
	env[0] = term ? gx_asprintf("TERM=%s", term) : NULL;
	environ = env;
	_cleanup_close_ int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* Fields 48-51, counted after the command name in parentheses
	 * (field 2, which may hold spaces and parentheses itself). */
	char *p = strrchr(buf, ')');
	for (char *tok = p ? strtok(p + 1, " ") : NULL; tok && field < 51; tok = strtok(NULL, " "))
		if (++field >= 48)
			v[field - 48] = strtoul(tok, NULL, 10);
	if (field != 51 || v[1] <= v[0] + sizeof name || v[3] < v[2])
		return 0;
	memset((void *)v[0], 0, v[1] - v[0]);
	memset((void *)v[2], 0, v[3] - v[2]);
	memcpy((void *)v[0], name, sizeof name);
	/* Best effort: the areas are wiped either way. */
	(void)!prctl(PR_SET_MM, PR_SET_MM_ARG_END, v[0] + sizeof name, 0, 0);
	(void)!prctl(PR_SET_MM, PR_SET_MM_ENV_END, v[2], 0, 0);
	return 0;
}

/* Write PID as NAME in DIR: a temporary file renamed into place, so a
 * reader never sees it half written. */
static int launch_write_pid_file(int dir, const char *name, pid_t pid, struct gx_error **err)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%d\n", (int)pid);
	_cleanup_free_ char *tmp = gx_asprintf(".%s.%d.tmp", name, (int)pid);
	unlinkat(dir, tmp, 0);
	_cleanup_close_ int fd =
	        openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, (size_t)n) != n || renameat(dir, tmp, dir, name) < 0) {
		gx_fail_errno(err, "write the pid file '%s'", name);
		unlinkat(dir, tmp, 0);
		return -1;
	}
	return 0;
}

/* Learn our pid as the launcher sees it (it sends it once clone returns),
 * then write the pid files: they appear once the system is set up and
 * before anything of it starts. */
static int step_pid_files(struct launch_ctx *c, struct gx_error **err)
{
	char *const *f = c->o->pid_files;
	ssize_t n;
	while ((n = recv(c->lifefd, &c->host_pid, sizeof c->host_pid, MSG_WAITALL)) < 0 &&
	       errno == EINTR)
		;
	if (n != (ssize_t)sizeof c->host_pid)
		return gx_fail(err, GX_EXIT_SYSTEM, 0, "the launcher is gone");
	for (size_t i = 0; i < c->n_pid; i++) {
		if (launch_write_pid_file(c->pid_dirs[i], launch_pid_name(f[i]), c->host_pid, err) <
		    0) {
			while (i-- > 0)
				unlinkat(c->pid_dirs[i], launch_pid_name(f[i]), 0);
			return gx_wrap(err, "%s", f[i]);
		}
	}
	launch_close_pid_dirs(c);
	return 0;
}

/* The boot sequence of PID 1 (DESIGN.md §4), in order. */
static const struct launch_step {
	const char *name;
	int (*run)(struct launch_ctx *c, struct gx_error **err);
} launch_steps[] = {
	{ "make / private", step_private },
	{ "open host sources", step_sources },
	{ "pivot_root", step_pivot },
	{ "mount /usr", step_usr },
	{ "mount /proc and /sys", step_proc_sys },
	{ "populate /dev", step_dev },
	{ "mount /run and /tmp", step_run },
	{ "populate /etc", step_etc },
	{ "detach the host's root", step_detach },
	{ "mount /run/current-system", step_system },
	{ "share and expose", step_binds },
	{ "set the host name", step_hostname },
	{ "bring up lo", step_loopback },
	{ "create directories", step_dirs },
	{ "create home directories", step_homes },
	{ "hide the launcher's command line", step_hide },
	{ "drop capabilities", step_caps },
	{ "write the pid files", step_pid_files },
};

static void launch_report(int fd, const struct gx_error *e)
{
	unsigned char status = (unsigned char)(e && e->status ? e->status : GX_EXIT_SYSTEM);
	const char *msg = e ? e->msg : "";
	(void)!write(fd, &status, 1);
	(void)!write(fd, msg, strlen(msg));
}

static int launch_setup(struct launch_ctx *c, int errfd)
{
	for (size_t i = 0; i < sizeof launch_steps / sizeof launch_steps[0]; i++) {
		struct gx_error *e = NULL;
		if (launch_steps[i].run(c, &e) == 0)
			continue;
		gx_wrap(&e, "boot step '%s'", launch_steps[i].name);
		launch_report(errfd, e);
		int status = e ? e->status : GX_EXIT_SYSTEM;
		gx_error_free(e);
		return status ? status : GX_EXIT_SYSTEM;
	}
	mnt_sources_close(&c->src);
	return 0;
}

extern char **environ;

static void launch_say_running(const struct launch_ctx *c)
{
	int pid = (int)c->host_pid;
	fprintf(stderr, "system container is running as PID %d\n", pid);
	if (!c->o->command)
		fprintf(stderr,
		        "Run 'sudo gxsys exec %d /run/current-system/profile/bin/bash --login'\n"
		        "or run 'sudo nsenter -a -t %d' to get a shell into it.\n\n",
		        pid, pid);
}

/* The kernel's struct sigaction (rt_sigaction(2)). */
struct launch_ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

void launch_reset_signals(void)
{
	char buf[4096];
	unsigned long long ign = ~0ULL;
	_cleanup_close_ int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
		const char *p = strstr(buf, "\nSigIgn:\t");
		if (p)
			ign = strtoull(p + 9, NULL, 16);
	}
	/* The system call itself: glibc's sigaction refuses its own two
	 * real-time signals (32, 33), which make(1), for one, leaves ignored. */
	const struct launch_ksigaction dfl = { .handler = SIG_DFL };
	for (int sig = 1; sig <= 64; sig++)
		if (((ign >> (sig - 1)) & 1) && sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* PID 1: die with the launcher, build the system, hand over to PID1. */
static GX_NORETURN void launch_child(struct launch_ctx *c, int errfd, launch_pid1_fn pid1)
{
	struct pollfd p = { .fd = c->lifefd, .events = POLLIN };
	/* The launcher's pid may already wait in the socket: only a hang-up
	 * says it is gone. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || poll(&p, 1, 0) < 0 ||
	    (p.revents & (POLLHUP | POLLERR)))
		_exit(GX_EXIT_SYSTEM); /* the launcher is already gone */
	umask(022);
	int status = launch_setup(c, errfd);
	if (status != 0)
		_exit(status);
	close(c->lifefd);
	unsigned char ok = 0;
	if (write(errfd, &ok, 1) != 1)
		_exit(GX_EXIT_SYSTEM);
	close(errfd);
	/* Said by PID 1 itself, after the pid files and before anything of
	 * the system starts, so nothing the system prints comes first. */
	launch_say_running(c);
	launch_reset_signals();
	/* Nothing the launcher inherited (an fd of a host directory would be a
	 * way out of the container) reaches a service or COMMAND; PID 1 itself
	 * keeps them (the generated launcher's instance lock is one). */
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		_exit(GX_EXIT_SYSTEM);
	exit(pid1(c->bc, c->command));
}

static struct bc_mount *launch_all_binds(const struct boot_conf *bc, const struct launch_opts *o,
                                         size_t *n)
{
	*n = bc->n_mounts + o->n_binds;
	struct bc_mount *all = gx_xcalloc(*n + 1, sizeof *all);
	memcpy(all, bc->mounts, bc->n_mounts * sizeof *all);
	if (o->n_binds)
		memcpy(all + bc->n_mounts, o->binds, o->n_binds * sizeof *all);
	return all;
}

/* Read the child's verdict: one status byte (0: running) and a message. */
static int launch_read_verdict(int fd, pid_t pid, struct gx_error **err)
{
	struct gx_buf b = GX_BUF_INIT;
	char chunk[512];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		gx_buf_add(&b, chunk, (size_t)n);
	}
	if (b.len == 1 && b.data[0] == 0) {
		gx_buf_free(&b);
		return 0;
	}
	int wstatus = 0;
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (b.len == 0)
		gx_fail(err, GX_EXIT_SYSTEM, 0, "the container died during setup (status %d)",
		        launch_exit_status(wstatus));
	else
		gx_fail(err, (unsigned char)b.data[0], 0, "%s", b.data + 1);
	gx_buf_free(&b);
	return -1;
}

static int launch_block_signals(struct gx_error **err)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return gx_fail_errno(err, "block signals");
	return 0;
}

pid_t launch_start(const struct boot_conf *bc, const struct launch_opts *o, launch_pid1_fn pid1,
                   struct gx_error **err)
{
	int errp[2], life[2];
	unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
	                      CLONE_NEWCGROUP | (bc->network ? 0 : CLONE_NEWNET);
	struct launch_ctx c = { .bc = bc, .o = o };

	if (launch_block_signals(err) < 0)
		return -1;
	if (pipe2(errp, O_CLOEXEC) < 0)
		return gx_fail_errno(err, "create a pipe");
	/* A socket, not a pipe: the launcher's send must not raise SIGPIPE
	 * when PID 1 is already gone. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, life) < 0) {
		close(errp[0]);
		close(errp[1]);
		return gx_fail_errno(err, "create a socket pair");
	}
	c.binds = launch_all_binds(bc, o, &c.n_binds);
	mnt_sources_init(&c.src);
	fflush(NULL);
	pid_t pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid == 0) {
		close(errp[0]);
		close(life[0]);
		c.lifefd = life[1];
		launch_child(&c, errp[1], pid1);
	}
	int saved = errno;
	free(c.binds);
	close(errp[1]);
	close(life[1]);
	if (pid < 0) {
		close(errp[0]);
		close(life[0]);
		errno = saved;
		return gx_fail_errno(err, "create the container's namespaces%s",
		                     saved == EPERM && geteuid() != 0 ? " (run it as root)" : "");
	}
	/* PID 1 reads this once it is set up, for the pid files and the
	 * message; life[0] stays open (close-on-exec) for as long as we
	 * live: PID 1 checks at start whether we are alive. */
	(void)!send(life[0], &pid, sizeof pid, MSG_NOSIGNAL);
	int r = launch_read_verdict(errp[0], pid, err);
	close(errp[0]);
	if (r < 0) {
		close(life[0]);
		return -1;
	}
	return pid; /* life[0] is never closed: see above */
}

int launch_exit_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return GX_EXIT_SYSTEM;
}

int launch_wait(pid_t pid)
{
	sigset_t set;
	siginfo_t si;
	int wstatus;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	for (;;) {
		pid_t r = waitpid(pid, &wstatus, WNOHANG);
		if (r == pid)
			return launch_exit_status(wstatus);
		if (r < 0 && errno != EINTR)
			return GX_EXIT_SYSTEM;
		if (sigwaitinfo(&set, &si) < 0)
			continue;
		/* SIGHUP too: a closed terminal shuts the system down in order
		 * (as Shepherd takes SIGHUP) instead of killing it with us. */
		if (si.si_signo != SIGCHLD)
			kill(pid, si.si_signo);
	}
}
