#!/bin/sh
# gxsys container's memos (src/gen/system_memo.c, system.h): a rebuild of an
# unchanged config prints the same launcher, says the same things and writes
# nothing anywhere in the store; a change of any input it depends on is
# noticed: the declaration, a file it reads (local-file), the catalog, the
# mode of a host directory under /var, the gxsys-init binary, another gxsys build, -N/--share/--expose, a store item
# removed, the launcher or its boot.conf tampered with.  Builds only (no
# boot).
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

command -v objcopy >/dev/null 2>&1 || {
	echo "skip: objcopy (binutils) is not installed"
	exit 77
}

# Every file and directory of the store: identity, size, mode, link count,
# times.  A write anywhere shows up (a created or removed entry changes its
# directory's mtime).
snapshot() {
	find "$STORE" -printf '%p %i %s %m %n %T@ %C@\n' | sort >"$1"
}
same_launcher() { # WHAT EXPECTED
	[ "$LAUNCHER" = "$2" ] || fail "$1: launcher $LAUNCHER, expected $2"
}
other_launcher() { # WHAT PREVIOUS
	[ "$LAUNCHER" != "$2" ] || fail "$1: the rebuild printed the old launcher $2"
}
no_work() { # WHAT
	if grep -E "importing|building|running" "$T/build.err" >/dev/null; then
		fail "$1: the rebuild did work"
	fi
}

mkdir -p "$T/cfg"
sed -e 's|(services (append (list (service dhcp-client-service-type))|(services (append (list (service dhcp-client-service-type) (simple-service (quote motd) etc-service-type (list (list "motd" (local-file "motd.txt")))))|' \
	"$SRC/examples/bare-bones.scm" >"$T/cfg/sys.scm"
grep -q 'local-file "motd.txt"' "$T/cfg/sys.scm" || fail "test setup: the sed did not apply"
echo "first motd" >"$T/cfg/motd.txt"

# The first build fills the store and the memos.
build "$T/cfg/sys.scm"
L0=$LAUNCHER
# The file local-file reads is in the system's /etc.
sysdir() { sed -n "s/^system='\(.*\)'\$/\1/p" "$1" | head -n 1; }
grep -q "first motd" "$(sysdir "$L0")/etc/motd" || fail "local-file: motd is not in the system's etc"

# The declared locale (en_US.utf8, which no package compiles) is compiled
# from Debian's locales into an item of its own, which the profile links.
have_locales=""
if dpkg-query -W -f='${Status}' locales 2>/dev/null | grep -q ' installed$'; then
	have_locales=1
	grep -q "compiling locale en_US.utf8" "$T/build.err" || fail "en_US.utf8 was not compiled"
	loc=$(find "$STORE" -maxdepth 1 -name '*-locale-en_US.utf8')
	[ -n "$loc" ] || fail "no item of the compiled locale"
	grep -qx "$loc" "$(sysdir "$L0")/closure" || fail "the locale item is not in the system's closure list"
	[ "$(stat -c %i "$loc/usr/lib/locale/en_US.utf8/LC_CTYPE")" = \
		"$(stat -c %i "$(sysdir "$L0")/profile/lib/locale/en_US.utf8/LC_CTYPE")" ] ||
		fail "the profile does not link the locale item's files"
fi

# Unchanged: same launcher, no work, nothing written, same messages.
snapshot "$T/snap0"
build "$T/cfg/sys.scm"
same_launcher "unchanged" "$L0"
no_work "unchanged"
snapshot "$T/snap1"
diff "$T/snap0" "$T/snap1" >"$T/err" || fail "an unchanged rebuild wrote to the store: $(head -n 5 "$T/err")"
cp "$T/build.err" "$T/fast.err"
# The same run without the closure memo (the full resolution) says the same.
rm -rf "$STORE/.cache/closures"
build "$T/cfg/sys.scm"
same_launcher "without the closure memo" "$L0"
diff "$T/fast.err" "$T/build.err" >"$T/err" || fail "the memo's messages differ: $(cat "$T/err")"
[ -n "$(ls "$STORE/.cache/closures")" ] || fail "the full resolution wrote no closure memo"
snapshot "$T/snap0"
build "$T/cfg/sys.scm"
snapshot "$T/snap1"
diff "$T/snap0" "$T/snap1" >/dev/null || fail "the rebuild after a full resolution wrote to the store"

# Build options baked into boot.conf: each gives another launcher; the same
# options again give the same one.
mkdir -p "$T/shared" "$T/exposed"
for opt in -N "--share=$T/shared" "--expose=$T/exposed" "--share=$T/shared=/mnt/s"; do
	build "$T/cfg/sys.scm" "$opt"
	other_launcher "$opt" "$L0"
	l=$LAUNCHER
	build "$T/cfg/sys.scm" "$opt"
	same_launcher "$opt again" "$l"
	no_work "$opt again"
done
build "$T/cfg/sys.scm"
same_launcher "back to no options" "$L0"

# A host /var directory of a package with another mode (a tmpfs over the
# host's /var/local in a private mount namespace; the host's is untouched):
# another boot.conf with that mode, so another launcher.
gxsys_in_ns "$T/gxsys-var" "mount -t tmpfs -o mode=0701 gxsys-test /var/local"
gxsys0=$GXSYS
GXSYS=$T/gxsys-var
build "$T/cfg/sys.scm"
GXSYS=$gxsys0
other_launcher "a host /var directory's mode changed" "$L0"
bc=$(sed -n "s/^system_boot_conf='\(.*\)'\$/\1/p" "$LAUNCHER" | head -n 1)
grep -A 3 '^directory "/var/local"' "$bc" | grep -q 'mode = 0701$' ||
	fail "/var/local's host mode 0701 is not in $bc"
build "$T/cfg/sys.scm"
same_launcher "the host's /var/local again" "$L0"

# A gxsys-init that differs: another launcher.
cp "${GXSYS_BUILD:-$(pwd)/build}/gxsys-init" "$T/init2"
printf 'x' >>"$T/init2"
export GXSYS_INIT="$T/init2"
build "$T/cfg/sys.scm"
unset GXSYS_INIT
other_launcher "another gxsys-init" "$L0"

# Another gxsys build (here: no build ID) does not use this one's closure
# memo: it resolves the closure itself (and records its own memo); nor its
# system memo: it builds the system again (another gxsys may make other
# files: a launcher memo kept serving the previous build's launcher), and
# the same files give the same items.
n0=$(find "$STORE/.cache/closures" -type f | wc -l)
objcopy --remove-section .note.gnu.build-id "$GXSYS" "$T/gxsys2"
GXSYS_INIT=${GXSYS_BUILD:-$(pwd)/build}/gxsys-init "$T/gxsys2" container --store "$STORE" --config "$CONF" "$T/cfg/sys.scm" >"$T/build.out" 2>"$T/build.err" ||
	fail "the copy of gxsys without a build ID"
[ "$(tail -n 1 "$T/build.out")" = "$L0" ] || fail "another gxsys build: another launcher"
grep -q "building the profile" "$T/build.err" || fail "another gxsys build used this build's system memo"
n1=$(find "$STORE/.cache/closures" -type f | wc -l)
[ "$n1" -gt "$n0" ] || fail "another gxsys build used this build's closure memo"

# A store item removed (its metadata and its directory): imported again,
# same launcher.
sys=$(find "$STORE" -maxdepth 1 -name '*-system-komputilo' | head -n 1)
item=$(grep -- '-less-' "$sys/closure" | head -n 1)
if [ -z "$item" ] || [ ! -d "$item" ]; then fail "test setup: no item of less in $sys/closure"; fi
base=${item##*/}
chmod -R u+w "$item"
rm -rf "$item" "$STORE/.db/items/$base" "$STORE/.db/manifest/$base"
build "$T/cfg/sys.scm"
same_launcher "a closure item removed" "$L0"
grep -q "importing 1 of" "$T/build.err" || fail "a removed closure item was not imported again"
if [ ! -f "$STORE/.db/items/$base" ] || [ ! -d "$item" ]; then fail "the removed item $base is not back"; fi
# ... the compiled locale's item: compiled again.
if [ -n "$have_locales" ]; then
	chmod -R u+w "$loc"
	rm -rf "$loc" "$STORE/.db/items/${loc##*/}" "$STORE/.db/manifest/${loc##*/}"
	build "$T/cfg/sys.scm"
	same_launcher "the locale item removed" "$L0"
	grep -q "compiling locale en_US.utf8" "$T/build.err" || fail "a removed locale item was not compiled again"
	[ -f "$loc/usr/lib/locale/en_US.utf8/LC_CTYPE" ] || fail "the removed locale item is not back"
fi
# ... the launcher's own item.
litem=${L0%/run-container}
lbase=${litem##*/}
chmod -R u+w "$litem"
rm -rf "$litem" "$STORE/.db/items/$lbase" "$STORE/.db/manifest/$lbase"
build "$T/cfg/sys.scm"
same_launcher "the launcher item removed" "$L0"

# A file the memo vouches for (what the launcher runs as root), tampered
# with: its item is verified, found corrupt, deleted and made again.  Same
# launcher path, original content.
cp "$L0" "$T/launcher.orig"
chmod u+w "$L0"
echo "# tampered" >>"$L0"
chmod u-w "$L0"
build "$T/cfg/sys.scm"
same_launcher "launcher tampered with" "$L0"
cmp "$L0" "$T/launcher.orig" >/dev/null || fail "the tampered launcher was not made again"
grep -q "was modified" "$T/build.err" || fail "the tampered launcher was not reported"
bc=$(sed -n "s/^system_boot_conf='\(.*\)'\$/\1/p" "$L0" | head -n 1)
[ -f "$bc" ] || fail "test setup: no boot.conf in $L0"
cp "$bc" "$T/boot.orig"
chmod u+w "$bc"
echo "# tampered" >>"$bc"
chmod u-w "$bc"
build "$T/cfg/sys.scm"
same_launcher "boot.conf tampered with" "$L0"
cmp "$bc" "$T/boot.orig" >/dev/null || fail "the tampered boot.conf was not made again"
# Touched only (another ctime, same content): verified and kept; the memo
# then holds again and nothing is written.
chmod u+w "$L0"
chmod u-w "$L0"
build "$T/cfg/sys.scm"
same_launcher "launcher touched" "$L0"
if grep -q "was modified" "$T/build.err"; then fail "an untouched launcher was reported modified"; fi
snapshot "$T/snap0"
build "$T/cfg/sys.scm"
snapshot "$T/snap1"
diff "$T/snap0" "$T/snap1" >/dev/null || fail "the rebuild after a touched launcher wrote to the store"

# A file the declaration reads (local-file): another system.
echo "second motd" >"$T/cfg/motd.txt"
build "$T/cfg/sys.scm"
other_launcher "local-file changed" "$L0"
L1=$LAUNCHER
# The declaration itself.
sed -i 's|(host-name "komputilo")|(host-name "komputilo2")|' "$T/cfg/sys.scm"
build "$T/cfg/sys.scm"
other_launcher "declaration changed" "$L1"
case $LAUNCHER in *-run-container-komputilo2/run-container) ;;
*) fail "declaration changed: launcher $LAUNCHER is not of komputilo2" ;; esac
# Another system declaring the same locale shares its item.
if grep -q "compiling locale" "$T/build.err"; then fail "another system compiled its locale again"; fi
# Back to the first content: the first launcher (the memos are per content).
sed -i 's|(host-name "komputilo2")|(host-name "komputilo")|' "$T/cfg/sys.scm"
echo "first motd" >"$T/cfg/motd.txt"
build "$T/cfg/sys.scm"
same_launcher "first content again" "$L0"
no_work "first content again"

# The catalog: "file" in the base set gives another closure.
sed 's|"login", "passwd"|"login", "passwd", "file"|' "$CONF" >"$T/alt.conf"
grep -q '"passwd", "file"' "$T/alt.conf" || fail "test setup: the catalog sed did not apply"
if dpkg-query -W -f='${Status}' file 2>/dev/null | grep -q ' installed$'; then
	conf0=$CONF
	CONF=$T/alt.conf
	build "$T/cfg/sys.scm"
	other_launcher "catalog changed" "$L0"
	grep -q -- '-file-' "$(sysdir "$LAUNCHER")/closure" || fail "catalog changed: file is not in the closure"
	build "$T/cfg/sys.scm"
	no_work "catalog changed, again"
	CONF=$conf0
else
	echo "note: the package 'file' is not installed: catalog change not tested"
fi

# A GC that collects the systems built here (no root reaches them) prunes
# the memos that name them; a memo of what is kept stays.
[ -n "$(ls "$STORE/.cache/systems")" ] || fail "no system memo before the GC"
build "$T/cfg/sys.scm" -r "$T/kept"
kept=$LAUNCHER
"$GXSYS" gc --store "$STORE" >"$T/gc.out" 2>&1 || fail "gc: $(cat "$T/gc.out")"
# Debian's locales, the compiled locale's input only, is collected (the
# locale item is not: the system refers to it) ...
if [ -n "$have_locales" ] && ls -d "$STORE"/*-locales-* >/dev/null 2>&1; then
	fail "gc kept Debian's locales, which no system uses"
fi
for m in "$STORE"/.cache/systems/* "$STORE"/.cache/closures/*; do
	[ -f "$m" ] || continue
	sed -n "s|^$STORE/\([^/]*\).*|\1|p; s|^item ||p" "$m" | while read -r base; do
		[ -d "$STORE/$base" ] || fail "gc left $m, which names the collected $base"
	done || exit 1
done
build "$T/cfg/sys.scm" -r "$T/kept"
same_launcher "kept through a GC" "$kept"
no_work "kept through a GC"
# ... and not imported again for nothing (it was, at every rebuild after
# a gc: the locale's memo wanted its inputs in the store).
if [ -n "$have_locales" ] && ls -d "$STORE"/*-locales-* >/dev/null 2>&1; then
	fail "a rebuild after a gc imported Debian's locales again"
fi
# The root of -r FILE is FILE's, as Guix's: FILE removed, the next GC
# takes what it kept, and the root.
rm "$T/kept"
"$GXSYS" gc --store "$STORE" >"$T/gc.out" 2>&1 || fail "gc: $(cat "$T/gc.out")"
[ ! -e "${kept%/run-container}" ] || fail "gc kept the launcher of a removed -r FILE"
if ls "$STORE"/.roots/gxsys-r-* >/dev/null 2>&1; then fail "gc left the root of a removed -r FILE"; fi
check_clean
echo "rebuilds notice every input and write nothing when none changed"
