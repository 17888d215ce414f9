#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# certbot-service-type end to end, against a local ACME server: pebble
# (Let's Encrypt's test CA) and pebble-challtestsrv (its fake DNS, which
# answers 127.0.0.1 for every name) run as services of the container, on
# its own loopback.  At boot, certbot-self-signed gives nginx self-signed
# certificates; renew-certbot-certificates then gets gxsys.test's from
# pebble through nginx's port-80 webroot (HTTP-01), links it into
# /etc/certs, reloads nginx and runs the deploy hook; "other" (DNS-01 with
# a failing authentication hook) keeps its self-signed certificate, and
# makes the one-shot fail (exit 1) once gxsys.test's is had.  The renewal
# timer, triggered, runs the same command (gxsys.test not yet due).  The
# page over HTTPS is checked against pebble's root, fetched from its
# management API: only the reloaded nginx serves a certificate it trusts.
# Root, real namespaces, temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages certbot pebble curl openssl

# pebble's own TLS certificate (its ACME and management APIs), for
# 127.0.0.1; its configuration; the page nginx serves.
mkdir -p "$T/acme" "$T/www"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
	-keyout "$T/acme/key.pem" -out "$T/acme/cert.pem" >"$T/err" 2>&1 ||
	fail "openssl req (pebble's certificate)"
cat >"$T/acme/pebble.json" <<'EOF'
{
  "pebble": {
    "listenAddress": "127.0.0.1:14000",
    "managementListenAddress": "127.0.0.1:15000",
    "certificate": "/acme/cert.pem",
    "privateKey": "/acme/key.pem",
    "httpPort": 80,
    "tlsPort": 443,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF
echo "hello from certbox" >"$T/www/index.html"

# pebble's service: its certificate joins the system's CA bundle (which
# certbot's requests reads) as a new file, replacing the bundle (a symlink
# to the read-only system etc where /etc is no overlay); pebble then runs
# in the background and the service is up (its PID file written) once its
# directory answers, so certbot never finds it not yet listening.
cat >"$T/cb.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules certbot web shepherd)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (append (map specification->package '("pebble" "curl" "openssl"))
                    %base-packages))
  (services
   (cons* (service nginx-service-type
           (nginx-configuration
            (shepherd-requirement '(pebble))
            (server-blocks
             (list (nginx-server-configuration
                    (server-name '("gxsys.test"))
                    (listen '("443 ssl"))
                    (root "/srv/www")
                    (ssl-certificate "/etc/certs/gxsys.test/fullchain.pem")
                    (ssl-certificate-key "/etc/certs/gxsys.test/privkey.pem"))))))
          (service certbot-service-type
           (certbot-configuration
            (email "admin@gxsys.test")
            (server "https://127.0.0.1:14000/dir")
            (rsa-key-size 2048)
            (certificates
             (list (certificate-configuration
                    (domains '("gxsys.test" "www.gxsys.test"))
                    (deploy-hook "echo deployed >/var/log/deploy-hook.log"))
                   (certificate-configuration
                    (name "other")
                    (domains '("other.test"))
                    (challenge "dns-01")
                    (authentication-hook "/bin/false"))))))
          (simple-service 'acme-test shepherd-root-service-type
           (list (shepherd-service
                  (provision '(challtestsrv))
                  (requirement '(loopback))
                  (start #~(make-forkexec-constructor
                            (list "/usr/bin/pebble-challtestsrv"
                                  "-defaultIPv4=127.0.0.1" "-defaultIPv6="
                                  "-dns01=127.0.0.1:8053" "-http01=" "-https01="
                                  "-tlsalpn01=" "-management=127.0.0.1:8055")))
                  (stop #~(make-kill-destructor)))
                 (shepherd-service
                  (provision '(pebble))
                  (requirement '(challtestsrv))
                  (start #~(make-forkexec-constructor
                            (list "/bin/sh" "-c"
                                  "cat /etc/ssl/certs/ca-certificates.crt /acme/cert.pem >/etc/ssl/certs/acme.tmp &&
                                   mv -f /etc/ssl/certs/acme.tmp /etc/ssl/certs/ca-certificates.crt || exit 1
                                   /usr/bin/pebble -config /acme/pebble.json -dnsserver 127.0.0.1:8053 &
                                   p=$!
                                   i=0
                                   until curl -sfo /dev/null --cacert /acme/cert.pem https://127.0.0.1:14000/dir; do
                                     i=$((i + 1)); [ $i -lt 200 ] || exit 1; sleep 0.1
                                   done
                                   echo $p >/run/pebble.pid.tmp && mv /run/pebble.pid.tmp /run/pebble.pid")
                            #:pid-file "/run/pebble.pid"
                            #:environment-variables
                            '("PEBBLE_VA_NOSLEEP=1" "PEBBLE_WFE_NONCEREJECT=0"
                              "PATH=/usr/bin:/bin")))
                  (stop #~(make-kill-destructor)))))
          %base-services)))
EOF
build "$T/cb.scm" --expose="$T/acme=/acme" --expose="$T/www=/srv/www"
iname cb
inside "$N" '
	# the boot-time renewal is a one-shot: wait for it to end (it retries
	# a connection error every 10 s); it fails, other failing, after
	# gxsys.test is acquired
	for i in $(seq 600); do
		case $(herd status renew-certbot-certificates | awk "\$1 == \"renew-certbot-certificates\" { print \$2 }") in
		done | failed | stopped) break ;;
		esac
		sleep 0.1
	done
	[ -x /etc/gxsys/certbot/certbot-command ] && echo "command-ok"
	herd status | grep -E "^(challtestsrv|pebble|nginx|certbot-self-signed|renew-certbot-certificates|certbot-certificate-renewal) " |
		sed "s/^/status: /"
	echo "link=$(readlink /etc/certs/gxsys.test/fullchain.pem)"
	echo "key-link=$(readlink /etc/certs/gxsys.test/privkey.pem)"
	openssl x509 -noout -issuer -in /etc/certs/gxsys.test/fullchain.pem | sed "s/^/acme-/"
	openssl x509 -noout -ext subjectAltName -in /etc/certs/gxsys.test/fullchain.pem |
		tr -d " " | sed -n "s/^DNS:/acme-san: DNS:/p"
	curl -sf --cacert /acme/cert.pem https://127.0.0.1:15000/roots/0 >/tmp/root.pem
	echo "root-rc=$? $(openssl x509 -noout -subject -in /tmp/root.pem 2>&1)"
	curl -sS --cacert /tmp/root.pem --resolve gxsys.test:443:127.0.0.1 https://gxsys.test/ 2>&1 |
		sed "s/^/https: /"
	sed "s/^/hook: /" /var/log/deploy-hook.log
	curl -sI --resolve gxsys.test:80:127.0.0.1 http://gxsys.test/x | tr -d "\r" |
		sed -n -e "1s/^/redirect: /p" -e "s/^[Ll]ocation: /redirect-to: /p"
	curl -sI --resolve www.gxsys.test:80:127.0.0.1 http://www.gxsys.test/y | tr -d "\r" |
		sed -n "s/^[Ll]ocation: /www-redirect-to: /p"
	[ -f /etc/certs/other/fullchain.pem ] && [ ! -L /etc/certs/other/fullchain.pem ] &&
		echo "other-regular"
	[ -f /etc/certs/other/privkey.pem ] && echo "other-key"
	[ -e /etc/letsencrypt/live/other ] || echo "other-not-issued"
	openssl x509 -noout -subject -in /etc/certs/other/fullchain.pem | sed "s/^/other-/"
	openssl x509 -noout -issuer -in /etc/certs/other/fullchain.pem | sed "s/^/other-/"
	herd status renew-certbot-certificates >/dev/null; echo "status-renew-rc=$?"
	herd status certbot-certificate-renewal >/dev/null; echo "status-timer-rc=$?"
	herd schedule certbot-certificate-renewal | sed "1d; s/^ */schedule: /"
	grep -q "Acquiring or renewing certificate: gxsys.test" /var/log/messages &&
		echo "messages-acquiring"
	grep -q "Acquiring or renewing certificate: other" /var/log/messages &&
		echo "messages-acquiring-other"
	# the timer runs the same command: gxsys.test is not due for renewal
	herd trigger certbot-certificate-renewal; echo "trigger-rc=$?"
	for i in $(seq 600); do
		[ "$(grep -c "Acquiring or renewing certificate: other" /var/log/messages)" -ge 2 ] && break
		sleep 0.1
	done
	echo "timer-acquiring=$(grep -c "Acquiring or renewing certificate: gxsys.test" /var/log/messages)"
	echo "timer-link=$(readlink /etc/certs/gxsys.test/fullchain.pem)"
	grep -q "certbot-certificate-renewal.*Certificate not yet due for renewal" /var/log/messages &&
		echo "timer-not-due"
' --expose="$T/acme=/acme" --expose="$T/www=/srv/www" || fail "boot or checks failed"
expect_out '^command-ok$' "/etc/gxsys/certbot/certbot-command is there"
expect_out '^status: challtestsrv +running ' "pebble-challtestsrv runs"
expect_out '^status: pebble +running ' "pebble runs"
expect_out '^status: nginx +running ' "nginx runs"
expect_out '^status: certbot-self-signed +done ' "certbot-self-signed is done"
expect_out '^status: renew-certbot-certificates +failed ' \
	"the boot-time renewal fails (exit 1) when a certificate (other) cannot be had"
expect_out '^status: certbot-certificate-renewal +running ' "the renewal timer runs"
expect_out '^link=/etc/letsencrypt/live/gxsys.test/fullchain.pem$' \
	"/etc/certs/gxsys.test/fullchain.pem links to certbot's live certificate"
expect_out '^key-link=/etc/letsencrypt/live/gxsys.test/privkey.pem$' \
	"/etc/certs/gxsys.test/privkey.pem links to certbot's live key"
expect_out '^acme-issuer=.*Pebble Intermediate CA' "gxsys.test's certificate is pebble's"
expect_out '^acme-san: DNS:gxsys.test,DNS:www.gxsys.test$|^acme-san: DNS:www.gxsys.test,DNS:gxsys.test$' \
	"gxsys.test's certificate names both domains"
expect_out '^root-rc=0 subject=.*Pebble Root CA' "pebble's root from its management API"
expect_out '^https: hello from certbox$' \
	"nginx, reloaded, serves the page with the ACME certificate (verified against pebble's root)"
expect_out '^hook: deployed$' "the user's deploy hook ran"
expect_out '^redirect: HTTP/[0-9.]+ 301 ' "port 80 redirects"
expect_out '^redirect-to: https://gxsys.test/x$' "port 80 redirects to https, same host and URI"
expect_out '^www-redirect-to: https://www.gxsys.test/y$' "port 80 redirects the other domain too"
expect_out '^other-regular$' "other's fullchain.pem is a regular file (no ACME certificate)"
expect_out '^other-key$' "other has a self-signed key"
expect_out '^other-not-issued$' "other got no ACME certificate (its authentication hook fails)"
expect_out '^other-subject=C ?= ?US, ?ST ?= ?Oregon, ?L ?= ?Portland, ?O ?= ?Company Name, ?OU ?= ?Org, ?CN ?= ?other.test$' \
	"other's self-signed certificate, Guix's subject"
expect_out '^other-issuer=C ?= ?US, ?ST ?= ?Oregon, ?L ?= ?Portland, ?O ?= ?Company Name, ?OU ?= ?Org, ?CN ?= ?other.test$' \
	"other's certificate is self-signed"
expect_out '^status-renew-rc=0$' "herd status renew-certbot-certificates"
expect_out '^status-timer-rc=0$' "herd status certbot-certificate-renewal"
[ "$(grep -c '^schedule: ' "$T/out")" = 10 ] || fail "herd schedule: not ten runs"
if grep '^schedule: ' "$T/out" | grep -Ev '^schedule: [0-9]{4}-[0-9]{2}-[0-9]{2} (00|12):22:00( |$)' >/dev/null; then
	fail "the renewal timer runs at other times than 00:22 and 12:22"
fi
expect_out '^messages-acquiring$' "the system log says gxsys.test's certificate was acquired"
expect_out '^messages-acquiring-other$' "the system log says other's certificate was tried"
expect_out '^Timer certbot-certificate-renewal triggered: process [0-9]+\.$' "herd trigger certbot-certificate-renewal"
expect_out '^trigger-rc=0$' "herd trigger's exit status"
expect_out '^timer-acquiring=2$' "the renewal timer ran the certbot command"
expect_out '^timer-not-due$' "the renewal timer's certbot found gxsys.test not due"
expect_out '^timer-link=/etc/letsencrypt/live/gxsys.test/fullchain.pem$' \
	"the certificate's link is kept after the timer's run"
check_clean
cat "$T/out"
echo "ok"
