#!/bin/sh
# A service whose log file cannot be opened failed to start: `herd start`
# says so and it is not respawned.  Its process had exited before PID 1
# went on (vfork), yet it was taken for started: "has been started", then
# an exit, and respawns until the limit disabled it.  A directory on the
# log file's path that is a link a user could have made is refused too.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work
ln -s /nonexistent-target "$W/sym.log"
# A directory of the log file's path that its user made a link (in a
# directory the user owns) to a root directory: PID 1 must not create the
# file there, the user's.  A link root made (in a root directory) is
# followed.
mkdir "$W/user" "$W/rootdir" "$W/real"
chown 65534:65534 "$W/user"
ln -s "$W/rootdir" "$W/user/logs"
ln -s "$W/real" "$W/rootlink"
cat >"$T/conf" <<EOT
service s1
  manual
  respawn
  log-file $W/sym.log
  exec sleep 3600
service s2
  manual
  user 65534
  group 65534
  log-file $W/user/logs/s2.log
  exec sleep 3600
service s3
  manual
  user 65534
  group 65534
  log-file $W/rootlink/s3.log
  shell echo s3-ran; exec sleep 3600
EOT
svc_boot "$T/conf"
herd start s1 >"$T/start" 2>&1 && svc_fail "herd start of a service without its log file succeeded: $(cat "$T/start")"
svc_expect "herd start" "herd: start 's1': service 's1' could not be started (failed)" "$(cat "$T/start")"
sleep 0.5
svc_expect "state" failed "$(svc_state s1)"
svc_expect "respawns" 0 "$(svc_respawns s1)"
svc_grep "$T/log/messages" "Service s1: cannot open its log file '$W/sym.log': a symbolic link."
svc_grep "$T/log/messages" "Service s1 failed to start (exit status 126)."
if grep -q "respawning" "$T/log/messages"; then svc_fail "a service without its log file was respawned"; fi
herd start s2 >"$T/start" 2>&1 && svc_fail "herd start through a user's link succeeded: $(cat "$T/start")"
svc_grep "$T/log/messages" "Service s2: cannot open its log file '$W/user/logs/s2.log': a symbolic link."
[ -e "$W/rootdir/s2.log" ] && svc_fail "PID 1 created the log file through the user's link"
herd start s3 >"$T/start" 2>&1 || svc_fail "herd start through root's link: $(cat "$T/start")"
svc_wait_for "s3's output" grep -q s3-ran "$W/real/s3.log"
svc_expect "s3's log owner" 65534:65534 "$(stat -c %u:%g "$W/real/s3.log")"
kill -TERM "$(svc_pid1_host)"
svc_wait_exit
svc_expect "exit status" 0 "$BOOT_STATUS"
echo "ok: a log file that cannot be opened fails the start"
