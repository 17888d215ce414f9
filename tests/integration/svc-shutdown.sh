#!/bin/sh
# Shutdown on SIGTERM: services stopped in reverse dependency order with
# their stop signal; one ignoring it is SIGKILLed after the 5 s grace; then
# every remaining process gets SIGTERM, and SIGKILL after 4 s; PID 1 exits 0.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work

cat >"$T/conf" <<EOT
service base
  shell trap 'echo base >>$W/stops; exit 0' TERM; while :; do sleep 0.1; done
service middle
  requires base
  stop-signal 2
  shell trap 'echo middle >>$W/stops; exit 0' INT; while :; do sleep 0.1; done
service top
  requires middle
  shell trap 'echo top >>$W/stops; exit 0' TERM; while :; do sleep 0.1; done
service stubborn
  shell trap '' TERM; touch $W/stubborn-up; while :; do sleep 0.1; done
service strays
  one-shot
  shell setsid sh -c 'exec sleep 3600' & setsid sh -c "trap '' TERM; touch $W/stray-up; while :; do sleep 0.1; done" & exit 0
EOT
svc_boot "$T/conf"
for s in base middle top stubborn; do
	svc_wait_for "$s" svc_in_state "$s" running
done
svc_wait_for "strays" svc_in_state strays "done"
svc_wait_for "the stubborn service to trap SIGTERM" test -e "$W/stubborn-up"
svc_wait_for "the stray to trap SIGTERM" test -e "$W/stray-up"

kill -TERM "$(svc_pid1_host)"
svc_wait_exit
cat "$T/out"
svc_expect "exit status" 0 "$BOOT_STATUS"
svc_expect "stop order" "top middle base" "$(tr '\n' ' ' <"$W/stops" | sed 's/ $//')"
svc_grep "$T/log/messages" "Signal 15 (Terminated) received: shutting down."
svc_grep "$T/log/messages" "Service stubborn did not stop within 5 s: sending SIGKILL."
svc_grep "$T/log/messages" "Service stubborn has been stopped."
svc_grep "$T/log/messages" "Services stopped: sending SIGTERM to the remaining processes."
svc_grep "$T/log/messages" "Sending SIGKILL to the remaining processes."
svc_grep "$T/log/messages" "Shutdown complete."
# the order of the log lines: dependents stopped first, the rest last
at() {
	n=$(grep -n -F "$1" "$T/log/messages" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] || svc_fail "'$1' not logged"
	echo "$n"
}
before() {
	[ "$(at "$1")" -lt "$(at "$2")" ] || svc_fail "'$1' logged after '$2'"
}
before 'Service top has been stopped' 'Service middle has been stopped'
before 'Service middle has been stopped' 'Service base has been stopped'
before 'Service base has been stopped' 'to the remaining processes'
before 'Service stubborn has been stopped' 'to the remaining processes'
echo "ok: shutdown order and grace"
