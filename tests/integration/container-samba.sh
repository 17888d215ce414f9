#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# samba-service-type end to end: a system whose Samba (Debian's samba and
# winbind for Guix's samba) has a config-file (a plain-file) with a
# standalone server on the loopback interface, a guest-writable share
# [public] on /srv/public and [homes]; the declared user alice gets her
# Samba password at boot (smbpasswd -a, from inside: /var is a tmpfs, so
# passdb.tdb is new at each boot).  From inside, smbclient (which the
# catalog's samba brings) lists the shares, writes a file into [public] as
# a guest and into alice's home as alice, and a wrong password is refused;
# the three daemons run (Guix's enable-smbd?, enable-nmbd? and
# enable-winbindd? default to #t) with Guix's command lines.  Root, real
# namespaces, temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages samba smbclient winbind

cat >"$T/samba.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules samba)
(operating-system
  (host-name "fileserver")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account
                (name "alice")
                (group "users")
                (home-directory "/home/alice"))
               %base-user-accounts))
  (services
   (cons* (service samba-service-type
           (samba-configuration
            (config-file
             (plain-file "smb.conf" "[global]
  workgroup = WORKGROUP
  server role = standalone server
  map to guest = Bad User
  smb ports = 445
  interfaces = lo
  bind interfaces only = yes
  passdb backend = tdbsam

[public]
  path = /srv/public
  writable = yes
  guest ok = yes

[homes]
  browseable = no
  read only = no
  valid users = %S
"))))
          %base-services)))
EOF
build "$T/samba.scm"
grep -F "testparm" "$T/build.err" && fail "testparm refused the configuration"
iname samba
inside "$N" '
	for s in samba-smbd samba-nmbd samba-winbindd; do
		herd status "$s" | sed -n "2s/^/status: /p"
	done
	herd status samba-samba >/dev/null 2>&1 || echo "no-samba-samba"
	for p in smbd nmbd winbindd; do
		for d in /proc/[0-9]*; do
			[ "$(readlink "$d/exe")" = "/usr/sbin/$p" ] &&
				[ "$(cat "$d/stat" | cut -d" " -f4)" = 1 ] &&
				{ tr "\0" " " <"$d/cmdline" && echo; } | sed "s/ $//; s/^/cmdline: /"
		done
	done
	stat -c "private: %a %U" /var/lib/samba/private
	sed -n "1,3s/^/conf: /p" /etc/samba/smb.conf
	mkdir -p /srv/public && chmod 1777 /srv/public
	printf "pw-of-alice\npw-of-alice\n" | smbpasswd -s -a alice >/dev/null && echo "smbpasswd-ok"
	# smbd is started; wait until it listens on 127.0.0.1:445 (01BD)
	for i in $(seq 100); do
		grep -q "0100007F:01BD 00000000:0000 0A" /proc/net/tcp && break
		sleep 0.2
	done
	smbclient -L //127.0.0.1 -N 2>&1 | sed "s/^/list: /"
	echo "guest data" >/tmp/guest.txt
	(cd /tmp && smbclient //127.0.0.1/public -N -c "put guest.txt; ls") 2>&1 | sed "s/^/public: /"
	stat -c "public-file: %n %U" /srv/public/guest.txt && cat /srv/public/guest.txt
	echo "alice data" >/tmp/alice.txt
	(cd /tmp && smbclient //127.0.0.1/alice -U "alice%pw-of-alice" -c "put alice.txt; ls") 2>&1 |
		sed "s/^/alice: /"
	stat -c "alice-file: %n %U" /home/alice/alice.txt
	smbclient //127.0.0.1/alice -U "alice%wrong" -c ls 2>&1 | sed "s/^/wrong: /"
' || fail "boot failed"
expect_out '^status: samba-smbd +running' "the samba-smbd service runs"
expect_out '^status: samba-nmbd +running' "the samba-nmbd service runs (enable-nmbd? #t)"
expect_out '^status: samba-winbindd +running' "the samba-winbindd service runs (enable-winbindd? #t)"
expect_out '^no-samba-samba$' "no samba-samba service (enable-samba? #f)"
expect_out '^cmdline: /usr/sbin/smbd --configfile=/etc/samba/smb\.conf --foreground --no-process-group$' "smbd runs with Guix's options"
expect_out '^cmdline: /usr/sbin/nmbd --configfile=/etc/samba/smb\.conf --foreground --no-process-group$' "nmbd runs with Guix's options"
expect_out '^cmdline: /usr/sbin/winbindd --configfile=/etc/samba/smb\.conf --foreground --no-process-group$' "winbindd runs with Guix's options"
expect_out '^private: 700 root$' "/var/lib/samba/private is root's, 0700 (Guix's activation)"
expect_out '^conf: \[global\]$' "/etc/samba/smb.conf is the config file"
expect_out '^conf:   server role = standalone server$' "/etc/samba/smb.conf is the config file, as it is"
expect_out '^smbpasswd-ok$' "smbpasswd adds alice"
expect_out '^list:[[:space:]]+public[[:space:]]+Disk' "smbclient -L lists the public share"
expect_out '^list:[[:space:]]+IPC\$[[:space:]]+IPC' "smbclient -L lists IPC\$"
expect_out '^public:[[:space:]]+guest\.txt[[:space:]]+A[[:space:]]+11 ' "a guest writes into [public]"
expect_out '^public-file: /srv/public/guest\.txt nobody$' "the guest's file is in /srv/public, nobody's"
expect_out '^guest data$' "the guest's file has what was sent"
expect_out '^alice:[[:space:]]+alice\.txt[[:space:]]+A[[:space:]]+11 ' "alice, with her password, writes into her home share"
expect_out '^alice-file: /home/alice/alice\.txt alice$' "alice's file is in her home, hers"
expect_out '^wrong: .*NT_STATUS_LOGON_FAILURE' "a wrong password is refused"
check_clean
cat "$T/out"
echo "ok"
