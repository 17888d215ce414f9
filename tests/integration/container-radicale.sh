#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# radicale-service-type end to end: a system whose Radicale (Debian's
# radicale 3.1.8, a python3 program: its closure is the container's) has
# the current Guix's fields: htpasswd authentication with md5 (apr1)
# passwords in /etc/radicale/users (given by an etc-service-type
# extension), no delay after a failed login, the web interface, a header
# of its own, hosts 127.0.0.1:5232, collections in /srv/radicale.  From
# inside, with curl: alice creates a calendar (MKCALENDAR) and an address
# book (MKCOL), PUTs an event, GETs it back, PROPFIND lists it; a wrong
# password and no password get 401; the event is a file in the collections
# folder.  The service runs radicale as radicale with Guix's command line;
# Guix's activation made the folder and /etc/radicale radicale's, 0700.  A
# second system has the older Guix's config-file,
# %default-radicale-config-file (plain passwords in
# /var/lib/radicale/users): a user written there at run time logs in.
# Root, real namespaces, temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages radicale curl

cat >"$T/radicale.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules mail)
(use-package-modules curl dav)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (cons* curl %base-packages))
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (package radicale)
            (auth (radicale-auth-configuration
                   (type 'htpasswd)
                   (htpasswd-encryption 'md5)
                   (delay 0)
                   (realm "gxsys calendar")))
            (headers-file (plain-file "headers" "X-Gxsys-Test = radicale\n"))
            (logging (radicale-logging-configuration (level 'info)))
            (rights (radicale-rights-configuration (type 'owner-only)))
            (server (radicale-server-configuration
                     (hosts '("127.0.0.1:5232"))
                     (max-connections 4)))
            (storage (radicale-storage-configuration
                      (filesystem-folder "/srv/radicale/collections")))
            (web-interface? #t)))
          (simple-service 'radicale-users etc-service-type
                          (list `("radicale/users"
                                  ,(plain-file "users"
                                               "alice:$apr1$abcdefgh$I1uekO6qHY47PTH/qKTev.\n"))))
          %base-services)))
EOF
build "$T/radicale.scm"
grep -F "refuses it" "$T/build.err" && fail "Radicale's loader refused the configuration"
iname radicale
inside "$N" '
	herd status radicale | sed -n "2s/^/status: /p"
	# listening on 127.0.0.1:5232 (1470)
	for _ in $(seq 100); do
		grep -q "0100007F:1470 00000000:0000 0A" /proc/net/tcp && break
		sleep 0.1
	done
	for d in /proc/[0-9]*; do
		case $(tr "\0" " " <"$d/cmdline") in
		"/usr/bin/python3 "*)
			{ tr "\0" " " <"$d/cmdline" && echo; } | sed "s/ $//; s/^/cmdline: /"
			stat -c "process-user: %U" "$d"
			;;
		esac
	done
	stat -c "dir: %n %a %U" /etc/radicale /srv/radicale/collections
	sed -n "1,2s/^/conf: /p" /etc/radicale/config
	U=http://127.0.0.1:5232
	req() { # WHAT CURL-ARGS...: the status, the body
		what=$1
		shift
		code=$(curl -s -o /tmp/body -w "%{http_code}" "$@")
		echo "$what: $code"
		sed "s/^/$what-body: /" /tmp/body
		echo
	}
	req mkcalendar -u alice:pw-of-alice -X MKCALENDAR "$U/alice/cal/"
	req mkcol -u alice:pw-of-alice -X MKCOL -H "Content-Type: application/xml" \
		--data "<?xml version=\"1.0\"?><mkcol xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\"><set><prop><resourcetype><collection/><C:addressbook/></resourcetype></prop></set></mkcol>" \
		"$U/alice/book/"
	printf "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//gxsys//test//EN\r\nBEGIN:VEVENT\r\nUID:gxsys-event-1\r\nDTSTAMP:20260101T100000Z\r\nDTSTART:20260102T100000Z\r\nDTEND:20260102T110000Z\r\nSUMMARY:gxsys meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n" >/tmp/ev.ics
	req put -u alice:pw-of-alice -T /tmp/ev.ics -H "Content-Type: text/calendar" "$U/alice/cal/ev1.ics"
	req get -u alice:pw-of-alice "$U/alice/cal/ev1.ics"
	req propfind -u alice:pw-of-alice -X PROPFIND -H "Depth: 1" "$U/alice/cal/"
	req wrong -u alice:wrong "$U/alice/cal/ev1.ics"
	req anonymous "$U/alice/cal/ev1.ics"
	curl -s -D - -o /dev/null -u alice:pw-of-alice "$U/alice/cal/ev1.ics" | tr -d "\r" |
		sed -n "s/^x-gxsys-test: /header: /Ip"
	curl -s -o /dev/null -w "web: %{http_code}\n" "$U/.web/"
	ls /srv/radicale/collections/collection-root/alice/cal | sed "s/^/stored: /"
' || fail "boot failed"
expect_out '^status: .*running' "the radicale service runs"
expect_out '^cmdline: /usr/bin/python3 /usr/bin/radicale -C /etc/radicale/config$' "radicale runs with Guix's command line"
expect_out '^process-user: radicale$' "radicale runs as radicale"
expect_out '^dir: /etc/radicale 700 radicale$' "Guix's activation makes the password file's directory radicale's, 0700"
expect_out '^dir: /srv/radicale/collections 700 radicale$' "Guix's activation makes the collections folder radicale's, 0700"
expect_out '^conf: \[auth\]$' "/etc/radicale/config is the generated file"
expect_out '^conf: type = htpasswd$' "/etc/radicale/config is Guix's serialization"
expect_out '^mkcalendar: 201$' "alice creates a calendar (MKCALENDAR)"
expect_out '^mkcol: 201$' "alice creates an address book (MKCOL)"
expect_out '^put: 201$' "alice PUTs an event"
expect_out '^get: 200$' "alice GETs the event back"
expect_out '^get-body: SUMMARY:gxsys meeting' "the event is what was PUT"
expect_out '^propfind: 207$' "PROPFIND answers (207)"
expect_out '^propfind-body: .*/alice/cal/ev1\.ics' "PROPFIND lists the event"
expect_out '^wrong: 401$' "a wrong password gets 401"
expect_out '^anonymous: 401$' "no password gets 401"
expect_out '^header: radicale$' "headers-file's header is sent"
expect_out '^web: 200$' "the web interface answers (web-interface? #t)"
expect_out '^stored: ev1\.ics$' "the event is stored in the collections folder"
check_clean

# The older Guix's config-file: %default-radicale-config-file.
cat >"$T/old.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules mail)
(use-package-modules curl)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (cons* curl %base-packages))
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (config-file %default-radicale-config-file)))
          %base-services)))
EOF
cp "$T/out" "$T/out.first"
build "$T/old.scm"
iname radold
inside "$N" '
	stat -c "dir: %n %a %U" /var/lib/radicale
	echo "bob:pw-of-bob" >/var/lib/radicale/users
	for _ in $(seq 100); do
		grep -q "0100007F:1470 00000000:0000 0A" /proc/net/tcp && break
		sleep 0.1
	done
	curl -s -o /dev/null -w "old-mkcalendar: %{http_code}\n" -u bob:pw-of-bob -X MKCALENDAR \
		http://localhost:5232/bob/cal/
	curl -s -o /dev/null -w "old-wrong: %{http_code}\n" -u bob:nope http://localhost:5232/bob/cal/
' || fail "boot of the config-file system failed"
expect_out '^dir: /var/lib/radicale 700 radicale$' "the older Guix's activation: /var/lib/radicale radicale's, 0700"
expect_out '^old-mkcalendar: 201$' "with %default-radicale-config-file, bob creates a calendar"
expect_out '^old-wrong: 401$' "with %default-radicale-config-file, a wrong password gets 401"
check_clean
cat "$T/out.first" "$T/out"
echo "ok"
