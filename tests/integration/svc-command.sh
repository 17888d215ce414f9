#!/bin/sh
# `-- COMMAND`: runs once the auto-start services are up, with stdin, stdout
# and stderr passed through, as root, in /, with PATH and TERM only; then
# the system shuts down and COMMAND's status is returned (127 not found,
# 126 not executable, 128+N killed by signal N).
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work

cat >"$T/conf" <<EOT
service slow-setup
  one-shot
  shell sleep 0.5; touch $W/setup-done
service web
  requires slow-setup
  exec sleep 3600
EOT

status_of() { # EXPECTED DESCRIPTION COMMAND...
	want=$1
	what=$2
	shift 2
	svc_run_pid1 "$T/conf" -- "$@" >"$T/out" 2>&1 </dev/null
	rc=$?
	[ "$rc" = "$want" ] || {
		cat "$T/out"
		svc_fail "$what: expected status $want, got $rc"
	}
}

status_of 0 "true" true
status_of 7 "exit 7" sh -c 'exit 7'
status_of 127 "not found" /nonexistent/command
svc_grep "$T/out" "gxsys-init: exec '/nonexistent/command': No such file or directory"
status_of 127 "not in PATH" no-such-command-anywhere
printf 'echo hi\n' >"$W/not-executable"
chmod 644 "$W/not-executable"
status_of 126 "not executable" "$W/not-executable"
status_of 126 "a directory" /
# A file without #! runs through /bin/sh, as execvp (and a shell) do.
printf 'echo script-ran "$@"\nexit 5\n' >"$W/no-shebang"
chmod 755 "$W/no-shebang"
status_of 5 "script without #!" "$W/no-shebang" a b
svc_grep "$T/out" "script-ran a b"
status_of 137 "SIGKILL" sh -c 'kill -KILL $$'
status_of 143 "SIGTERM" sh -c 'kill -TERM $$'
status_of 130 "SIGINT" sh -c 'kill -INT $$'

# COMMAND runs after the services are up, and before they are stopped
# (web is up once forked: herd says so; its file may not be written yet)
status_of 0 "order" sh -c "test -e $W/setup-done && $DRIVER herd status web | grep -q '^web  *running '"

# stdio passed through; environment PATH and TERM only; cwd /; root
out=$(echo from-stdin | TERM=xterm-test FOO=bar svc_run_pid1 "$T/conf" -- \
	sh -c 'cat; env | sort | grep -v -e "^PWD=" -e "^SHLVL=" -e "^_="; pwd; id -u; echo to-stderr >&2' 2>"$T/err")
rc=$?
svc_expect "status" 0 "$rc"
want="from-stdin
PATH=/run/current-system/profile/bin:/usr/bin:/usr/sbin:/bin:/sbin
TERM=xterm-test
/
0"
[ "$out" = "$want" ] || svc_fail "COMMAND's view: got
$out"
svc_grep "$T/err" "to-stderr"

# on a terminal, COMMAND is the foreground job: ^C reaches it, not PID 1
# (nor unshare here, or the launcher: either would end the system)
if command -v python3 >/dev/null; then
	cat >"$T/ptyrun.py" <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()  # the child gets the pty as its controlling terminal
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out, sent, end = b"", False, time.time() + 60
while time.time() < end:
    if select.select([fd], [], [], 0.2)[0]:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    if not sent and b"READY" in out:
        os.write(fd, b"\x03")
        sent = True
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
	: >"$T/log/messages"
	# shellcheck disable=SC2016 # for the shell inside
	python3 "$T/ptyrun.py" sh -c '. "$1/tests/lib/svc.sh"; T=$2; svc_run_pid1 "$T/conf" -- sh -c "$3"' \
		sh "${GXSYS_SRC:-.}" "$T" 'trap "echo got-int; exit 5" INT; echo READY; while :; do sleep 0.1; done' \
		>"$T/out" 2>&1
	rc=$?
	svc_expect "status after ^C on a terminal" 5 "$rc"
	svc_grep "$T/out" "got-int"
	svc_grep "$T/log/messages" "shepherd: Shutting down."
	if grep -q "Signal 2" "$T/log/messages"; then
		svc_fail "^C on the terminal reached PID 1"
	fi
fi

# a signal to PID 1 while COMMAND runs shuts down: COMMAND gets SIGTERM
svc_boot "$T/conf" -- sh -c "touch $W/cmd-up; exec sleep 3600"
svc_wait_for "the command" test -e "$W/cmd-up"
kill -INT "$(svc_pid1_host)"
svc_wait_exit
svc_expect "status when COMMAND is killed by the shutdown" 143 "$BOOT_STATUS"
# a chain of services without a process (as the system builder's
# file-systems <- user-homes <- user-processes): stopping one completes at
# once and no process event follows, which once left PID 1 waiting forever
cat >"$T/markers" <<EOT
service file-systems
service user-homes
  requires file-systems
service user-processes
  requires user-homes
service loopback
EOT
timeout -k 5 60 unshare --pid --fork --kill-child --mount --mount-proc --propagation private \
	sh -c "$SVC_PID1_SETUP" sh "$T" "$DRIVER" "$T/markers" -- true >"$T/out" 2>&1 </dev/null
rc=$?
[ "$rc" != 124 ] || svc_fail "shutdown after a chain of markers hung"
svc_expect "status after a chain of markers" 0 "$rc"
svc_grep "$T/log/messages" "Shutdown complete."
echo "ok: -- COMMAND statuses"
