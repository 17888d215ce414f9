#!/bin/sh
# Differential test of the evaluator: each case of tests/eval/cases.txt
# (cases separated by lines "%%%%") is evaluated by gxsys's evaluator
# (build/tests/ev-cases) and by Guile 3.0 with the modules configurations
# use (tests/eval/oracle.scm).  Both must print the same value, or both
# fail.  A case whose first line is ";; gxsys: error TEXT" is a documented
# difference: Guile gives a value (a bignum, a fraction, Unicode case...),
# gxsys a located error holding TEXT, never another value.
set -eu
B=${GXSYS_BUILD:-$(pwd)/build}
SRC=${GXSYS_SRC:-$(pwd)}
GUILE=$(command -v guile-3.0 || command -v guile || true)
if [ -z "$GUILE" ]; then
	echo "SKIP: guile is not installed (apt-get install guile-3.0)"
	exit 77
fi
CASES=$SRC/tests/eval/cases.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$B/tests/ev-cases" "$CASES" >"$tmp/gx"
GUILE_AUTO_COMPILE=0 "$GUILE" --no-auto-compile "$SRC/tests/eval/oracle.scm" "$CASES" \
	>"$tmp/guile" 2>"$tmp/guile.err"
# Each case's first line, and its text on one line (for messages).
awk '
	BEGIN { first = 1; text = "" }
	/^%%%%$/ { print marker "\t" text; first = 1; text = ""; next }
	{ if (first) { marker = $0; first = 0 } text = text (text == "" ? "" : " ") $0 }
	END { print marker "\t" text }' "$CASES" >"$tmp/cases"

n_gx=$(wc -l <"$tmp/gx")
n_case=$(wc -l <"$tmp/cases")
n_guile=$(wc -l <"$tmp/guile")
if [ "$n_gx" -ne "$n_case" ] || [ "$n_guile" -ne "$n_case" ]; then
	echo "FAIL: $n_case cases, gxsys printed $n_gx lines, Guile $n_guile:"
	cat "$tmp/guile.err"
	exit 1
fi

bad=0 same=0 errors=0 differ=0 i=0
while IFS= read -r gx <&3 && IFS= read -r gu <&4 && IFS= read -r case <&5; do
	i=$((i + 1))
	marker=${case%%"	"*}
	text=${case#*"	"}
	case $marker in
	';; gxsys: error '*)
		want=${marker#';; gxsys: error '}
		case $gu in ERROR*)
			echo "FAIL case $i: marked as a difference, but Guile fails too: $text"
			bad=$((bad + 1))
			continue
			;;
		esac
		case $gx in
		"ERROR case.scm:"*"$want"*) differ=$((differ + 1)) ;;
		*)
			echo "FAIL case $i: $text"
			echo "  gxsys: $gx"
			echo "  want:  an error holding '$want' (Guile: $gu)"
			bad=$((bad + 1))
			;;
		esac
		continue
		;;
	esac
	case $gx in
	ERROR*)
		case $gu in
		ERROR*)
			case $gx in
			"ERROR case.scm:"[0-9]*:[0-9]*": "*) errors=$((errors + 1)) ;;
			*)
				echo "FAIL case $i: an error without FILE:LINE:COL: $gx"
				bad=$((bad + 1))
				;;
			esac
			;;
		*)
			echo "FAIL case $i: $text"
			echo "  gxsys: $gx"
			echo "  guile: $gu"
			bad=$((bad + 1))
			;;
		esac
		;;
	*)
		if [ "$gx" = "$gu" ]; then
			same=$((same + 1))
		else
			echo "FAIL case $i: $text"
			echo "  gxsys: $gx"
			echo "  guile: $gu"
			bad=$((bad + 1))
		fi
		;;
	esac
done 3<"$tmp/gx" 4<"$tmp/guile" 5<"$tmp/cases"

echo "$i cases: $same the same value, $errors errors in both, $differ documented differences, $bad wrong"
[ "$bad" -eq 0 ]
