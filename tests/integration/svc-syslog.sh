#!/bin/sh
# The built-in syslog on /dev/log writes /var/log/messages with timestamps;
# service output goes there under the service's name, or is appended to
# its #:log-file (created owned by the service's user); #:user, #:group,
# #:supplementary-groups, #:environment-variables, #:directory and
# no-new-privileges reach the service; a last line without a newline is
# logged when its process exits.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work
mkdir "$W/svc-dir"
printf 'old line\n' >"$W/existing.log"
# A log file the service's user could point elsewhere, in its own directory:
# a symbolic link and a second name of a root-owned file.
mkdir "$W/udir"
chown 65534 "$W/udir"
printf 'root data\n' >"$W/rootfile"
ln -s "$W/rootfile" "$W/udir/sym.log"
ln "$W/rootfile" "$W/udir/hard.log"

cat >"$T/conf" <<EOT
service chatty
  shell echo "hello from chatty"; echo "second line" >&2; exec sleep 3600
service long
  one-shot
  shell printf '%0256d' 0; echo; echo after-long
service part
  respawn
  shell printf 'partial from %s' \$\$; exit 1
service ident
  one-shot
  user 65534
  group 65534
  groups 100 4
  env FOO=bar baz
  env PATH=/usr/bin:/bin
  directory $W/svc-dir
  no-new-privs
  log-file $W/new.log
  shell id -u; id -g; id -G; echo "FOO=\$FOO"; env | sort | grep -v -e '^PWD=' -e '^SHLVL=' -e '^_=' | tr '\n' ' '; echo; pwd; grep NoNewPrivs /proc/self/status
service appender
  one-shot
  log-file $W/existing.log
  shell echo appended
service sym
  one-shot
  user 65534
  group 65534
  log-file $W/udir/sym.log
  shell echo through-a-symlink
service hard
  one-shot
  user 65534
  group 65534
  log-file $W/udir/hard.log
  shell echo through-a-hard-link
service defaults
  one-shot
  shell env | grep -v -e '^PWD=' -e '^SHLVL=' -e '^_='; pwd; id -G; grep NoNewPrivs /proc/self/status
EOT
svc_run_pid1 "$T/conf" -- sh -c "logger -t probe 'message through /dev/log'; logger -t probe 'second message'; until $DRIVER herd status part | grep -q disabled; do sleep 0.1; done" >"$T/out" 2>&1
rc=$?
svc_expect "status" 0 "$rc"
M=$T/log/messages
# timestamped lines, "Mmm dd hh:mm:ss HOST TAG: message"
grep -Eq '^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] [^ ]+ probe(\[[0-9]+\])?: message through /dev/log$' "$M" ||
	svc_fail "logger's message not in /var/log/messages"
svc_grep "$M" "probe: second message"
grep -Eq ' chatty\[[0-9]+\]: hello from chatty$' "$M" || svc_fail "chatty's stdout"
grep -Eq ' chatty\[[0-9]+\]: second line$' "$M" || svc_fail "chatty's stderr"
svc_grep "$M" "shepherd: Service chatty has been started."
# A line of exactly 256 bytes (the line buffer) is one line, not that and
# an empty one (its newline, read after the cut, made one before).
svc_expect "long lines" "$(printf '%0256d' 0)
after-long" "$(sed -n 's/.* long\[[0-9]*\]: //p' "$M")"
# A process's last line without a newline is logged when it exits, under
# its PID: each respawn of 'part' has its own line (they were one line,
# tagged with the last PID, logged at the shutdown).
svc_expect "lines of part's 7 runs" 7 "$(grep -c ' part\[[0-9]*\]: partial from [0-9]*$' "$M")"
grep ' part\[' "$M" | sed 's/.* part\[\([0-9]*\)\]: partial from \([0-9]*\)$/\1 \2/' |
	while read -r tag pid; do
		[ "$tag" = "$pid" ] || svc_fail "part's output of PID $pid tagged $tag"
	done || exit 1

want="65534
65534
65534 4 100
FOO=bar baz
FOO=bar baz PATH=/usr/bin:/bin 
$W/svc-dir
NoNewPrivs:	1"
[ "$(cat "$W/new.log")" = "$want" ] || svc_fail "ident's view: $(cat "$W/new.log")"
svc_expect "new log file owner" "65534:65534 640" "$(stat -c '%u:%g %a' "$W/new.log")"
svc_expect "appended log" "old line
appended" "$(cat "$W/existing.log")"
svc_expect "existing log owner" "0:0" "$(stat -c '%u:%g' "$W/existing.log")"
# PID 1 appended a service's output to a root-owned file through the
# links before the fix (root inside, with /etc/passwd).
svc_expect "a root-owned file behind a service's log links" "root data" "$(cat "$W/rootfile")"
svc_grep "$T/out" "cannot open its log file '$W/udir/sym.log'"
svc_grep "$T/out" "cannot open its log file '$W/udir/hard.log'"
# ... and the system log says why, not only PID 1's stderr.
svc_grep "$M" "cannot open its log file '$W/udir/sym.log': a symbolic link."
svc_grep "$M" "cannot open its log file '$W/udir/hard.log': not a regular file with one name"
D=' defaults\[[0-9]+\]: '
grep -Eq "${D}PATH=/run/current-system/profile/bin:/usr/bin:/usr/sbin:/bin:/sbin\$" "$M" ||
	svc_fail "default environment"
svc_expect "default environment size" 1 "$(grep -c -E "${D}[A-Z_]+=" "$M")"
grep -Eq "${D}/\$" "$M" || svc_fail "default directory"
grep -Eq "${D}0\$" "$M" || svc_fail "a root service has supplementary groups"
grep -Eq "${D}NoNewPrivs:.0\$" "$M" || svc_fail "no_new_privs set by default"
# PID 1 started with stdin, stdout and stderr closed: services still get
# their output pipe on both 1 and 2
cat >"$T/closed.conf" <<EOT
service closed
  shell echo out-line; echo err-line >&2; exec sleep 3600
EOT
: >"$M"
svc_run_pid1 "$T/closed.conf" -- sh -c "i=0; until grep -q err-line $M || [ \$i -gt 300 ]; do sleep 0.1; i=\$((i+1)); done" <&- >&- 2>&-
rc=$?
svc_expect "status with closed stdio" 0 "$rc"
grep -Eq ' closed\[[0-9]+\]: out-line$' "$M" || svc_fail "stdout of a service with PID 1's stdio closed"
grep -Eq ' closed\[[0-9]+\]: err-line$' "$M" || svc_fail "stderr of a service with PID 1's stdio closed"
echo "ok: syslog, log files, identity"
