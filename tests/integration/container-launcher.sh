#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# The run-container launcher's run-time options and instance commands:
# --share/--expose, -N, a backgrounded instance with exec, status, stop,
# `gxsys list` and `gxsys exec`, one instance per name, missing store items,
# non-root refusal.  Nothing may stay mounted or running.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

build "$SRC/examples/bare-bones.scm"

# --share: a write inside is visible on the host; --expose: writes refused.
mkdir -p "$T/rw" "$T/ro"
echo host-file >"$T/ro/f"
iname share
inside "$N" '
	echo written-inside >/mnt/rw/new && echo share-write-ok
	cat /mnt/ro/f
	if echo x >/mnt/ro/g 2>/dev/null; then echo expose-writable; else echo expose-refused; fi
' --share="$T/rw=/mnt/rw" --expose "$T/ro=/mnt/ro" || fail "--share/--expose boot"
expect_out '^share-write-ok$' "--share write"
expect_out '^host-file$' "--expose read"
expect_out '^expose-refused$' "--expose refuses writes"
[ "$(cat "$T/rw/new" 2>/dev/null)" = written-inside ] || fail "--share write not visible on the host"
[ ! -e "$T/ro/g" ] || fail "--expose let a write through"
check_clean

# -N: the host's loopback is reachable (a server listening on the host).
if command -v python3 >/dev/null 2>&1; then
	mkdir -p "$T/www" && echo host-page >"$T/www/index.html"
	port=$((20000 + $$ % 20000))
	python3 -m http.server --bind 127.0.0.1 --directory "$T/www" "$port" \
		>"$T/http.log" 2>&1 &
	BGPIDS="$BGPIDS $!"
	i=0
	until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" \
		2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "the host's test server did not start"
		sleep 0.2
	done
	iname net
	inside "$N" "
		exec 3<>/dev/tcp/127.0.0.1/$port || exit 9
		printf 'GET /index.html HTTP/1.0\r\n\r\n' >&3
		cat <&3
	" -N || fail "-N: the host server is not reachable"
	expect_out '^host-page$' "-N reaches a host loopback server"
	iname nonet
	inside "$N" "
		if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo reached; else echo isolated; fi
	" || fail "private network boot"
	expect_out '^isolated$' "without -N the host loopback is not reachable"
	check_clean
fi

# A backgrounded instance: status, exec, gxsys list/exec, another
# instance beside it, a second instance of its name refused, stop.
iname bg
name=$N
timeout -s KILL 300 "$LAUNCHER" --name "$name" --pid-file "$T/pid" >"$T/bg.out" 2>"$T/bg.err" &
BGPIDS="$BGPIDS $!"
i=0
until [ -s "$STATE/$name.pid" ] && "$LAUNCHER" status --name "$name" >"$T/out" 2>&1; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "the backgrounded instance did not come up"
	sleep 1
done
pid=$(cat "$STATE/$name.pid")
[ "$(cat "$T/pid")" = "$pid" ] || fail "--pid-file holds $(cat "$T/pid"), not $pid"
grep -q "system container is running as PID $pid" "$T/bg.err" || fail "no 'running as PID' line"
grep -q "^Run 'sudo gxsys exec $pid /run/current-system/profile/bin/bash --login'$" "$T/bg.err" ||
	fail "no 'gxsys exec' hint"
grep -q "^or run 'sudo nsenter -a -t $pid' to get a shell into it.$" "$T/bg.err" || fail "no nsenter hint"
expect_out 'user-processes +running' "status lists the services"
# the hint's shell is there
"$GXSYS" exec "$pid" /run/current-system/profile/bin/bash --login -c 'echo hint-ok' >"$T/out" 2>&1 ||
	fail "the hinted shell: $(cat "$T/out")"
expect_out '^hint-ok$' "the hinted shell runs"
"$LAUNCHER" exec --name "$name" /bin/sh -c 'cat /etc/hostname' >"$T/out" 2>&1 ||
	fail "run-container exec"
expect_out '^komputilo$' "run-container exec runs inside"
"$GXSYS" exec "$pid" /bin/sh -c 'echo via-pid $(cat /etc/hostname)' >"$T/out" 2>&1 ||
	fail "gxsys exec PID"
expect_out '^via-pid komputilo$' "gxsys exec PID"
"$GXSYS" exec "$name" /bin/true || fail "gxsys exec NAME"
# A second instance at once, named with digits only: gxsys exec takes it
# by its name (it took any number for a PID: "no such process"), status
# and gxsys list show each instance.
num=9$$
NAMES="$NAMES $num"
timeout -s KILL 300 "$LAUNCHER" --name "$num" >"$T/num.out" 2>"$T/num.err" &
BGPIDS="$BGPIDS $!"
i=0
until [ -s "$STATE/$num.pid" ] && "$LAUNCHER" status --name "$num" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "the instance '$num' did not come up: $(cat "$T/num.err")"
	sleep 1
done
numpid=$(cat "$STATE/$num.pid")
"$GXSYS" exec "$num" /bin/sh -c 'echo by-name' >"$T/out" 2>&1 ||
	fail "gxsys exec of the instance '$num': $(cat "$T/out")"
expect_out '^by-name$' "gxsys exec NAME, a name of digits"
"$GXSYS" list >"$T/out" || fail "gxsys list"
expect_out "^$num +$numpid +[0-9]" "gxsys list shows the second instance"
expect_out "^$name +$pid +[0-9]" "gxsys list shows the first instance"
"$LAUNCHER" stop --name "$num" >"$T/out" 2>&1 || fail "stop of '$num': $(cat "$T/out")"
kill -0 "$pid" || fail "stopping '$num' stopped '$name'"
# The stale files of an instance whose launcher was killed with SIGKILL,
# its pid file's PID now the PID 1 of another instance (a PID reused):
# that is not the instance (stop stopped the other one, exec entered it,
# and a start was refused).
iname stale
echo "$pid" >"$STATE/$N.pid"
: >"$STATE/$N.lock"
if "$LAUNCHER" stop --name "$N" >"$T/out" 2>&1; then
	fail "stop of a stale instance stopped another one: $(cat "$T/out")"
fi
expect_out "no running instance named '$N'" "stop of a stale instance"
if "$LAUNCHER" exec --name "$N" /bin/true >"$T/out" 2>&1; then
	fail "exec of a stale instance entered another one"
fi
kill -0 "$pid" || fail "stop of a stale instance stopped '$name'"
# The same, had the PID been given to the other instance's PID 1 after the
# launcher's own check: gxsys-init checks again, on the process it pinned.
init=$(sed -n "s/^init='\(.*\)'\$/\1/p" "$LAUNCHER")
rc=0
"$init" stop --lock "$STATE/$N.lock" "$pid" >"$T/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "gxsys-init stop of another instance's PID 1: exit $rc: $(cat "$T/out")"
expect_out "process $pid is not the PID 1 of the instance whose lock file is '$STATE/$N.lock'" \
	"gxsys-init stop --lock refuses another instance"
rc=0
"$init" exec --lock "$STATE/$N.lock" "$pid" -- /bin/true >"$T/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "gxsys-init exec --lock into another instance: exit $rc: $(cat "$T/out")"
expect_out "is not the PID 1 of the instance" "gxsys-init exec --lock refuses another instance"
kill -0 "$pid" || fail "gxsys-init stop of another instance stopped '$name'"
# gxsys exec NAME too: here NAME's lock is held (by a process of ours, as
# the waiter of an instance that has just ended would hold it) while its
# pid file names another instance's PID 1: gxsys-init exec --lock refuses.
(
	exec 9>>"$STATE/$N.lock"
	flock 9
	exec sleep 1000
) &
holder=$!
BGPIDS="$BGPIDS $holder"
i=0
until ! flock -n "$STATE/$N.lock" true; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "flock did not take '$STATE/$N.lock'"
	sleep 0.1
done
rc=0
"$GXSYS" exec "$N" /bin/sh -c 'echo entered' >"$T/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "gxsys exec NAME into another instance: exit $rc: $(cat "$T/out")"
expect_out "is not the PID 1 of the instance" "gxsys exec NAME checks the instance's lock"
if grep -q '^entered$' "$T/out"; then fail "gxsys exec NAME entered another instance"; fi
kill -KILL "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
: >"$STATE/$N.lock"
# ... and acts on the instance named by its own lock file.
"$init" exec --lock "$STATE/$name.lock" "$pid" -- /bin/sh -c 'echo locked-exec' >"$T/out" 2>&1 ||
	fail "gxsys-init exec --lock of the instance: $(cat "$T/out")"
expect_out '^locked-exec$' "gxsys-init exec --lock"
"$LAUNCHER" --name "$N" -- /bin/true >"$T/out" 2>&1 ||
	fail "a stale pid file naming another instance refused a start: $(cat "$T/out")"
"$GXSYS" list >"$T/out" || fail "gxsys list"
expect_out "^$name +$pid +[0-9]" "gxsys list shows the instance"
system=$(sed -n "s/^system='\(.*\)'\$/\1/p" "$LAUNCHER")
expect_out "^$name +$pid +[0-9].* $system\$" "gxsys list shows the instance's system"
if "$LAUNCHER" --name "$name" -- /bin/true >"$T/out" 2>&1; then
	fail "a second instance of the same name was started"
fi
expect_out "already running as PID $pid" "second instance refused"
# With an empty PATH (as some service managers give): stop and --help find
# sleep and cat by the standard PATH (the stop, as the instance is running,
# needs sleep).
env -i PATH= "$LAUNCHER" --help >"$T/out" 2>&1 || fail "run-container --help without PATH: $(cat "$T/out")"
expect_out "^Usage: run-container " "--help without PATH"
# -h after other options: the start (at the top of the launcher, before
# the help is defined) returns for it, and the help comes from the rest.
"$LAUNCHER" -N --name=x -h >"$T/out" 2>&1 || fail "run-container -N --name=x -h: $(cat "$T/out")"
expect_out "^Usage: run-container " "-h after other options"
env -i PATH= "$LAUNCHER" stop --name "$name" >"$T/out" 2>&1 ||
	fail "run-container stop without PATH: $(cat "$T/out")"
expect_out "^stopped $name \\(PID $pid\\)$" "stop says what it stopped"
[ ! -d "/proc/$pid" ] || fail "PID $pid still runs after stop"
for f in "$STATE/$name.pid" "$STATE/$name.lock"; do
	[ ! -e "$f" ] || fail "$f of a stopped instance is left"
done
# Once stop has returned, the same name starts again at once.
"$LAUNCHER" --name "$name" -- /bin/true >"$T/out" 2>&1 ||
	fail "a start right after stop: $(cat "$T/out")"
"$GXSYS" list >"$T/out"
if grep -q "^$name " "$T/out"; then fail "gxsys list shows a stopped instance"; fi
check_clean
# /run/gxsys that is not a directory (seen in a private mount namespace with
# its own /run): the instance lock cannot be taken, a system error (exit 3,
# it was 1, the status of a held lock), and nothing is started.
rc=0
unshare --mount --propagation private sh -c \
	'mount -t tmpfs tmpfs /run && : >/run/gxsys && exec "$0" --name "$1" -- /bin/true' \
	"$LAUNCHER" "$name" >"$T/out" 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "/run/gxsys as a file: exit $rc, wanted 3: $(cat "$T/out")"
expect_out "lock '/run/gxsys/containers/$name.lock': Not a directory" "/run/gxsys as a file"
check_clean
# A stale pid file whose PID now belongs to another process (here: this
# test's shell) does not stop a new instance.
echo $$ >"$STATE/$name.pid"
"$LAUNCHER" --name "$name" -- /bin/true >"$T/out" 2>&1 ||
	fail "a stale pid file refused a new instance: $(cat "$T/out")"
for f in "$STATE/$name.pid" "$STATE/$name.lock"; do
	[ ! -e "$f" ] || fail "$f of a finished instance is left"
done
check_clean
# ... nor is its PID taken for the instance when it now belongs to a
# program named gxsys-init that another user runs in namespaces of its own
# (its own user namespace: `exec` entered them as root before the fix,
# `stop` signalled it).
if command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Ur true 2>/dev/null; then
	chmod 755 "$T"
	mkdir "$T/imp"
	cp "$(command -v sleep)" "$T/imp/gxsys-init"
	setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urpf \
		"$T/imp/gxsys-init" 300 2>/dev/null &
	BGPIDS="$BGPIDS $!"
	imp=""
	i=0
	while [ -z "$imp" ]; do
		for p in /proc/[0-9]*; do
			[ "$(readlink "$p/exe" 2>/dev/null)" = "$T/imp/gxsys-init" ] && imp=${p#/proc/}
		done
		i=$((i + 1))
		[ $i -lt 100 ] || fail "the impostor did not start"
		[ -n "$imp" ] || sleep 0.05
	done
	BGPIDS="$BGPIDS $imp"
	echo "$imp" >"$STATE/$name.pid"
	if "$LAUNCHER" exec --name "$name" /bin/true >"$T/out" 2>&1; then
		fail "run-container exec entered another user's gxsys-init"
	fi
	expect_out "no running instance named '$name'" "exec: another user's gxsys-init"
	if "$LAUNCHER" stop --name "$name" >"$T/out" 2>&1; then
		fail "run-container stop stopped another user's gxsys-init"
	fi
	kill -0 "$imp" || fail "run-container stop killed another user's gxsys-init"
	kill -KILL "$imp"
	rm -f "$STATE/$name.pid"
fi

# Missing store items are listed with how to get them: the launcher on a
# host whose store (here: $T/other) lacks them.
mkdir "$T/other"
sed "s|$STORE|$T/other|g" "$LAUNCHER" >"$T/launcher-moved"
iname moved
if sh "$T/launcher-moved" --name "$N" -- /bin/true >"$T/out" 2>&1; then
	fail "a launcher without its store items ran"
fi
expect_out 'store item\(s\) this system needs are missing' "missing items reported"
expect_out 'gxsys container --store=' "how to get missing items"
nitems=$(sed -n "/^items='/,/'\$/p" "$LAUNCHER" | grep -c .)
expect_out "$nitems store item" "every missing item counted"
expect_out 'gxsys archive --export -r --store=.*-boot-komputilo' "how to bring missing items"
# Their directories copied there by hand (or left by a killed import) are
# not registered items: the next gxsys run removes them, even from under
# a running container.  They are still missing (the launcher booted from
# them); where the declaration is not there, there is no rebuild hint.
mkdir -p "$T/other/.db/items"
for v in system system_boot_conf init; do
	p=$(sed -n "s/^$v='\(.*\)'\$/\1/p" "$LAUNCHER")
	p=${p#"$STORE"/}
	cp -al "$STORE/${p%%/*}" "$T/other/"
done
sed -i "s|^source_file=.*|source_file='/nonexistent/bare-bones.scm'|" "$T/launcher-moved"
if sh "$T/launcher-moved" --name "$N" -- /bin/true >"$T/out" 2>&1; then
	fail "a launcher ran from items that are not registered"
fi
expect_out "$nitems store item.*not registered" "unregistered items counted"
expect_out '^Bring them from the host' "hint without the declaration"
if grep -q 'gxsys container --store=' "$T/out"; then fail "a rebuild hint without the declaration"; fi
# ... in a command line that can be pasted as it is, whatever the store's
# path holds (a space and a quote here: it was printed unquoted).
odd="$T/oth er'x"
mkdir "$odd"
sed "s|$STORE|$T/oth er'\\\\''x|g" "$LAUNCHER" >"$T/launcher-odd"
if sh "$T/launcher-odd" --name "$N" -- /bin/true >"$T/out" 2>&1; then
	fail "a launcher without its store items ran"
fi
cmd=$(sed -n 's/^Rebuild them on this host with: //p' "$T/out")
[ -n "$cmd" ] || fail "no command line to rebuild: $(cat "$T/out")"
words=$(eval "set -- $cmd" 2>/dev/null && printf '%s\n' "$#" "$3" "$4") || true
[ "$words" = "$(printf '%s\n' 4 "--store=$odd" "$SRC/examples/bare-bones.scm")" ] ||
	fail "the command line to rebuild is not one to paste: $cmd"

# Not root: a clear refusal.
if command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$T" # (mktemp -d made it 0700)
	if setpriv --reuid=65534 --regid=65534 --clear-groups sh "$LAUNCHER" -- /bin/true \
		>"$T/out" 2>&1; then
		fail "the launcher ran as non-root"
	fi
	expect_out 'must be run as root' "non-root refusal"
fi
# gc while an instance runs from items no root reaches (no -r) keeps what it
# uses: its system (with its /usr and /etc) and gxsys-init; what it does
# not use, such as the launcher itself, goes.  Last: the launcher is gone
# afterwards.  It runs from a copy: timeout's command line would name the
# launcher's item, which references the system.
iname gc
cp "$LAUNCHER" "$T/launcher-copy"
timeout -s KILL 300 sh "$T/launcher-copy" --name "$N" >"$T/gc-bg.out" 2>"$T/gc-bg.err" &
BGPIDS="$BGPIDS $!"
i=0
until [ -s "$STATE/$N.pid" ] && "$GXSYS" exec "$N" /bin/true 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "the instance for gc did not come up"
	sleep 1
done
pid=$(cat "$STATE/$N.pid")
"$GXSYS" gc --store "$STORE" --config "$CONF" >"$T/out" 2>&1 || fail "gxsys gc"
expect_out '; [0-9]+ items kept \([1-9][0-9]* in use by running processes\)$' \
	"gc counts the items running processes use"
expect_out "^deleting $(dirname "$LAUNCHER")\s" "gc deletes the launcher, which nothing runs"
[ -d "$system/profile/bin" ] || fail "gc deleted the running container's system"
"$GXSYS" exec "$pid" /bin/sh -c 'ls /usr/bin | grep -c . && cat /etc/hostname' >"$T/out" 2>&1 ||
	fail "the container does not run after gc"
expect_out '^komputilo$' "/etc after gc"
kill -TERM "$pid"
i=0
while [ -d "/proc/$pid" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the instance for gc did not stop"
	sleep 0.1
done
check_clean
echo "launcher options and instance commands work"
