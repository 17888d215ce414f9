/* The build container: runs a package's own tool (ldconfig,
 * update-ca-certificates) on the new system's etc, as its maintainer
 * scripts would on Debian, without touching the host.  Private mount, PID,
 * network, IPC and UTS namespaces; a tmpfs root holding the profile
 * read-only at /usr and the new etc read-write at /etc; chroot.  Everything
 * mounted dies with the namespace, so nothing stays mounted on the host.
 * Its network namespace has its loopback interface up (127.0.0.1 and ::1),
 * as a container's has, and nothing else: a configuration checker that
 * resolves `lo` (smtpd -n) reads it as in the container.
 *
 * What runs there is the declaration's to choose: its etc files are the
 * tools' /etc, and /etc/ld.so.preload (or a hook of update-ca-certificates)
 * puts the declaration's code into them.  The declaration must not get the
 * host's root from that: the tool runs with no capability at all (none
 * kept, none it can gain: the bounding set emptied, no_new_privs), so
 * neither a second chroot (out of this one) nor a mount, mknod or module
 * is possible; under the container's seccomp filter (src/init/guard.c: the
 * host's keyrings, which uid 0 reaches without a capability, user
 * namespaces, io_uring...); with /proc read-only (uid 0 writes most of
 * /proc/sys, kernel.core_pattern among them, with no capability) and the
 * host's device nodes bound read-only (their owner, uid 0, could chmod
 * them). */
#include "system.h"

#include <linux/capability.h>
#include <sys/syscall.h>

#include "guard.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* In the child: report what failed on fd 2 and exit 125. */
static GX_NORETURN void child_die(const char *what)
{
	char msg[512];
	int e = errno;
	int n = snprintf(msg, sizeof(msg), "build container: %s: %s\n", what, strerror(e));

	if (n > 0 && write(2, msg, (size_t)n) < 0)
		_exit(125);
	_exit(125);
}

static void bind_dev(const char *root, const char *name)
{
	char host[64], path[4096];
	int fd;

	snprintf(host, sizeof(host), "/dev/%s", name);
	snprintf(path, sizeof(path), "%s/dev/%s", root, name);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		child_die(path);
	close(fd);
	if (mount(host, path, "none", MS_BIND, NULL) < 0)
		child_die(host);
	/* Read and written all the same (a device, not the file system); no
	 * chmod or chown of the host's node. */
	if (mount("none", path, "none", MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC,
	          NULL) < 0)
		child_die(path);
}

/* No capability now or after the exec, whatever the tool runs (uid 0 gets
 * the bounding set at exec).  The seccomp filter first: it needs
 * CAP_SYS_ADMIN (or no_new_privs). */
static void drop_privileges(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { { 0 } };
	long r = guard_install_raw();

	if (r < 0) {
		errno = (int)-r;
		child_die("install the seccomp filter");
	}
	for (int cap = 0; cap < 64; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			child_die("drop the capability bounding set");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		child_die("clear the ambient capabilities");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_die("set no_new_privs");
	if (syscall(SYS_capset, &h, d) < 0)
		child_die("drop the capabilities");
}

/* The new network namespace's lo up, which gives it 127.0.0.1 and ::1; a
 * failure leaves it down (a checker may then refuse what names it). */
static void loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		(void)ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
}

static void mkdir_in(const char *root, const char *rel, mode_t mode)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		child_die(path);
}

static void bind_in(const char *src, const char *root, const char *rel, bool ro)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (mount(src, path, "none", MS_BIND | MS_REC, NULL) < 0)
		child_die(src);
	if (ro && mount("none", path, "none",
	                MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
		child_die(path);
}

static void assemble_root(const char *profile, const char *etc, const char *root,
                          const struct sys_bind *binds)
{
	static const char *const links[][2] = {
		{ "usr/bin", "bin" },
		{ "usr/sbin", "sbin" },
		{ "usr/lib", "lib" },
		{ "usr/lib64", "lib64" },
	};
	char path[4096];

	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		child_die("make / private");
	if (mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		child_die("tmpfs root");
	mkdir_in(root, "usr", 0755);
	bind_in(profile, root, "usr", true);
	mkdir_in(root, "etc", 0755);
	bind_in(etc, root, "etc", false);
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, links[i][1]);
		if (symlink(links[i][0], path) < 0)
			child_die(path);
	}
	mkdir_in(root, "dev", 0755);
	bind_dev(root, "null");
	bind_dev(root, "zero");
	bind_dev(root, "urandom");
	mkdir_in(root, "proc", 0555);
	mkdir_in(root, "tmp", 01777);
	mkdir_in(root, "run", 0755);
	mkdir_in(root, "var", 0755);
	mkdir_in(root, "var/lib", 0755);
	mkdir_in(root, "root", 0700);
	for (const struct sys_bind *m = binds; m && m->source; m++) {
		mkdir_in(root, m->target, 0755);
		bind_in(m->source, root, m->target, m->readonly);
	}
}

static GX_NORETURN void run_child(const char *profile, const char *etc, const char *root,
                                  const struct sys_build_run *run)
{
	static char e_path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin", e_lc[] = "LC_ALL=C",
	            e_home[] = "HOME=/root";
	char *envp[8] = { e_path, e_lc, e_home };
	size_t n_env = 3;
	char *const *argv = run->argv;
	pid_t pid;
	int st;

	for (char *const *e = run->env; e && *e && n_env < 7; e++)
		envp[n_env++] = *e;
	envp[n_env] = NULL;
	if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS) < 0)
		child_die("unshare");
	loopback_up();
	assemble_root(profile, etc, root, run->binds);
	pid = fork();
	if (pid < 0)
		child_die("fork");
	if (pid == 0) {
		char proc[4096];

		/* The tool's namespace goes with us (it is its init). */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
			child_die("prctl");
		snprintf(proc, sizeof(proc), "%s/proc", root);
		if (mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY,
		          NULL) < 0)
			child_die("mount /proc");
		if (chroot(root) < 0 || chdir("/") < 0)
			child_die("chroot");
		drop_privileges();
		execve(argv[0], argv, envp);
		child_die(argv[0]);
	}
	if (waitpid(pid, &st, 0) < 0)
		child_die("waitpid");
	_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Collect up to 4 KiB of the tool's stderr for the error message, until
 * it is closed: by the end of the build container (the tool is the init of
 * its PID namespace: whatever it started dies with it).  Past TIMEOUT_S
 * seconds the container (PID) is killed, which ends the tool too (its
 * parent-death signal), and *TIMED_OUT set: a checker or maintainer tool
 * that hangs must not hang gxsys, holding the store's lock. */
static char *drain(int fd, pid_t pid, int timeout_s, bool *timed_out)
{
	struct gx_buf b = GX_BUF_INIT;
	char buf[1024];
	ssize_t n;
	long long deadline = now_ms() + (long long)timeout_s * 1000;

	*timed_out = false;
	for (;;) {
		if (!*timed_out) {
			long long left = deadline - now_ms();
			struct pollfd p = { .fd = fd, .events = POLLIN };
			int r = left > 0 ? poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left) : 0;

			if (r < 0 && errno == EINTR)
				continue;
			if (r == 0) {
				*timed_out = true;
				kill(pid, SIGKILL);
				continue;
			}
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (b.len < 4096)
			gx_buf_add(&b, buf, (size_t)n);
	}
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	return gx_buf_steal(&b);
}

/* Did the tool report a full disk?  localedef says "failure while writing
 * data for category ...: No space left on device" and still exits 0,
 * leaving truncated files that would become a broken locale item (whose
 * hash is over the broken content, so that verify cannot tell). */
static const char *out_of_space(const char *text)
{
	/* the tool runs with LC_ALL=C: glibc's messages for ENOSPC, EDQUOT */
	const char *p = strstr(text, "No space left on device");

	if (p == NULL)
		p = strstr(text, "Disk quota exceeded");
	if (p == NULL)
		return NULL;
	while (p > text && p[-1] != '\n') /* its line */
		p--;
	return p;
}

int sys_run_in_build_container(const char *profile, const char *etc, const char *scratch,
                               char *const *argv, struct gx_error **err)
{
	struct sys_build_run run = { .argv = argv };

	return sys_build_run(profile, etc, scratch, &run, err);
}

int sys_build_run(const char *profile, const char *etc, const char *scratch,
                  const struct sys_build_run *run, struct gx_error **err)
{
	char *const *argv = run->argv;
	int pipefd[2];
	pid_t pid, parent = getpid();
	int st;
	_cleanup_free_ char *out = NULL;
	const char *full;
	bool timed_out;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return gx_fail_errno(err, "pipe");
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return gx_fail_errno(err, "fork");
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		/* gxsys killed (SIGTERM, SIGKILL): the build container and its
		 * tool go too, not on holding the store's lock for seconds. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(125);
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(pipefd[1], 2) < 0)
			_exit(125);
		run_child(profile, etc, scratch, run);
	}
	close(pipefd[1]);
	out = drain(pipefd[0], pid, run->timeout_s > 0 ? run->timeout_s : SYS_BUILD_TIMEOUT_S,
	            &timed_out);
	close(pipefd[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return gx_fail_errno(err, "waitpid");
	if (timed_out)
		return gx_fail(err, run->input_error ? GX_EXIT_FAILURE : GX_EXIT_SYSTEM, 0,
		               "'%s' did not finish within %d s in the build container: killed%s%s",
		               argv[0], run->timeout_s > 0 ? run->timeout_s : SYS_BUILD_TIMEOUT_S,
		               *out ? ": " : "", out);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && (full = out_of_space(out)) == NULL)
		return 0;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return gx_fail(err, GX_EXIT_SYSTEM, 0,
		               "'%s' could not write its output in the build container: %.*s",
		               argv[0], (int)strcspn(full, "\n"), full);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 125)
		return gx_fail(err, GX_EXIT_SYSTEM, 0, "%s", out);
	return gx_fail(err, run->input_error ? GX_EXIT_FAILURE : GX_EXIT_SYSTEM, 0,
	               "'%s' failed in the build container (%s %d)%s%s", argv[0],
	               WIFEXITED(st) ? "status" : "signal",
	               WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), *out ? ": " : "", out);
}
