#!/bin/sh
# COMMAND's job control on the launcher's terminal, as with a shell's job:
# ^Z (here COMMAND stopping itself with SIGTSTP, as ^Z does) stops the
# launcher's job and gives the shell its prompt back; fg continues COMMAND
# with the terminal, bg without it; a launcher started with & leaves the
# terminal to its shell; a shell that exits with the job stopped takes the
# container with it.  An interactive bash on script(1)'s pty is given one
# line at a time, each once the output the previous one waits for is there.
# Before the fix, ^Z left the terminal to the stopped COMMAND (no prompt,
# ^C lost) and a launcher started with & took the terminal from its shell.
# shellcheck disable=SC2016 # the lines typed to bash are single-quoted
set -u
TEST_NAME=init-jobs # (init-env.inc)
. "${GXSYS_SRC:-$(pwd)}/tests/integration/init-env.inc"
command -v script >/dev/null 2>&1 || skip "script(1) is not installed"
command -v bash >/dev/null 2>&1 || skip "bash is not installed"

INIT=$B/gxsys-init
make_profile sh sleep
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$SYS/etc/passwd"
printf 'root:x:0:\n' >"$SYS/etc/group"
CONF=$T/boot.conf
cat >"$CONF" <<EOF
system = "$SYS"
profile = "$SYS/profile"
etc = "$SYS/etc"
host-name = "jobs-host"
service "loopback" { }
EOF
mkdir "$T/share"

# Without a terminal: a process stopped when the system shuts down takes
# the SIGTERM sent to what is left, as a SIGCONT follows it (as systemd
# does): no SIGKILL after the grace period.
"$INIT" "$CONF" -- /bin/sh -c 'sleep 1000 & kill -STOP $!' </dev/null >/dev/null 2>"$T/stop.err" ||
	fail "a stopped stray: status $?: $(cat "$T/stop.err")"
grep -q 'sending SIGTERM' "$T/stop.err" || fail "a stopped stray: $(cat "$T/stop.err")"
! grep -q 'Sending SIGKILL' "$T/stop.err" || fail "a stopped stray needed SIGKILL"

mkfifo "$T/in"
PS1='$ ' script -qfec "bash --norc --noprofile --noediting -i" "$T/out" <"$T/in" \
	>/dev/null 2>&1 &
session=$!
PIDS="$PIDS $session"
exec 3>"$T/in"
say() { printf '%s\n' "$1" >&3; }
# expect PATTERN: wait (bounded) until the session's output has a line
# matching PATTERN (grep -E).
expect() {
	i=0
	until tr -d '\r' 2>/dev/null <"$T/out" | grep -Eq -- "$1"; do
		i=$((i + 1))
		[ $i -lt 300 ] ||
			fail "no /$1/ from the shell; its session ends with: $(tr -d '\r' <"$T/out" | tail -n 15)"
		sleep 0.1
	done
}
run="$INIT --share $T/share=/s $CONF --"

# ^Z, the prompt back, fg: COMMAND goes on with the terminal (it reads a
# line from it: from the background it would be stopped by SIGTTIN).
say "$run"' /bin/sh -c '\''echo job-A; kill -TSTP $$; echo resumed-A; read -r l; echo "got-A-$l"; exit 3'\'
expect '\[1\]\+ +Stopped .*job-A'
say 'echo "shell-has-$((1 + 1))"'
expect 'shell-has-2$'
say 'fg'
expect 'resumed-A$'
say 'typed-to-A'
expect 'got-A-typed-to-A$'
say 'echo "rc-A=$?."'
expect 'rc-A=3\.$'

# ^Z, bg: COMMAND goes on in the background; its status is the job's.
say "$run"' /bin/sh -c '\''echo job-B; kill -TSTP $$; sleep 0.5; echo ran-B; exit 6'\'
expect '\[1\]\+ +Stopped .*job-B'
say 'bg; wait %1; echo "rc-B=$?."'
expect 'ran-B$'
expect 'rc-B=6\.$'

# Started with &: the shell keeps the terminal and reads the next line
# while COMMAND runs (it took the terminal before the fix, and bash, its
# read failing, exited).
say "$run"' /bin/sh -c '\''echo up >/s/C-started; sleep 1; echo ran-C; exit 4'\'' &'
wait_file "$T/share/C-started"
say 'echo "shell-still-$((2 + 3))"'
expect 'shell-still-5$'
say 'wait %1; echo "rc-C=$?."'
expect 'ran-C$'
expect 'rc-C=4\.$'

# A shell that exits with the job stopped: the kernel hangs up the
# orphaned job, and the container shuts down in order.
say "$INIT --pid-file $T/d.pid $CONF"' -- /bin/sh -c '\''echo job-D; kill -TSTP $$; sleep 1000'\'" 2>$T/d.err"
expect '\[1\]\+ +Stopped .*job-D'
pid1=$(cat "$T/d.pid")
PIDS="$PIDS $pid1"
say 'exit'
expect 'There are stopped jobs'
say 'exit'
exec 3>&-
wait_gone "$session"
wait_gone "$pid1"
# (bash sent the stopped job SIGTERM and SIGCONT: the waiter, continued,
# had COMMAND continued, and it ended on the shutdown's SIGTERM.)
grep -q 'sending SIGTERM' "$T/d.err" || fail "no orderly shutdown: $(cat "$T/d.err")"
! grep -q 'Sending SIGKILL' "$T/d.err" || fail "the stopped COMMAND needed SIGKILL"
! grep -q "$T" /proc/self/mountinfo || fail "mounts leaked to the host"
echo ok
