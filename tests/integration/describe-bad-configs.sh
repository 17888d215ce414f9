#!/bin/sh
# Every tests/bad-configs/*.scm must make `gxsys describe` exit 1 with one
# line on stderr, exactly "FILE:" followed by what its first line says
# (";; error: LINE:COL: message"; @DIR@ stands for the file's directory),
# and print nothing on stdout.
set -u
SRC=${GXSYS_SRC:-$(pwd)}
GXSYS=${GXSYS_BUILD:-$SRC/build}/gxsys
dir=$SRC/tests/bad-configs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0 n=0
for f in "$dir"/*.scm; do
	n=$((n + 1))
	expect=$(sed -n '1s/^;; error: //p' "$f" | sed "s|@DIR@|$dir|g")
	if [ -z "$expect" ]; then
		echo "FAIL $f: no ';; error:' first line"
		fail=1
		continue
	fi
	"$GXSYS" describe "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	got=$(cat "$tmp/err")
	if [ "$rc" != 1 ] || [ "$got" != "$f:$expect" ] || [ -s "$tmp/out" ] ||
		[ "$(wc -l <"$tmp/err")" != 1 ]; then
		echo "FAIL $f (exit $rc)"
		echo "  expected: $f:$expect"
		echo "  got:      $got"
		fail=1
	fi
done
[ "$n" -ge 25 ] || { echo "only $n bad configs (want at least 25)"; fail=1; }
echo "$n bad configs checked"
exit $fail
