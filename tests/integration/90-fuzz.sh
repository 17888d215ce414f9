#!/bin/sh
# Build every libFuzzer target (fuzz/fuzz_*.c, `make fuzz`) and run each
# from its committed seed corpus (fuzz/corpus/fuzz_<name>/, copied to a
# temporary directory so the committed corpus is never modified) for a
# share of GXSYS_FUZZ_SECONDS (default 30) in total.  Any crash, leak,
# timeout or sanitizer report fails the test; its input is printed.
set -eu
B=${GXSYS_BUILD:-$(pwd)/build}
SRC=${GXSYS_SRC:-$(pwd)}
TOTAL=${GXSYS_FUZZ_SECONDS:-30}
CLANG=${CLANG:-clang}
if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "SKIP: $CLANG is not installed (apt-get install clang libclang-rt-14-dev)"
	exit 77
fi
cd "$SRC"
make -s B="$B" CLANG="$CLANG" fuzz
set -- fuzz/fuzz_*.c
[ -e "$1" ] || { echo "no fuzz targets"; exit 1; }
share=$((TOTAL / $#))
[ "$share" -ge 1 ] || share=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
for src in "$@"; do
	name=$(basename "$src" .c)
	mkdir -p "$tmp/$name/corpus" "$tmp/$name/artifacts"
	if [ -d "fuzz/corpus/$name" ]; then
		cp -R "fuzz/corpus/$name/." "$tmp/$name/corpus/"
	fi
	set -- -max_total_time="$share" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$tmp/$name/artifacts/"
	[ -f "fuzz/$name.dict" ] && set -- "$@" -dict="fuzz/$name.dict"
	echo "== $name: $share s"
	if ! "$B/fuzz/$name" "$@" "$tmp/$name/corpus" >"$tmp/$name/log" 2>&1; then
		status=1
		echo "FAIL $name found a problem:"
		grep -v '^#[0-9]' "$tmp/$name/log" | tail -n 40
		for f in "$tmp/$name/artifacts"/*; do
			[ -e "$f" ] || continue
			echo "input $f (base64):"
			base64 "$f"
		done
	else
		grep -E '^stat::number_of_executed_units|^Done' "$tmp/$name/log" || true
	fi
done
exit $status
