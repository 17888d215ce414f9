#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# dovecot-service-type end to end.  First a dovecot-configuration with
# Guix's defaults but mail-location (maildir:~/Maildir): the default passdb
# (gxsys's "shadow": the system's accounts, no PAM), alice declared with a
# crypt hash.  At boot the one-shot dovecot-setup makes the self-signed
# certificate (Guix's activation) and `dovecot -F` runs; from inside, with
# curl over IMAP on 127.0.0.1: alice lists her mailboxes, a message put into
# her Maildir is in INBOX (EXAMINE) and read back (FETCH), a second one is
# APPENDed and read back, STARTTLS on 143 and imaps on 993 work with the
# certificate, and a wrong password is refused.  Then an
# opaque-dovecot-configuration (dovecot.conf as text) whose passdb is a
# passwd-file (/etc/dovecot/users, from an etc-service-type extension):
# bob logs in with its password, alice with hers does not.  Root, real
# namespaces, temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages dovecot-core dovecot-imapd dovecot-pop3d curl openssl

# os SERVICE: a system with alice and bob, curl, and SERVICE.
os() {
	cat <<EOF
(use-modules (gnu))
(use-service-modules mail)
(use-package-modules curl)
(operating-system
  (host-name "mailhost")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons* (user-account
                 (name "alice")
                 (group "users")
                 (password (crypt "alice-pw" "\$6\$gxsysdovecot"))
                 (home-directory "/home/alice"))
                (user-account
                 (name "bob")
                 (group "users")
                 (home-directory "/home/bob"))
                %base-user-accounts))
  (packages (cons curl %base-packages))
  (services
   (cons* $1
          %base-services)))
EOF
}

os '(service dovecot-service-type
           (dovecot-configuration
            (mail-location "maildir:~/Maildir")))' >"$T/dovecot.scm"
build "$T/dovecot.scm"
iname dovecot
inside "$N" '
	herd status dovecot-setup | sed -n "2s/^/setup: /p"
	herd status dovecot | sed -n "2s/^/status: /p"
	grep -E "^(passdb|driver|mail_location|ssl)" /etc/dovecot/dovecot.conf | sed "s/^/conf: /"
	stat -c "cert %U %a" /etc/dovecot/default.pem
	stat -c "key %U %a" /etc/dovecot/private/default.pem
	openssl x509 -in /etc/dovecot/default.pem -noout -subject | sed "s/^/cert-/"
	# a message delivered into alice'"'"'s Maildir
	install -d -o alice -g users -m 700 /home/alice/Maildir \
		/home/alice/Maildir/new /home/alice/Maildir/cur /home/alice/Maildir/tmp
	printf "From: bob@mailhost\r\nTo: alice@mailhost\r\nSubject: first\r\n\r\nhello alice\r\n" \
		>/home/alice/Maildir/new/1000000000.M1P1.mailhost
	chown alice:users /home/alice/Maildir/new/1000000000.M1P1.mailhost
	imap() { curl -sS --max-time 20 "$@"; }
	imap -u alice:alice-pw imap://127.0.0.1/ | tr -d "\r" | sed "s/^/list: /"
	imap -u alice:alice-pw -X "EXAMINE INBOX" imap://127.0.0.1/ | tr -d "\r" |
		sed "s/^/examine: /"
	imap -u alice:alice-pw "imap://127.0.0.1/INBOX;UID=1" | tr -d "\r" | sed "s/^/fetch1: /"
	printf "From: alice@mailhost\r\nSubject: second\r\n\r\nappended by curl\r\n" >/tmp/m2
	imap -u alice:alice-pw -T /tmp/m2 imap://127.0.0.1/INBOX && echo "appended"
	imap -u alice:alice-pw "imap://127.0.0.1/INBOX;MAILINDEX=2" | tr -d "\r" |
		sed "s/^/fetch2: /"
	imap -u alice:alice-pw --ssl-reqd -k imap://127.0.0.1/ | tr -d "\r" | sed "s/^/starttls: /"
	imap -u alice:alice-pw -k imaps://127.0.0.1/ | tr -d "\r" | sed "s/^/imaps: /"
	imap -u alice:wrong imap://127.0.0.1/ >/dev/null 2>&1
	echo "wrong-password-rc=$?"
	imap -u bob:alice-pw imap://127.0.0.1/ >/dev/null 2>&1
	echo "no-password-rc=$?"
	find /home/alice/Maildir/cur /home/alice/Maildir/new -type f | wc -l | sed "s/^/messages: /"
	stat -c "maildir-owner %U" /home/alice/Maildir/cur
' || fail "boot failed"
expect_out '^setup: .*(done|stopped)' "the one-shot dovecot-setup ran"
expect_out '^status: dovecot +running' "the dovecot service runs"
expect_out '^conf: driver=shadow$' "the default passdb driver is shadow (no PAM)"
expect_out '^conf: mail_location=maildir:~/Maildir$' "mail-location is serialized"
expect_out '^conf: ssl=required$' "Guix's default ssl? is serialized"
expect_out '^cert root 444$' "the certificate is made, 0444"
expect_out '^key root 400$' "its key is made, 0400"
expect_out '^cert-subject=CN ?= ?Dovecot service on mailhost, O ?= ?Guix' "the certificate's subject is Guix's"
expect_out '^list: \* LIST .* INBOX$' "alice lists her mailboxes"
expect_out '^examine: \* 1 EXISTS$' "EXAMINE INBOX sees the delivered message"
expect_out '^fetch1: hello alice$' "FETCH reads the delivered message"
expect_out '^appended$' "APPEND stores a message"
expect_out '^fetch2: appended by curl$' "the appended message is read back"
expect_out '^starttls: \* LIST .* INBOX$' "STARTTLS works with the self-signed certificate"
expect_out '^imaps: \* LIST .* INBOX$' "imaps on 993 works"
expect_out '^wrong-password-rc=67$' "a wrong password is refused (curl: login denied)"
expect_out '^no-password-rc=67$' "an account without that password is refused"
expect_out '^messages: 2$' "both messages are in the Maildir"
expect_out '^maildir-owner alice$' "the mail process runs as alice"
check_clean

# opaque-dovecot-configuration: dovecot.conf as given; a passwd-file passdb.
os '(service dovecot-service-type
           (opaque-dovecot-configuration
            (string "protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u /etc/dovecot/users
}
userdb {
  driver = passwd
}
")))
          (simple-service (quote dovecot-users) etc-service-type
                          (list (list "dovecot/users"
                                      (plain-file "users" "bob:{PLAIN}bob-pw\n"))))' >"$T/opaque.scm"
build "$T/opaque.scm"
iname opaque
inside "$N" '
	herd status dovecot | sed -n "2s/^/status: /p"
	head -n 2 /etc/dovecot/dovecot.conf | sed "s/^/conf: /"
	curl -sS --max-time 20 -u bob:bob-pw imap://127.0.0.1/ | tr -d "\r" | sed "s/^/bob: /"
	curl -sS --max-time 20 -u alice:alice-pw imap://127.0.0.1/ >/dev/null 2>&1
	echo "alice-rc=$?"
' || fail "opaque boot failed"
expect_out '^status: dovecot +running' "dovecot runs with an opaque configuration"
expect_out '^conf: protocols = imap$' "the opaque string is dovecot.conf, as it is"
expect_out '^conf: listen = 127\.0\.0\.1$' "the opaque string is dovecot.conf, as it is"
expect_out '^bob: \* LIST .* INBOX$' "bob logs in with the passwd-file's password"
expect_out '^alice-rc=67$' "alice, not in the passwd-file, is refused"
check_clean
cat "$T/out"
echo "ok"
