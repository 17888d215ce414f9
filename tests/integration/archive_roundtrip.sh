#!/bin/sh
# gxsys archive: the closure of curl exported from one temporary store and
# imported into another gives the same items (--list shows them present in
# the one, missing where there is no store) (gxsys verify passes, hard
# links inside the archive come back as hard links); a second import adds
# nothing; a truncated archive, a flipped byte in a file of an item, in its
# serialisation or in the gzip stream, a missing reference, an unwritable
# store and a full disk are each refused with one message and leave the
# target store as it was; so does an import interrupted (SIGINT, SIGTERM)
# while it waits for the rest of the archive, with items half-written in
# the store's .tmp: exit 128+N, one message.  An import from a terminal is
# refused at once.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
export GXSYS_CONFIG="${GXSYS_SRC:-$PWD}/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d /tmp/gxsys-archive.XXXXXX)
cleanup() {
	grep -q " $T/" /proc/self/mountinfo && umount -l "$T/full" "$T/ro" 2>/dev/null
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() { echo "FAIL: $*"; exit 1; }

# A store's state: every path with its type, mode and size, and the
# metadata files' contents.
snapshot() {
	if [ -d "$1" ]; then
		(cd "$1" && find . -printf '%p %y %m %s\n' | sort && cat .db/items/* .db/manifest/* 2>/dev/null) |
			sha256sum
	else
		echo none
	fi
}

"$GXSYS" closure --import -p curl --store "$T/a" >"$T/list"
curl=$(sed -n "s|^$T/a/\([^	]*-curl-[^	]*\)	.*|\1|p" "$T/list")
[ -n "$curl" ] || fail "no curl item in $(cat "$T/list")"

# Identical files of different items hard-linked, as the archive must keep.
"$GXSYS" gc --optimize --store "$T/a" >/dev/null 2>&1 || fail "gc --optimize"

"$GXSYS" archive --store "$T/a" --export -r "$T/a/$curl/usr/bin/curl" >"$T/arc.gz"
"$GXSYS" archive --store "$T/a" --export --level=0 -r "$curl" >"$T/arc"
[ "$(head -c 16 "$T/arc")" = "gxsys-archive 1" ] || fail "uncompressed archive header"
"$GXSYS" archive --store "$T/a" --list <"$T/arc.gz" >"$T/listed"
n=$(wc -l <"$T/listed")
[ "$n" -gt 10 ] && [ "$(grep -c 'present$' "$T/listed")" = "$n" ] || fail "--list: $(cat "$T/listed")"
# ... and on a host that has no store yet: every item missing, nothing made.
"$GXSYS" archive --store "$T/none" --list <"$T/arc.gz" >"$T/listed-none" 2>"$T/err" ||
	fail "--list without a store: $(cat "$T/err")"
[ "$(grep -c "^$T/none/[^/	]*	[0-9]*	missing\$" "$T/listed-none")" = "$n" ] ||
	fail "--list without a store: $(cat "$T/listed-none")"
[ ! -e "$T/none" ] || fail "--list made a store"

# Refused: each leaves the store b exactly as it was (here: not there).
refuse() { # WHAT STATUS PATTERN FILE
	before=$(snapshot "$T/b")
	rc=0
	"$GXSYS" archive --store "$T/b" --import <"$4" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" = "$2" ] || fail "$1: exit $rc, wanted $2: $(cat "$T/err")"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "$1: not one message: $(cat "$T/err")"
	grep -q "$3" "$T/err" || fail "$1: message: $(cat "$T/err")"
	[ "$(snapshot "$T/b")" = "$before" ] || fail "$1: the store changed"
	[ -z "$(ls -A "$T/b/.tmp" 2>/dev/null)" ] || fail "$1: temporaries left"
}

size=$(wc -c <"$T/arc.gz")
head -c $((size / 2)) "$T/arc.gz" >"$T/trunc.gz"
refuse "truncated gzip" 1 "truncated" "$T/trunc.gz"
head -c $((size - 4)) "$T/arc.gz" >"$T/trunc2.gz"
refuse "gzip without its length" 1 "truncated\|corrupted" "$T/trunc2.gz"
size=$(wc -c <"$T/arc")
head -c $((size - 80)) "$T/arc" >"$T/trunc"
refuse "truncated before the end line" 1 "truncated" "$T/trunc"

# A flipped byte in the content of curl's own binary (uncompressed archive:
# the ELF header of /usr/bin/curl is found by its offset).
flip() { # FILE OFFSET OUT
	cp "$1" "$3"
	byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $(((byte ^ 1) & 255)))" |
		dd of="$3" bs=1 seek="$2" conv=notrunc status=none
}
off=$(grep -abo 'curl: (%d) %s' "$T/arc" | head -n 1 | cut -d: -f1)
[ -n "$off" ] || fail "no string of curl in the archive"
flip "$T/arc" "$off" "$T/flip-content"
refuse "flipped content" 1 "item '$curl': file 'usr/bin/curl' does not match its hash" \
	"$T/flip-content"
off=$(grep -abo 'f 555 [0-9]* [0-9a-f]* usr/bin/curl' "$T/arc" | head -n 1 | cut -d: -f1)
flip "$T/arc" $((off + 12)) "$T/flip-manifest"
refuse "flipped serialisation" 1 "item '$curl'" "$T/flip-manifest"
size=$(wc -c <"$T/arc.gz")
flip "$T/arc.gz" $((size / 2)) "$T/flip.gz"
refuse "flipped gzip byte" 1 "corrupted\|does not match" "$T/flip.gz"

# Without -r, an item whose references the target lacks.
"$GXSYS" archive --store "$T/a" --export "$curl" >"$T/alone.gz"
refuse "missing reference" 1 "refers to .*export with -r" "$T/alone.gz"

# An unwritable store path, a disk that fills up.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	mkdir "$T/ro" "$T/full"
	mount -t tmpfs -o ro,size=1m tmpfs "$T/ro"
	rc=0
	"$GXSYS" archive --store "$T/ro/store" --import <"$T/arc.gz" 2>"$T/err" || rc=$?
	[ "$rc" = 3 ] && grep -q "Read-only file system" "$T/err" || fail "read-only: $rc $(cat "$T/err")"
	[ -z "$(ls -A "$T/ro")" ] || fail "read-only store changed"
	umount "$T/ro"
	mount -t tmpfs -o size=3m tmpfs "$T/full"
	rc=0
	"$GXSYS" archive --store "$T/full/store" --import <"$T/arc.gz" 2>"$T/err" || rc=$?
	[ "$rc" = 3 ] && grep -q "No space left on device" "$T/err" || fail "disk full: $rc $(cat "$T/err")"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "disk full: not one message: $(cat "$T/err")"
	[ -z "$(ls -A "$T/full")" ] || fail "disk full: the store changed: $(ls -A "$T/full")"
	umount "$T/full"
fi

# From a terminal (a pty: '< FILE' forgotten): refused at once, not waited
# on with the store made and locked.
if command -v script >/dev/null 2>&1; then
	rc=0
	sleep 2 | timeout 1 script -qec "'$GXSYS' archive --store '$T/b' --import" /dev/null \
		>"$T/out" 2>&1 || rc=$?
	[ "$rc" = 2 ] || fail "import from a terminal: exit $rc: $(cat "$T/out")"
	grep -q "refusing to read an archive from a terminal" "$T/out" ||
		fail "import from a terminal: $(cat "$T/out")"
	[ ! -e "$T/b" ] || fail "import from a terminal made the store"
fi

# Interrupted halfway through: the importer reads half of the archive from
# a FIFO, has begun writing items in .tmp, and waits for more.
interrupt() { # SIGNAL STATUS
	before=$(snapshot "$T/b")
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	env --default-signal=INT "$GXSYS" archive --store "$T/b" --import <"$T/fifo" 2>"$T/err" &
	ipid=$!
	exec 3>"$T/fifo"
	head -c $((size / 2)) "$T/arc" >&3
	i=0
	while [ -z "$(ls -A "$T/b/.tmp" 2>/dev/null)" ] && [ $i -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	[ -n "$(ls -A "$T/b/.tmp" 2>/dev/null)" ] || fail "$1: nothing staged in .tmp"
	kill -"$1" "$ipid"
	rc=0
	wait "$ipid" || rc=$?
	exec 3>&-
	[ "$rc" = "$2" ] || fail "$1: exit $rc, wanted $2: $(cat "$T/err")"
	[ "$(cat "$T/err")" = "gxsys: archive '$T/b': interrupted by SIG$1" ] ||
		fail "$1: message: $(cat "$T/err")"
	[ "$(snapshot "$T/b")" = "$before" ] || fail "$1: the store changed: $(ls -A "$T/b")"
}
size=$(wc -c <"$T/arc")
interrupt INT 130
mkdir "$T/b"
interrupt TERM 143
[ -z "$(ls -A "$T/b")" ] || fail "the empty store directory was left with $(ls -A "$T/b")"
rmdir "$T/b"

# The good archive: same items, verify passes, links kept; twice: nothing new.
"$GXSYS" archive --store "$T/b" --import <"$T/arc.gz" 2>"$T/err" || fail "import: $(cat "$T/err")"
grep -q "imported $n of the $n items" "$T/err" || fail "import said: $(cat "$T/err")"
sed "s|^$T/a/\([^	]*\)	.*|\1|" "$T/listed" | sort >"$T/items-a"
(cd "$T/b" && ls -d -- *-*) >"$T/items-b"
cmp -s "$T/items-a" "$T/items-b" || fail "different items: $(diff "$T/items-a" "$T/items-b")"
"$GXSYS" verify --store "$T/b" || fail "verify of the imported store"
for it in $(cat "$T/items-a"); do
	cmp -s "$T/a/.db/manifest/$it" "$T/b/.db/manifest/$it" || fail "$it: manifest differs"
	cmp -s "$T/a/.db/items/$it" "$T/b/.db/items/$it" || fail "$it: metadata differs"
done
before=$(snapshot "$T/b")
"$GXSYS" archive --store "$T/b" --import <"$T/arc" 2>"$T/err" || fail "second import: $(cat "$T/err")"
grep -q "imported 0 of the $n items" "$T/err" || fail "second import said: $(cat "$T/err")"
[ "$(snapshot "$T/b")" = "$before" ] || fail "second import changed the store"

# Hard links inside the archive come back as hard links.
la=$(cd "$T/a" && xargs -a "$T/items-a" sh -c 'find "$@" -type f -links +1' sh | wc -l)
lb=$(find "$T/b" -path "$T/b/.db" -prune -o -type f -links +1 -print | wc -l)
[ "$la" -gt 0 ] && [ "$la" = "$lb" ] || fail "hard links: $la in the source, $lb imported"
echo "ok: $n items, $la hard-linked files"
