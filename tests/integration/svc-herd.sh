#!/bin/sh
# herd over the control socket: status (state, PID, respawn count), start,
# stop (dependents first), restart; errors and exit statuses; the socket
# is root-only; `halt` shuts the system down.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init

cat >"$T/conf" <<EOT
service db
  exec sleep 3600
service web
  requires db
  exec sleep 3600
service cron
  manual
  exec sleep 3600
EOT
# Services whose start stays pending (a PID file that never comes): more of
# them than the 4 requests PID 1 served at once before.
for k in 1 2 3 4 5 6; do
	printf 'service slow%s\n  manual\n  pid-file %s/never%s.pid\n  exec sleep 3600\n' \
		"$k" "$T" "$k" >>"$T/conf"
done
svc_boot "$T/conf"
svc_wait_for "web" svc_in_state web running

herd status >"$T/status" || svc_fail "herd status"
cat "$T/status"
svc_expect "header" "SERVICE STATE PID RESPAWNS" "$(head -n 1 "$T/status" | tr -s ' ')"
grep -q '^db  *running  *[0-9][0-9]*  *0$' "$T/status" || svc_fail "db line"
grep -q '^cron  *stopped  *-  *0$' "$T/status" || svc_fail "cron line"
svc_expect "lines" 10 "$(wc -l <"$T/status" | tr -d ' ')"
svc_expect "status web" 2 "$(herd status web | wc -l | tr -d ' ')"

# status is answered while starts are pending (it waited for a free slot,
# up to the PID files' 30 s, before)
pids=""
for k in 1 2 3 4 5 6; do
	herd start "slow$k" >/dev/null 2>&1 &
	pids="$pids $!"
done
svc_wait_for "the slow starts" svc_in_state slow6 starting
timeout 10 "$DRIVER" herd status >"$T/out" 2>&1 || svc_fail "herd status while starts are pending"
svc_expect "pending starts" 6 "$(grep -c '^slow[0-9]  *starting' "$T/out")"
for k in 1 2 3 4 5 6; do
	herd stop "slow$k" >/dev/null 2>&1
done
for p in $pids; do wait "$p"; done

# socket: root only
svc_expect "socket mode" "600 root" "$(stat -c '%a %U' "$GXSYS_CONTROL_SOCKET")"
if command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$DRIVER" herd status >"$T/out" 2>&1
	rc=$?
	svc_expect "herd as nobody" 3 "$rc"
	svc_grep "$T/out" "Permission denied"
	# even if the socket's mode is loosened, the supervisor checks the peer
	chmod 666 "$GXSYS_CONTROL_SOCKET"
	chmod 711 "$T/run/gxsys"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$DRIVER" herd stop root >"$T/out" 2>&1
	rc=$?
	chmod 600 "$GXSYS_CONTROL_SOCKET"
	chmod 700 "$T/run/gxsys"
	svc_expect "herd as nobody, socket mode 666" 1 "$rc"
	svc_expect "message" "herd: stop 'root': permission denied" "$(cat "$T/out")"
	svc_expect "still up" running "$(svc_state db)"
fi

# root: the supervisor itself (PID 1 here), as Shepherd's status root
svc_expect "herd status root" "root running 1 0" "$(herd status root | sed -n 2p | tr -s ' ')"

# start a manual service
svc_expect "herd start cron" "Service cron has been started." "$(herd start cron)"
svc_expect "cron" running "$(svc_state cron)"

# stop: dependents first, the rest untouched
svc_expect "herd stop db" "Service db has been stopped." "$(herd stop db)"
svc_expect "web after stopping db" stopped "$(svc_state web)"
svc_expect "cron after stopping db" running "$(svc_state cron)"
at() { grep -n -F "$1" "$T/log/messages" | tail -n 1 | cut -d: -f1; }
[ "$(at 'Service web has been stopped')" -lt "$(at 'Service db has been stopped')" ] ||
	svc_fail "db stopped before web"

# gxsys-init called as herd (the link the system has): `herd stop SERVICE`
# is herd's verb, not gxsys-init's own stop (which took it, exit 2)
ln -s "$B/gxsys-init" "$T/herd"
svc_expect "herd link: stop cron" "Service cron has been stopped." "$("$T/herd" stop cron 2>&1)"
svc_expect "cron after the link's stop" stopped "$(svc_state cron)"

# start: requirements first
herd start web >/dev/null || svc_fail "herd start web"
svc_expect "db after starting web" running "$(svc_state db)"
svc_expect "web" running "$(svc_state web)"

# restart: new PIDs for the service and its dependents
db=$(svc_pid db)
web=$(svc_pid web)
cron=$(svc_pid cron)
herd restart db >/dev/null || svc_fail "herd restart db"
svc_expect "db after restart" running "$(svc_state db)"
svc_expect "web after restart" running "$(svc_state web)"
[ "$(svc_pid db)" != "$db" ] || svc_fail "db was not restarted"
[ "$(svc_pid web)" != "$web" ] || svc_fail "web was not restarted"
svc_expect "cron untouched" "$cron" "$(svc_pid cron)"

# errors
herd start nosuch >"$T/out" 2>&1
svc_expect "unknown service" 1 "$?"
svc_expect "message" "herd: start 'nosuch': unknown service 'nosuch'" "$(cat "$T/out")"
herd frobnicate >"$T/out" 2>&1
svc_expect "bad verb" 2 "$?"
herd start >"$T/out" 2>&1
svc_expect "missing service" 2 "$?"
GXSYS_CONTROL_SOCKET=$T/nowhere herd status >"$T/out" 2>&1
svc_expect "no socket" 3 "$?"
svc_grep "$T/out" "herd: connect '$T/nowhere': No such file or directory"

# malformed requests get one error line each, and the supervisor goes on
if command -v python3 >/dev/null; then
	python3 - "$GXSYS_CONTROL_SOCKET" >"$T/out" <<'PY' || svc_fail "malformed requests"
import socket, sys
def ask(data):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    r = b""
    while True:
        c = s.recv(4096)
        if not c:
            return r
        r += c
for req in [b"x" * 300, b"status\x00\xff\n", b"start a b\n", b"\n", b"stop\n"]:
    print(ask(req).decode("utf-8", "replace").splitlines()[0])
PY
	svc_expect "answers" "error: request too long
error: usage: status [SERVICE] | start|stop|restart|trigger|schedule|files|ACTION SERVICE | rotate-logs
error: usage: status [SERVICE] | start|stop|restart|trigger|schedule|files|ACTION SERVICE | rotate-logs
error: usage: status [SERVICE] | start|stop|restart|trigger|schedule|files|ACTION SERVICE | rotate-logs
error: usage: status [SERVICE] | start|stop|restart|trigger|schedule|files|ACTION SERVICE | rotate-logs" "$(cat "$T/out")"
	svc_expect "db after malformed requests" running "$(svc_state db)"
fi

# Clients that connect and send nothing, more than the supervisor serves
# at once: each gives its place to a new client after a second, so herd is
# answered (it waited for their 5 s deadline before, and as long as such
# clients kept coming).
if command -v python3 >/dev/null; then
	python3 - "$GXSYS_CONTROL_SOCKET" "$T/idle-ready" <<'PY' &
import socket, sys, time
socks = []
for i in range(32):
    s = socket.socket(socket.AF_UNIX)
    s.setblocking(False)
    try:
        s.connect(sys.argv[1])
    except BlockingIOError:
        pass
    socks.append(s)
open(sys.argv[2], "w").close()
time.sleep(15)
PY
	idle=$!
	svc_wait_for "the silent clients" test -e "$T/idle-ready"
	timeout 4 "$DRIVER" herd status db >"$T/out" 2>&1 ||
		svc_fail "herd status behind silent clients: $(cat "$T/out")"
	kill "$idle"
	wait "$idle" 2>/dev/null
fi

# PID 1 out of descriptors: its soft limit lowered (prlimit) to its lowest
# free descriptor while 16 silent clients hold every slot.  A client that
# cannot be accepted waits in the backlog, and the supervisor does not loop
# on the listening socket (a CPU's worth before: 101 ticks in 1 s); once
# descriptors are back, it is served.  Then a limit below poll's entries:
# poll fails (EINVAL), said once, and PID 1 does not loop on that either
# (it logged 'poll: Invalid argument' on a CPU before).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
if command -v python3 >/dev/null && command -v prlimit >/dev/null; then
	python3 - "$GXSYS_CONTROL_SOCKET" "$T/idle16" <<'PY' &
import socket, sys, time
socks = []
for i in range(16):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    socks.append(s)
open(sys.argv[2], "w").close()
time.sleep(8)
PY
	idle=$!
	svc_wait_for "16 silent clients" test -e "$T/idle16"
	p=$(svc_pid1_host)
	hard=$(awk '/^Max open files/ { print $5 }' "/proc/$p/limits")
	free=0
	while [ -e "/proc/$p/fd/$free" ]; do free=$((free + 1)); done
	prlimit --pid "$p" --nofile="$free:$hard" || svc_fail "prlimit"
	sleep 1.2 # the silent clients may give way now
	timeout 5 "$DRIVER" herd status db >"$T/out" 2>&1 &
	hp=$!
	sleep 0.3
	t0=$(cpu_ticks "$p")
	sleep 1
	t1=$(cpu_ticks "$p")
	prlimit --pid "$p" --nofile="1024:$hard"
	[ $((t1 - t0)) -lt 30 ] || svc_fail "PID 1 looped out of descriptors: $((t1 - t0)) ticks in 1 s"
	wait "$hp" || svc_fail "herd status once descriptors are back: $(cat "$T/out")"
	svc_grep "$T/log/messages" "control: cannot accept a client: Too many open files"
	kill "$idle"
	wait "$idle" 2>/dev/null
	prlimit --pid "$p" --nofile="3:$hard"
	timeout 2 "$DRIVER" herd status db >/dev/null 2>&1 # wakes PID 1 (and fails)
	t0=$(cpu_ticks "$p")
	sleep 1
	t1=$(cpu_ticks "$p")
	prlimit --pid "$p" --nofile="1024:$hard"
	[ $((t1 - t0)) -lt 30 ] || svc_fail "PID 1 looped on a failing poll: $((t1 - t0)) ticks in 1 s"
	svc_expect "poll failures said" 1 "$(grep -c 'poll: Invalid argument' "$T/log/messages")"
	timeout 5 "$DRIVER" herd status db >"$T/out" 2>&1 || svc_fail "herd status after poll failed"
fi

# halt (a link named halt), from inside the container.  halt is one of the
# container's processes: once the supervisor has answered, the shutdown it
# asked for sends SIGTERM (then SIGKILL) to whatever is left, halt too if
# it has not exited yet (a loaded machine; so on any system).  So halt
# exits 0, or dies of one of those two; any other status (refused, no
# answer) is a failure.
ln -s "$DRIVER" "$T/halt"
st=0
svc_inside env -u GXSYS_CONTROL_SOCKET "$T/halt" >"$T/out" 2>&1 || st=$?
case $st in
0 | 137 | 143) ;;
*)
	cat "$T/out"
	svc_fail "halt (exit $st)"
	;;
esac
[ "$st" != 0 ] || svc_grep "$T/out" "Shutting down."
svc_wait_exit
svc_expect "exit status after halt" 0 "$BOOT_STATUS"
svc_grep "$T/log/messages" "Shutting down."
[ ! -e "$GXSYS_CONTROL_SOCKET" ] || svc_fail "control socket left behind"

# More services than the usual 1024 descriptors allow poll entries for:
# PID 1 raises its soft limit (poll failed with EINVAL at every turn
# before, and nothing was served), when the hard limit lets it.
many=1000
hard=$(awk '/^Max open files/ { print $5 }' "/proc/$$/limits")
[ "$hard" = unlimited ] || [ "$hard" -ge 4096 ] && many=1100
# A status longer than the socket takes at once (a few hundred lines: each
# line was a send of its own) comes whole, to a reader that takes its time
# too; the lines beyond were dropped before.
for k in $(seq 1 $many); do
	printf 'service m%s\n' "$k"
done >"$T/many.conf"
# ... whatever this shell's soft limit, and services keep the one PID 1
# was given.
printf 'service nofile\n  shell ulimit -n >%s/nofile; exec sleep 3600\n' "$T" >>"$T/many.conf"
prlimit --pid $$ --nofile=1024: || svc_fail "prlimit of the test's shell"
svc_boot "$T/many.conf"
svc_wait_for "m$many" svc_in_state "m$many" running
svc_expect "status lines of $many services" $((many + 2)) "$(herd status | wc -l | tr -d ' ')"
svc_wait_for "the nofile service" test -s "$T/nofile"
svc_expect "a service's descriptor limit" 1024 "$(cat "$T/nofile")"
if command -v python3 >/dev/null; then
	python3 - "$GXSYS_CONTROL_SOCKET" >"$T/out" <<'PY' || svc_fail "slow status reader"
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"status\n")
time.sleep(1)
r = b""
while True:
    c = s.recv(512)
    if not c:
        break
    r += c
    time.sleep(0.001)
print(len(r.splitlines()))
PY
	svc_expect "status lines read slowly" $((many + 3)) "$(cat "$T/out")"
fi
herd stop root >/dev/null || svc_fail "herd stop root ($many services)"
svc_wait_exit
echo "ok: herd"
