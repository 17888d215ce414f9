/* Test-only, run inside a container: what the container's seccomp filter
 * (src/init/guard.c) refuses.  On a terminal, try to push a character into
 * its input with TIOCSTI, on stdin (also with the request's high bits set,
 * which the kernel ignores) and on /dev/console; then ask for the user and
 * session keyrings (the host's: keyrings are not namespaced); then make a
 * user namespace with unshare, clone and clone3, each in a child of its
 * own; then set up an io_uring, open a perf event (a software counter of
 * its own), read the size of the kernel's log buffer, make a BPF map and
 * a userfaultfd; attach a line discipline to a pty of its own.  Prints one line
 * per try: "injected", "keyring N", "made", "opened", or why not
 * (tests/integration/init-boot.sh).  On a terminal it also asks stdin for
 * its keyboard type, a virtual console's ioctl. */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/kd.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/userfaultfd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void try_sti(const char *what, int fd, unsigned long request)
{
	char c = '#';
	long r = syscall(SYS_ioctl, fd, request, &c);
	printf("%s: %s\n", what, r == 0 ? "injected" : strerror(errno));
}

static void try_keyring(const char *what, long which)
{
	long r = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, which, 0L);
	if (r < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: keyring %ld\n", what, r);
}

/* Each try runs in a child, which exits at once when it is in a new user
 * namespace (or with the error of the call that failed). */
static void try_userns(const char *what, int how)
{
	struct clone_args args = { .flags = CLONE_NEWUSER, .exit_signal = SIGCHLD };
	pid_t pid = fork();
	if (pid == 0) {
		long r = how == 0   ? syscall(SYS_unshare, CLONE_NEWUSER)
		         : how == 1 ? syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0L, 0L, 0L, 0L)
		                    : syscall(SYS_clone3, &args, sizeof args);
		if (r == 0)
			_exit(0); /* in the new namespace: the one of unshare, or the child */
		if (r < 0)
			_exit(errno);
		int status;
		_exit(waitpid((pid_t)r, &status, 0) == r ? 0 : 255);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		printf("%s: the probe failed\n", what);
	else if (WEXITSTATUS(status) == 0)
		printf("%s: made\n", what);
	else
		printf("%s: %s\n", what, strerror(WEXITSTATUS(status)));
}

/* "opened" when R, the result of a call that returns a descriptor or a
 * size, says it worked (a descriptor is closed). */
static void report(const char *what, long r, bool fd)
{
	if (r < 0) {
		printf("%s: %s\n", what, strerror(errno));
		return;
	}
	if (fd)
		close((int)r);
	printf("%s: opened\n", what);
}

int main(void)
{
	if (isatty(0)) {
		try_sti("TIOCSTI on stdin", 0, TIOCSTI);
		try_sti("TIOCSTI on stdin, high bits set", 0, 0xffffffff00000000UL | TIOCSTI);
		/* A virtual console's ioctl: on a pty the kernel answers ENOTTY,
		 * the filter EPERM (before the kernel looks). */
		char type = 0;
		long r = syscall(SYS_ioctl, 0, KDGKBTYPE, &type);
		printf("console ioctl on stdin: %s\n", r == 0 ? "answered" : strerror(errno));
		int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			printf("/dev/console: %s\n", strerror(errno));
		else
			try_sti("TIOCSTI on /dev/console", fd, TIOCSTI);
	}
	/* A line discipline on a pty of our own: N_TTY, which it has, is
	 * harmless; the filter refuses TIOCSETD whatever the discipline. */
	int ptm = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (ptm < 0) {
		printf("line discipline: no pty: %s\n", strerror(errno));
	} else {
		int ldisc = N_TTY;
		long r = syscall(SYS_ioctl, ptm, TIOCSETD, &ldisc);
		printf("line discipline: %s\n", r == 0 ? "set" : strerror(errno));
		close(ptm);
	}
	try_keyring("user keyring", KEY_SPEC_USER_KEYRING);
	try_keyring("session keyring", KEY_SPEC_SESSION_KEYRING);
	fflush(stdout);
	try_userns("user namespace by unshare", 0);
	try_userns("user namespace by clone", 1);
	try_userns("user namespace by clone3", 2);
	struct io_uring_params ring = { 0 };
	report("io_uring", syscall(SYS_io_uring_setup, 1, &ring), true);
	struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE,
		                        .size = sizeof attr,
		                        .config = PERF_COUNT_SW_TASK_CLOCK,
		                        .exclude_kernel = 1,
		                        .exclude_hv = 1 };
	report("perf event", syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0), true);
	report("kernel log", syscall(SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0),
	       false);
	/* Without the filter, this kernel answers EPERM here where
	 * unprivileged_bpf_disabled is set; the filter answers ENOSYS. */
	union bpf_attr map = {
		.map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 4, .max_entries = 1
	};
	report("bpf map", syscall(SYS_bpf, BPF_MAP_CREATE, &map, sizeof map), true);
	/* User mode only: what an unprivileged process may ask for (a
	 * kernel exploit's way to hold a race open). */
	report("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY), true);
	return 0;
}
