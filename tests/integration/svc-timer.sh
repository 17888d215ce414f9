#!/bin/sh
# Timers (boot.conf's `timer` section: Shepherd's make-timer-constructor):
# - a timer is running without a process; its command runs on every
#   instant its calendar allows (here: every second), as the service (its
#   user, its log file), at that second;
# - `herd schedule` shows its next instants;
# - `herd trigger` runs it at once; refused for a timer that is stopped,
#   for a service that is not a timer, and while a run is going on for a
#   timer that waits for its runs (wait-for-termination);
# - wait-for-termination: runs never overlap;
# - max-duration: a run past it gets the stop signal;
# - occurrences: after that many runs the timer stops itself;
# - herd stop: no more runs; shutdown ends the runs going on.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work
mkdir "$W/tick"
chown 65534:65534 "$W/tick"

cat >"$T/conf" <<EOT
service tick
  timer
  user 65534
  group 65534
  log-file $W/tick/log
  shell echo "run by \$(id -u)"
service slow
  timer
  timer-wait
  shell echo start >>$W/slow; sleep 1.5; echo end >>$W/slow
service long
  timer
  timer-occurrences 1
  timer-max-duration 1
  exec sleep 100
service prompt
  timer
  timer-occurrences 3
  shell date +%N >>$W/prompt
service never
  timer
  timer-date 2 30
  exec true
service july
  timer
  timer-date 7 4
  timer-seconds 0
  exec true
service plain
  exec sleep 3600
EOT
svc_boot "$T/conf"
svc_wait_for "plain" svc_in_state plain running
svc_expect "tick" running "$(svc_state tick)"
svc_expect "tick's PID" - "$(svc_pid tick)"
herd status tick | grep -Eq '^tick +running +- +0 next [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$' ||
	svc_fail "herd status tick shows no next run: $(herd status tick)"

# herd schedule: the next ten instants (the 4th of July's first minutes),
# local time; refused for a service that is not a timer or one not running
herd schedule july >"$T/sched" || svc_fail "herd schedule july: $(cat "$T/sched")"
svc_expect "schedule header" "Upcoming runs of timer july:" "$(sed -n 1p "$T/sched")"
svc_expect "schedule lines" 11 "$(wc -l <"$T/sched" | tr -d ' ')"
sed -n 2p "$T/sched" | grep -Eq '^  [0-9]{4}-07-04 00:00:00 [A-Z+0-9-]+$' ||
	svc_fail "first instant: $(cat "$T/sched")"
sed -n 11p "$T/sched" | grep -Eq '^  [0-9]{4}-07-04 00:09:00 ' ||
	svc_fail "tenth instant: $(cat "$T/sched")"
out=$(herd schedule plain 2>&1) && svc_fail "schedule of a service: $out"
svc_expect "schedule of a service" "herd: schedule 'plain': service 'plain' is not a timer" "$out"
out=$(herd schedule never 2>&1) && svc_fail "schedule of a timer not running: $out"
svc_expect "schedule of a timer not running" "herd: schedule 'never': timer 'never' is not running" "$out"

# every second, as its user, into its log file
runs() { grep -c "^run by 65534$" "$W/tick/log" 2>/dev/null || echo 0; }
ran_twice() { [ "$(runs)" -ge 2 ]; }
svc_wait_for "two runs of tick" ran_twice
svc_grep "$T/log/messages" "Timer tick: running process"
svc_grep "$T/log/messages" "completed (exit status 0)."

# a run starts at its second, not later in it: of prompt's three runs, at
# least two began within 0.3 s of their second (a run late by a fraction of
# a second would be late by the same fraction each time)
svc_wait_for "prompt stopped" svc_in_state prompt stopped
svc_wait_for "prompt's runs" sh -c "[ \$(wc -l <'$W/prompt') -ge 3 ]"
svc_expect "prompt's runs near their second" 2 \
	"$(awk '$1 < 300000000 { n++ } END { print (n >= 2 ? 2 : n + 0) }' "$W/prompt")"

# a calendar with no instant (the 30th of February) fails the start
svc_expect "never" failed "$(svc_state never)"
svc_grep "$T/log/messages" "Timer never: its calendar event never occurs."
svc_grep "$T/log/messages" "Service never failed to start (its calendar event never occurs)."

# herd stop: no more runs (once the run it may have just started is done)
herd stop tick >/dev/null || svc_fail "herd stop tick"
svc_expect "tick stopped" stopped "$(svc_state tick)"
tick_idle() {
	[ "$(grep -c "Timer tick: running process" "$T/log/messages")" = \
		"$(grep -Ec "Timer tick: process [0-9]+ (completed|failed)" "$T/log/messages")" ]
}
svc_wait_for "tick's last run" tick_idle
before=$(runs)
sleep 1.5
svc_expect "runs of a stopped timer" "$before" "$(runs)"
out=$(herd trigger tick 2>&1) && svc_fail "trigger of a stopped timer: $out"
svc_expect "trigger of a stopped timer" "herd: trigger 'tick': timer 'tick' is not running" "$out"
herd start tick >/dev/null || svc_fail "herd start tick"
out=$(herd trigger tick) || svc_fail "herd trigger tick: $out"
case $out in
"Timer tick triggered: process "*) ;;
*) svc_fail "herd trigger tick said: $out" ;;
esac
out=$(herd trigger plain 2>&1) && svc_fail "trigger of a service: $out"
svc_expect "trigger of a service" "herd: trigger 'plain': service 'plain' is not a timer" "$out"
out=$(herd trigger root 2>&1) && svc_fail "trigger of root: $out"
svc_expect "trigger of root" "herd: trigger 'root': service 'root' is not a timer" "$out"

# wait-for-termination: no overlap, and no trigger during a run
slow_running() { [ "$(tail -n 1 "$W/slow" 2>/dev/null)" = start ]; }
svc_wait_for "a run of slow" slow_running
out=$(herd trigger slow 2>&1) && svc_fail "trigger during slow's run: $out"
svc_expect "trigger during a run" \
	"herd: trigger 'slow': timer 'slow' is running its command already" "$out"
slow_twice() { [ "$(grep -c start "$W/slow")" -ge 2 ]; }
svc_wait_for "slow's second run" slow_twice
tr '\n' ' ' <"$W/slow" | grep -Eq '^(start end )+(start )?$' ||
	svc_fail "slow's runs overlapped: $(tr '\n' ' ' <"$W/slow")"

# max-duration and occurrences: one run, stopped after 1 s, timer stopped
svc_wait_for "long stopped" svc_in_state long stopped
svc_wait_for "long's run killed" grep -qF "Timer long: process" "$T/log/messages"
svc_wait_for "long's run ended" grep -q "Timer long: process [0-9]* failed (killed by signal 15)" \
	"$T/log/messages"
svc_grep "$T/log/messages" "has run for 1 s, its maximum: sending signal 15."
svc_grep "$T/log/messages" "Timer long: its last occurrence (1) has come."
svc_expect "long's runs" 1 "$(grep -c "Timer long: running process" "$T/log/messages")"

# shutdown with slow's run going on: it ends with the system
svc_wait_for "a run of slow" slow_running
herd stop root >/dev/null 2>&1
svc_wait_exit
svc_expect "shutdown status" 0 "$BOOT_STATUS"
echo "svc-timer: ok"
