#!/bin/sh
# The configuration files the service types generate are accepted by the
# real programs: nginx -t on each nginx.conf, sshd -t on each sshd_config
# mariadbd --help --verbose (which refuses an unknown option or a line it
# cannot read) on each /etc/mysql/mysqld.cnf, tor --verify-config on each
# /etc/tor/torrc, unbound-checkconf on each /etc/unbound/unbound.conf,
# apache2 -t on each /etc/httpd/httpd.conf, smtpd -n on each
# /etc/smtpd.conf (with its /etc/aliases), doveconf -n on each
# /etc/dovecot/dovecot.conf, cgit.cgi on each /etc/cgitrc
# (which has no checker: its index page must list every repository the
# file declares, and one in scan-path, which it does only when it read the
# file to its end) and dbus-daemon on each /etc/dbus-1/system-local.conf
# (a scratch bus whose configuration includes it must start), mcron
# --schedule on each mcron job file (/etc/gxsys/files/mcron-job*), after
# the prologue Guix's own check puts first (getpw gives the current user,
# whatever #:user a job names; the jobs' schedules are computed, their
# actions not run), and, as root, nft --check on each nftables ruleset, in
# a network namespace of its own (the kernel checks the transaction, then
# drops it), testparm on each /etc/samba/smb.conf (its state directories
# moved, an unknown parameter refused), radicale --verify-storage and
# Radicale's own loader (its auth, rights and web plugins loaded, its
# encodings looked up) on each /etc/radicale/config, prosodyctl check
# config on each /etc/prosody/prosody.cfg.lua, knotc conf-check on each
# /etc/knot/knot.conf (with the files it includes), fail2ban-client --test
# on each /etc/fail2ban/jail.local over the host's /etc/fail2ban (Debian's
# filters and actions, which the system has; its log files made, moved),
# that `gxsys describe` shows for examples/ and tests/golden/describe/.
# In-container paths are moved under a temporary directory first.  Skips
# (77) when none of nginx, sshd, mariadbd, tor, unbound-checkconf, apache2,
# smtpd, doveconf, cgit, dbus-daemon, mcron, nft, testparm, radicale,
# prosodyctl, knotc and fail2ban-client is installed.
set -u
SRC=${GXSYS_SRC:-$(pwd)}
GXSYS=${GXSYS_BUILD:-$SRC/build}/gxsys
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
SSHD=/usr/sbin/sshd
MARIADBD=/usr/sbin/mariadbd
TOR=/usr/bin/tor
CHECKCONF=/usr/sbin/unbound-checkconf
APACHE2=/usr/sbin/apache2
SMTPD=/usr/sbin/smtpd
DOVECONF=/usr/bin/doveconf
CGIT=/usr/lib/cgit/cgit.cgi
DBUS_DAEMON=/usr/bin/dbus-daemon
MCRON=/usr/bin/mcron
NFT=/usr/sbin/nft
TESTPARM=/usr/bin/testparm
RADICALE=/usr/bin/radicale
PROSODYCTL=/usr/bin/prosodyctl
KNOTC=/usr/sbin/knotc
F2B=/usr/bin/fail2ban-client
if [ ! -x "$NGINX" ] && [ ! -x "$SSHD" ] && [ ! -x "$MARIADBD" ] && [ ! -x "$TOR" ] &&
	[ ! -x "$CHECKCONF" ] && [ ! -x "$APACHE2" ] && [ ! -x "$SMTPD" ] &&
	[ ! -x "$DOVECONF" ] && [ ! -x "$CGIT" ] &&
	[ ! -x "$MCRON" ] && [ ! -x "$DBUS_DAEMON" ] && [ ! -x "$NFT" ] && [ ! -x "$TESTPARM" ] &&
	[ ! -x "$RADICALE" ] && [ ! -x "$PROSODYCTL" ] && [ ! -x "$KNOTC" ] && [ ! -x "$F2B" ]; then
	echo "skip: none of nginx, sshd, mariadbd, tor, unbound-checkconf, apache2, smtpd, doveconf, cgit, dbus-daemon, mcron, nft, testparm, radicale, prosodyctl, knotc and fail2ban-client is installed"
	exit 77
fi
command -v jq >/dev/null 2>&1 || { echo "skip: jq is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0 checked=0
cd "$SRC" || exit 1
# Print the content of /etc/PATH in describe's JSON $1.
etc_file() {
	jq -r --arg p "$2" '."etc-files"[] | select(.path == $p) | .content' "$1"
}
for f in examples/*.scm tests/golden/describe/*.scm; do
	name=$(basename "$f" .scm)
	"$GXSYS" describe "$f" >"$tmp/$name.json" || { echo "FAIL $f: describe"; fail=1; continue; }
	d=$tmp/$name
	mkdir -p "$d/run" "$d/log" "$d/www" "$d/keys/etc/ssh"
	if [ -x "$NGINX" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/nginx/nginx.conf)" ]; then
		etc_file "$tmp/$name.json" /etc/nginx/mime.types >"$d/mime.types"
		# run as the current user: no nginx account on the host
		etc_file "$tmp/$name.json" /etc/nginx/nginx.conf | sed \
			-e "s|^user nginx nginx;|user $(id -un) $(id -gn);|" \
			-e "s|/var/run/nginx|$d/run|g" -e "s|/var/log/nginx|$d/log|g" \
			-e "s|/etc/nginx/mime.types|$d/mime.types|" \
			-e "s|root /[^;]*;|root $d/www;|" >"$d/nginx.conf"
		if "$NGINX" -t -q -c "$d/nginx.conf" -p "$d/run" -g "error_log $d/log/t.log;" \
			>"$d/nginx.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: nginx -t rejects the generated nginx.conf:"
			cat "$d/nginx.out" "$d/nginx.conf"
			fail=1
		fi
	fi
	if [ -x "$MARIADBD" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/mysql/mysqld.cnf)" ]; then
		# --help reads and checks every option of the [mysqld] groups, then
		# exits: no server starts, nothing is written
		mkdir -p "$d/mysql"
		etc_file "$tmp/$name.json" /etc/mysql/mysqld.cnf | sed \
			-e "s|^datadir=.*|datadir=$d/mysql|" \
			-e "s|^socket=.*|socket=$d/mysql/mysqld.sock|" >"$d/mysqld.cnf"
		if "$MARIADBD" --defaults-file="$d/mysqld.cnf" --user="$(id -un)" --help --verbose \
			>"$d/mysqld.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: mariadbd rejects the generated mysqld.cnf:"
			grep -F "[ERROR]" "$d/mysqld.out"
			cat "$d/mysqld.cnf"
			fail=1
		fi
	fi
	if [ -x "$TOR" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/tor/torrc)" ]; then
		# --verify-config parses torrc and checks every option (the onion
		# services' ports and targets, the sockets, the transport plugins),
		# then exits: nothing is started
		mkdir -m 700 "$d/tor" "$d/tor-run"
		etc_file "$tmp/$name.json" /etc/tor/torrc | sed \
			-e "s|/var/lib/tor|$d/tor|g" -e "s|/var/run/tor|$d/tor-run|g" >"$d/torrc"
		if "$TOR" --verify-config -f "$d/torrc" >"$d/tor.out" 2>&1 &&
			grep -q "^Configuration was valid" "$d/tor.out"; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: tor --verify-config rejects the generated torrc:"
			cat "$d/tor.out" "$d/torrc"
			fail=1
		fi
	fi
	if [ -x "$CHECKCONF" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/unbound/unbound.conf)" ]; then
		# unbound-checkconf parses the whole file (an unknown option, an
		# option given the wrong number of values) and checks its values;
		# it starts nothing.  Guix's paths need no change.
		etc_file "$tmp/$name.json" /etc/unbound/unbound.conf >"$d/unbound.conf"
		if "$CHECKCONF" "$d/unbound.conf" >"$d/unbound.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: unbound-checkconf rejects the generated unbound.conf:"
			cat "$d/unbound.out" "$d/unbound.conf"
			fail=1
		fi
	fi
	if [ -x "$APACHE2" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/httpd/httpd.conf)" ]; then
		# -t reads the whole file: each directive and its arguments, the
		# modules loaded from /usr/lib/apache2 (Debian's, as in the
		# container, relative ones under -d's root as the service's),
		# User and Group looked up (nobody's here: no httpd account on
		# the host, and root is refused); it starts nothing
		mkdir -p "$d/apache"
		etc_file "$tmp/$name.json" /etc/httpd/httpd.conf | sed \
			-e "s|^User .*|User nobody|" -e "s|^Group .*|Group nogroup|" \
			-e "s|^\(DocumentRoot\) /.*|\1 $d/www|" -e "s|/etc/gxsys/files/[^ ]*|$d/www|g" \
			-e "s|/var/run/|$d/run/|g" -e "s|/run/|$d/run/|g" \
			-e "s|/var/log/|$d/log/|g" >"$d/httpd.conf"
		# the directories of the error log and the PID file, which the
		# activation makes (apache2 -t wants the error log's)
		for p in $(sed -n -e "s#^ErrorLog \($d/.*\)#\1#p" -e "s#^Pidfile \($d/.*\)#\1#p" "$d/httpd.conf"); do
			mkdir -p "$(dirname "$p")"
		done
		if "$APACHE2" -d /usr/lib/apache2 -t -f "$d/httpd.conf" >"$d/apache2.out" 2>&1 &&
			grep -q "^Syntax OK" "$d/apache2.out"; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: apache2 -t rejects the generated httpd.conf:"
			cat "$d/apache2.out" "$d/httpd.conf"
			fail=1
		fi
	fi
	if [ -x "$DOVECONF" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/dovecot/dovecot.conf)" ]; then
		# doveconf -n parses dovecot.conf and checks its settings (an
		# unknown one, a bad value, what the services need), then prints
		# them: nothing is started, no "<FILE" is read.
		etc_file "$tmp/$name.json" /etc/dovecot/dovecot.conf | sed \
			-e "s|/var/run/dovecot|$d/run|g" -e "s|/var/log/|$d/log/|g" >"$d/dovecot.conf"
		if "$DOVECONF" -n -c "$d/dovecot.conf" >"$d/doveconf.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: doveconf -n rejects the generated dovecot.conf:"
			cat "$d/doveconf.out" "$d/dovecot.conf"
			fail=1
		fi
	fi
	if [ -x "$SMTPD" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/smtpd.conf)" ]; then
		# smtpd -n parses smtpd.conf, resolves its listen interfaces (lo)
		# and reads its file tables (the aliases), then exits: nothing is
		# started.  /etc/aliases is the one the system would have.
		etc_file "$tmp/$name.json" /etc/aliases >"$d/aliases"
		etc_file "$tmp/$name.json" /etc/smtpd.conf |
			sed "s|file:/etc/aliases|file:$d/aliases|g" >"$d/smtpd.conf"
		if "$SMTPD" -n -f "$d/smtpd.conf" >"$d/smtpd.out" 2>&1 &&
			grep -q "^configuration OK" "$d/smtpd.out"; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: smtpd -n rejects the generated smtpd.conf:"
			cat "$d/smtpd.out" "$d/smtpd.conf"
			fail=1
		fi
	fi
	if [ -x "$CGIT" ] && command -v git >/dev/null 2>&1 &&
		[ -n "$(etc_file "$tmp/$name.json" /etc/cgitrc)" ]; then
		# The files cgitrc names under /etc/gxsys/files, its cache, scan
		# path and repositories under $d/cgit; a bare repository at each
		# repo.path, and in scan-path each project-list entry (or one).
		c=$d/cgit
		mkdir -p "$c/files" "$c/cache"
		jq -r '."etc-files"[].path | select(startswith("/etc/gxsys/files/"))' \
			"$tmp/$name.json" | while read -r p; do
			etc_file "$tmp/$name.json" "$p" >"$c/files/${p#/etc/gxsys/files/}"
		done
		etc_file "$tmp/$name.json" /etc/cgitrc | sed \
			-e "s|^cache-root=.*|cache-root=$c/cache|" \
			-e "s|=/etc/gxsys/files/|=$c/files/|" \
			-e "s|^scan-path=/|scan-path=$c/|" -e "s|^repo.path=/|repo.path=$c/|" >"$d/cgitrc"
		vroot=$(sed -n 's|^virtual-root=||p' "$d/cgitrc" | tail -n 1)
		want=$(awk '/^repo\.url=/ { if (u != "" && !h) print u; u = substr($0, 10); h = 0 }
			/^repo\.(hide|ignore)=1$/ { h = 1 } END { if (u != "" && !h) print u }' "$d/cgitrc")
		sed -n 's|^repo.path=||p' "$d/cgitrc" | while read -r p; do
			git init -q --bare "$p"
		done
		scan=$(sed -n 's|^scan-path=||p' "$d/cgitrc" | tail -n 1)
		if [ -n "$scan" ]; then
			list=$(sed -n 's|^project-list=||p' "$d/cgitrc")
			if [ -n "$list" ]; then scanned=$(cat "$list"); else scanned=scanned.git; fi
			for r in $scanned; do
				git init -q --bare "$scan/$r"
				want="$want ${r%.git}"
			done
		fi
		CGIT_CONFIG=$d/cgitrc REQUEST_METHOD=GET QUERY_STRING='' PATH_INFO=/ HOME=$c \
			"$CGIT" >"$d/cgit.out" 2>&1
		missing=""
		for u in $want; do
			grep -q "href='$vroot$u" "$d/cgit.out" || missing="$missing $u"
		done
		if [ -z "$missing" ] && grep -q "class='content'" "$d/cgit.out"; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: cgit's index does not list$missing from the generated cgitrc:"
			cat "$d/cgit.out" "$d/cgitrc"
			fail=1
		fi
	fi
	if [ -x "$DBUS_DAEMON" ] &&
		[ -n "$(etc_file "$tmp/$name.json" /etc/dbus-1/system-local.conf)" ]; then
		# A scratch bus, as the current user, on a socket of its own, whose
		# configuration includes the generated file (not ignore_missing):
		# dbus-daemon checks its elements and prints its address only once
		# the whole configuration is loaded.
		etc_file "$tmp/$name.json" /etc/dbus-1/system-local.conf >"$d/system-local.conf"
		cat >"$d/bus.conf" <<EOF
<busconfig>
  <type>custom</type>
  <listen>unix:path=$d/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow user="*"/></policy>
  <include>$d/system-local.conf</include>
</busconfig>
EOF
		"$DBUS_DAEMON" --config-file="$d/bus.conf" --nofork --print-address=1 \
			>"$d/dbus.out" 2>&1 &
		bus=$!
		i=0
		while [ "$i" -lt 50 ] && ! grep -q "^unix:path=$d/bus" "$d/dbus.out" &&
			kill -0 "$bus" 2>/dev/null; do
			sleep 0.1
			i=$((i + 1))
		done
		if grep -q "^unix:path=$d/bus" "$d/dbus.out"; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: dbus-daemon rejects the generated system-local.conf:"
			cat "$d/dbus.out" "$d/system-local.conf"
			fail=1
		fi
		kill "$bus" 2>/dev/null
		wait "$bus" 2>/dev/null
	fi
	if [ -x "$MCRON" ]; then
		jq -r '."etc-files"[].path | select(startswith("/etc/gxsys/files/mcron-job"))' \
			"$tmp/$name.json" >"$d/jobs"
		echo "(set! getpw (const (getpwuid (getuid))))" >"$d/prologue.scm"
		while read -r job; do
			etc_file "$tmp/$name.json" "$job" >"$d/job.scm"
			if HOME=$d GUILE_AUTO_COMPILE=0 "$MCRON" --schedule=2 "$d/prologue.scm" \
				"$d/job.scm" >"$d/mcron.out" 2>&1 && [ -s "$d/mcron.out" ] &&
				! grep -q "^Backtrace:" "$d/mcron.out"; then
				checked=$((checked + 1))
			else
				echo "FAIL $f: mcron --schedule rejects the generated $job:"
				cat "$d/mcron.out" "$d/job.scm"
				fail=1
			fi
		done <"$d/jobs"
	fi
	if [ -x "$RADICALE" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/radicale/config)" ]; then
		# radicale reads the file with its own loader (a value of the
		# wrong type, an unknown section or option, a duplicate fails
		# it), then checks a storage (moved under $d); the auth, rights
		# and web plugins the file names are loaded and its encodings
		# looked up, as gxsys's build-time check does.  No server starts.
		etc_file "$tmp/$name.json" /etc/radicale/config >"$d/radicale.conf"
		if "$RADICALE" -C "$d/radicale.conf" --storage-filesystem-folder="$d/collections" \
			--verify-storage >"$d/radicale.out" 2>&1 &&
			/usr/bin/python3 -c "import sys, codecs; from radicale import config, auth, rights, web
c = config.load([(sys.argv[1], False)])
for k in ('request', 'stock'): codecs.lookup(c.get('encoding', k))
auth.load(c); rights.load(c); web.load(c)" "$d/radicale.conf" >>"$d/radicale.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: radicale rejects the generated /etc/radicale/config:"
			cat "$d/radicale.out" "$d/radicale.conf"
			fail=1
		fi
	fi
	if [ -x "$TESTPARM" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/samba/smb.conf)" ]; then
		# testparm loads smb.conf (a line it cannot read fails it), checks
		# the values and the directories Samba keeps its state in (moved
		# under $d, as the activation makes them); it starts nothing.  An
		# unknown parameter, which it only warns about, is refused here.
		mkdir -p "$d/samba/lib/private" "$d/samba/run" "$d/samba/cache"
		etc_file "$tmp/$name.json" /etc/samba/smb.conf >"$d/smb.conf"
		if "$TESTPARM" --suppress-prompt --option="state directory=$d/samba/lib" \
			--option="private dir=$d/samba/lib/private" --option="lock directory=$d/samba/run" \
			--option="pid directory=$d/samba/run" --option="cache directory=$d/samba/cache" \
			"$d/smb.conf" >"$d/testparm.out" 2>&1 &&
			grep -q "^Loaded services file OK" "$d/testparm.out" &&
			! grep -q "^Unknown parameter" "$d/testparm.out"; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: testparm rejects the generated /etc/samba/smb.conf:"
			cat "$d/testparm.out" "$d/smb.conf"
			fail=1
		fi
	fi
	if [ -x "$KNOTC" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/knot/knot.conf)" ]; then
		# knotc conf-check parses knot.conf and the files it includes
		# (the file-like ones copied under $d/knot), checks every item,
		# its value and the references between sections (a zone's acl,
		# an acl's key, a policy's keystore); it starts nothing and reads
		# no zone file.
		mkdir -p "$d/knot"
		jq -r '."etc-files"[].path | select(startswith("/etc/gxsys/files/"))' \
			"$tmp/$name.json" | while read -r p; do
			etc_file "$tmp/$name.json" "$p" >"$d/knot/${p#/etc/gxsys/files/}"
		done
		etc_file "$tmp/$name.json" /etc/knot/knot.conf |
			sed "s|^include: /etc/gxsys/files/|include: $d/knot/|" >"$d/knot.conf"
		if "$KNOTC" -c "$d/knot.conf" conf-check >"$d/knotc.out" 2>&1 &&
			grep -q "^Configuration is valid" "$d/knotc.out"; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: knotc conf-check rejects the generated /etc/knot/knot.conf:"
			cat "$d/knotc.out" "$d/knot.conf"
			fail=1
		fi
	fi
	# The ruleset is the file the nftables service's nft --file reads.
	rules=$(jq -r '.services[] | select(.provision[0] == "nftables") | .command[-1]' \
		"$tmp/$name.json")
	if [ -x "$NFT" ] && [ -n "$rules" ] && [ "$(id -u)" = 0 ] &&
		unshare -n true 2>/dev/null; then
		etc_file "$tmp/$name.json" "$rules" >"$d/nftables.conf"
		if unshare -n "$NFT" --check --file "$d/nftables.conf" >"$d/nft.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: nft --check rejects the ruleset $rules:"
			cat "$d/nft.out" "$d/nftables.conf"
			fail=1
		fi
	elif [ -n "$rules" ]; then
		echo "note: nft --check not run for $f (nft, root or unshare -n missing)"
	fi
	if [ -x "$PROSODYCTL" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/prosody/prosody.cfg.lua)" ]; then
		# prosodyctl check config loads the file as prosody does (a line
		# Lua cannot read fails it) and checks the options (a misspelt or
		# deprecated one, a value of the wrong type); it starts nothing.
		# Two of its warnings are about what Guix's records write: the
		# deprecated use_libevent (Guix always writes it; prosody still
		# reads it), left out here, and a global-only option set in a
		# virtual host or component (Guix's common fields allow it), the
		# one warning accepted.  Anything else it says fails.  --root: the
		# file is in a directory only root reads.
		etc_file "$tmp/$name.json" /etc/prosody/prosody.cfg.lua | sed \
			-e '/^use_libevent = false;$/d' -e "s|\"/var/lib/prosody|\"$d/prosody|g" \
			-e "s|\"/var/run/prosody|\"$d/run|g" >"$d/prosody.cfg.lua"
		"$PROSODYCTL" --root --config "$d/prosody.cfg.lua" check config >"$d/prosodyctl.out" 2>&1
		rc=$?
		if [ "$rc" = 0 ] || { [ "$rc" = 2 ] && ! grep -v -E \
			-e '^ *$|^Checking config\.\.\.$|^Done\.$|^Problems found, see above\.$' \
			-e '^ *The following configuration files have been loaded:$' \
			-e "^ *-  $d/prosody.cfg.lua\$" \
			-e '^ *You have [0-9]+ options? set under .* that should be$' \
			-e '^ *in the global section of the config file, above any VirtualHost' \
			-e '^ *see https://prosody.im/doc/configure#overview for more information\.$' \
			-e '^ *You need to move the following options: ' \
			"$d/prosodyctl.out" >/dev/null; }; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: prosodyctl check config rejects the generated prosody.cfg.lua:"
			cat "$d/prosodyctl.out" "$d/prosody.cfg.lua"
			fail=1
		fi
	fi
	if [ -x "$SSHD" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/ssh/sshd_config)" ]; then
		if [ ! -d /run/sshd ]; then
			echo "note: /run/sshd missing, sshd -t not run for $f"
			continue
		fi
		ssh-keygen -q -A -f "$d/keys" >/dev/null 2>&1
		etc_file "$tmp/$name.json" /etc/ssh/sshd_config |
			sed "s|/var/lib/gxsys/ssh|$d/keys|g" >"$d/sshd_config"
		if "$SSHD" -t -f "$d/sshd_config" >"$d/sshd.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: sshd -t rejects the generated sshd_config:"
			cat "$d/sshd.out" "$d/sshd_config"
			fail=1
		fi
	fi
	if [ -x "$F2B" ] && [ -d /etc/fail2ban ] &&
		[ -n "$(etc_file "$tmp/$name.json" /etc/fail2ban/jail.local)" ]; then
		# Debian's /etc/fail2ban, the system's files over it; the log
		# files under $d/log (a glob gets one file), the log to stderr
		cp -R /etc/fail2ban "$d/fail2ban"
		for p in jail.local jail.d/defaults-debian.conf; do
			etc_file "$tmp/$name.json" "/etc/fail2ban/$p" |
				sed "s|/var/log/|$d/log/|g" >"$d/fail2ban/$p"
		done
		printf '[Definition]\nlogtarget = STDERR\n' >"$d/fail2ban/fail2ban.local"
		sed -n 's/^logpath = //p' "$d/fail2ban/jail.local" | tr ' ' '\n' | tr '*' 'x' |
			while read -r log; do
				mkdir -p "$(dirname "$log")" && : >"$log"
			done
		if "$F2B" -c "$d/fail2ban" --test >"$d/f2b.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: fail2ban-client --test rejects the generated /etc/fail2ban/jail.local:"
			cat "$d/f2b.out" "$d/fail2ban/jail.local"
			fail=1
		fi
	fi
	# The ruleset is the file the nftables service's nft --file reads.
	rules=$(jq -r '.services[] | select(.provision[0] == "nftables") | .command[-1]' \
		"$tmp/$name.json")
	if [ -x "$NFT" ] && [ -n "$rules" ] && [ "$(id -u)" = 0 ] &&
		unshare -n true 2>/dev/null; then
		etc_file "$tmp/$name.json" "$rules" >"$d/nftables.conf"
		if unshare -n "$NFT" --check --file "$d/nftables.conf" >"$d/nft.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: nft --check rejects the ruleset $rules:"
			cat "$d/nft.out" "$d/nftables.conf"
			fail=1
		fi
	elif [ -n "$rules" ]; then
		echo "note: nft --check not run for $f (nft, root or unshare -n missing)"
	fi
	if [ -x "$SSHD" ] && [ -n "$(etc_file "$tmp/$name.json" /etc/ssh/sshd_config)" ]; then
		if [ ! -d /run/sshd ]; then
			echo "note: /run/sshd missing, sshd -t not run for $f"
			continue
		fi
		ssh-keygen -q -A -f "$d/keys" >/dev/null 2>&1
		etc_file "$tmp/$name.json" /etc/ssh/sshd_config |
			sed "s|/var/lib/gxsys/ssh|$d/keys|g" >"$d/sshd_config"
		if "$SSHD" -t -f "$d/sshd_config" >"$d/sshd.out" 2>&1; then
			checked=$((checked + 1))
		else
			echo "FAIL $f: sshd -t rejects the generated sshd_config:"
			cat "$d/sshd.out" "$d/sshd_config"
			fail=1
		fi
	fi
done
echo "$checked generated configuration files accepted"
[ "$checked" -gt 0 ] || { echo "nothing was checked"; fail=1; }
exit $fail
