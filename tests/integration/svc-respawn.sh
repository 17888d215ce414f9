#!/bin/sh
# A service that keeps crashing is respawned, then disabled after more than
# 5 respawns in 30 s (logged), while the others keep running and PID 1
# stays up; as Shepherd's, `herd start` refuses it until `herd enable`.  A
# service's own respawn-limit and respawn-delay (Shepherd's) take the place
# of the defaults.  `herd disable` of a running service: it runs on, is not
# respawned when it dies and not started, nor is a service requiring it,
# until `herd enable`.
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
service own
  respawn
  respawn-limit 2 60
  respawn-delay-ms 700
  shell date +%s%N >>$W/own; exit 4
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

# its own limit: more than 2 respawns (3, 4 runs) and the 4th exit disables
# it; its own
# delay: 0.7 s between a run's end and the next (at least 0.6 between
# their starts, whatever the load)
svc_wait_for "own to be disabled" svc_in_state own disabled
svc_expect "runs of own" 4 "$(wc -l <"$W/own" | tr -d ' ')"
svc_grep "$T/log/messages" "Service own has been disabled (respawned more than 2 times in 60 s)."
svc_expect "own's runs 0.6 s apart" 3 "$(awk 'NR > 1 && $1 - prev >= 600000000 { n++ }
	{ prev = $1 } END { print n + 0 }' "$W/own")"

# A respawnable service killed from outside comes back with a new PID.
old=$(svc_pid child)
svc_inside kill -KILL "$old"
respawned() {
	[ "$(svc_pid child)" != "$old" ] && svc_in_state child running
}
svc_wait_for "child to be respawned" respawned
svc_expect "respawns of child" 1 "$(svc_respawns child)"

# herd start refuses the disabled service; herd enable, then herd start,
# starts it again with a fresh count.
: >"$W/runs"
if herd start crash >"$T/out" 2>&1; then svc_fail "herd start of a disabled service succeeded"; fi
svc_grep "$T/out" "herd: start 'crash': service 'crash' is currently disabled (herd enable crash)"
svc_expect "runs after a refused start" 0 "$(wc -l <"$W/runs" | tr -d ' ')"
herd enable crash >"$T/out" 2>&1 || svc_fail "herd enable crash"
svc_grep "$T/out" "Enabled service crash."
svc_expect "crash once enabled" stopped "$(svc_state crash)"
herd start crash >/dev/null 2>&1 || true
svc_wait_for "crash to be disabled again" svc_in_state crash disabled
svc_expect "runs after herd start" 7 "$(wc -l <"$W/runs" | tr -d ' ')"

# herd disable of a running service: it runs on, marked in the status.
old=$(svc_pid child)
herd disable child >"$T/out" 2>&1 || svc_fail "herd disable child"
svc_grep "$T/out" "Disabled service child."
herd status child | grep -q "^child .* $old .* disabled\$" ||
	svc_fail "herd status child: no 'disabled' mark: $(herd status child)"
# killed, it is not respawned
svc_inside kill -KILL "$old"
svc_wait_for "child to stop" svc_in_state child stopped
svc_grep "$T/log/messages" "Service child terminated and is not respawned"
# neither it nor, for want of it, a service requiring it starts
herd stop steady >/dev/null 2>&1 || svc_fail "herd stop steady"
if herd start child >"$T/out" 2>&1; then svc_fail "herd start of disabled child succeeded"; fi
svc_grep "$T/out" "currently disabled"
herd enable child >/dev/null 2>&1 || svc_fail "herd enable child"
herd start child >/dev/null 2>&1 || svc_fail "herd start child once enabled"
svc_expect "child once enabled" running "$(svc_state child)"
svc_expect "steady, its requirement" running "$(svc_state steady)"
herd status child | grep -q "disabled" && svc_fail "child still marked disabled"
# root cannot be disabled
if herd disable root >"$T/out" 2>&1; then svc_fail "herd disable root succeeded"; fi
svc_grep "$T/out" "service 'root' cannot be disabled"

herd stop root >/dev/null || svc_fail "herd stop root"
svc_wait_exit
svc_expect "exit status after herd stop root" 0 "$BOOT_STATUS"
echo "ok: respawn limit"
