/* What root inside must not do to the terminal it shares with the host.
 *
 * COMMAND runs on the launcher's terminal (stdin, stdout and stderr passed
 * through, the terminal its controlling one), and /dev/console is that
 * terminal too.  TIOCSTI pushes characters into a terminal's input: the
 * host's shell reads them once the container has exited, as commands of
 * the user who ran it (CVE-2017-5226 for bubblewrap, the same for
 * flatpak, SELinux's sandbox and su).  TIOCLINUX pastes the selection of a
 * virtual console, to the same effect.  A seccomp filter, which every
 * process of the container inherits and none can remove, makes both
 * ioctls fail with EPERM, as flatpak and bubblewrap do; the terminal works
 * as before otherwise (job control, window size, modes). */
#include "guard.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "util.h"

/* The low 32 bits of ioctl's request (the kernel reads an unsigned int:
 * what the high ones say does not matter to it, and must not to us). */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define GUARD_ARG1_LOW offsetof(struct seccomp_data, args[1])
#else
#define GUARD_ARG1_LOW (offsetof(struct seccomp_data, args[1]) + 4)
#endif

#define GUARD_LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define GUARD_IF(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define GUARD_RET(v) BPF_STMT(BPF_RET | BPF_K, (v))

/* The ioctl system call of each ABI a process of this machine can use: a
 * 32-bit program would otherwise go round a filter of the native one. */
#if defined(__x86_64__)
#define GUARD_NATIVE AUDIT_ARCH_X86_64
#define GUARD_COMPAT AUDIT_ARCH_I386
#define GUARD_COMPAT_IOCTL 54
#define GUARD_X32_IOCTL (0x40000000 + 514) /* __X32_SYSCALL_BIT | x32's ioctl */
#elif defined(__aarch64__)
#define GUARD_NATIVE AUDIT_ARCH_AARCH64
#define GUARD_COMPAT AUDIT_ARCH_ARM
#define GUARD_COMPAT_IOCTL 54
#endif

int guard_terminal(struct gx_error **err)
{
#ifdef GUARD_NATIVE
#ifndef GUARD_X32_IOCTL
#define GUARD_X32_IOCTL __NR_ioctl
#endif
	struct sock_filter f[] = {
		/* 0 */ GUARD_LD(offsetof(struct seccomp_data, arch)),
		/* 1 */ GUARD_IF(GUARD_NATIVE, 0, 3),
		/* 2 */ GUARD_LD(offsetof(struct seccomp_data, nr)),
		/* 3 */ GUARD_IF(__NR_ioctl, 5, 0),
		/* 4 */ GUARD_IF(GUARD_X32_IOCTL, 4, 3),
		/* 5 */ GUARD_IF(GUARD_COMPAT, 0, 2),
		/* 6 */ GUARD_LD(offsetof(struct seccomp_data, nr)),
		/* 7 */ GUARD_IF(GUARD_COMPAT_IOCTL, 1, 0),
		/* 8 */ GUARD_RET(SECCOMP_RET_ALLOW),
		/* 9: an ioctl */ GUARD_LD(GUARD_ARG1_LOW),
		/* 10 */ GUARD_IF(TIOCSTI, 2, 0),
		/* 11 */ GUARD_IF(TIOCLINUX, 1, 0),
		/* 12 */ GUARD_RET(SECCOMP_RET_ALLOW),
		/* 13 */ GUARD_RET(SECCOMP_RET_ERRNO | EPERM),
	};
	struct sock_fprog prog = { .len = (unsigned short)(sizeof f / sizeof f[0]), .filter = f };

	/* Needs CAP_SYS_ADMIN (or no_new_privs, which would be every set-user-ID
	 * program's inside): call before the capabilities are dropped. */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0L, 0L) < 0)
		return gx_fail_errno(err, "install the terminal's seccomp filter");
#else
	(void)err; /* an architecture this file does not know: no filter */
#endif
	return 0;
}
