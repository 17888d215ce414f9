#!/bin/sh
# A service that keeps crashing is respawned, then disabled after more than
# 5 respawns in 30 s (logged), while the others keep running and PID 1
# stays up; `herd start` re-enables it.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work

cat >"$T/conf" <<EOT
service steady
  exec sleep 3600
service crash
  respawn
  shell echo run >>$W/runs; exit 3
service child
  requires steady
  respawn
  exec sleep 3600
EOT
svc_boot "$T/conf"
steady=$(svc_pid steady)
svc_wait_for "crash to be disabled" svc_in_state crash disabled
# Shepherd's count: 6 respawns (7 runs), the 7th exit disables it
svc_expect "respawns of crash" 6 "$(svc_respawns crash)"
svc_expect "runs of crash" 7 "$(wc -l <"$W/runs" | tr -d ' ')"
svc_grep "$T/log/messages" "Service crash terminated; respawning (exit status 3)."
svc_grep "$T/log/messages" "Service crash has been disabled (respawned more than 5 times in 30 s)."
svc_expect "steady" running "$(svc_state steady)"
svc_expect "steady's PID" "$steady" "$(svc_pid steady)"
svc_expect "child" running "$(svc_state child)"

# A respawnable service killed from outside comes back with a new PID.
old=$(svc_pid child)
svc_inside kill -KILL "$old"
respawned() {
	[ "$(svc_pid child)" != "$old" ] && svc_in_state child running
}
svc_wait_for "child to be respawned" respawned
svc_expect "respawns of child" 1 "$(svc_respawns child)"

# herd start re-enables the disabled service, with a fresh count.
: >"$W/runs"
herd start crash >/dev/null 2>&1 || true
svc_wait_for "crash to be disabled again" svc_in_state crash disabled
svc_expect "runs after herd start" 7 "$(wc -l <"$W/runs" | tr -d ' ')"

herd stop root >/dev/null || svc_fail "herd stop root"
svc_wait_exit
svc_expect "exit status after herd stop root" 0 "$BOOT_STATUS"
echo "ok: respawn limit"
