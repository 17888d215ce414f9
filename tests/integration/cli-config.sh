#!/bin/sh
# Run from the build tree, with no --config, GXSYS_CONFIG or installed
# catalog, gxsys finds the tree's data/gxsys.conf (as `make demo` and a new
# user's first `build/gxsys container` need); a --config that does not exist
# is one clear error.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
unset GXSYS_CONFIG GXSYS_STORE
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$GXSYS" closure -p bash --store "$T/none" >"$T/out" 2>"$T/err" ||
	fail "no catalog found from the build tree: $(cat "$T/err")"
grep -q '^total: [0-9]* items' "$T/out" || fail "no total: $(cat "$T/out")"

if "$GXSYS" closure -p bash --store "$T/none" --config "$T/missing.conf" >/dev/null 2>"$T/err"; then
	fail "a missing --config was accepted"
fi
grep -q "missing.conf" "$T/err" || fail "the error does not name the file: $(cat "$T/err")"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line: $(cat "$T/err")"
echo ok
