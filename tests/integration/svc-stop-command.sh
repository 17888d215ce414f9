#!/bin/sh
# A stop command (boot.conf's stop-command: Shepherd's
# make-system-destructor, nftables' `nft flush ruleset`) for a service
# with no process once started:
# - a completed one-shot's runs when it is stopped, after its dependents,
#   as the service (its user, its log file); herd start runs the service's
#   command again, herd restart both in turn;
# - a marker's runs when it is stopped;
# - a failing one is logged with its status, and the service is stopped;
# - one that hangs is killed after the 5 s grace, at shutdown too;
# - a one-shot without one is stopped at once, running nothing.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work
mkdir "$W/fw"
chown 65534:65534 "$W/fw"

cat >"$T/conf" <<EOT
service fw
  one-shot
  user 65534
  group 65534
  log-file $W/fw/log
  shell echo loaded >$W/fw/state
  stop-shell echo "flushed by \$(id -u)"; rm $W/fw/state
service web
  requires fw
  exec sleep 3600
service mark
  stop-shell echo marker-stop >>$W/mark
service once
  one-shot
  shell echo once >>$W/once
service bad
  one-shot
  shell true
  stop-shell exit 3
service hang
  one-shot
  shell true
  stop-shell exec sleep 100
EOT
svc_boot "$T/conf"
svc_wait_for "web" svc_in_state web running
svc_expect "fw" "done" "$(svc_state fw)"
svc_expect "fw's state" loaded "$(cat "$W/fw/state")"

# stop: web first, then fw's stop command, as fw's user, into its log
svc_expect "herd stop fw" "Service fw has been stopped." "$(herd stop fw)"
svc_expect "web after stopping fw" stopped "$(svc_state web)"
svc_expect "fw after its stop" stopped "$(svc_state fw)"
[ ! -e "$W/fw/state" ] || svc_fail "fw's stop command did not run"
svc_expect "fw's log" "flushed by 65534" "$(cat "$W/fw/log")"
at() { grep -n -F "$1" "$T/log/messages" | tail -n 1 | cut -d: -f1; }
[ "$(at 'Service web has been stopped')" -lt "$(at 'Service fw has been stopped')" ] ||
	svc_fail "fw stopped before web"

# start, then restart: the stop command, then the command
herd start web >/dev/null || svc_fail "herd start web"
svc_expect "fw started again for web" loaded "$(cat "$W/fw/state")"
herd restart fw >/dev/null || svc_fail "herd restart fw"
svc_expect "fw after restart" "done" "$(svc_state fw)"
svc_expect "fw's state after restart" loaded "$(cat "$W/fw/state")"
svc_expect "fw's stops" 2 "$(grep -c '^flushed by 65534$' "$W/fw/log")"

# a marker's stop command
svc_expect "mark" running "$(svc_state mark)"
herd stop mark >/dev/null || svc_fail "herd stop mark"
svc_expect "mark's stop command" marker-stop "$(cat "$W/mark")"
svc_expect "mark" stopped "$(svc_state mark)"

# a one-shot without one: stopped at once, nothing run; start runs it again
herd stop once >/dev/null || svc_fail "herd stop once"
svc_expect "once" 1 "$(wc -l <"$W/once" | tr -d ' ')"
herd start once >/dev/null || svc_fail "herd start once"
svc_expect "once run again" 2 "$(wc -l <"$W/once" | tr -d ' ')"

# a failing stop command: logged, the service stopped all the same
herd stop bad >/dev/null
svc_expect "bad" stopped "$(svc_state bad)"
svc_grep "$T/log/messages" "Service bad has been stopped (its stop command failed: exit status 3)."

# at shutdown, a stop command that hangs is killed after the grace period
herd stop root >/dev/null 2>&1
svc_wait_exit
svc_expect "shutdown status" 0 "$BOOT_STATUS"
svc_grep "$T/log/messages" "Service hang did not stop within 5 s: sending SIGKILL."
svc_grep "$T/log/messages" "Service hang has been stopped (its stop command failed: killed by signal 9)."
svc_expect "fw stopped at shutdown" 3 "$(grep -c '^flushed by 65534$' "$W/fw/log")"
echo "svc-stop-command: ok"
