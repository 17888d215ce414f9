/* What root inside must not reach of the host's kernel although no
 * capability guards it: one seccomp filter, which every process of the
 * container inherits and none can remove.
 *
 * The terminal.  COMMAND runs on the launcher's terminal (stdin, stdout
 * and stderr passed through, the terminal its controlling one), and
 * /dev/console is that terminal too.  TIOCSTI pushes characters into a
 * terminal's input: the host's shell reads them once the container has
 * exited, as commands of the user who ran it (CVE-2017-5226 for
 * bubblewrap; flatpak, SELinux's sandbox and su had it too).  TIOCLINUX
 * pastes the selection of a virtual console, to the same effect.  Both
 * ioctls fail with EPERM, as in flatpak and bubblewrap.  When that
 * terminal is a virtual console of the host (the container started from
 * its text console), the console's own ioctls would do the same and more
 * for as long as the host runs: KDSKBSENT makes a function key type a
 * command line, KDSKBENT remaps keys, KDSKBMODE and KDSETMODE take the
 * keyboard and the screen away, VT_ACTIVATE switches consoles.  The kernel
 * lets them through for the process whose controlling terminal it is.  All
 * of them, the old-style requests of types 'K' (0x4Bxx, kd.h) and 'V'
 * (0x56xx, vt.h), fail with EPERM: a container has no console of its own.
 * The terminal works as before otherwise (job control, window size,
 * modes).
 *
 * Line disciplines.  TIOCSETD attaches one to a terminal, the host's or a
 * pty made inside, and the kernel loads its module on demand
 * (dev.tty.ldisc_autoload) for any process: n_hdlc, n_gsm, slcan and the
 * like, whose bugs gave root to local users (CVE-2017-2636, CVE-2023-6546).
 * No program of a system container needs one but the terminal's own
 * N_TTY, which every terminal has already: TIOCSETD fails with EPERM.
 * TIOCGETD still answers.
 *
 * The kernel's keyrings are not namespaced: without a user namespace, root
 * inside has host root's user keyring and the launcher's session keyring
 * (Kerberos tickets, stored secrets), to read and to fill.  keyctl,
 * add_key and request_key fail with ENOSYS (a kernel without keys, which
 * programs already expect), as Docker's default profile refuses them.
 *
 * User namespaces.  Root inside has lost CAP_SYS_ADMIN, and with it every
 * namespace but one: a user namespace needs no capability.  Inside one, a
 * process has all of them over the namespaces it then makes, which opens
 * the parts of the kernel that a capability kept shut (nf_tables in a
 * network namespace of its own, file systems to mount): the way most
 * recent local root exploits came in.  unshare and clone with
 * CLONE_NEWUSER fail with EPERM, as without the capability in Docker's
 * default profile; clone3, whose flags a filter cannot read (they are in
 * memory), fails with ENOSYS, which makes the C library fall back to
 * clone.
 *
 * Other ways into the kernel that need no capability and that Docker's
 * default profile closes too, all with ENOSYS (a kernel built without
 * them, which programs expect): io_uring (most of the kernel exploits of
 * recent years; Docker, ChromeOS and Android turn it off), perf_event_open
 * (the CPU's counters, a side channel, when perf_event_paranoid is below
 * 3), syslog (the host's kernel log, when dmesg_restrict is 0) and bpf
 * (programs run in the kernel, whose verifier had the bugs, where
 * unprivileged_bpf_disabled is 0). */
#include "guard.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "rawsys.h"
#include "util.h"

/* The low 32 bits of argument I: the kernel reads ioctl's request as an
 * unsigned int (what the high ones say does not matter to it, and must not
 * to us), and CLONE_NEWUSER is among the low bits of the flags. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define GUARD_ARG_LOW(i) offsetof(struct seccomp_data, args[i])
#else
#define GUARD_ARG_LOW(i) (offsetof(struct seccomp_data, args[i]) + 4)
#endif

/* The calls that fail with ENOSYS, in this order in guard_abi: the three
 * key calls, clone3, io_uring's three, perf_event_open, syslog, bpf and
 * userfaultfd. */
#define GUARD_N_GONE 11

/* Each ABI a process of this machine can use, with its numbers of ioctl,
 * of unshare and clone, and of the calls that are gone: a 32-bit program
 * would otherwise go round a filter of the native ABI.  MASK clears x32's
 * bit (its numbers are the native ones with it, and x32's own ioctl, 514).
 * clone takes its flags first on each of them. */
struct guard_abi {
	unsigned arch, mask;
	unsigned ioctl[2];
	unsigned ns[2];
	unsigned gone[GUARD_N_GONE];
};

#if defined(__x86_64__) || defined(__aarch64__)
static const struct guard_abi guard_abis[] = {
#if defined(__x86_64__)
	{ AUDIT_ARCH_X86_64,
	  ~0x40000000U,
	  { __NR_ioctl, 514 },
	  { __NR_unshare, __NR_clone },
	  { __NR_keyctl, __NR_add_key, __NR_request_key, __NR_clone3, __NR_io_uring_setup,
	    __NR_io_uring_enter, __NR_io_uring_register, __NR_perf_event_open, __NR_syslog,
	    __NR_bpf, __NR_userfaultfd } },
	{ AUDIT_ARCH_I386,
	  ~0U,
	  { 54, 54 },
	  { 310, 120 },
	  { 288, 286, 287, 435, 425, 426, 427, 336, 103, 357, 374 } },
#elif defined(__aarch64__)
	{ AUDIT_ARCH_AARCH64,
	  ~0U,
	  { __NR_ioctl, __NR_ioctl },
	  { __NR_unshare, __NR_clone },
	  { __NR_keyctl, __NR_add_key, __NR_request_key, __NR_clone3, __NR_io_uring_setup,
	    __NR_io_uring_enter, __NR_io_uring_register, __NR_perf_event_open, __NR_syslog,
	    __NR_bpf, __NR_userfaultfd } },
	{ AUDIT_ARCH_ARM,
	  ~0U,
	  { 54, 54 },
	  { 337, 120 },
	  { 311, 309, 310, 435, 425, 426, 427, 364, 103, 386, 388 } },
#endif
};

#define GUARD_N_ABIS (sizeof guard_abis / sizeof guard_abis[0])
/* Per ABI: load arch, compare, load nr, mask, 2 ioctls, unshare and clone,
 * the calls that are gone, allow. */
#define GUARD_ABI_LEN (4 + 2 + 2 + GUARD_N_GONE + 1)
/* After them: allow (another ABI); the ioctl's request (load, 3 compares,
 * mask, 2 compares, allow); the flags of unshare or clone (load, test,
 * allow); EPERM, ENOSYS. */
#define GUARD_LEN (GUARD_N_ABIS * GUARD_ABI_LEN + 14)
_Static_assert(GUARD_LEN <= GUARD_MAX_LEN, "GUARD_MAX_LEN is too small");

unsigned short guard_program(struct sock_filter *f)
{
	const unsigned request = GUARD_N_ABIS * GUARD_ABI_LEN + 1;
	const unsigned flags = request + 8, eperm = flags + 3, enosys = eperm + 1;
	unsigned n = 0;
#define GUARD_PUT(s) (f[n] = (struct sock_filter)s, n++)
#define GUARD_TO(label) ((unsigned char)((label) - (n + 1)))
#define GUARD_IF(nr, label) GUARD_PUT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), GUARD_TO(label), 0))
	for (size_t i = 0; i < GUARD_N_ABIS; i++) {
		const struct guard_abi *a = &guard_abis[i];
		const unsigned next = n + GUARD_ABI_LEN;
		GUARD_PUT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
		GUARD_PUT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, a->arch, 0, GUARD_TO(next)));
		GUARD_PUT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
		GUARD_PUT(BPF_STMT(BPF_ALU | BPF_AND | BPF_K, a->mask));
		for (size_t j = 0; j < 2; j++)
			GUARD_IF(a->ioctl[j], request);
		for (size_t j = 0; j < 2; j++)
			GUARD_IF(a->ns[j], flags);
		for (size_t j = 0; j < GUARD_N_GONE; j++)
			GUARD_IF(a->gone[j], enosys);
		GUARD_PUT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	}
	GUARD_PUT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	GUARD_PUT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, GUARD_ARG_LOW(1)));
	GUARD_IF(TIOCSTI, eperm);
	GUARD_IF(TIOCLINUX, eperm);
	GUARD_IF(TIOCSETD, eperm);
	GUARD_PUT(BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xffffff00U));
	GUARD_IF(0x4b00U, eperm); /* the console's: KD... (kd.h) */
	GUARD_IF(0x5600U, eperm); /* and VT_... (vt.h) */
	GUARD_PUT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	GUARD_PUT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, GUARD_ARG_LOW(0)));
	GUARD_PUT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, GUARD_TO(eperm), 0));
	GUARD_PUT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
	GUARD_PUT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
	GUARD_PUT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS));
#undef GUARD_IF
#undef GUARD_PUT
#undef GUARD_TO
	return (unsigned short)n;
}

/* Needs CAP_SYS_ADMIN (or no_new_privs, which would be every set-user-ID
 * program's inside): called before the capabilities are dropped.  The
 * kernel compiles the program and works out its per-call cache: about
 * 0.1-0.2 ms on a VM, which PID 1 spends while the launcher reads
 * boot.conf (launch.c). */
long guard_install_raw(void)
{
	struct sock_filter f[GUARD_LEN];
	struct sock_fprog prog = { .len = guard_program(f), .filter = f };
	return GX_SYS(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0);
}
#else
long guard_install_raw(void)
{
	return 0; /* an architecture this file does not know: no filter */
}

unsigned short guard_program(struct sock_filter *f)
{
	(void)f;
	return 0;
}
#endif

int guard_install(struct gx_error **err)
{
	long r = guard_install_raw();
	if (r < 0)
		return gx_fail(err, GX_EXIT_SYSTEM, (int)-r,
		               "install the container's seccomp filter");
	return 0;
}
