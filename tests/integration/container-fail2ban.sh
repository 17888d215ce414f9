#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# fail2ban-service-type end to end: a system with OpenSSH whose type is
# (fail2ban-jail-service openssh-service-type JAIL), the jail sshd (Debian's
# sshd filter) on /var/log/messages, where gxsys-init's syslog puts sshd's
# lines, max-retry 3; and an extra jail "app" (Debian's apache-auth filter
# would need Apache's format: a filter of its own is added through
# etc-service-type as filter.d/gxapp.conf) on a log file the test writes:
# fail2ban fails at boot, the file missing (as on Guix), and is restarted
# once the test made it.
# From inside: ssh as a user that does not exist, from 127.0.0.2, fails
# four times (sshd logs "Invalid user"); fail2ban-client status sshd lists
# 127.0.0.2 banned, the container's own iptables has the f2b-sshd rule
# rejecting it, sshd is no longer reached from 127.0.0.2 but is from
# 127.0.0.3, which failed once and is not banned; four lines for 10.7.7.7
# in the app log ban it in the "app" jail, one line for 10.8.8.8 does not.
# The host's firewall never gets an f2b- chain; booted on the host's
# network (-N), fail2ban is not started.  Root, real namespaces,
# temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages fail2ban iptables openssh-server openssh-client

host_rules() {
	{ iptables -S 2>/dev/null; iptables-legacy -S 2>/dev/null; } | grep -c 'f2b-' || true
}
before=$(host_rules)

cat >"$T/fail2ban.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules security ssh)
(operating-system
  (host-name "guard")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service (fail2ban-jail-service
                    openssh-service-type
                    (fail2ban-jail-configuration
                     (name "sshd")
                     (max-retry 3)
                     (find-time "10m")
                     (ban-time "1h")
                     (log-path '("/var/log/messages"))))
                   (openssh-configuration
                    (password-authentication? #f)))
          (service fail2ban-service-type
                   (fail2ban-configuration
                    (extra-jails
                     (list (fail2ban-jail-configuration
                            (name "app")
                            (filter (fail2ban-jail-filter-configuration
                                     (name "gxapp")))
                            (max-retry 3)
                            (backend 'polling)
                            (log-path '("/var/log/app.log"))
                            (action (list (fail2ban-jail-action-configuration
                                           (name "iptables-allports")
                                           (arguments '(("name" . "app")))))))))))
          (simple-service 'gxapp-filter etc-service-type
                          `(("fail2ban/filter.d/gxapp.conf"
                             ,(plain-file "gxapp.conf" "[Definition]
failregex = ^ login failed for \\S+ from <HOST>$
"))))
          %base-services)))
EOF
build "$T/fail2ban.scm"
grep -F "fail2ban-client" "$T/build.err" && fail "fail2ban-client --test refused the configuration"
iname fail2ban
inside "$N" '
	herd status fail2ban | sed -n "2s/^/boot-status: /p"
	# The app log is the test'"'"'s: fail2ban refuses a jail without its
	# file, so the service is restarted once it is there.
	: >/var/log/app.log
	herd restart fail2ban >/dev/null 2>&1 || herd start fail2ban >/dev/null 2>&1
	herd status fail2ban | sed -n "2s/^/status: /p"
	grep -E "ERROR|CRITICAL" /var/log/fail2ban.log | sed "s/^/f2b-log: /"
	# the server, whose PID is in the PID file (the starting process
	# may still be exiting)
	p=$(cat /var/run/fail2ban/fail2ban.pid)
	{ tr "\0" " " <"/proc/$p/cmdline" && echo; } | sed "s/ $//; s/^/cmdline: /"
	sed "s/^/jail: /" /etc/fail2ban/jail.local
	for i in $(seq 50); do
		fail2ban-client ping >/dev/null 2>&1 && break
		sleep 0.2
	done
	fail2ban-client status | sed "s/^/jails: /"
	# sshd listens?
	for i in $(seq 100); do
		grep -q ":0016 00000000:0000 0A" /proc/net/tcp && break
		sleep 0.2
	done
	try() { # FROM
		ssh -b "$1" -o BatchMode=yes -o StrictHostKeyChecking=no \
			-o UserKnownHostsFile=/dev/null -o ConnectTimeout=3 \
			-o LogLevel=ERROR nosuchuser@127.0.0.1 true 2>&1 | head -n 1
	}
	try 127.0.0.3 | sed "s/^/once-3: /"
	for i in 1 2 3 4; do try 127.0.0.2 | sed "s/^/try-2: /"; done
	for i in $(seq 100); do
		fail2ban-client status sshd | grep -q "127.0.0.2" && break
		sleep 0.2
	done
	fail2ban-client status sshd | sed "s/^/sshd: /"
	try 127.0.0.2 | sed "s/^/after-2: /"
	try 127.0.0.3 | sed "s/^/after-3: /"
	for i in 1 2 3 4; do
		echo "$(date "+%Y-%m-%d %H:%M:%S") login failed for bob from 10.7.7.7" >>/var/log/app.log
	done
	echo "$(date "+%Y-%m-%d %H:%M:%S") login failed for bob from 10.8.8.8" >>/var/log/app.log
	for i in $(seq 100); do
		fail2ban-client status app | grep -q "10.7.7.7" && break
		sleep 0.2
	done
	fail2ban-client status app | sed "s/^/app: /"
	iptables -S | sed "s/^/rules: /"
	grep -c "Invalid user nosuchuser from 127.0.0.2" /var/log/messages | sed "s/^/invalid-2: /"
' || fail "boot failed"
expect_out '^status: fail2ban +running' "the fail2ban service runs"
expect_out '^boot-status: fail2ban +failed' "fail2ban fails at boot without its app log"
expect_out '^cmdline: /usr/bin/python3 /usr/bin/fail2ban-server -c /etc/fail2ban -p /var/run/fail2ban/fail2ban\.pid -s /var/run/fail2ban/fail2ban\.sock -b start$' "fail2ban-server runs with Guix's options"
expect_out '^jail: \[sshd\]$' "jail.local has the jail of fail2ban-jail-service"
expect_out '^jail: maxretry = 3$' "jail.local has max-retry"
expect_out '^jail: filter = gxapp$' "jail.local has the app jail's filter"
expect_out '^jails: .*Jail list:.*sshd' "the sshd jail is started"
expect_out '^jails: .*Jail list:.*app' "the app jail is started"
grep -q '^jails: .*Jail list:.*[[:space:],]sshd.*,.*sshd' "$T/out" && fail "Debian's own sshd jail also runs"
expect_out '^invalid-2: [3-9]$' "sshd logged the failures from 127.0.0.2 (the fourth may come after the ban)"
expect_out '^sshd: .*Banned IP list:.*127\.0\.0\.2' "fail2ban-client status sshd lists 127.0.0.2 banned"
grep -q '^sshd: .*Banned IP list:.*127\.0\.0\.3' "$T/out" && fail "127.0.0.3 (one failure) was banned"
expect_out '^rules: -A f2b-sshd -s 127\.0\.0\.2/32 -j REJECT' "the container's iptables rejects 127.0.0.2"
expect_out '^rules: -A INPUT -p tcp -m multiport --dports 22 -j f2b-sshd$' "the f2b-sshd chain guards port 22"
grep -q '^rules: .*127\.0\.0\.3' "$T/out" && fail "a rule names 127.0.0.3"
expect_out '^after-2: .*(refused|Connection closed|timed out|unreachable)' "sshd is not reached from the banned 127.0.0.2"
grep -q '^after-3: .*(refused|timed out|unreachable)' "$T/out" && fail "127.0.0.3 is refused too"
expect_out '^after-3: .*Permission denied' "sshd is still reached from 127.0.0.3"
expect_out '^app: .*Banned IP list:.*10\.7\.7\.7' "the app jail bans 10.7.7.7"
grep -q '^app: .*Banned IP list:.*10\.8\.8\.8' "$T/out" && fail "10.8.8.8 (one failure) was banned"
expect_out '^rules: -A f2b-app -s 10\.7\.7\.7/32 -j REJECT' "the allports action rejects 10.7.7.7"
after=$(host_rules)
[ "$after" = "$before" ] || fail "the host's firewall changed: f2b- rules $before before, $after after"
cp "$T/out" "$T/out.first"

# On the host's network (-N) fail2ban is not started: its bans would be
# the host's firewall rules.
iname hostnet
inside "$N" '
	herd status fail2ban | sed -n "2s/^/hostnet: /p"
	grep -F "Service fail2ban" /var/log/messages | sed "s/^/hostnet-log: /"
	[ -e /var/run/fail2ban/fail2ban.sock ] && echo "hostnet-socket"
	true
' -N || fail "boot with -N failed"
expect_out '^hostnet-log: .*Service fail2ban: not started: it acts on the network namespace it runs in' "fail2ban is not started on the host's network"
grep -q '^hostnet: fail2ban +running' "$T/out" && fail "fail2ban runs on the host's network"
grep -q '^hostnet-socket$' "$T/out" && fail "fail2ban-server started on the host's network"
[ "$(host_rules)" = "$before" ] || fail "the host's firewall changed with -N"
check_clean
cat "$T/out.first" "$T/out"
echo "ok"
