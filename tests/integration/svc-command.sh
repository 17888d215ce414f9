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

# a signal to PID 1 while COMMAND runs shuts down: COMMAND gets SIGTERM
svc_boot "$T/conf" -- sh -c "touch $W/cmd-up; exec sleep 3600"
svc_wait_for "the command" test -e "$W/cmd-up"
kill -INT "$(svc_pid1_host)"
svc_wait_exit
svc_expect "status when COMMAND is killed by the shutdown" 143 "$BOOT_STATUS"
echo "ok: -- COMMAND statuses"
