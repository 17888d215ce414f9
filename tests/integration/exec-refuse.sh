#!/bin/sh
# gxsys exec PID runs /proc/PID/exe (the container's own gxsys-init) as host
# root in the host's namespaces: it must refuse any process but the PID 1
# of a PID namespace below ours whose executable is the host's file at the
# path it names, owned and writable by root only, run by root in our user
# namespace.  Three impostors named gxsys-init, each of which records it if
# it is ever run with "exec": one in the host's PID namespace, one owned by
# another user, and one whose file exists only inside its own mount
# namespace (as a program from inside a container does); and the real
# gxsys-init run by another user in namespaces of its own.  Root, real
# namespaces; every process killed by PID.
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

# 0. The host's own PID 1 (whose executable root may not even read, as
# here in a sandbox: that was 'no such process' before).
refused "the host's PID 1" 1

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

# 4. The host's own gxsys-init (a root-owned copy) run by another user as
# PID 1 of namespaces of its own: a user namespace, and so a mount
# namespace where /bin/true is that user's program.  gxsys exec refuses
# it; gxsys-init exec (what run-container exec runs) enters it as that
# user, not as root, so the user's program cannot write a root-owned
# file.  Both ran it as host root before the fix.
if command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Ur true 2>/dev/null; then
	mkdir "$T/host" "$T/u"
	cp "$B/gxsys-init" "$T/host/gxsys-init"
	echo original >"$T/rootfile"
	chmod 0644 "$T/rootfile"
	printf '#!/bin/sh\necho "written by the user'"'"'s program" >>"%s"\n' "$T/rootfile" >"$T/u/evil"
	chmod 0755 "$T/u/evil"
	mkfifo "$T/u/hold"
	chown -R 65534:65534 "$T/u"
	# (the waiter's command line: it waits for a verdict on its stdin)
	setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urpf --mount-proc --kill-child \
		sh -c "mount --bind '$T/u/evil' /bin/true &&
			exec '$T/host/gxsys-init' --launcher-waiter 5 0 -1 '' x <>'$T/u/hold'" &
	PIDS="$PIDS $!"
	pid=$(find_pid "$T/host/gxsys-init")
	PIDS="$PIDS $pid"
	out=$("$B/gxsys" exec "$pid" /bin/true 2>&1) && fail "gxsys exec entered another user's namespaces"
	echo "$out" | grep -q "not the PID 1 of a gxsys container" || fail "another user's namespaces: $out"
	"$B/gxsys-init" exec "$pid" /bin/true >/dev/null 2>&1
	[ "$(cat "$T/rootfile")" = original ] ||
		fail "gxsys-init exec ran another user's program with root's files: $(cat "$T/rootfile")"
else
	echo "(no unprivileged user namespaces here: case 4 not run)"
fi
echo ok
