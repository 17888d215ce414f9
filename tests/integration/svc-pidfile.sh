#!/bin/sh
# #:pid-file: the supervisor waits for the file, then tracks the PID in it
# (a daemon that forked away), and its dependents start only then; a
# PID file that never comes fails the start after the timeout; blanks
# around the PID are trimmed.  One-shot
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
service parented
  pid-file /run/parented.pid
  shell sleep 3600 & echo \$! >/run/parented.pid; wait
service watched
  pid-file /run/watched/pid
  shell mkdir -p /run/watched; sleep 3600 & p=\$!; while [ ! -e $W/go ]; do sleep 0.05; done; echo \$p >/run/watched/pid
service late
  pid-file /run/never.pid
  pid-file-timeout 1
  shell exec sleep 3600
service after-late
  requires late
  exec sleep 3600
service garbage
  pid-file /run/garbage.pid
  pid-file-timeout 1
  shell echo not-a-pid >/run/garbage.pid; exec sleep 3600
service crlf
  pid-file /run/crlf.pid
  pid-file-timeout 5
  shell sleep 3600 & printf ' %s \\r\\n' \$! >/run/crlf.pid
service victim
  shell echo \$\$ >$W/victim.pid; exec sleep 3601
service claimer
  requires victim
  user 65534
  group 65534
  pid-file $W/claim/pid
  pid-file-timeout 1
  shell while [ ! -s $W/victim.pid ]; do sleep 0.05; done; cat $W/victim.pid >$W/claim/pid; exec sleep 3602
service dropper
  pid-file /run/dropper.pid
  pid-file-timeout 5
  shell echo \$\$ >/run/dropper.tmp; chown 65534 /run/dropper.tmp; mv /run/dropper.tmp /run/dropper.pid; exec sleep 3603
service given
  requires victim
  pid-file /run/given.pid
  pid-file-timeout 1
  shell while [ ! -s $W/victim.pid ]; do sleep 0.05; done; cat $W/victim.pid >/run/given.tmp; chown 65534 /run/given.tmp; mv /run/given.tmp /run/given.pid; exec sleep 3604
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
# claimer's user (nobody) owns the directory of its PID file
mkdir -p "$W/claim" && chown 65534:65534 "$W/claim" ||
	svc_fail "cannot make claimer's directory"
svc_boot "$T/conf"
svc_wait_for "daemon" svc_in_state daemon running
svc_wait_for "user" svc_in_state user running
svc_expect "user started" after "$(cat "$W/user")"
svc_expect "daemon's PID" "$(svc_inside cat /run/daemon.pid)" "$(svc_pid daemon)"
# a daemon whose launcher stays its parent is not our child: when it dies
# (and its parent reaps it), the supervisor still notices
svc_wait_for "parented" svc_in_state parented running
svc_inside kill -KILL "$(svc_pid parented)"
svc_wait_for "parented to be seen gone" svc_in_state parented stopped
svc_grep "$T/log/messages" "Service parented terminated and is not respawned"
# While a service waits for its PID file, the supervisor watches the
# file's directory (inotify) rather than only polling for it; the watch
# goes once nothing waits.
inotify_fds() {
	for fd in /proc/"$(svc_pid1_host)"/fd/*; do
		[ "$(readlink "$fd")" = "anon_inode:inotify" ] && echo "$fd"
	done
}
svc_wait_for "watched to wait" svc_in_state watched starting
svc_wait_for "/run/watched" svc_inside test -d /run/watched
watched_ino=$(printf '%x' "$(svc_inside stat -c %i /run/watched)")
watching() {
	for fd in $(inotify_fds); do
		grep -q "^inotify wd:.* ino:$watched_ino " "$(echo "$fd" | sed 's|/fd/|/fdinfo/|')" && return 0
	done
	return 1
}
svc_wait_for "a watch on /run/watched" watching
touch "$W/go"
svc_wait_for "watched" svc_in_state watched running
svc_expect "watched's PID" "$(svc_inside cat /run/watched/pid)" "$(svc_pid watched)"
# blanks around the PID (a CRLF line end, spaces) are trimmed, as
# Shepherd's read-pid-file does: the start failed after its timeout
svc_wait_for "crlf" svc_in_state crlf running
svc_expect "crlf's PID" "$(svc_inside cat /run/crlf.pid | tr -d ' \r')" "$(svc_pid crlf)"
svc_wait_for "late to fail" svc_in_state late failed
no_watch() { [ -z "$(inotify_fds)" ]; }
svc_wait_for "the watch to go" no_watch
svc_grep "$T/log/messages" "Service late failed to start: PID file '/run/never.pid' not written within 1 s."
svc_wait_for "garbage to fail" svc_in_state garbage failed
svc_grep "$T/log/messages" "Service garbage failed to start: PID file '/run/garbage.pid' holds no running process's PID within 1 s."
svc_expect "after-late" failed "$(svc_state after-late)"
# A service run as a user (nobody) whose PID file names a process of
# root's, another service: not taken (the start fails), and the other
# service lives on.  Before the fix the supervisor took it, and stopping
# the user's service killed the other one.
svc_wait_for "claimer to fail" svc_in_state claimer failed
victim=$(svc_pid victim)
svc_expect "the PID file named the victim" "$victim" "$(cat "$W/claim/pid")"
herd stop claimer >/dev/null 2>&1
svc_inside kill -0 "$victim" || svc_fail "root's service was killed through a user's PID file"
svc_expect "victim" running "$(svc_state victim)"
# A root service whose daemon gives its PID file to the user it drops to
# (as dnsmasq does): taken when it names the service's own process...
svc_wait_for "dropper" svc_in_state dropper running
svc_expect "dropper's PID" "$(svc_inside cat /run/dropper.pid)" "$(svc_pid dropper)"
# ... and not when it names another service's process: a process of that
# user's could have written it.
svc_wait_for "given to fail" svc_in_state given failed
herd stop given >/dev/null 2>&1
svc_inside kill -0 "$victim" || svc_fail "root's service was killed through a PID file given away"
herd stop victim >/dev/null || svc_fail "herd stop victim"
# its process group got SIGTERM: only the sleeps of daemon, user, watched
# and crlf remain
sleeps() {
	[ "$(svc_inside ps -e -o args= | grep -c '^sleep 3600$')" = 4 ]
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
