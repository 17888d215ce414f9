#!/bin/sh
# The real gxsys-init (launcher, boot steps, supervisor as PID 1) in real
# namespaces (root): boot with services and run a command under `--`, exit
# statuses, herd and halt inside, exec into a running system, orderly
# shutdown on SIGTERM, and SIGKILL of the launcher leaving no process and
# no mount behind.  Processes left behind are found by their PID namespace.
# shellcheck disable=SC2016 # single-quoted scripts run inside the container
set -u
TEST_NAME=init-boot
. "${GXSYS_SRC:-$(pwd)}/tests/integration/init-env.inc"

INIT=$B/gxsys-init
make_profile bash cat chmod ps sleep true
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$SYS/etc/passwd"
printf 'root:x:0:\n' >"$SYS/etc/group"
CONF=$T/boot.conf
cat >"$CONF" <<EOF
system = "$SYS"
profile = "$SYS/profile"
etc = "$SYS/etc"
host-name = "boot-host"
service "loopback" { }
service "sleeper" { requirement = { "loopback" } command = { "/bin/sleep", "1000" } }
service "setup" { command = { "/bin/bash", "-c", "echo done >/run/ready" } one-shot = true }
EOF

# 1. Boot, services up before the command, exit status mirrored.
out=$("$INIT" "$CONF" -- /bin/bash -c 'cat /run/ready; /run/gxsys/bin/herd status; exit 7' 2>"$T/err")
rc=$?
[ $rc = 7 ] || { cat "$T/err"; fail "exit status $rc, want 7"; }
echo "$out" | grep -q '^done$' || fail "one-shot did not run before the command: $out"
echo "$out" | grep -q '^sleeper *running' || fail "herd status inside: $out"
grep -q "^system container is running as PID [0-9]*$" "$T/err" || fail "no 'running as PID' line"
"$INIT" "$CONF" -- /no/such 2>/dev/null
[ $? = 127 ] || fail "missing command: want 127"
"$INIT" "$CONF" -- /bin/true 2>/dev/null || fail "true: want 0"
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked to the host"
# A services' graph that cannot be (a dependency cycle): refused as a bad
# boot.conf, status 1, before the container is said to be running (it
# was said, for a container already gone, before the fix).
sed 's/^service "loopback" { }$/service "loopback" { requirement = { "sleeper" } }/' "$CONF" >"$T/cycle.conf"
"$INIT" "$T/cycle.conf" -- /bin/true 2>"$T/err"
rc=$?
{ [ $rc = 1 ] && grep -q "dependency cycle" "$T/err" && ! grep -q "died during setup" "$T/err" &&
	! grep -q "is running as PID" "$T/err"; } ||
	{ cat "$T/err"; fail "a dependency cycle: status $rc"; }

# 1b. PID 1 is out of the container root's reach: no /proc/1/exe (the init
# binary on the host's file system: a chmod through it changed the host's
# file), no /proc/1/fd, no tracing of PID 1's memory.  Before the fix the
# chmod went through and the binary's ctime moved.
ctime=$(stat -c %Z "$INIT")
mode=$(stat -c %a "$INIT") # chmod to the same mode: a regression changes only the ctime
sleep 1.1 # a change would show in whole seconds
out=$("$INIT" "$CONF" -- /bin/bash -c '
	chmod "$1" /proc/1/exe 2>/dev/null && echo "chmod /proc/1/exe went through"
	cat /proc/1/exe >/dev/null 2>&1 && echo "/proc/1/exe readable"
	cat /proc/1/fd/0 </dev/null >/dev/null 2>&1 && echo "/proc/1/fd/0 readable"
	cat /proc/1/environ >/dev/null 2>&1 && echo "/proc/1/environ readable"
	cat /proc/1/status >/dev/null || echo "/proc/1/status unreadable (ps needs it)"
	exit 0' sh "$mode" 2>"$T/err") || { cat "$T/err"; fail "probe of PID 1 from inside: status $?"; }
[ -z "$out" ] || fail "PID 1 reachable from the container's root: $out"
[ "$(stat -c %Z "$INIT")" = "$ctime" ] || fail "the init binary on the host was changed from inside"
"$INIT" "$CONF" -- /bin/bash -c 'exec 3</proc/self/exe' 2>/dev/null ||
	fail "a command's own /proc/self/exe is no longer readable (it must stay dumpable)"

# 1c. What the seccomp filter refuses inside.  The terminal COMMAND
# shares with the host: TIOCSTI (characters pushed into its input, which the
# host's shell reads once the container exits) fails, on stdin, with the
# request's high bits set, and on /dev/console (on a pty of script(1),
# whose input nothing reads afterwards).  The keyrings, which are the
# host's (not namespaced): keyctl fails.  User namespaces (which need no
# capability, and give all of them inside): unshare, clone and clone3
# fail.  io_uring, perf_event_open, syslog and bpf fail, and so does
# TIOCSETD on a pty made inside (a line discipline).  The same for a
# command of `exec` (below).
mkdir -p "$T/bin"
$CC -static -o "$T/bin/guard-probe" "$SRC/tests/integration/guard-probe.c" 2>/dev/null ||
	$CC -o "$T/bin/guard-probe" "$SRC/tests/integration/guard-probe.c" || fail "cannot build guard-probe"
guard_check() { # WHAT OUTPUT [tty]
	echo "$2" | grep -q "^session keyring: " || fail "$1: the probe did not run: $2"
	echo "$2" | grep -q "keyring [0-9]" && fail "$1: the host's keyrings are reachable: $2"
	echo "$2" | grep -q "^userfaultfd: " || fail "$1: the probe stopped early: $2"
	echo "$2" | grep -q ": made" && fail "$1: a user namespace was made inside: $2"
	# ENOSYS is the filter's answer: this kernel's own would be another
	# (EPERM for the kernel log and bpf here) or success.
	for call in io_uring "perf event" "kernel log" "bpf map" userfaultfd; do
		echo "$2" | grep -q "^$call: Function not implemented" || fail "$1: $call not refused: $2"
	done
	echo "$2" | grep -q "^line discipline: Operation not permitted" ||
		fail "$1: TIOCSETD (a line discipline) not refused: $2"
	[ "${3:-}" != tty ] || echo "$2" | grep -q "TIOCSTI on stdin: " || fail "$1: not on a terminal: $2"
	[ "${3:-}" != tty ] || echo "$2" | grep -q "^console ioctl on stdin: Operation not permitted" ||
		fail "$1: a virtual console's ioctl is not refused: $2"
	! echo "$2" | grep -q "injected" || fail "$1: a character was pushed into the host's terminal: $2"
}
guard_check COMMAND "$("$INIT" --expose "$T/bin=/x" "$CONF" -- /x/guard-probe 2>&1)"
"$T/bin/guard-probe" | grep -q "^session keyring: keyring [0-9]" ||
	echo "the host has no keyrings: the keyring checks prove nothing here"
host=$("$T/bin/guard-probe")
for what in "line discipline: set" "user namespace by unshare: made" "io_uring: opened" "perf event: opened" "kernel log: opened" "bpf map: opened" "userfaultfd: opened"; do
	echo "$host" | grep -q "^$what" || echo "not on this host either, so not proved here: $what"
done
if command -v script >/dev/null 2>&1; then
	out=$(script -qec "'$INIT' --expose '$T/bin=/x' '$CONF' -- /x/guard-probe" /dev/null </dev/null 2>&1)
	guard_check "COMMAND on a terminal" "$out" tty
	echo "$out" | grep -q "TIOCSTI on /dev/console: " || fail "no /dev/console on a terminal: $out"
else
	echo "script(1) missing: the terminal checks are skipped"
fi
# A kernel that refuses the filter (here: a seccomp filter of the caller's
# refuses to install another): nothing boots without it, the step is named,
# and nothing is left.
$CC -o "$T/bin/refuse" "$SRC/tests/integration/seccomp-refuse.c" || fail "cannot build seccomp-refuse"
"$T/bin/refuse" seccomp "$INIT" "$CONF" -- /bin/bash -c 'echo ran' >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 3 ] || fail "no seccomp filter: exited $rc, want 3: $(cat "$T/err")"
grep -q "boot step 'install the container's seccomp filter': .*Operation not permitted" "$T/err" ||
	fail "no seccomp filter: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "COMMAND ran without the seccomp filter"
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked after a refused seccomp filter"

# 2. A running system: exec, herd from the host, SIGTERM: orderly, status 0.
start() { # PIDFILE
	start_bg "$1" "$INIT" --pid-file "$1" --expose "$T/bin=/x" "$CONF"
	ns=$(stat -L -c %i "/proc/$pid1/ns/pid") || fail "no PID 1"
	i=0
	until "$INIT" exec "$pid1" /run/gxsys/bin/herd status 2>/dev/null | grep -q '^sleeper *running'; do
		i=$((i + 1)); [ $i -lt 300 ] || fail "services did not start"; sleep 0.1
	done
}
start "$T/a.pid"
[ "$("$INIT" exec "$pid1" /bin/cat /proc/sys/kernel/hostname)" = boot-host ] || fail "exec: host name"
guard_check exec "$("$INIT" exec "$pid1" /x/guard-probe 2>&1)"
# No filter, no command: `exec` refuses rather than run one unguarded.
before=$(in_pidns "$ns" | wc -l)
"$T/bin/refuse" seccomp "$INIT" exec "$pid1" /bin/bash -c 'echo ran' >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 3 ] || fail "exec without a seccomp filter: exited $rc, want 3: $(cat "$T/err")"
grep -q "install the container's seccomp filter: Operation not permitted" "$T/err" ||
	fail "exec without a seccomp filter: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "exec ran its command without the seccomp filter"
[ "$(in_pidns "$ns" | wc -l)" = "$before" ] || fail "exec without a filter left a process inside"
if command -v script >/dev/null 2>&1; then
	guard_check "exec on a terminal" "$(script -qec "'$INIT' exec $pid1 /x/guard-probe" /dev/null </dev/null 2>&1)" tty
fi
[ "$(in_pidns "$ns" | wc -l)" -ge 2 ] || fail "PID namespace not found from the host"
kill -TERM "$launcher"
wait "$launcher"
rc=$?
[ $rc = 0 ] || { cat "$T/run.err"; fail "SIGTERM: launcher exited $rc"; }
wait_pidns_empty "$ns"
[ ! -e "$T/a.pid" ] || fail "pid file left behind"

# SIGINT and SIGHUP (a closed terminal) too.
for sig in INT HUP; do
	start "$T/$sig.pid"
	kill -"$sig" "$launcher"
	wait "$launcher"
	rc=$?
	[ $rc = 0 ] || { cat "$T/run.err"; fail "SIG$sig: launcher exited $rc"; }
	wait_pidns_empty "$ns"
done

# Under nohup (SIGHUP ignored by the launcher's caller) a hang-up stops
# nothing: not relayed by the launcher, nor sent to PID 1 directly (the
# shell's SIGHUP to the job's process group, which PID 1 is in), and
# COMMAND ignores it as nohup's command does.
start_bg "$T/nohup.pid" sh -c 'trap "" HUP; exec "$@"' sh \
	"$INIT" --pid-file "$T/nohup.pid" --expose "$T/bin=/x" "$CONF"
ns=$(stat -L -c %i "/proc/$pid1/ns/pid") || fail "no PID 1"
kill -HUP "$launcher"
kill -HUP "$pid1"
sleep 1
kill -0 "$launcher" 2>/dev/null || { cat "$T/run.err"; fail "nohup: a SIGHUP stopped the system"; }
"$INIT" exec "$pid1" /run/gxsys/bin/herd status >/dev/null || fail "nohup: herd after a SIGHUP"
kill -TERM "$launcher"
wait "$launcher"
rc=$?
[ $rc = 0 ] || { cat "$T/run.err"; fail "nohup: SIGTERM: launcher exited $rc"; }
wait_pidns_empty "$ns"
out=$(sh -c 'trap "" HUP; exec "$@"' sh "$INIT" "$CONF" -- /bin/bash -c \
	'kill -HUP $$; cat /proc/self/status | while read -r k v; do [ "$k" != SigIgn: ] || echo "$v"; done' \
	2>"$T/err") || fail "nohup: COMMAND: $(cat "$T/err")"
[ "$out" = 0000000000000001 ] || fail "nohup: COMMAND does not ignore SIGHUP alone: $out"

# A SIGTERM that comes while the system boots is not lost: the waiter
# holds it until the boot is reported, then relays it, and PID 1 keeps it
# blocked until its supervisor reads it (PID 1 of a namespace drops a
# signal left at its default action).  Thousands of directories keep the
# boot busy; the signal goes once the launcher blocks SIGTERM.
SLOW=$T/slow.conf
{
	cat "$CONF"
	i=0
	while [ $i -lt 3000 ]; do echo "directory \"/var/d$i\" { }"; i=$((i + 1)); done
} >"$SLOW"
"$INIT" "$SLOW" >"$T/slow.out" 2>&1 </dev/null &
launcher=$!
i=0
until blk=$(awk '/^SigBlk:/ { print $2 }' "/proc/$launcher/status" 2>/dev/null) &&
	[ -n "$blk" ] && [ $((0x$blk & 0x4000)) -ne 0 ]; do
	i=$((i + 1)); [ $i -lt 100000 ] || fail "the launcher never blocked SIGTERM"
done
kill -TERM "$launcher"
i=0
while kill -0 "$launcher" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 200 ] || { kill -TERM "$launcher"; wait "$launcher"; fail "a SIGTERM during the boot was lost"; }
	sleep 0.05
done
wait "$launcher"
rc=$?
[ $rc = 0 ] || { cat "$T/slow.out"; fail "SIGTERM during the boot: launcher exited $rc"; }
grep -q "Signal 15 (Terminated) received: shutting down" "$T/slow.out" ||
	fail "SIGTERM during the boot: no orderly shutdown"

# Once settled and quiet, PID 1 unmaps its code pages (what ran before,
# the launcher's boot.conf parse included, stays in the page cache only):
# nothing asks anything of this one, and its code mapping keeps less than
# half of itself resident.
start_bg "$T/q.pid" "$INIT" --pid-file "$T/q.pid" "$CONF"
code_rss() { # PID: "RSS SIZE" (kB) of its gxsys-init code mapping
	awk '/^[0-9a-f]+-[0-9a-f]+ r-xp .*gxsys-init$/ { m = 1; next }
	     /^[0-9a-f]+-/ { m = 0 }
	     m && /^Size:/ { s = $2 } m && /^Rss:/ { r = $2 }
	     END { print r + 0, s + 0 }' "/proc/$1/smaps"
}
i=0
# shellcheck disable=SC2046
while set -- $(code_rss "$pid1") && [ "$2" -gt 0 ] && [ $(($1 * 2)) -ge "$2" ]; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "PID 1 keeps its code resident: $1 of $2 kB"; sleep 0.1
done
[ "$2" -gt 0 ] || fail "no code mapping of gxsys-init in PID 1's smaps"
# ... but for a page a debugger wrote into (a breakpoint): a private copy,
# which the next release (after a spawn) keeps while the rest goes again.
$CC -o "$T/poke" "$SRC/tests/integration/poke-text.c" || fail "cannot build poke-text"
code_anon() { # PID: kB of private copies in its gxsys-init code mapping
	awk '/^[0-9a-f]+-[0-9a-f]+ r-xp .*gxsys-init$/ { m = 1; next }
	     /^[0-9a-f]+-/ { m = 0 } m && /^Anonymous:/ { a = $2 }
	     END { print a + 0 }' "/proc/$1/smaps"
}
text=$(awk '/ r-xp .*gxsys-init$/ { split($1, a, "-"); print a[1]; exit }' "/proc/$pid1/maps")
"$T/poke" "$pid1" "$text" || fail "poke-text"
[ "$(code_anon "$pid1")" -gt 0 ] || fail "the poke made no private copy of a code page"
"$INIT" exec "$pid1" /run/gxsys/bin/herd restart sleeper >/dev/null || fail "herd restart sleeper"
# shellcheck disable=SC2046
set -- $(code_rss "$pid1")
after=$1
i=0
# shellcheck disable=SC2046
while set -- $(code_rss "$pid1") && [ "$1" -ge "$after" ]; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "no code release after a restart: $1 kB"; sleep 0.1
done
[ "$(code_anon "$pid1")" -gt 0 ] || fail "the code release dropped a page a debugger wrote"
kill -TERM "$launcher"
wait "$launcher" || fail "quiet system: launcher exited $?"

# 2c. Signals to the launcher: SIGUSR1 (any signal it does not relay) is
# not answered (it ended the launcher, and the container without an
# orderly stop, its pid file left behind); SIGPWR, relayed, shuts the
# system down in order, as SIGTERM does.
start "$T/s.pid"
kill -USR1 "$launcher"
"$INIT" exec "$pid1" /bin/true || fail "SIGUSR1 to the launcher: the container is gone"
kill -0 "$launcher" || fail "SIGUSR1 ended the launcher"
kill -PWR "$launcher"
wait "$launcher" || fail "SIGPWR: launcher exited $? ($(tail -n 3 "$T/run.err"))"
grep -q "(Power failure) received: shutting down\." "$T/run.err" ||
	fail "SIGPWR: no orderly shutdown"
[ ! -e "$T/s.pid" ] || fail "SIGPWR: pid file left"

# 3. halt inside: orderly, status 0.
start "$T/b.pid"
"$INIT" exec "$pid1" /run/gxsys/bin/halt >/dev/null 2>&1
wait "$launcher"
rc=$?
[ $rc = 0 ] || { cat "$T/run.err"; fail "halt: launcher exited $rc"; }
wait_pidns_empty "$ns"

# 4. SIGKILL of the launcher: the whole container goes, nothing is mounted.
start "$T/c.pid"
kill -KILL "$launcher"
wait "$launcher" 2>/dev/null
wait_pidns_empty "$ns"
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked after SIGKILL"
echo ok
