/* poke-text PID ADDR: what a debugger does to set a breakpoint, without
 * changing anything: stop PID (ptrace), write the word at ADDR (hex) back
 * as it is, which gives PID a private copy of that page of its code, and
 * let it go.  init-boot.sh checks that PID 1's code release keeps it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	pid_t pid;
	unsigned long addr;
	long word;
	int status;

	if (argc != 3) {
		fprintf(stderr, "usage: poke-text PID ADDR\n");
		return 2;
	}
	pid = (pid_t)strtol(argv[1], NULL, 10);
	addr = strtoul(argv[2], NULL, 16);
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0 || ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 ||
	    waitpid(pid, &status, __WALL) < 0) {
		perror("poke-text: stop");
		return 1;
	}
	errno = 0;
	word = ptrace(PTRACE_PEEKTEXT, pid, (void *)addr, 0);
	if (errno != 0 || ptrace(PTRACE_POKETEXT, pid, (void *)addr, (void *)word) < 0) {
		perror("poke-text: poke");
		ptrace(PTRACE_DETACH, pid, 0, 0);
		return 1;
	}
	if (ptrace(PTRACE_DETACH, pid, 0, 0) < 0) {
		perror("poke-text: detach");
		return 1;
	}
	return 0;
}
