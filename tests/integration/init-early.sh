#!/bin/sh
# PID 1 is cloned before the C library starts (src/init/launch_early.c),
# on a guess from the command line.  When the command line then asks for
# no launch (a bad option, a missing BOOT.CONF), the launcher kills and
# reaps that PID 1 itself before it exits: run under a subreaper, nothing
# is left to it.  Before launch_early_abort, the early PID 1 was orphaned
# (and killed by its parent-death signal), a zombie for the subreaper to
# reap, its namespaces torn down after the launcher had exited.  The
# requests that are not launches (--help, -h among short options) clone
# nothing, and a launch and its exit status are as before.
set -u
TEST_NAME=init-early # (init-env.inc)
. "${GXSYS_SRC:-$(pwd)}/tests/integration/init-env.inc"

INIT=$B/gxsys-init
make_profile sh
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$SYS/etc/passwd"
printf 'root:x:0:\n' >"$SYS/etc/group"
CONF=$T/boot.conf
cat >"$CONF" <<EOF2
system = "$SYS"
profile = "$SYS/profile"
etc = "$SYS/etc"
host-name = "early-host"
EOF2

# subreap COMMAND...: runs COMMAND as a child subreaper's child; prints
# "status S orphans N": COMMAND's exit status, and the processes it left,
# reparented to us and reaped within 0.5 s after it exited.
cat >"$T/subreap.c" <<'EOF2'
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	int st, orphans = 0;
	(void)argc;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return 99;
	pid_t p = fork();
	if (p == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) != p)
		return 99;
	struct timespec t = { 0, 10 * 1000 * 1000 };
	for (int i = 0; i < 50; i++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			orphans++;
		nanosleep(&t, NULL);
	}
	printf("status %d orphans %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st),
	       orphans);
	return 0;
}
EOF2
$CC -O2 -o "$T/subreap" "$T/subreap.c" || fail "cannot build the subreaper"

check() { # EXPECTED-STATUS ARG...: gxsys-init ARG... under the subreaper
	want=$1
	shift
	got=$("$T/subreap" "$INIT" "$@" 2>"$T/err" </dev/null) || fail "subreaper: $got"
	case $got in
	*"status $want orphans 0"*) ;;
	*) fail "gxsys-init $*: want status $want and no orphan, got: $got ($(head -c 300 "$T/err"))" ;;
	esac
}

check 2 --bogus-option "$CONF"
check 2 -N
check 2 --share "$CONF"
check 0 --help
check 0 -Nh "$CONF"
check 2 "$CONF" --
check 1 "$T/missing.conf"
check 0 "$CONF" -- /bin/sh -c 'exit 0' >/dev/null
check 7 "$CONF" -- /bin/sh -c 'exit 7' >/dev/null
echo "ok: no PID 1 left behind by a command line that is no launch"
