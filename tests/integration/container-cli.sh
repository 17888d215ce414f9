#!/bin/sh
# gxsys container's command line without booting: --dry-run, -r, usage and
# configuration errors (exit statuses, FILE:LINE:COL), values /etc cannot
# hold refused, nothing left in the store after a failed build.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

run() { # EXPECTED-STATUS ARGS...
	want=$1
	shift
	"$GXSYS" container --store "$STORE" --config "$CONF" "$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] || fail "gxsys container $*: exit $got, expected $want"
}

# Usage errors: 2.
"$GXSYS" container >"$T/out" 2>"$T/err"
[ $? = 2 ] || fail "no FILE: expected exit 2"
grep -q "no configuration file given" "$T/err" || fail "no FILE: message"
run 2 --no-such-option "$SRC/examples/bare-bones.scm"

# --dry-run: nothing on stdout, nothing imported or built; a store that
# does not exist is not made (everything is missing).
run 0 -n "$SRC/examples/bare-bones.scm"
[ ! -s "$T/out" ] || fail "--dry-run printed a path"
grep -q "store items of .* would be imported" "$T/err" || fail "--dry-run report"
[ ! -e "$STORE" ] || fail "--dry-run created the store $STORE"
grep -Eq "^([0-9]+) of the \1 store items" "$T/err" || fail "--dry-run without a store: $(cat "$T/err")"
for f in "$STORE"/*-system-*; do
	[ -e "$f" ] && fail "--dry-run built a system"
done
# Not root: refused before anything is read or made (exit 1; it imported
# into a store the user owns, then failed on 'Permission denied'); a dry
# run is allowed.
if command -v setpriv >/dev/null 2>&1; then
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups "$GXSYS" container --store "$T/nr-store" \
		--config "$CONF" "$SRC/examples/bare-bones.scm" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" = 1 ] || fail "gxsys container as nobody: exit $rc, wanted 1: $(cat "$T/err")"
	grep -q "run it as root" "$T/err" || fail "gxsys container as nobody said: $(cat "$T/err")"
	[ ! -e "$T/nr-store" ] || fail "gxsys container as nobody made the store"
fi
# -s and -c, as closure, gc, verify and archive take them (refused before).
"$GXSYS" container -n -s "$STORE" -c "$CONF" "$SRC/examples/bare-bones.scm" >"$T/out" 2>"$T/err" ||
	fail "container -n -s DIR -c FILE: $(cat "$T/err")"
grep -q "store items of .* would be imported" "$T/err" || fail "-s/-c: $(cat "$T/err")"

# A user comment /etc/passwd cannot hold: exit 1, located, nothing built.
cat >"$T/bad.scm" <<'SCM'
(use-modules (gnu))
(operating-system
  (host-name "bad")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account
                (name "eve")
                (comment "Eve: root::0:0")
                (group "users"))
               %base-user-accounts)))
SCM
run 1 "$T/bad.scm"
grep -Eq "bad.scm:[0-9]+:[0-9]+: user 'eve': comment" "$T/err" ||
	fail "a ':' in a comment is not refused with its location"
[ ! -s "$T/out" ] || fail "a failed build printed a path"
for f in "$STORE"/*-system-bad "$STORE"/.tmp/*; do
	[ -e "$f" ] && fail "a failed build left $f"
done

# A timezone tzdata does not have: exit 1 (not a dangling /etc/localtime).
sed 's|(timezone "Europe/Berlin")|(timezone "Mars/Olympus")|' \
	"$SRC/examples/bare-bones.scm" >"$T/badtz.scm"
run 1 "$T/badtz.scm"
grep -Eq 'badtz.scm:[0-9]+:[0-9]+: unknown timezone "Mars/Olympus"' "$T/err" || fail "unknown timezone not reported with its location: $(cat "$T/err")"

# A locale Debian's locales does not have: exit 1, located, nothing left
# half-made.
sed 's|(locale "en_US.utf8")|(locale "xx_YY.utf8")|' \
	"$SRC/examples/bare-bones.scm" >"$T/badloc.scm"
grep -q xx_YY "$T/badloc.scm" || fail "test setup: the locale sed did not apply"
if dpkg-query -W -f='${Status}' locales 2>/dev/null | grep -q ' installed$'; then
	run 1 "$T/badloc.scm"
	grep -Eq 'badloc.scm:14:[0-9]+: unknown locale "xx_YY.utf8"' "$T/err" ||
		fail "unknown locale not reported with its location: $(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "a failed build printed a path"
	for f in "$STORE"/*-locale-xx_YY* "$STORE"/.tmp/*; do
		[ -e "$f" ] && fail "a failed build left $f"
	done
	# locale-definitions, as in Guix's manual: what the declaration adds
	# to Guix's defaults is compiled (the defaults, but the one its locale
	# names, are not), each at the definition's charset.
	sed 's|(locale "en_US.utf8")|(locale "fy_NL.utf8") (locale-definitions (cons* (locale-definition (name "fy_NL.utf8") (source "fy_NL")) (locale-definition (name "de_DE.iso88591") (source "de_DE") (charset "ISO-8859-1")) %default-locale-definitions))|' \
		"$SRC/examples/bare-bones.scm" >"$T/defs.scm"
	run 0 "$T/defs.scm"
	grep -q "compiling locale fy_NL.utf8 (localedef -i fy_NL -f UTF-8)" "$T/err" || fail "fy_NL.utf8 was not compiled: $(cat "$T/err")"
	grep -q "compiling locale de_DE.iso88591 (localedef -i de_DE -f ISO-8859-1)" "$T/err" ||
		fail "de_DE.iso88591 was not compiled: $(cat "$T/err")"
	[ "$(grep -c "compiling locale" "$T/err")" = 2 ] || fail "more locales than the declared ones compiled: $(cat "$T/err")"
	sys=$(sed -n "s/^system='\(.*\)'\$/\1/p" "$(tail -n 1 "$T/out")" | head -n 1)
	[ "$(head -n 1 "$sys/etc/environment")" = "LANG=fy_NL.utf8" ] || fail "LANG of a defined locale"
	# What glibc makes of them (the host's is the same version).
	[ "$(LOCPATH=$sys/profile/lib/locale LC_ALL=fy_NL.utf8 date -u -d @0 +%A)" = Tongersdei ] ||
		fail "fy_NL.utf8 is not Frisian"
	[ "$(LOCPATH=$sys/profile/lib/locale LC_ALL=de_DE.iso88591 locale charmap)" = ISO-8859-1 ] ||
		fail "de_DE.iso88591 is not ISO-8859-1"
	[ ! -e "$sys/profile/lib/locale/fr_FR.utf8" ] || fail "a default locale not named was compiled"
	# A definition Debian's locales cannot compile: located at it.
	sed 's|(locale "en_US.utf8")|(locale-definitions (list (locale-definition (name "xx_XX.utf8") (source "xx_XX"))))|' \
		"$SRC/examples/bare-bones.scm" >"$T/baddef.scm"
	run 1 "$T/baddef.scm"
	grep -Eq 'baddef.scm:14:[0-9]+: unknown locale source "xx_XX"' "$T/err" ||
		fail "an unknown locale source is not reported with its location: $(cat "$T/err")"
	# ... and one localedef rejects (Japanese in ISO-8859-1): the
	# declaration's mistake, exit 1 (it was 3, a system error).
	sed 's|(locale "en_US.utf8")|(locale-definitions (list (locale-definition (name "ja_JP.iso88591") (source "ja_JP") (charset "ISO-8859-1"))))|' \
		"$SRC/examples/bare-bones.scm" >"$T/jadef.scm"
	run 1 "$T/jadef.scm"
	grep -Eq "jadef.scm:14:[0-9]+: .*'/usr/bin/localedef' failed in the build container" "$T/err" ||
		fail "a definition localedef rejects: $(head -c 300 "$T/err")"
	# gxsys killed while a build container runs a tool (localedef here):
	# the tool goes too (it ran on for seconds, holding the store's lock).
	k="gxit$$-k.utf8"
	sed "s|(locale \"en_US.utf8\")|(locale-definitions (list (locale-definition (name \"$k\") (source \"fy_NL\"))))|" \
		"$SRC/examples/bare-bones.scm" >"$T/kill.scm"
	"$GXSYS" container --store "$STORE" --config "$CONF" "$T/kill.scm" >"$T/kill.out" 2>"$T/kill.err" &
	g=$!
	BGPIDS="$BGPIDS $g"
	i=0
	until grep -q "compiling locale $k" "$T/kill.err" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 600 ] || fail "gxsys did not compile $k: $(cat "$T/kill.err")"
		sleep 0.1
	done
	sleep 0.3
	kill -TERM "$g"
	wait "$g"
	sleep 0.5
	left=$(pgrep -f "gxsys-out/$k") && {
		BGPIDS="$BGPIDS $left"
		fail "localedef ran on after gxsys was killed: $left"
	}
	# Without Debian's locales (hidden from dpkg in a private mount
	# namespace: its status without the package bound over it; the
	# host's is untouched), no locale can be compiled: LANG=C.UTF-8 and
	# a note that says why.
	awk 'BEGIN { RS = ""; ORS = "\n\n" } !/^Package: locales\n/' /var/lib/dpkg/status >"$T/status"
	grep -q '^Package: locales$' "$T/status" && fail "test setup: locales still in the status copy"
	gxsys_in_ns "$T/gxsys-nolocales" "mount --bind \"$T/status\" /var/lib/dpkg/status"
	gxsys0=$GXSYS
	GXSYS=$T/gxsys-nolocales
	sed 's|(locale "en_US.utf8")|(locale "fr_FR.utf8") (locale-definitions (cons (locale-definition (name "de_DE.utf8") (source "de_DE")) %default-locale-definitions))|' \
		"$SRC/examples/bare-bones.scm" >"$T/nolocales.scm"
	run 0 "$T/nolocales.scm"
	cp "$T/err" "$T/nolocales.err"
	# A definition that cannot be compiled is said too; a rebuild builds
	# nothing and says the same.
	grep -Eq "nolocales.scm:14:[0-9]+: note: locale-definition \"de_DE.utf8\" is not compiled: Debian's locales is not installed" "$T/err" ||
		fail "no note for a definition that cannot be compiled: $(cat "$T/err")"
	run 0 "$T/nolocales.scm"
	if grep -q "building" "$T/err"; then fail "a rebuild without Debian's locales did the work again"; fi
	grep -v -e '^building' -e '^running' "$T/nolocales.err" >"$T/nolocales.said"
	diff "$T/nolocales.said" "$T/err" >/dev/null || fail "the rebuild without Debian's locales says other things: $(cat "$T/err")"
	GXSYS=$gxsys0
	grep -Eq "nolocales.scm:14:[0-9]+: note: locale \"fr_FR.utf8\" is not compiled in this system and Debian's locales is not installed on this host" "$T/err" ||
		fail "no note for a locale that cannot be compiled: $(cat "$T/err")"
	sys=$(sed -n "s/^system='\(.*\)'\$/\1/p" "$(tail -n 1 "$T/out")" | head -n 1)
	[ "$(head -n 1 "$sys/etc/environment")" = "LANG=C.UTF-8" ] ||
		fail "LANG without a compiled locale: $(head -n 1 "$sys/etc/environment")"
	[ -z "$(find "$STORE" -maxdepth 1 -name '*-locale-fr_FR*')" ] || fail "fr_FR compiled without its sources"
else
	run 0 "$T/badloc.scm"
	grep -Eq 'badloc.scm:14:[0-9]+: note: locale "xx_YY.utf8" is not compiled' "$T/err" ||
		fail "no note for a locale that cannot be compiled: $(cat "$T/err")"
fi

# What the container does not do is said, located: a field ignored
# (label) and a service the declaration names that a container drops
# (dhcp-client); not the bootloader and file-systems every declaration
# has, nor %base-services' dropped members (-v says those).
run 0 -n "$SRC/examples/bare-bones.scm"
grep -Eq "bare-bones.scm:[0-9]+:[0-9]+: note: dhcp-client-service-type dropped in a container: " \
	"$T/err" || fail "no note for the dropped dhcp-client service: $(cat "$T/err")"
if grep -Eq "note: (bootloader|file-systems|mingetty-service-type)" "$T/err"; then
	fail "notes for what every declaration has: $(cat "$T/err")"
fi
run 0 -n -v "$SRC/examples/bare-bones.scm"
grep -q "bare-bones.scm: note: mingetty-service-type dropped in a container" "$T/err" ||
	fail "-v: no note for %base-services' dropped members"
sed 's|(host-name "komputilo")|(host-name "komputilo") (label "x")|' \
	"$SRC/examples/bare-bones.scm" >"$T/label.scm"
run 0 -n "$T/label.scm"
grep -Eq "label.scm:[0-9]+:[0-9]+: note: label: ignored" "$T/err" ||
	fail "label ignored without a note: $(cat "$T/err")"
# The deprecated hosts-file is /etc/hosts, as in Guix, with a note.
sed 's|(host-name "komputilo")|(host-name "komputilo") (hosts-file (plain-file "hosts" "10.0.0.5 db\\n"))|' \
	"$SRC/examples/bare-bones.scm" >"$T/hosts.scm"
run 0 -n "$T/hosts.scm"
grep -Eq "hosts.scm:[0-9]+:[0-9]+: note: operating-system field 'hosts-file': deprecated, use hosts-service-type" "$T/err" ||
	fail "hosts-file without its note: $(cat "$T/err")"
"$GXSYS" describe "$T/hosts.scm" >"$T/hosts.json" 2>/dev/null || fail "describe of a hosts-file"
grep -Fqx '  "hosts-file": "10.0.0.5 db\n",' "$T/hosts.json" ||
	fail "describe does not show the hosts-file: $(grep hosts "$T/hosts.json")"

# SIGTERM (or ^C, a closed ssh session) while gxsys imports into a fresh
# store: it stops, says so, exits 128+15 and leaves nothing staged (the
# staged items stayed in .tmp until a later run cleaned them).
"$GXSYS" container --store "$T/istore" --config "$CONF" "$SRC/examples/bare-bones.scm" \
	>"$T/int.out" 2>"$T/int.err" &
g=$!
BGPIDS="$BGPIDS $g"
i=0
until [ -n "$(ls -A "$T/istore/.tmp" 2>/dev/null)" ]; do
	i=$((i + 1))
	[ $i -lt 1200 ] || fail "gxsys staged nothing in a fresh store: $(cat "$T/int.err")"
	sleep 0.05
done
kill -TERM "$g"
wait "$g"
rc=$?
[ $rc = 143 ] || fail "SIGTERM during an import: exit $rc, expected 143: $(cat "$T/int.err")"
grep -q "interrupted by SIGTERM" "$T/int.err" || fail "SIGTERM during an import: $(cat "$T/int.err")"
[ -z "$(ls -A "$T/istore/.tmp")" ] || fail "SIGTERM during an import left $(ls "$T/istore/.tmp")"
[ ! -s "$T/int.out" ] || fail "an interrupted build printed a path"

# -r FILE: a link to the launcher and a GC root.
run 0 -r "$T/my-launcher" "$SRC/examples/bare-bones.scm"
launcher=$(tail -n 1 "$T/out")
[ "$(readlink "$T/my-launcher")" = "$launcher" ] || fail "-r: $T/my-launcher is not a link to $launcher"
# An indirect root, as Guix's: it names FILE, which names the launcher.
roots=0
for r in "$STORE"/.roots/*; do
	[ "$(readlink "$r")" = "$T/my-launcher" ] && roots=$((roots + 1))
done
[ "$roots" = 1 ] || fail "-r: no GC root to $T/my-launcher"

# What a declaration puts in its /etc runs in the build container
# (ld.so.preload: in update-ca-certificates' shell and every program it
# runs), with no capability and under the container's seccomp filter: a
# chroot out of the build container's (to write a file of the host, here
# under $T) is refused, and so are a chmod of the host's /dev/null, a
# write to /proc/sys and the host's keyrings.  Before the fix the tool
# had every capability: the library got out to the host's root.  The
# library says what it could do in a file of the new etc (so it ran).
if command -v "${CC:-cc}" >/dev/null 2>&1; then
	mkdir -p "$T/pre"
	cat >"$T/pre/pre.c" <<EOF
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/keyctl.h>
__attribute__((constructor)) static void pre(void)
{
	struct stat st;
	int out = open("/etc/preload-ran", O_WRONLY | O_CREAT | O_APPEND, 0644);
	int fd = open("/proc/sys/kernel/core_pattern", O_WRONLY | O_APPEND);
	dprintf(out, "ran\\n");
	if (fd >= 0)
		dprintf(out, "sysctl writable\\n");
	if (stat("/dev/null", &st) == 0 && chmod("/dev/null", st.st_mode & 07777) == 0)
		dprintf(out, "host /dev/null chmod\\n");
	if (syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0) >= 0)
		dprintf(out, "host keyring\\n");
	mkdir("/.out", 0700);
	if (chroot("/.out") != 0)
		return;
	for (int i = 0; i < 64; i++)
		(void)!chdir("..");
	if (chroot(".") == 0 && open("$T/escaped", O_WRONLY | O_CREAT, 0644) >= 0)
		_exit(1); /* out: touch nothing else of the host */
}
EOF
	"${CC:-cc}" -shared -fPIC -o "$T/pre/pre.so" "$T/pre/pre.c" || fail "cannot build the library"
	sed 's|^  (services |&(cons (simple-service (quote pre) etc-service-type (list (list "ld.so.preload" (plain-file "p" "/etc/pre.so\\n")) (list "pre.so" (local-file "pre.so")))) |; s|%base-services)))$|%base-services))))|' \
		"$SRC/examples/bare-bones.scm" >"$T/pre/pre.scm"
	run 0 "$T/pre/pre.scm"
	[ ! -e "$T/escaped" ] || fail "code of the declaration got out of the build container"
	system=$(sed -n "s/^system='\(.*\)'\$/\1/p" "$(tail -n 1 "$T/out")")
	[ "$(sort -u "$system/etc/preload-ran")" = ran ] ||
		fail "the declaration's library in the build container: $(cat "$system/etc/preload-ran")"
fi

# Unchanged rebuild: same path, nothing imported, nothing built.
run 0 "$SRC/examples/bare-bones.scm"
[ "$(tail -n 1 "$T/out")" = "$launcher" ] || fail "rebuild printed another path"
if grep -E "importing|building" "$T/err"; then fail "the rebuild did work"; fi
for f in "$STORE"/.tmp/*; do
	[ -e "$f" ] && fail "temporary file $f left in the store"
done
echo "gxsys container's command line works"
