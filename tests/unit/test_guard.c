/* Unit tests of the container's seccomp filter (guard.c): its program, run
 * here by a small interpreter of classic BPF on the calls of every ABI it
 * covers.  The integration tests load it in the kernel and try TIOCSTI and
 * keyctl natively; the 32-bit ABIs (int $0x80, x32) cannot be called on
 * every machine, so what the filter says to them is checked here. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/kd.h>
#include <linux/sched.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/vt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "guard.h"

#define ALLOW SECCOMP_RET_ALLOW
#define REFUSE_EPERM (SECCOMP_RET_ERRNO | EPERM)
#define REFUSE_ENOSYS (SECCOMP_RET_ERRNO | ENOSYS)

/* What the program returns for D: the instructions guard.c uses, and a
 * failure for any other, for a load outside seccomp_data, and for a
 * program that runs off its end (the kernel refuses such a program). */
static uint32_t run(const struct sock_filter *f, unsigned len, const struct seccomp_data *d)
{
	uint32_t a = 0;

	for (unsigned pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &f[pc];
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			assert_true(i->k % 4 == 0 && i->k + 4 <= sizeof *d);
			memcpy(&a, (const char *)d + i->k, sizeof a);
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= i->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & i->k) != 0 ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			fail_msg("instruction %u: opcode %#x unknown to this test", pc, i->code);
		}
	}
	fail_msg("the program ran off its end");
	return 0;
}

/* A call: its ABI, its number, its first two arguments (the flags of
 * unshare and clone, ioctl's request), and what the filter must say. */
struct call {
	uint32_t arch;
	int nr;
	uint64_t arg0, arg1;
	uint32_t want;
};

static void check(const struct call *c, size_t n)
{
	struct sock_filter f[GUARD_MAX_LEN];
	unsigned short len = guard_program(f);

	assert_true(len > 0 && len <= GUARD_MAX_LEN);
	for (size_t i = 0; i < n; i++) {
		struct seccomp_data d = { .nr = c[i].nr, .arch = c[i].arch };
		d.args[0] = c[i].arg0;
		d.args[1] = c[i].arg1;
		uint32_t got = run(f, len, &d);
		if (got != c[i].want)
			fail_msg("call %zu (arch %#x, nr %#x, args %#llx %#llx): %#x, want %#x", i,
			         c[i].arch, (unsigned)c[i].nr, (unsigned long long)c[i].arg0,
			         (unsigned long long)c[i].arg1, got, c[i].want);
	}
}

#if defined(__x86_64__)
#define X32 0x40000000 /* x32's bit in the native numbers */
static void test_abis(void **state)
{
	(void)state;
	const uint32_t x86 = AUDIT_ARCH_X86_64, i386 = AUDIT_ARCH_I386;
	const uint64_t fork_flags = CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD;
	const struct call calls[] = {
		/* The native ABI. */
		{ x86, __NR_ioctl, 0, TIOCSTI, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, TIOCLINUX, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, TIOCSETD, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, TIOCGETD, ALLOW },
		/* The kernel reads the request's low 32 bits only. */
		{ x86, __NR_ioctl, 0, 0xffffffff00000000ULL | TIOCSTI, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, (uint64_t)TIOCSTI << 32, ALLOW },
		{ x86, __NR_ioctl, TIOCSTI, TIOCGWINSZ, ALLOW },
		{ x86, __NR_ioctl, 0, TIOCSCTTY, ALLOW },
		/* A virtual console's own ioctls: every old-style 'K' and 'V'. */
		{ x86, __NR_ioctl, 0, KDSKBSENT, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, KDSKBENT, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, KDSETMODE, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, KDGKBTYPE, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, 0x4b00, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, 0x4bff, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, VT_ACTIVATE, REFUSE_EPERM },
		{ x86, __NR_ioctl, 0, 0xffffffff00000000ULL | KDSKBSENT, REFUSE_EPERM },
		/* ... but not the new-style requests of those types (V4L2's
		 * VIDIOC_QUERYCAP is _IOR('V', 0, ...)), nor their neighbours. */
		{ x86, __NR_ioctl, 0, 0x80685600, ALLOW },
		{ x86, __NR_ioctl, 0, 0x4a33, ALLOW },
		{ x86, __NR_ioctl, 0, 0x4c33, ALLOW },
		{ x86, __NR_ioctl, 0, 0x5506, ALLOW },
		{ x86, __NR_keyctl, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_add_key, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_request_key, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_unshare, CLONE_NEWUSER, 0, REFUSE_EPERM },
		{ x86, __NR_unshare, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET, 0, REFUSE_EPERM },
		{ x86, __NR_unshare, CLONE_NEWNS, CLONE_NEWUSER, ALLOW },
		{ x86, __NR_unshare, CLONE_FILES, 0, ALLOW },
		{ x86, __NR_clone, CLONE_NEWUSER | SIGCHLD, 0, REFUSE_EPERM },
		{ x86, __NR_clone, fork_flags, 0, ALLOW },
		{ x86, __NR_clone, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, ALLOW },
		{ x86, __NR_clone3, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_fork, CLONE_NEWUSER, 0, ALLOW },
		{ x86, __NR_io_uring_setup, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_io_uring_enter, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_io_uring_register, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_perf_event_open, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_syslog, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_bpf, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_userfaultfd, 0, 0, REFUSE_ENOSYS },
		{ x86, __NR_epoll_wait, 0, 0, ALLOW },
		{ x86, __NR_read, CLONE_NEWUSER, TIOCSTI, ALLOW },
		{ x86, __NR_openat, 0, 0, ALLOW },
		/* x32: the native numbers with its bit, and its own ioctl. */
		{ x86, X32 | 514, 0, TIOCSTI, REFUSE_EPERM },
		{ x86, X32 | 514, 0, TIOCGWINSZ, ALLOW },
		{ x86, X32 | 514, 0, KDSKBSENT, REFUSE_EPERM },
		{ x86, X32 | __NR_keyctl, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_add_key, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_request_key, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_unshare, CLONE_NEWUSER, 0, REFUSE_EPERM },
		{ x86, X32 | __NR_clone, CLONE_NEWUSER, 0, REFUSE_EPERM },
		{ x86, X32 | __NR_clone, fork_flags, 0, ALLOW },
		{ x86, X32 | __NR_clone3, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_io_uring_setup, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_perf_event_open, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_syslog, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_bpf, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_userfaultfd, 0, 0, REFUSE_ENOSYS },
		{ x86, X32 | __NR_read, 0, 0, ALLOW },
		/* i386 (int $0x80): its own numbers; the native ones mean other
		 * calls there (16 is lchown, 250 fadvise64, 272 fadvise64_64). */
		{ i386, 54, 0, TIOCSTI, REFUSE_EPERM },
		{ i386, 54, 0, TIOCLINUX, REFUSE_EPERM },
		{ i386, 54, 0, TIOCSETD, REFUSE_EPERM },
		{ i386, 54, 0, TIOCGWINSZ, ALLOW },
		{ i386, 54, 0, KDSKBSENT, REFUSE_EPERM },
		{ i386, 54, 0, VT_ACTIVATE, REFUSE_EPERM },
		{ i386, 288, 0, 0, REFUSE_ENOSYS },
		{ i386, 286, 0, 0, REFUSE_ENOSYS },
		{ i386, 287, 0, 0, REFUSE_ENOSYS },
		{ i386, 310, CLONE_NEWUSER, 0, REFUSE_EPERM },
		{ i386, 120, CLONE_NEWUSER | SIGCHLD, 0, REFUSE_EPERM },
		{ i386, 120, fork_flags, 0, ALLOW },
		{ i386, 435, 0, 0, REFUSE_ENOSYS },
		{ i386, 425, 0, 0, REFUSE_ENOSYS },
		{ i386, 426, 0, 0, REFUSE_ENOSYS },
		{ i386, 427, 0, 0, REFUSE_ENOSYS },
		{ i386, 336, 0, 0, REFUSE_ENOSYS },
		{ i386, 103, 0, 0, REFUSE_ENOSYS },
		{ i386, 357, 0, 0, REFUSE_ENOSYS },
		{ i386, 374, 0, 0, REFUSE_ENOSYS },
		{ i386, __NR_perf_event_open, 0, 0, ALLOW },
		{ i386, __NR_ioctl, 0, TIOCSTI, ALLOW },
		{ i386, __NR_keyctl, 0, 0, ALLOW },
		{ i386, __NR_unshare, CLONE_NEWUSER, 0, ALLOW },
		{ i386, 3, 0, 0, ALLOW },
		/* An architecture the machine cannot run: nothing to refuse. */
		{ AUDIT_ARCH_AARCH64, 29, 0, TIOCSTI, ALLOW },
		{ AUDIT_ARCH_AARCH64, 97, CLONE_NEWUSER, 0, ALLOW },
	};
	check(calls, sizeof calls / sizeof calls[0]);
}
#elif defined(__aarch64__)
static void test_abis(void **state)
{
	(void)state;
	const uint32_t a64 = AUDIT_ARCH_AARCH64, arm = AUDIT_ARCH_ARM;
	const struct call calls[] = {
		{ a64, __NR_ioctl, 0, TIOCSTI, REFUSE_EPERM },
		{ a64, __NR_ioctl, 0, TIOCLINUX, REFUSE_EPERM },
		{ a64, __NR_ioctl, 0, TIOCSETD, REFUSE_EPERM },
		{ a64, __NR_ioctl, 0, 0xffffffff00000000ULL | TIOCSTI, REFUSE_EPERM },
		{ a64, __NR_ioctl, 0, TIOCGWINSZ, ALLOW },
		{ a64, __NR_ioctl, 0, KDSKBSENT, REFUSE_EPERM },
		{ a64, __NR_ioctl, 0, VT_ACTIVATE, REFUSE_EPERM },
		{ a64, __NR_keyctl, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_add_key, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_request_key, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_unshare, CLONE_NEWUSER, 0, REFUSE_EPERM },
		{ a64, __NR_clone, CLONE_NEWUSER | SIGCHLD, 0, REFUSE_EPERM },
		{ a64, __NR_clone, SIGCHLD, 0, ALLOW },
		{ a64, __NR_clone3, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_io_uring_setup, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_io_uring_enter, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_io_uring_register, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_perf_event_open, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_syslog, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_bpf, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_userfaultfd, 0, 0, REFUSE_ENOSYS },
		{ a64, __NR_read, 0, 0, ALLOW },
		{ arm, 54, 0, TIOCSTI, REFUSE_EPERM },
		{ arm, 54, 0, TIOCGWINSZ, ALLOW },
		{ arm, 54, 0, KDSKBSENT, REFUSE_EPERM },
		{ arm, 311, 0, 0, REFUSE_ENOSYS },
		{ arm, 309, 0, 0, REFUSE_ENOSYS },
		{ arm, 310, 0, 0, REFUSE_ENOSYS },
		{ arm, 337, CLONE_NEWUSER, 0, REFUSE_EPERM },
		{ arm, 120, CLONE_NEWUSER | SIGCHLD, 0, REFUSE_EPERM },
		{ arm, 120, SIGCHLD, 0, ALLOW },
		{ arm, 435, 0, 0, REFUSE_ENOSYS },
		{ arm, 425, 0, 0, REFUSE_ENOSYS },
		{ arm, 426, 0, 0, REFUSE_ENOSYS },
		{ arm, 427, 0, 0, REFUSE_ENOSYS },
		{ arm, 364, 0, 0, REFUSE_ENOSYS },
		{ arm, 103, 0, 0, REFUSE_ENOSYS },
		{ arm, 386, 0, 0, REFUSE_ENOSYS },
		{ arm, 388, 0, 0, REFUSE_ENOSYS },
		{ arm, __NR_ioctl, 0, TIOCSTI, ALLOW },
		{ AUDIT_ARCH_X86_64, 16, 0, TIOCSTI, ALLOW },
	};
	check(calls, sizeof calls / sizeof calls[0]);
}
#else
static void test_abis(void **state)
{
	(void)state;
	struct sock_filter f[GUARD_MAX_LEN];
	assert_int_equal(guard_program(f), 0);
	skip();
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
