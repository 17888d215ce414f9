#!/bin/sh
# Output that cannot be written is an error, said on stderr (exit 3), as
# GNU's tools say it: a closed stdout (cron's >&-) or a full disk lost what
# gxsys printed with status 0 (version, closure) or 3 and no word (list,
# describe, read, container); and a full disk is said as such.
set -eu
B=${GXSYS_BUILD:-$PWD/build}
SRC=${GXSYS_SRC:-$PWD}
GXSYS=$B/gxsys
unset GXSYS_STORE
export GXSYS_CONFIG="$SRC/data/gxsys.conf"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf '(a b)\n' >"$T/t.scm"
for out in closed full; do
	for cmd in "version" "--help" "read $T/t.scm" "describe $SRC/examples/bare-bones.scm" \
		"closure -p bash --store $T/none" "list"; do
		rc=0
		# shellcheck disable=SC2086 # the words of cmd are its arguments
		case $out in
		closed) "$GXSYS" $cmd >&- 2>"$T/err" || rc=$? ;;
		full) "$GXSYS" $cmd >/dev/full 2>"$T/err" || rc=$? ;;
		esac
		[ "$rc" = 3 ] || fail "gxsys $cmd, stdout $out: exit $rc, expected 3"
		grep -q '^gxsys: write error' "$T/err" ||
			fail "gxsys $cmd, stdout $out: no write error said: $(cat "$T/err")"
		# with its reason, as README's exit status table says (describe,
		# read and list flush themselves, and said none)
		[ "$out" = closed ] || grep -qx 'gxsys: write error: No space left on device' "$T/err" ||
			fail "gxsys $cmd, stdout $out: the reason is not said: $(cat "$T/err")"
	done
done
"$GXSYS" version >&- 2>"$T/err" || true
grep -q '^gxsys: write error: Bad file descriptor$' "$T/err" ||
	fail "a closed stdout is not named: $(cat "$T/err")"
"$GXSYS" version >"$T/out" 2>"$T/err" || fail "gxsys version: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "gxsys version said: $(cat "$T/err")"
grep -qx 'gxsys [0-9][0-9.]*' "$T/out" || fail "gxsys version printed: $(cat "$T/out")"
# --help is help, and an argument is a usage error (both printed the version)
"$GXSYS" version --help >"$T/out" 2>&1 || fail "gxsys version --help: $(cat "$T/out")"
grep -q '^Usage: gxsys version' "$T/out" || fail "gxsys version --help printed: $(cat "$T/out")"
rc=0
"$GXSYS" version extra >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 2 ] || fail "gxsys version extra: exit $rc, wanted 2"
grep -q "unexpected argument 'extra'" "$T/err" || fail "gxsys version extra said: $(cat "$T/err")"
echo ok
