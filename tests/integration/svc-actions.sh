#!/bin/sh
# Shepherd's actions (boot.conf's `action`), `herd ACTION SERVICE`: a
# configuration action prints its file; a signal action signals the
# service's running process (refused when it is not running); a command
# action runs its command in herd, with herd's output and its status
# (127 for a missing program); an action a service lacks, root, an
# unknown service and a malformed verb are refused with their messages.
# Shepherd's doc: herd doc SERVICE, SERVICE list-actions and SERVICE action
# NAME print the documentation boot.conf gives (control characters shown
# as '?'), "[No documentation.]" where it gives none.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init

cat >"$T/conf" <<EOT
service web
  exec sleep 3600
  doc Serve the web.\nTwo lines, \e[31mred\e[0m.
  action configuration configuration /etc/web/web.conf
  action-doc Display the name of this service's configuration file.
  action reload command /bin/echo reloaded web
  action broken command /bin/false
  action missing command /nonexistent/program
service sig
  shell trap 'echo usr1 >>$T/work/signals' USR1; while :; do sleep 0.1; done
  action reopen signal 10
service idle
  manual
  exec sleep 3600
  action reopen signal 10
EOT
svc_boot "$T/conf"
svc_wait_for "sig" svc_in_state sig running

# run: "STATUS|STDOUT|STDERR" of herd ARG...
run() {
	herd "$@" >"$T/o" 2>"$T/e"
	echo "$?|$(cat "$T/o")|$(cat "$T/e")"
}

svc_expect "configuration" "0|/etc/web/web.conf|" "$(run configuration web)"
svc_expect "command" "0|reloaded web|" "$(run reload web)"
svc_expect "failing command" "1||herd: broken 'web': '/bin/false' exited with status 1" \
	"$(run broken web)"
svc_expect "missing program" "1||herd: missing 'web': cannot run '/nonexistent/program': No such file or directory
herd: missing 'web': '/nonexistent/program' exited with status 127" "$(run missing web)"
pid=$(svc_pid sig)
svc_expect "signal" "0|Issued signal 10 to service sig (PID $pid).|" "$(run reopen sig)"
svc_wait_for "the trap" grep -q usr1 "$T/work/signals"
svc_expect "sig still running" running "$(svc_state sig)"
svc_expect "signal, not running" "1||herd: reopen 'idle': service 'idle' is not running" \
	"$(run reopen idle)"
svc_expect "no such action" "1||herd: reopen 'web': service 'web' has no action 'reopen'" \
	"$(run reopen web)"
svc_expect "root" "1||herd: reload 'root': service 'root' has no action 'reload'" \
	"$(run reload root)"
svc_expect "unknown service" "1||herd: reload 'nosuch': unknown service 'nosuch'" \
	"$(run reload nosuch)"
herd Reload web >/dev/null 2>&1
svc_expect "a verb that is no action's name" 2 "$?"
herd reload >/dev/null 2>&1
svc_expect "an action without a service" 2 "$?"
# the supervisor refuses a malformed verb on its own too
if command -v python3 >/dev/null; then
	python3 - "$GXSYS_CONTROL_SOCKET" >"$T/out2" <<'PY' || svc_fail "raw request"
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"re/load web\n")
print(s.recv(4096).decode().splitlines()[0])
PY
	svc_grep "$T/out2" "error: usage:"
fi
# herd doc
svc_expect "doc" "0|Serve the web.
Two lines, ?[31mred?[0m.|" "$(run doc web)"
svc_expect "doc, none given" "0|[No documentation.]|" "$(run doc sig)"
svc_expect "doc root" "0|The root service is used to operate on shepherd itself.|" "$(run doc root)"
svc_expect "list-actions" "0|web (configuration reload broken missing)|" \
	"$(run doc web list-actions)"
svc_expect "list-actions, one" "0|sig (reopen)|" "$(run doc sig list-actions)"
svc_expect "action doc" "0|configuration: Display the name of this service's configuration file.|" \
	"$(run doc web action configuration)"
svc_expect "action doc, none given" "0|reload: [No documentation.]|" "$(run doc web action reload)"
svc_expect "doc, no such action" "1||herd: doc 'web': service 'web' has no action 'nope'" \
	"$(run doc web action nope)"
svc_expect "doc, unknown service" "1||herd: doc 'nosuch': unknown service 'nosuch'" \
	"$(run doc nosuch)"
herd doc web list >/dev/null 2>&1
svc_expect "doc with a bad request" 2 "$?"
herd doc web action >/dev/null 2>&1
svc_expect "doc action without a name" 2 "$?"
herd doc >/dev/null 2>&1
svc_expect "doc without a service" 2 "$?"
herd start web extra >/dev/null 2>&1
svc_expect "start with two arguments" 2 "$?"
svc_expect "web untouched" running "$(svc_state web)"
herd stop root >/dev/null || svc_fail "herd stop root"
svc_wait_exit
echo "ok: actions"
