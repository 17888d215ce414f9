# Helpers for tests/integration/svc-*.sh (sourced, POSIX sh): run the
# supervisor (build/tests/svc-pid1, a test-only driver of svc_run) as PID 1
# of a fresh PID and mount namespace, with temporary directories bound over
# /run and /var/log and a private tmpfs /dev (for /dev/log), so the host is
# untouched.  Everything is removed on exit, even on failure.
# shellcheck shell=sh

B=${GXSYS_BUILD:-$(pwd)/build}
DRIVER=$B/tests/svc-pid1

svc_skip() {
	echo "skip: $*"
	exit 77
}

svc_fail() {
	echo "FAIL: $*" >&2
	if [ -n "${T:-}" ] && [ -f "$T/log/messages" ]; then
		echo "--- /var/log/messages:" >&2
		cat "$T/log/messages" >&2
	fi
	exit 1
}

svc_init() {
	[ "$(id -u)" = 0 ] || svc_skip "needs root (PID and mount namespaces)"
	[ -x "$DRIVER" ] || svc_skip "$DRIVER not built (make unit-tests)"
	command -v unshare >/dev/null || svc_skip "unshare(1) not found"
	T=$(mktemp -d "${TMPDIR:-/tmp}/gxsys-svc.XXXXXX") || exit 1
	mkdir "$T/run" "$T/log" "$T/work"
	chmod 755 "$T" "$T/work"
	BOOT_PID=
	trap svc_cleanup EXIT
	trap 'exit 130' INT TERM
	export GXSYS_CONTROL_SOCKET="$T/run/gxsys/control"
}

svc_cleanup() {
	# unshare --kill-child: killing unshare kills our PID 1, and with it
	# the whole PID namespace; the mount namespace goes with its last
	# process.
	if [ -n "$BOOT_PID" ] && kill -0 "$BOOT_PID" 2>/dev/null; then
		kill -KILL "$BOOT_PID" 2>/dev/null
		wait "$BOOT_PID" 2>/dev/null
	fi
	rm -rf "$T"
}

# The command line that runs the driver as PID 1 (see the top).
# shellcheck disable=SC2016 # expanded by that sh, not this one
SVC_PID1_SETUP='
set -e
T=$1
shift
mount --bind "$T/run" /run
mount --bind "$T/log" /var/log
mount -t tmpfs -o mode=0755,nosuid tmpfs /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/urandom c 1 9
exec "$@"'

# svc_run_pid1 CONF [-- COMMAND ARG...]: run the supervisor in the
# foreground; its exit status is ours.
svc_run_pid1() {
	unshare --pid --fork --kill-child --mount --mount-proc --propagation private \
		sh -c "$SVC_PID1_SETUP" sh "$T" "$DRIVER" "$@"
}

# svc_boot CONF: run it in the background and wait for the control socket.
# BOOT_PID is unshare's own PID (not a subshell's), so killing it (with
# --kill-child) takes the whole namespace down.
svc_boot() {
	unshare --pid --fork --kill-child --mount --mount-proc --propagation private \
		sh -c "$SVC_PID1_SETUP" sh "$T" "$DRIVER" "$@" >"$T/out" 2>&1 &
	BOOT_PID=$!
	svc_wait_for "the control socket" test -S "$GXSYS_CONTROL_SOCKET"
}

# svc_wait_for WHAT COMMAND...: poll (up to 60 s) until COMMAND succeeds.
svc_wait_for() {
	what=$1
	shift
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 600 ] || svc_fail "timed out waiting for $what"
		if [ -n "$BOOT_PID" ] && ! kill -0 "$BOOT_PID" 2>/dev/null; then
			cat "$T/out" >&2
			svc_fail "the supervisor exited while waiting for $what"
		fi
		sleep 0.1
	done
}

# svc_wait_exit: wait for the background supervisor; sets BOOT_STATUS.
svc_wait_exit() {
	i=0
	while kill -0 "$BOOT_PID" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 600 ] || svc_fail "the supervisor did not exit"
		sleep 0.1
	done
	wait "$BOOT_PID"
	# shellcheck disable=SC2034 # read by the tests
	BOOT_STATUS=$?
	BOOT_PID=
}

herd() {
	"$DRIVER" herd "$@"
}

# herd_inside ARG...: herd in the supervisor's mount namespace, where the
# paths it is told are (rotate-logs: /var/log/messages is $T/log's there,
# and herd compresses what it names).
herd_inside() {
	pid1=$(cat "/proc/$BOOT_PID/task/$BOOT_PID/children")
	nsenter --target "${pid1%% *}" --mount "$DRIVER" herd "$@"
}

# svc_state SERVICE: its state column in `herd status`.
svc_state() {
	herd status "$1" | awk -v s="$1" '$1 == s { print $2 }'
}

svc_pid() {
	herd status "$1" | awk -v s="$1" '$1 == s { print $3 }'
}

svc_respawns() {
	herd status "$1" | awk -v s="$1" '$1 == s { print $4 }'
}

svc_in_state() { # SERVICE STATE
	[ "$(svc_state "$1")" = "$2" ]
}

svc_expect() { # DESCRIPTION EXPECTED ACTUAL
	[ "$2" = "$3" ] || svc_fail "$1: expected '$2', got '$3'"
}

svc_grep() { # FILE PATTERN: fixed string expected in FILE
	grep -qF -- "$2" "$1" || {
		echo "--- $1:" >&2
		cat "$1" >&2
		svc_fail "'$2' not found in $1"
	}
}

# svc_pid1_host: the host PID of the background supervisor (unshare's
# child), checked to be in another PID namespace than ours.
svc_pid1_host() {
	p=$(tr -d ' \n' <"/proc/$BOOT_PID/task/$BOOT_PID/children")
	if [ -z "$p" ] || [ "$(readlink "/proc/$p/ns/pid")" = "$(readlink /proc/self/ns/pid)" ]; then
		svc_fail "cannot find the supervisor's PID namespace"
	fi
	echo "$p"
}

# svc_inside COMMAND...: run COMMAND in the supervisor's PID and mount
# namespaces (PIDs from `herd status` are valid there).
svc_inside() {
	p=$(svc_pid1_host) || exit 1
	nsenter -t "$p" -p -m -- "$@"
}
