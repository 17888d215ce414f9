#!/bin/sh
# A store whose file system fills up during `gxsys container`: exit 3 with
# "No space left on device", nothing unregistered or temporary left, every
# registered item verifies, and once there is room the next run builds the
# same system as on a roomy store.  The case: localedef, which exits 0 on a
# full disk with truncated files, while the registration still has room (here
# .db on a file system of its own; as when another run frees space
# meanwhile): no truncated locale may become an item.
set -eu
B=${GXSYS_BUILD:-$PWD/build}
SRC=${GXSYS_SRC:-$PWD}
skip() { echo "$*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root"
unshare -m true 2>/dev/null || skip "cannot create mount namespaces here"
export GXSYS_CONFIG="$SRC/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d /tmp/gxsys-store-full.XXXXXX)
cleanup() {
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$T/cases.sh" <<'EOF2'
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
G=$B/gxsys
CFG=$SRC/examples/bare-bones.scm
mkdir "$T/m" "$T/db"
mount -t tmpfs -o size=1g tmpfs "$T/m"
S=$T/m/store
consistent() { # WHAT
	[ -z "$(ls -A "$S/.tmp")" ] || fail "$1: temporaries left: $(ls -A "$S/.tmp")"
	for d in "$S"/*; do
		[ -e "$S/.db/items/${d##*/}" ] || fail "$1: unregistered ${d##*/} left"
	done
	"$G" verify --store "$S" >/dev/null 2>"$T/verr" || fail "$1: verify: $(cat "$T/verr")"
}
"$G" container --store="$S" "$CFG" >"$T/out" 2>"$T/err" || fail "first build: $(cat "$T/err")"
good=$(ls "$S" | grep -- '-locale-en_US.utf8$') || fail "no locale item"
good_sys=$(ls "$S" | grep -- '-system-')

# the locale to compile again: its item and the memos removed (its files'
# modes untouched: the system's profile shares them)
find "$S/$good" -type d -exec chmod u+w {} +
rm -rf "${S:?}/$good" "$S/.db/items/$good" "$S/.db/manifest/$good" "$S/.cache"
# .db on a file system of its own, the items' one nearly full
cp -a "$S/.db/." "$T/db/"
mount -t tmpfs -o size=64m tmpfs "$S/.db"
cp -a "$T/db/." "$S/.db/"
avail=$(df -k --output=avail "$T/m" | tail -n 1)
fallocate -l $(((avail - 1024) * 1024)) "$T/m/filler"
rc=0
"$G" container --store="$S" "$CFG" >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 3 ] || fail "full disk: exit $rc, wanted 3: $(cat "$T/err")"
grep -q "No space left on device" "$T/err" || fail "full disk: message: $(cat "$T/err")"
[ "$(grep -c '^gxsys: ' "$T/err")" = 1 ] || fail "full disk: not one message: $(cat "$T/err")"
for it in "$S"/*-locale-en_US.utf8; do
	[ ! -e "$it" ] || fail "a locale compiled on a full disk was kept: ${it##*/}"
done
consistent "full disk"
echo "ok: full disk: $(grep '^gxsys: ' "$T/err")"

rm "$T/m/filler"
"$G" container --store="$S" "$CFG" >"$T/out" 2>"$T/err" || fail "build with room: $(cat "$T/err")"
[ -d "$S/$good" ] || fail "with room: not the locale of a roomy store: $(ls "$S" | grep locale-)"
[ -d "$S/$good_sys" ] || fail "with room: not the system of a roomy store"
consistent "with room"
umount "$S/.db"
umount "$T/m"
EOF2
export B SRC T
unshare -m --propagation private sh "$T/cases.sh" || fail "(see above)"
echo ok
