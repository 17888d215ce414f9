#!/bin/sh
# `gxsys read` on the command line: output, exit statuses and the single
# FILE:LINE:COL: message for malformed input (README "The configuration
# reader").
set -eu
B=${GXSYS_BUILD:-$(pwd)/build}
GXSYS=$B/gxsys
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "FAIL: $*"
	exit 1
}

# expect STATUS STDOUT-FILE-CONTENT STDERR-CONTENT ARGS...
expect() {
	want_rc=$1 want_out=$2 want_err=$3
	shift 3
	rc=0
	"$GXSYS" read "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[ "$rc" -eq "$want_rc" ] || fail "gxsys read $*: exit $rc, expected $want_rc ($(cat "$tmp/err"))"
	printf '%s' "$want_out" | cmp -s - "$tmp/out" ||
		fail "gxsys read $*: stdout '$(cat "$tmp/out")', expected '$want_out'"
	printf '%s' "$want_err" | cmp -s - "$tmp/err" ||
		fail "gxsys read $*: stderr '$(cat "$tmp/err")', expected '$want_err'"
}

# shellcheck disable=SC2016 # the $ is Scheme's
printf '(define x 1) ; c\n#~(a #$b)\n"s\\x41;"\n' >"$tmp/good.scm"
expect 0 '(define x 1)
(gexp (a (ungexp b)))
"sA;"
' '' "$tmp/good.scm"

: >"$tmp/empty.scm"
expect 0 '' '' "$tmp/empty.scm"
expect 0 '(define x 1)
(gexp (a (ungexp b)))
"sA;"
(define x 1)
(gexp (a (ungexp b)))
"sA;"
' '' "$tmp/good.scm" "$tmp/empty.scm" "$tmp/good.scm"

# incomplete input names where the unfinished list began
printf '(a\n  (b c)\n  (d\n' >"$tmp/open.scm"
expect 1 '' "$tmp/open.scm:4:1: unexpected end of file in list opened at 3:3
" "$tmp/open.scm"
printf 'x "abc\n' >"$tmp/str.scm"
expect 1 '' "$tmp/str.scm:2:1: unexpected end of file in string opened at 1:3
" "$tmp/str.scm"

# bad input: one message, exit 1, nothing on stdout
printf '(a b))\n' >"$tmp/bad.scm"
expect 1 '' "$tmp/bad.scm:1:6: unexpected ')'
" "$tmp/bad.scm"
printf '(x 1/2)\n' >"$tmp/ratio.scm"
expect 1 '' "$tmp/ratio.scm:1:4: rational numbers are not supported: '1/2'
" "$tmp/ratio.scm"

# a good file after a bad one is still printed; the status is the first failure
expect 1 '(define x 1)
(gexp (a (ungexp b)))
"sA;"
' "$tmp/bad.scm:1:6: unexpected ')'
" "$tmp/bad.scm" "$tmp/good.scm"

# a FILE that cannot be read: exit 1, as describe, closure and container
# (it was 3)
expect 1 '' "gxsys: read '$tmp/missing.scm': No such file or directory
" "$tmp/missing.scm"
expect 1 '' "gxsys: read '$tmp': Is a directory
" "$tmp"

# usage
rc=0
"$GXSYS" read >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "gxsys read without FILE: exit $rc, expected 2"
"$GXSYS" read --help | grep -q '^Usage: gxsys read FILE' || fail "gxsys read --help"
"$GXSYS" --help | grep -q '^  read ' || fail "gxsys --help does not list read"
echo "ok"
