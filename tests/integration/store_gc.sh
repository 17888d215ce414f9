#!/bin/sh
# gc keeps what the roots in <store>/.roots/ reach (through references) and
# deletes the rest, printing what it freed; gc --optimize hard-links
# identical files and the store still verifies.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
export GXSYS_CONFIG="${GXSYS_SRC:-$PWD}/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$T/store

"$GXSYS" closure --import -p bash --store "$S" >"$T/bash"
"$GXSYS" closure --import -p curl --store "$S" >"$T/curl"
cut -f1 "$T/bash" | grep "^$S/" | sort >"$T/keep"
cut -f1 "$T/curl" | grep "^$S/" | sort | comm -23 - "$T/keep" >"$T/drop"
[ -s "$T/drop" ] || fail "curl adds nothing to bash's closure?"

# root bash's item only: its references must keep libc6, libtinfo6, ...
bash_item=$(grep -o "^$S/[a-z0-9]*-bash-[0-9][^	]*" "$T/bash")
ln -s "$bash_item" "$S/.roots/bash"
# a root through a user's link (like -r FILE) to a file inside an item
libc=$(grep -o "^$S/[a-z0-9]*-libc6-[0-9][^	]*" "$T/bash")
ln -s "$libc/usr/lib64/ld-linux-x86-64.so.2" "$T/my-ld"
ln -s "$T/my-ld" "$S/.roots/ld"
# a dangling root is ignored
ln -s "$T/nonexistent" "$S/.roots/dangling"

"$GXSYS" gc --dry-run --store "$S" >"$T/dry"
for d in "$S"/*; do [ -e "$S/.db/items/${d##*/}" ] || fail "dry run deleted ${d##*/}"; done
"$GXSYS" gc --store "$S" >"$T/gc"
tail -n 1 "$T/gc" | grep -q '^deleted [0-9]* items' || fail "no summary: $(tail -n 1 "$T/gc")"
grep -c '^deleting ' "$T/gc" >/dev/null || fail "nothing reported"
while read -r p; do
	[ -e "$p" ] && fail "unreachable $p kept"
	grep -q "^deleting $p	" "$T/gc" || fail "deletion of $p not printed"
done <"$T/drop"
# what bash's item reaches is kept
for r in $(sed -n 's/^ref: //p' "$S/.db/items/${bash_item##*/}"); do
	[ -d "$S/$r" ] || fail "referenced $r deleted"
done
[ -d "$libc" ] || fail "libc6 (rooted through a user link) deleted"
[ -d "$bash_item" ] || fail "rooted bash deleted"
"$GXSYS" verify --store "$S" || fail "verify after gc"

# a second gc has nothing to do
"$GXSYS" gc --store "$S" | tail -n 1 | grep -q '^deleted 0 items' || fail "second gc deleted more"

# the closure is re-imported after gc and optimize links what is identical
"$GXSYS" closure --import -p curl -p bash --store "$S" >/dev/null
"$GXSYS" gc --optimize --store "$S" | grep -q '^linked [0-9]* files' || fail "optimize output"
"$GXSYS" verify --store "$S" || fail "verify after optimize"
echo ok
