#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# inetd-service-type end to end: a system whose inetd (Debian's
# inetutils-inetd for Guix's inetutils) has inetd's internal echo on
# 127.0.0.1 (by its /etc/services name), a TCP service on port 2323 that
# runs a shell script as the declared user alice, and, from an extension
# (simple-service), a UDP "wait" service on port 5555 run by perl as alice,
# which answers one datagram and exits, inetd then listening again.  From
# inside, bash's /dev/tcp and /dev/udp talk to them; the PID file, the
# listening addresses and the generated /etc/inetd.conf are checked.  Root,
# real namespaces, temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages inetutils-inetd perl

cat >"$T/inetd.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules networking)
(use-package-modules perl)
(operating-system
  (host-name "superserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account
                (name "alice")
                (group "users")
                (home-directory "/home/alice"))
               %base-user-accounts))
  (services
   (cons* (service inetd-service-type
           (inetd-configuration
            (entries
             (list (inetd-entry
                    (node "127.0.0.1")
                    (name "echo")
                    (socket-type 'stream)
                    (protocol "tcp")
                    (wait? #f)
                    (user "root")
                    (program "internal"))
                   (inetd-entry
                    (node "127.0.0.1")
                    (name "2323")
                    (socket-type 'stream)
                    (protocol "tcp")
                    (wait? #f)
                    (user "alice")
                    (program "/bin/sh")
                    (arguments
                     (list "sh" (plain-file "hello.sh"
                                            "echo \"hello from $(id -un)\"\n"))))))))
          (simple-service 'pong inetd-service-type
           (list (inetd-entry
                  (node "127.0.0.1")
                  (name "5555")
                  (socket-type 'dgram)
                  (protocol "udp")
                  (user "alice")
                  (program (file-append perl "/bin/perl"))
                  (arguments
                   (list "perl"
                         (plain-file "pong.pl" "open(my $s, '+<&=', 0) or die \"fd 0: $!\";
my $peer = recv($s, my $got, 512, 0) // die \"recv: $!\";
send($s, 'pong ' . getpwuid($<) . \" $got\\n\", 0, $peer) or die \"send: $!\";
"))))))
          %base-services)))
EOF
build "$T/inetd.scm"
iname inetd
inside "$N" '
	herd status inetd | sed -n "2s/^/status: /p"
	sed "s/^/conf: /" /etc/inetd.conf
	pid=$(cat /var/run/inetd.pid) && [ "$(readlink "/proc/$pid/exe")" = /usr/sbin/inetutils-inetd ] &&
		echo "pid-file-ok"
	# listening sockets: local address 127.0.0.1 (0100007F), state 0A (listen)
	awk "\$2 == \"0100007F:0007\" && \$4 == \"0A\" { print \"listen-echo\" }
	     \$2 == \"0100007F:0913\" && \$4 == \"0A\" { print \"listen-2323\" }" /proc/net/tcp
	awk "\$2 == \"0100007F:15B3\" { print \"bound-5555\" }" /proc/net/udp
	exec 3<>/dev/tcp/127.0.0.1/echo && printf "ping over echo\n" >&3 &&
		read -r -t 10 line <&3 && echo "echo: $line"
	exec 3<&-
	exec 4<>/dev/tcp/127.0.0.1/2323 && read -r -t 10 line <&4 && echo "hello: $line"
	exec 4<&-
	for i in 1 2; do
		# one read of a datagram (bash would read it a byte at a time)
		exec 5<>/dev/udp/127.0.0.1/5555 && printf "ping%s" "$i" >&5 &&
			timeout 10 dd bs=512 count=1 status=none <&5 | sed "s/^/udp: /"
		exec 5<&-
	done
	# on that address only: 127.0.0.2, another loopback address, is refused
	(exec 6<>/dev/tcp/127.0.0.2/2323) 2>/dev/null || echo "not-on-other-address"
' || fail "boot failed"
expect_out '^status: inetd +running' "the inetd service runs"
expect_out '^conf: 127\.0\.0\.1:echo stream tcp nowait root internal$' "inetd.conf has Guix's line for internal echo"
expect_out '^conf: 127\.0\.0\.1:2323 stream tcp nowait alice /bin/sh sh /etc/gxsys/files/hello\.sh$' "inetd.conf has the external program's line, its plain-file argument a path"
expect_out '^conf: 127\.0\.0\.1:5555 dgram udp wait alice /usr/bin/perl perl /etc/gxsys/files/pong\.pl$' "the extension's entry comes after the configuration's"
expect_out '^pid-file-ok$' "/var/run/inetd.pid names the running inetutils-inetd (Guix's #:pid-file)"
expect_out '^listen-echo$' "echo listens on 127.0.0.1:7 (its /etc/services name)"
expect_out '^listen-2323$' "the external service listens on 127.0.0.1:2323"
expect_out '^bound-5555$' "the UDP service is bound to 127.0.0.1:5555"
expect_out '^echo: ping over echo$' "inetd's internal echo answers"
expect_out '^hello: hello from alice$' "the external program runs as the declared user alice"
expect_out '^udp: pong alice ping1$' "the wait? #t UDP program answers a datagram, as alice"
expect_out '^udp: pong alice ping2$' "inetd listens again once the wait? #t program has exited"
expect_out '^not-on-other-address$' "an entry with a node listens on that address only"
check_clean
cat "$T/out"
echo "ok"
