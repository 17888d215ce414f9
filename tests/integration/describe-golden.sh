#!/bin/sh
# Golden tests of `gxsys describe`: each examples/NAME.scm and each
# tests/golden/describe/NAME.scm must describe exactly as
# tests/golden/describe/NAME.json (the source tree's path written @SRC@),
# and the output must be valid for jq and Python's json module.
# GXSYS_UPDATE_GOLDEN=1 rewrites the .json files instead.
set -u
SRC=${GXSYS_SRC:-$(pwd)}
GXSYS=${GXSYS_BUILD:-$SRC/build}/gxsys
golden=$SRC/tests/golden/describe
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0 n=0
cd "$SRC" || exit 1
for f in examples/*.scm tests/golden/describe/*.scm; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f" .scm)
	if ! "$GXSYS" describe "$f" >"$tmp/raw" 2>"$tmp/err"; then
		echo "FAIL $f: describe failed: $(cat "$tmp/err")"
		fail=1
		continue
	fi
	sed "s|$SRC|@SRC@|g" "$tmp/raw" >"$tmp/out"
	if ! jq -e . "$tmp/raw" >/dev/null; then
		echo "FAIL $f: jq rejects the output"
		fail=1
	fi
	if command -v python3 >/dev/null 2>&1 &&
		! python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$tmp/raw"; then
		echo "FAIL $f: python's json rejects the output"
		fail=1
	fi
	if [ "${GXSYS_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$tmp/out" "$golden/$name.json"
	elif ! diff -u "$golden/$name.json" "$tmp/out"; then
		echo "FAIL $f: differs from $golden/$name.json"
		fail=1
	fi
done
echo "$n configs described"
exit $fail
