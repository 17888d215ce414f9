#!/bin/sh
# `herd start` of a service that is being stopped, or of one whose
# requirement is, waits for that stop and starts it again, as Shepherd
# does; the `herd stop` under way is answered "stopped" all the same.
# Before, the start failed ("could not be started" / "a requirement is not
# running").
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init

# db and web take about a second to stop (their TERM trap sleeps first);
# web requires db, and so does cron.
cat >"$T/conf" <<EOT
service db
  shell trap 'sleep 1; exit 0' TERM; while :; do sleep 0.1; done
service web
  requires db
  shell trap 'sleep 1; exit 0' TERM; while :; do sleep 0.1; done
service cron
  manual
  requires db
  exec sleep 3600
EOT
svc_boot "$T/conf"
svc_wait_for "web" svc_in_state web running

# 1. db itself: stop it, and start it while it is stopping.
timeout 30 "$DRIVER" herd stop db >"$T/stop1" 2>&1 &
stop=$!
svc_wait_for "db to be stopping" svc_in_state db stopping
timeout 30 "$DRIVER" herd start db >"$T/start1" 2>&1 || svc_fail "herd start db while it was stopping: $(cat "$T/start1")"
svc_expect "start db" "Service db has been started." "$(cat "$T/start1")"
wait "$stop" || svc_fail "herd stop db: $(cat "$T/stop1")"
svc_expect "stop db" "Service db has been stopped." "$(cat "$T/stop1")"
svc_expect "db" running "$(svc_state db)"

# 2. A service whose requirement is being stopped (web went first, db is
# stopping): cron starts once db has stopped and started again.
timeout 30 "$DRIVER" herd stop db >"$T/stop2" 2>&1 &
stop=$!
svc_wait_for "db to be stopping again" svc_in_state db stopping
timeout 30 "$DRIVER" herd start cron >"$T/start2" 2>&1 || svc_fail "herd start cron while db was stopping: $(cat "$T/start2")"
svc_expect "start cron" "Service cron has been started." "$(cat "$T/start2")"
wait "$stop" || svc_fail "herd stop db (2): $(cat "$T/stop2")"
svc_expect "db after cron's start" running "$(svc_state db)"
svc_expect "web, stopped with db" stopped "$(svc_state web)"

# 3. A requirement whose stop waits for a dependent to stop first: web is
# stopping, db is to stop after it, and cron is started then.  (cron,
# waiting for db, must not hold db's stop back: that was a deadlock.)
herd stop cron >/dev/null || svc_fail "herd stop cron"
herd start web >/dev/null || svc_fail "herd start web"
timeout 30 "$DRIVER" herd stop db >"$T/stop3" 2>&1 &
stop=$!
svc_wait_for "web to be stopping" svc_in_state web stopping
svc_expect "db while web stops" running "$(svc_state db)"
timeout 30 "$DRIVER" herd start cron >"$T/start3" 2>&1 || svc_fail "herd start cron while db was to stop: $(cat "$T/start3")"
svc_expect "start cron (3)" "Service cron has been started." "$(cat "$T/start3")"
wait "$stop" || svc_fail "herd stop db (3): $(cat "$T/stop3")"
svc_expect "db after cron's start (3)" running "$(svc_state db)"
svc_grep "$T/log/messages" "Service db has been stopped."

kill -TERM "$(svc_pid1_host)"
svc_wait_exit
svc_expect "exit status" 0 "$BOOT_STATUS"
svc_grep "$T/log/messages" "Shutdown complete."
echo "herd start waits for a stop in progress"
