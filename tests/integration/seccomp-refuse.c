/* Test-only: seccomp-refuse WHAT COMMAND [ARG...] runs COMMAND with one
 * kind of system call refused (EPERM) by a seccomp filter, which COMMAND
 * and its children inherit, so that gxsys-init's handling of that failure
 * can be seen (tests/integration/init-fs.sh).  WHAT is
 *   net      unshare(CLONE_NEWNET): the launcher cannot make the
 *            container's network namespace;
 *   ns       unshare(CLONE_NEWNS): PID 1 cannot make its mount namespace
 *            (nor the others it makes with it);
 *   seccomp  prctl(PR_SET_SECCOMP) and seccomp(2): PID 1 and
 *            `gxsys-init exec` cannot install the container's filter. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define REFUSE BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)

static struct sock_filter no_net[] = {
	LOAD(nr),      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 3),
	LOAD(args[0]), BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWNET, 0, 1),
	REFUSE,        ALLOW,
};

static struct sock_filter no_ns[] = {
	LOAD(nr),      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_unshare, 0, 3),
	LOAD(args[0]), BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWNS, 0, 1),
	REFUSE,        ALLOW,
};

static struct sock_filter no_seccomp[] = {
	LOAD(nr),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 4, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 4),
	LOAD(args[0]),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_SET_SECCOMP, 0, 2),
	REFUSE,
	REFUSE,
	ALLOW,
};

int main(int argc, char **argv)
{
	struct sock_fprog prog = { 0, NULL };

	if (argc > 1 && strcmp(argv[1], "net") == 0)
		prog = (struct sock_fprog){ sizeof no_net / sizeof no_net[0], no_net };
	else if (argc > 1 && strcmp(argv[1], "ns") == 0)
		prog = (struct sock_fprog){ sizeof no_ns / sizeof no_ns[0], no_ns };
	else if (argc > 1 && strcmp(argv[1], "seccomp") == 0)
		prog = (struct sock_fprog){ sizeof no_seccomp / sizeof no_seccomp[0], no_seccomp };
	if (prog.len == 0 || argc < 3) {
		fputs("usage: seccomp-refuse net|ns|seccomp COMMAND [ARG...]\n", stderr);
		return 125;
	}
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("seccomp-refuse");
		return 125;
	}
	execv(argv[2], argv + 2);
	perror("seccomp-refuse: exec");
	return 127;
}
