#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# log-rotation-service-type end to end: a system whose log-rotation timer
# fires every 3 seconds rotates a chatty service's log file (written by
# PID 1 as the service's user), the system log and an external log file,
# compresses the rotated files with gzip as their owners, and loses no
# line of the service's output; `herd rotate-logs` does the same by hand.  Root, real
# namespaces, temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

cat >"$T/lr.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules admin shepherd)
(operating-system
  (host-name "rotbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (simple-service 'chatty shepherd-root-service-type
           (list (shepherd-service
                  (provision '(chatty))
                  (start #~(make-forkexec-constructor
                            (list "/bin/sh" "-c"
                                  "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); echo \"line $i\"; done; sleep 1000")
                            #:user "nobody"
                            #:log-file "/var/log/chatty.log"))
                  (stop #~(make-kill-destructor)))))
          (simple-service 'more-logs log-rotation-service-type '("/var/log/ext.log"))
          (modify-services %base-services
            (log-rotation-service-type
             config => (log-rotation-configuration
                        (inherit config)
                        (compression 'gzip)
                        (size-threshold 1000)
                        (calendar-event
                         #~(calendar-event
                            #:seconds '(0 3 6 9 12 15 18 21 24 27 30 33 36 39 42 45 48 51 54 57)))))))))
EOF
build "$T/lr.scm"
grep -qs '^log-rotation {' "$STORE"/*-boot-rotbox/boot.conf ||
	fail "boot.conf has no log-rotation section"
iname lr
inside "$N" '
	herd status log-rotation | sed -n "2s/^/status: /p"
	herd files log-rotation | sed "s/^/files: /"
	herd files chatty >/dev/null 2>&1 || echo "files-refused-rc=$?"
	head -c 5000 /dev/zero >/var/log/ext.log
	for k in $(seq 1 40); do logger "filler $k: the system log grows past the threshold"; done
	for k in $(seq 1 100); do
		[ -e /var/log/chatty.log.1.gz ] && [ -e /var/log/ext.log.1.gz ] &&
			[ -e /var/log/messages.1.gz ] && break
		sleep 0.2
	done
	zcat /var/log/messages.1.gz | grep -q "Service chatty has been started" && echo "syslog-rotated"
	logger "after the rotation"
	grep -q "after the rotation" /var/log/messages && echo "syslog-written-anew"
	for k in $(seq 1 100); do
		grep -q "^line 100000$" /var/log/chatty.log && break
		sleep 0.2
	done
	stat -c "owner=%n %U %a" /var/log/chatty.log.1.gz /var/log/chatty.log
	stat -c "ext=%n %s" /var/log/ext.log.1.gz
	[ -e /var/log/ext.log.1 ] || echo "ext-compressed"
	# every line once, in order: the rotated files, oldest first, then the log
	for f in $(ls /var/log/chatty.log.*.gz | sort -t. -k3,3nr); do zcat "$f"; done >/tmp/all
	cat /var/log/chatty.log >>/tmp/all
	seq 1 100000 | sed "s/^/line /" | cmp -s - /tmp/all && echo "no-line-lost"
	echo "lines=$(wc -l </tmp/all)"
	head -c 2000 /dev/zero >>/var/log/chatty.log
	herd rotate-logs >/tmp/rot 2>&1; echo "rotate-rc=$?"
	sed "s/^/manual: /" /tmp/rot
' || fail "boot or checks failed"
expect_out '^status: log-rotation +running ' "the log-rotation timer runs"
expect_out '^files: /var/log/chatty.log$' "herd files log-rotation: a service's log file"
expect_out '^files: /var/log/messages$' "herd files log-rotation: the system log"
expect_out '^files: /var/log/ext.log$' "herd files log-rotation: an external file"
expect_out '^files-refused-rc=1$' "herd files of another service is refused"
expect_out '^owner=/var/log/chatty.log.1.gz nobody 640$' "the compressed log is its service user's"
expect_out '^owner=/var/log/chatty.log nobody 640$' "the new log file is its service user's"
expect_out '^ext=/var/log/ext.log.1.gz [0-9]+$' "the external log file was rotated"
expect_out '^ext-compressed$' "the external log file was compressed"
expect_out '^no-line-lost$' "every line of the service's output, once, in order"
expect_out '^syslog-rotated$' "the system log was rotated and compressed"
expect_out '^syslog-written-anew$' "the system log is written anew after its rotation"
expect_out '^rotate-rc=0$' "herd rotate-logs"
expect_out "^manual: Rotated '/var/log/chatty.log' to '/var/log/chatty.log.1'.$" "herd rotate-logs rotates"
expect_out "^manual: Compressed '/var/log/chatty.log.1' to '/var/log/chatty.log.1.gz'.$" "herd rotate-logs compresses"
check_clean
cat "$T/out"
echo "ok"
