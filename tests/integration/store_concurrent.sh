#!/bin/sh
# Two runs importing the same closure into one empty store at once: both
# succeed, list the same items, and the store holds one copy of each.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
export GXSYS_CONFIG="${GXSYS_SRC:-$PWD}/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d)
p1='' p2=''
# shellcheck disable=SC2154 # q is the trap's own loop variable
trap 'for q in $p1 $p2; do kill -9 "$q" 2>/dev/null; done; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$T/store

"$GXSYS" closure --import -p bash -p coreutils -p curl --store "$S" >"$T/a" 2>"$T/ea" &
p1=$!
"$GXSYS" closure --import -p bash -p coreutils -p curl --store "$S" >"$T/b" 2>"$T/eb" &
p2=$!
wait "$p1" || fail "first run: $(cat "$T/ea")"
wait "$p2" || fail "second run: $(cat "$T/eb")"
p1='' p2=''
cmp "$T/a" "$T/b" || fail "the two runs list different closures"
n=$(grep -c "^$S/" "$T/a")
[ "$(ls "$S" | wc -l)" -eq "$n" ] || fail "$(ls "$S" | wc -l) directories for $n items"
[ "$(ls "$S/.db/items" | wc -l)" -eq "$n" ] || fail "registrations differ from the closure"
[ -z "$(ls -A "$S/.tmp")" ] || fail "temporaries left"
"$GXSYS" verify --store "$S" || fail verify
echo ok
