#!/bin/sh
# A service whose log file cannot be opened failed to start: `herd start`
# says so and it is not respawned.  Its process had exited before PID 1
# went on (vfork), yet it was taken for started: "has been started", then
# an exit, and respawns until the limit disabled it.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work
ln -s /nonexistent-target "$W/sym.log"
cat >"$T/conf" <<EOT
service s1
  manual
  respawn
  log-file $W/sym.log
  exec sleep 3600
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
kill -TERM "$(svc_pid1_host)"
svc_wait_exit
svc_expect "exit status" 0 "$BOOT_STATUS"
echo "ok: a log file that cannot be opened fails the start"
