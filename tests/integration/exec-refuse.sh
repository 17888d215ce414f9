#!/bin/sh
# gxsys exec PID runs /proc/PID/exe (the container's own gxsys-init) as host
# root in the host's namespaces: it must refuse any process but the PID 1
# of a PID namespace below ours whose executable is the host's file at the
# path it names, owned and writable by root only.  Three impostors named
# gxsys-init, each of which records it if it is ever run with "exec": one in
# the host's PID namespace, one owned by another user, and one whose file
# exists only inside its own mount namespace (as a program from inside a
# container does).  Root, real namespaces; every process killed by PID.
set -u
B=${GXSYS_BUILD:-$(pwd)/build}
CC=${CC:-cc}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
unshare --fork --pid --mount true 2>/dev/null || { echo "cannot create namespaces here"; exit 77; }
[ -x "$B/gxsys" ] || { echo "build/gxsys is not built"; exit 77; }

T=$(mktemp -d /tmp/gxsys-exec-refuse.XXXXXX) || exit 1
PIDS=""
cleanup() {
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$T/fake.c" <<EOF2
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int c, char **v)
{
	if (c > 1 && strcmp(v[1], "exec") == 0) {
		FILE *f = fopen("$T/ran", "w");
		if (f)
			fclose(f);
		return 42;
	}
	for (;;)
		pause();
}
EOF2
mkdir "$T/bin" || exit 1
$CC -o "$T/bin/gxsys-init" "$T/fake.c" || fail "cannot build the impostor"
chmod 0755 "$T" "$T/bin"

# PID of the process running EXE, waited for (bounded).
find_pid() { # EXE
	i=0
	while :; do
		for p in $(pgrep -x gxsys-init); do
			[ "$(readlink "/proc/$p/exe")" = "$1" ] && { echo "$p"; return; }
		done
		i=$((i + 1)); [ $i -lt 100 ] || fail "the impostor did not start"
		sleep 0.05
	done
}
refused() { # WHAT PID
	out=$("$B/gxsys" exec "$2" /bin/true 2>&1)
	rc=$?
	[ ! -e "$T/ran" ] || fail "$1: gxsys exec ran the impostor as host root"
	[ $rc = 1 ] || fail "$1: exit status $rc, want 1 ($out)"
	echo "$out" | grep -q "not the PID 1 of a gxsys container" || fail "$1: $out"
}

# 1. In the host's PID namespace.
"$T/bin/gxsys-init" &
PIDS="$PIDS $!"
refused "a process of the host's PID namespace" "$!"

# 2. PID 1 of a new PID namespace, but its file belongs to another user.
chown nobody "$T/bin/gxsys-init"
unshare --fork --pid --kill-child "$T/bin/gxsys-init" &
PIDS="$PIDS $!"
pid=$(find_pid "$T/bin/gxsys-init")
PIDS="$PIDS $pid"
refused "an executable of another user" "$pid"
chown root "$T/bin/gxsys-init"

# 3. PID 1 of a new PID namespace, running a file that exists only in its
# own mount namespace (a tmpfs mounted there, over a directory empty on the
# host): what a process from inside a container looks like from the host.
mkdir "$T/inner"
unshare --fork --pid --mount --propagation private --kill-child sh -c \
	"mount -t tmpfs none '$T/inner' && cp '$T/bin/gxsys-init' '$T/inner/' && exec '$T/inner/gxsys-init'" &
PIDS="$PIDS $!"
pid=$(find_pid "$T/inner/gxsys-init")
PIDS="$PIDS $pid"
[ ! -e "$T/inner/gxsys-init" ] || fail "the inner file is visible on the host"
refused "a file of another mount namespace" "$pid"
echo ok
