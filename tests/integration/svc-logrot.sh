#!/bin/sh
# Log rotation (boot.conf's log-rotation section; `herd rotate-logs`, the
# log-rotation timer's command):
# - PID 1 writes a service's log file itself: a service writing without a
#   pause loses no line when its file is rotated (FILE.1, then a new FILE
#   at once), and the new file is its user's;
# - a file under the size threshold is left alone; FILE.N becomes
#   FILE.N+1 (with its compression suffix), or is deleted once older than
#   the expiry;
# - the compressor (here gzip, if the host has it) turns FILE.1 into
#   FILE.1.gz, as the file's owner, keeping its time;
# - an external file (rotate-file) is renamed only;
# - the built-in syslog's file is rotated and written anew;
# - a symbolic link planted as the log file is not followed, nor one a
#   user made of a directory on a file's path;
# - a system without log rotation answers with an error.
. "${GXSYS_SRC:-.}/tests/lib/svc.sh"
svc_init
W=$T/work
mkdir "$W/app" "$W/ext" "$W/quiet"
chown 65534:65534 "$W/app"
GZIP_BIN=$(command -v gzip || true)

{
	echo "log-rotation 100 3600"
	echo "rotate-file $W/ext/access.log"
	[ -z "$GZIP_BIN" ] || echo "rotate-compress .gz $GZIP_BIN -c"
	cat <<EOT
service app
  user 65534
  group 65534
  log-file $W/app/log
  shell i=0; while :; do i=\$((i + 1)); echo "line \$i"; done
service quiet
  log-file $W/quiet/log
  shell echo hello; exec sleep 3600
EOT
} >"$T/conf"
svc_boot "$T/conf"
svc_wait_for "app" svc_in_state app running
has_lines() { [ "$(wc -l <"$W/app/log")" -gt 1000 ]; }
svc_wait_for "app's output" has_lines
svc_wait_for "quiet's output" grep -q hello "$W/quiet/log"
echo old >"$W/ext/access.log.1"
echo older >"$W/ext/access.log.2"
touch -d '2 hours ago' "$W/ext/access.log.2"
head -c 200 /dev/zero >"$W/ext/access.log"
# A rotated name the user planted as a link to a root file: renamed, never
# followed (nor compressed).
ln -s /etc/passwd "$W/app/log.1"

herd_inside rotate-logs >"$T/rot" 2>&1 || svc_fail "herd rotate-logs: $(cat "$T/rot")"
svc_grep "$T/rot" "Rotated '$W/app/log' to '$W/app/log.1'."
svc_grep "$T/rot" "Rotated '$W/ext/access.log' to '$W/ext/access.log.1'."
svc_grep "$T/rot" "Deleted '$W/ext/access.log.2': older than the expiry."
# The built-in syslog's file too (over 100 bytes already), written anew.
svc_grep "$T/rot" "Rotated '/var/log/messages' to '/var/log/messages.1'."
if grep -q "quiet" "$T/rot"; then svc_fail "a log under the threshold was rotated: $(cat "$T/rot")"; fi
[ -f "$W/quiet/log" ] || svc_fail "quiet's log is gone"
[ -L "$W/app/log.2" ] || svc_fail "the planted link was not shifted to log.2"
[ "$(readlink "$W/app/log.2")" = /etc/passwd ] || svc_fail "the planted link changed"
[ -e "$W/ext/access.log" ] && svc_fail "the external file was recreated (only renamed)"
[ -f "$W/ext/access.log.2" ] || svc_fail "access.log.1 was not shifted to .2"
[ "$(cat "$W/ext/access.log.2")" = old ] || svc_fail "access.log.2 is not the old .1"
if [ -n "$GZIP_BIN" ]; then
	svc_grep "$T/rot" "Compressed '$W/app/log.1' to '$W/app/log.1.gz'."
	[ ! -e "$W/app/log.1" ] || svc_fail "log.1 is left beside log.1.gz"
	rotated=$W/app/rotated
	gzip -dc "$W/app/log.1.gz" >"$rotated" || svc_fail "log.1.gz does not decompress"
	[ "$(stat -c %u:%g "$W/app/log.1.gz")" = 65534:65534 ] ||
		svc_fail "log.1.gz is not the service user's: $(stat -c %u:%g "$W/app/log.1.gz")"
else
	rotated=$W/app/log.1
fi
# The new file: made by PID 1 at once, the service's user's, and written on.
[ "$(stat -c %u:%g "$W/app/log")" = 65534:65534 ] ||
	svc_fail "the new log is not the service user's: $(stat -c %u:%g "$W/app/log")"
grown() { [ "$(wc -l <"$W/app/log")" -gt 100 ]; }
svc_wait_for "app's new log" grown
herd stop app >/dev/null || svc_fail "herd stop app"
svc_grep "$T/log/messages" "Service app has been stopped."
if [ -n "$GZIP_BIN" ]; then
	gzip -dc "$T/log/messages.1.gz" | grep -q "Starting services" ||
		svc_fail "messages.1.gz does not hold the boot's messages"
fi
# Not a line lost or doubled: the rotated part and the new file together
# are line 1 to N, in order (a last line may have been cut by the stop).
cat "$rotated" "$W/app/log" | sed '$d' | awk '
	$1 != "line" || $2 != NR { print "at line " NR ": " $0; bad = 1; exit }
	END { if (!bad && NR < 1000) { print "only " NR " lines"; bad = 1 } exit bad }' \
	>"$T/check" || svc_fail "the rotation lost or doubled lines: $(cat "$T/check")"

# A symbolic link planted as the log file: the rotation is refused for it,
# and the service's next start does not follow it either.
rm -f "$W/quiet/log"
ln -s /etc/hostname "$W/quiet/log"
herd_inside rotate-logs >"$T/rot" 2>&1 && svc_fail "a link as the log file was rotated"
svc_grep "$T/rot" "'$W/quiet/log': not a regular file"
[ -L "$W/quiet/log" ] || svc_fail "the planted link was moved"

# Shut down cleanly.
halt_out=$(herd stop root 2>&1) || svc_fail "herd stop root: $halt_out"
svc_wait_exit

# No log-rotation section: an error, exit 1.
cat >"$T/conf2" <<EOT
service plain
  exec sleep 3600
EOT
svc_boot "$T/conf2"
rc=0
herd_inside rotate-logs >"$T/rot" 2>&1 || rc=$?
svc_expect "rotate-logs without log rotation" 1 "$rc"
svc_grep "$T/rot" "herd: rotate-logs: this system has no log rotation"
herd stop root >/dev/null 2>&1 || :
svc_wait_exit

# A compressor the system lacks (a %base-packages member the host did not
# have): the file is rotated and left uncompressed, said, not a failure.
# Also: a directory on a file's path that is a link a user made (in a
# directory the user owns) to a root directory: not rotated there, said.
mkdir "$W/nozstd" "$W/evil" "$W/rootlogs"
chown 65534:65534 "$W/evil"
ln -s "$W/rootlogs" "$W/evil/l"
head -c 100 /dev/zero >"$W/rootlogs/access.log"
cat >"$T/conf3" <<EOT
log-rotation 10 3600
rotate-file $W/nozstd/x.log
rotate-file $W/evil/l/access.log
rotate-compress .zst $W/no/such/zstd -qc
service plain
  exec sleep 3600
EOT
head -c 100 /dev/zero >"$W/nozstd/x.log"
svc_boot "$T/conf3"
rc=0
herd_inside rotate-logs >"$T/rot" 2>&1 || rc=$?
svc_expect "rotate-logs with a user's link on a path" 1 "$rc"
svc_grep "$T/rot" "herd: rotate-logs: '$W/nozstd/x.log.1' left uncompressed: $W/no/such/zstd is not in this system"
[ -f "$W/nozstd/x.log.1" ] || svc_fail "x.log.1 is gone"
svc_grep "$T/rot" "herd: rotate-logs: '$W/evil/l/access.log': a symbolic link on its way, in a directory a user may write to"
[ -f "$W/rootlogs/access.log" ] && [ ! -e "$W/rootlogs/access.log.1" ] ||
	svc_fail "a file was rotated through a user's link"
herd stop root >/dev/null 2>&1 || :
svc_wait_exit
echo ok
