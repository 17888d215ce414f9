#!/bin/sh
# #:pid-file: the supervisor waits for the file, then tracks the PID in it
# (a daemon that forked away), and its dependents start only then; a
# PID file that never comes fails the start after the timeout.  One-shot
# services: done when they exit 0, failed (with their dependents) otherwise.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work

cat >"$T/conf" <<EOT
service daemon
  pid-file /run/daemon.pid
  shell sleep 3600 & p=\$!; sleep 1; echo \$p >/run/daemon.pid.tmp; touch $W/pid-written; mv /run/daemon.pid.tmp /run/daemon.pid
service user
  requires daemon
  shell [ -e $W/pid-written ] && echo after >$W/user || echo too-early >$W/user; exec sleep 3600
service late
  pid-file /run/never.pid
  pid-file-timeout 1
  shell exec sleep 3600
service after-late
  requires late
  exec sleep 3600
service ok-once
  one-shot
  shell echo once >>$W/once
service bad-once
  one-shot
  shell exit 4
service needs-bad
  requires bad-once
  exec sleep 3600
EOT
svc_boot "$T/conf"
svc_wait_for "daemon" svc_in_state daemon running
svc_wait_for "user" svc_in_state user running
svc_expect "user started" after "$(cat "$W/user")"
svc_expect "daemon's PID" "$(svc_inside cat /run/daemon.pid)" "$(svc_pid daemon)"
svc_wait_for "late to fail" svc_in_state late failed
svc_grep "$T/log/messages" "Service late failed to start: PID file '/run/never.pid' not written within 1 s."
svc_expect "after-late" failed "$(svc_state after-late)"
# its process group got SIGTERM: only the sleeps of daemon and user remain
sleeps() {
	[ "$(svc_inside ps -e -o args= | grep -c '^sleep 3600$')" = 2 ]
}
svc_wait_for "the process of 'late' to be gone" sleeps
svc_expect "ok-once" "done" "$(svc_state ok-once)"
svc_expect "ok-once runs" once "$(cat "$W/once")"
svc_expect "bad-once" failed "$(svc_state bad-once)"
svc_grep "$T/log/messages" "Service bad-once failed to start (exit status 4)."
svc_expect "needs-bad" failed "$(svc_state needs-bad)"

# the daemon is stopped through the PID it wrote
pid=$(svc_pid daemon)
herd stop daemon >/dev/null || svc_fail "herd stop daemon"
svc_expect "daemon" stopped "$(svc_state daemon)"
svc_expect "user" stopped "$(svc_state user)"
if svc_inside kill -0 "$pid" 2>/dev/null; then
	svc_fail "the daemon (PID $pid) survived herd stop"
fi
# and started again (its PID file is removed first, so no stale PID)
herd start user >/dev/null || svc_fail "herd start user"
svc_expect "daemon" running "$(svc_state daemon)"
[ "$(svc_pid daemon)" != "$pid" ] || svc_fail "stale PID after restart"

kill -TERM "$(svc_pid1_host)"
svc_wait_exit
svc_expect "exit status after SIGTERM" 0 "$BOOT_STATUS"
echo "ok: pid-file, one-shot"
