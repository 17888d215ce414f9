#!/bin/sh
# The supervisor as PID 1: services start in dependency order, independent
# ones in parallel; a one-shot completes before its dependents start; a
# missing requirement or a cycle is refused with one message and status 1.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work

# 'setup' (one-shot) only finishes once 'side' has started: if services
# were started one after the other it would give up after 30 s and fail,
# and 'app' would never run.
cat >"$T/order.conf" <<EOT
service app
  requires setup db
  shell echo app >>$W/order; exec sleep 3600
service setup
  one-shot
  shell echo setup-begin >>$W/order; i=0; while [ ! -e $W/side-up ]; do i=\$((i+1)); [ \$i -lt 300 ] || exit 1; sleep 0.1; done; echo setup-end >>$W/order
service db
  requires setup
  shell echo db >>$W/order; exec sleep 3600
service side
  shell echo side >>$W/order; touch $W/side-up; exec sleep 3600
EOT

# A plain service is up once spawned, maybe before its shell has written
# its line: COMMAND waits (up to 30 s) for app's and db's, the last ones.
svc_run_pid1 "$T/order.conf" -- sh -c "i=0; until [ \$(grep -c -e '^app' -e '^db' $W/order) = 2 ] || \
	[ \$i -ge 300 ]; do i=\$((i + 1)); sleep 0.1; done; cat $W/order; $DRIVER herd status" >"$T/out" 2>"$T/err"
rc=$?
cat "$T/out" "$T/err"
svc_expect "status of the command" 0 "$rc"
order=$(tr '\n' ' ' <"$W/order")
case $order in
*side*setup-end*) ;;
*) svc_fail "'side' did not start while 'setup' was running: $order" ;;
esac
# db and app only start once the one-shot has completed
case $order in
*db*setup-end* | *app*setup-end*) svc_fail "started before 'setup' completed: $order" ;;
*setup-end*db* | *setup-end*app*) ;;
*) svc_fail "db or app missing: $order" ;;
esac
# and app (which requires db) is forked after db: PIDs grow in a new namespace
db=$(awk '$1 == "db" { print $3 }' "$T/out")
app=$(awk '$1 == "app" { print $3 }' "$T/out")
[ "$db" -lt "$app" ] || svc_fail "app (PID $app) forked before db (PID $db)"
grep -q '^setup  *done ' "$T/out" || svc_fail "setup not done"
for s in app db side; do
	grep -q "^$s  *running  *[0-9]" "$T/out" || svc_fail "$s not running"
done

# A completed one-shot is stopped already, as for Shepherd: `herd stop`
# of it stops none of its dependents, `herd start` and `herd restart` run
# it again, and only it.  Before, the stop took its dependents down, and
# the restart restarted them too.
cat >"$T/oneshot.conf" <<EOT
service setup
  one-shot
  shell echo run >>$W/setup-runs
service app
  requires setup
  shell exec sleep 3600
EOT
svc_run_pid1 "$T/oneshot.conf" -- sh -c "$DRIVER herd status app; $DRIVER herd stop setup; \
	$DRIVER herd status; $DRIVER herd start setup; $DRIVER herd restart setup; \
	$DRIVER herd status" >"$T/out" 2>"$T/err"
rc=$?
cat "$T/out"
svc_expect "status of the one-shot command" 0 "$rc"
pids=$(awk '$1 == "app" && $2 == "running" { print $3 }' "$T/out" | sort -u)
[ "$(awk '$1 == "app" && $2 == "running"' "$T/out" | wc -l)" = 3 ] ||
	svc_fail "app did not keep running through the one-shot's stop and restart: $(cat "$T/out")"
[ "$(echo "$pids" | wc -l)" = 1 ] || svc_fail "app was restarted (PIDs $pids)"
grep -q '^setup  *stopped ' "$T/out" || svc_fail "setup not stopped by herd stop"
[ "$(wc -l <"$W/setup-runs")" = 3 ] ||
	svc_fail "setup ran $(wc -l <"$W/setup-runs") times, not 3 (boot, start, restart)"
grep -q 'setup has been stopped' "$T/out" || svc_fail "herd stop setup: $(cat "$T/out")"

# A dependent started again runs its completed one-shot requirement again
# first, as Shepherd does (a completed one-shot is stopped there): `herd
# restart app` and `herd stop app; herd start app` each run setup once
# more, before app.  Before, setup ran at boot only.
rm -f "$W/setup-runs"
cat >"$T/rerun.conf" <<EOT
service setup
  one-shot
  shell echo setup >>$W/setup-runs
service app
  requires setup
  shell echo app >>$W/setup-runs; exec sleep 3600
EOT
# app is up once spawned: before each stop (and at the end) COMMAND waits
# for its line, lest the stop kill its shell before the echo.
svc_run_pid1 "$T/rerun.conf" -- sh -c "apps() { i=0; until [ \$(grep -c '^app' $W/setup-runs) = \$1 ] || \
	[ \$i -ge 300 ]; do i=\$((i + 1)); sleep 0.1; done; }; apps 1; timeout 20 $DRIVER herd restart app; \
	apps 2; $DRIVER herd stop app; timeout 20 $DRIVER herd start app; apps 3; $DRIVER herd status" \
	>"$T/out" 2>"$T/err"
rc=$?
svc_expect "status of the rerun command" 0 "$rc"
svc_expect "runs of setup and app" "setup app setup app setup app" "$(tr '\n' ' ' <"$W/setup-runs" | sed 's/ $//')"
grep -q '^app  *running  *[0-9]' "$T/out" || svc_fail "app not running after its restart: $(cat "$T/out")"
grep -q '^setup  *done ' "$T/out" || svc_fail "setup not done after its rerun: $(cat "$T/out")"

# The same for a requirement that has stopped (its process exited): `herd
# restart app` starts it again first.  Before, the restart hung: the
# requirement was left waiting, earlier in the order than app, until some
# other event.
cat >"$T/stopped.conf" <<EOT
service r
  shell [ -e $W/r-ok ] || exit 1; exec sleep 3600
service app
  requires r
  shell exec sleep 3600
EOT
svc_run_pid1 "$T/stopped.conf" -- sh -c "until $DRIVER herd status r | grep -q stopped; do sleep 0.1; done; \
	touch $W/r-ok; timeout 20 $DRIVER herd restart app || echo restart-failed; \
	$DRIVER herd status" >"$T/out" 2>"$T/err"
rc=$?
svc_expect "status of the restart over a stopped requirement" 0 "$rc"
if grep -q restart-failed "$T/out"; then svc_fail "herd restart app hung or failed: $(cat "$T/out")"; fi
grep -q '^r  *running  *[0-9]' "$T/out" || svc_fail "r not started again: $(cat "$T/out")"
grep -q '^app  *running  *[0-9]' "$T/out" || svc_fail "app not running: $(cat "$T/out")"

# A missing requirement: refused at start, nothing runs.
cat >"$T/bad.conf" <<EOT
service a
  requires nothing-provides-this
  shell touch $W/ran
EOT
svc_run_pid1 "$T/bad.conf" -- true >"$T/out" 2>&1
rc=$?
svc_expect "status with a missing requirement" 1 "$rc"
svc_grep "$T/out" "service 'a' requires 'nothing-provides-this', which no service provides"
[ ! -e "$W/ran" ] || svc_fail "a service ran despite the error"

cat >"$T/cycle.conf" <<EOT
service a
  requires b
  exec /bin/true
service b
  requires a
  exec /bin/true
EOT
svc_run_pid1 "$T/cycle.conf" >"$T/out" 2>&1
rc=$?
svc_expect "status with a cycle" 1 "$rc"
svc_grep "$T/out" "dependency cycle: 'a' -> 'b' -> 'a'"
echo "ok: order, parallel start, graph errors"
