#!/bin/sh
# The closure of bash+coreutils from the real dpkg database, imported into
# two temporary stores: same names in both, read-only items, docs left out,
# verify passes, and bash/ls run from the store items alone (their own
# ld.so and libraries), which shows the closure is complete.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
export GXSYS_CONFIG="${GXSYS_SRC:-$PWD}/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

fail() { echo "FAIL: $*"; exit 1; }

# Without a store: a listing of what would be imported.
"$GXSYS" closure -p bash -p coreutils --store "$T/none" >"$T/list0"
grep -q '^(not in store) bash-' "$T/list0" || fail "no 'not in store' line for bash"
grep -q '^total: ' "$T/list0" || fail "no total line"
[ ! -e "$T/none" ] || fail "listing created a store"

"$GXSYS" closure --import -p bash -p coreutils --store "$T/s1" >"$T/list1"
"$GXSYS" closure --import -p bash -p coreutils --store "$T/s2" >"$T/list2"
n=$(grep -c "^$T/s1/" "$T/list1")
[ "$n" -gt 10 ] || fail "only $n items"
tail -n 1 "$T/list1" | grep -q "^total: $n items" || fail "bad total: $(tail -n 1 "$T/list1")"
sed "s|^$T/s1/||" "$T/list1" >"$T/names1"
sed "s|^$T/s2/||" "$T/list2" >"$T/names2"
cmp "$T/names1" "$T/names2" || fail "names differ between two stores"

# every listed item is valid; nothing else is in the store
for d in "$T"/s1/*; do
	b=${d##*/}
	[ -e "$T/s1/.db/items/$b" ] || fail "$b is not registered"
	grep -q "/$b	" "$T/list1" || fail "$b in the store but not in the closure"
done
[ -z "$(ls -A "$T/s1/.tmp")" ] || fail "temporaries left"

# items: no write bits, no docs, owned by root when we are root
[ -z "$(find "$T/s1" -mindepth 1 -path "$T/s1/.*" -prune -o ! -type l -perm /222 -print | head -n 3)" ] ||
	fail "writable files in items"
[ -z "$(find "$T"/s1/*/usr/share/doc -maxdepth 0 2>/dev/null)" ] || fail "usr/share/doc imported"
if [ "$(id -u)" = 0 ]; then
	[ -z "$(find "$T/s1" -mindepth 1 -path "$T/s1/.*" -prune -o ! -user root -print | head -n 3)" ] ||
		fail "items not owned by root"
fi

"$GXSYS" verify --store "$T/s1" || fail "verify"

# the filled store: the same listing, from the store
"$GXSYS" closure -p bash -p coreutils --store "$T/s1" >"$T/list3"
cmp "$T/list1" "$T/list3" || fail "listing of a filled store differs"

# run bash and ls from the items alone
item() { sed -n "s|^\\($T/s1/[a-z0-9]*-$1-[0-9][^	]*\\)	.*|\\1|p" "$T/list1" | head -n 1; }
libc=$(item libc6)
bash=$(item bash)
cu=$(item coreutils)
{ [ -n "$libc" ] && [ -n "$bash" ] && [ -n "$cu" ]; } || fail "libc6, bash or coreutils missing"
[ -x "$bash/usr/bin/bash" ] || fail "no usr/bin/bash in $bash"
[ -e "$libc/usr/lib64/ld-linux-x86-64.so.2" ] || fail "no ld.so under usr/lib64 (merged /usr)"
libs=$(for d in "$T"/s1/*/usr/lib/x86_64-linux-gnu; do printf '%s:' "$d"; done)
out=$("$libc/usr/lib64/ld-linux-x86-64.so.2" --library-path "$libs" "$bash/usr/bin/bash" -c 'echo from-store')
[ "$out" = from-store ] || fail "bash from the store: $out"
"$libc/usr/lib64/ld-linux-x86-64.so.2" --library-path "$libs" "$cu/usr/bin/ls" "$cu/usr/bin" >/dev/null ||
	fail "ls from the store"

# --tree says why
"$GXSYS" closure --tree -p bash --store "$T/s1" >"$T/tree"
grep -q '^bash .*(requested)' "$T/tree" || fail "tree: bash not requested"
grep -q '^  libtinfo6 .*(elf: usr/bin/bash needs libtinfo.so.6)' "$T/tree" || fail "tree: libtinfo6 not under bash"

# corruption of an item is reported, naming the item and the file
chmod u+w "$bash/usr/bin" "$bash/usr/bin/bash"
printf x >>"$bash/usr/bin/bash"
if "$GXSYS" verify --store "$T/s1" 2>"$T/verr"; then
	fail "verify missed a corrupted file"
fi
grep -q "verify '${bash##*/}': .*usr/bin/bash" "$T/verr" || fail "verify message: $(cat "$T/verr")"
"$GXSYS" verify --store "$T/s2" || fail "the other store is affected"

# a name that is not an item is said as such (exit 1), not counted corrupt
if "$GXSYS" verify --store "$T/s2" no-such-item 2>"$T/verr"; then
	fail "verify of a missing item succeeded"
fi
grep -q "verify 'no-such-item': not an item of the store" "$T/verr" || fail "verify message: $(cat "$T/verr")"
! grep -q corrupt "$T/verr" || fail "a missing item taken for a corrupt one: $(cat "$T/verr")"
echo ok
