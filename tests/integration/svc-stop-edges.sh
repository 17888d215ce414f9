#!/bin/sh
# Stops that never ended, or left processes behind, before their fixes:
# - a PID-file daemon that becomes a zombie of a parent that does not reap
#   it counts as gone (the shutdown waited for it forever);
# - two services whose PID files name one process both see its exit (the
#   second stayed "running", and the shutdown hung on it);
# - a PID-file service whose launcher has exited and whose PID file never
#   comes: what it left in its process group gets SIGTERM (it ran on);
# - a required service that exits while the system shuts down is not
#   respawned;
# - a PID-file service stopped after its launcher exited (it daemonized)
#   but before its PID file came: the daemon, in a session of its own, was
#   missed (the launcher's group got the signal), wrote its PID file and
#   ran on, untracked; the stop now waits for the PID file and stops the
#   daemon it names.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work

cat >"$T/conf" <<EOT
service wrapped
  pid-file $W/w.pid
  shell setsid sh -c 'echo \$\$ >$W/w.pid; exec sleep 1000' & exec sleep 2000
service x
  shell echo \$\$ >$W/x.pid; exec sleep 3600
service y
  requires x
  pid-file $W/y.pid
  shell until [ -s $W/x.pid ]; do sleep 0.05; done; cp $W/x.pid $W/y.pid
service late
  pid-file $W/late.pid
  pid-file-timeout 1
  shell sh -c 'echo \$\$ >$W/stray.pid; exec sleep 1000' & exit 0
service slowd
  manual
  pid-file $W/slowd.pid
  shell setsid sh -c 'sleep 1; echo \$\$ >$W/slowd.pid; exec sleep 1001' & exit 0
service base
  respawn
  shell sleep 0.3
service dep
  requires base
  shell trap '' TERM; while :; do sleep 0.1; done
EOT
svc_boot "$T/conf"
for s in wrapped x y dep; do
	svc_wait_for "$s" svc_in_state "$s" running
done
[ "$(svc_pid y)" = "$(svc_pid x)" ] || svc_fail "y does not track x's process"

# The PID file never comes: the launcher's stray goes with the failure.
svc_wait_for "late to fail" svc_in_state late failed
stray=$(cat "$W/stray.pid")
svc_wait_for "the stray of 'late' to be gone" eval "! svc_inside kill -0 $stray"

# x's process is killed: both services that track it see it.
svc_inside kill -KILL "$(svc_pid x)"
svc_wait_for "x to be stopped" svc_in_state x stopped
svc_wait_for "y to be stopped" svc_in_state y stopped

# slowd is stopped while it daemonizes: the stop ends with its daemon.
herd start slowd >"$T/start-slowd" 2>&1 &
start=$!
launcher_gone() { [ "$(svc_state slowd)" = starting ] && [ "$(svc_pid slowd)" = - ]; }
svc_wait_for "slowd's launcher to exit" launcher_gone
herd stop slowd >"$T/stop-slowd" 2>&1 || svc_fail "herd stop slowd: $(cat "$T/stop-slowd")"
wait "$start"
svc_expect "slowd" stopped "$(svc_state slowd)"
svc_wait_for "slowd's PID file" test -s "$W/slowd.pid"
daemon=$(cat "$W/slowd.pid")
svc_wait_for "slowd's daemon to be gone" eval "! svc_inside kill -0 $daemon"

# The shutdown ends: the zombie daemon of 'wrapped' counts as gone.
kill -TERM "$(svc_pid1_host)"
svc_wait_exit
svc_expect "exit status" 0 "$BOOT_STATUS"
svc_grep "$T/log/messages" "Service wrapped has been stopped."
svc_grep "$T/log/messages" "Shutdown complete."
if grep -q "Service wrapped did not stop" "$T/log/messages"; then
	svc_fail "the zombie daemon of 'wrapped' was waited for"
fi
# nothing respawned once the shutdown began (dep's grace is 5 s, base
# exits every 0.3 s)
if sed -n '/[Ss]hutting down/,$p' "$T/log/messages" | grep -q "base terminated; respawning"; then
	svc_fail "base respawned during the shutdown"
fi
echo "ok: stops that end"
