#!/bin/sh
# Store benchmark (issue 4's performance figures), side by side in one run:
#  1. importing the closure of bash+coreutils+nginx into an empty store,
#     against `cp -a` plus `sha256sum` of the same host files;
#  2. `gxsys closure` of nginx, python3 and %base-packages, store filled.
# Usage: bench/store.sh [ROUNDS]   (build first; uses a temporary store)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
GXSYS=${GXSYS_BUILD:-$SRC/build}/gxsys
export GXSYS_CONFIG="${GXSYS_CONFIG:-$SRC/data/gxsys.conf}"
unset GXSYS_STORE GXSYS_HOST_ROOT
ROUNDS=${1:-3}
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# The host files the import reads: each item's content, at its host path.
"$GXSYS" closure --import -p bash -p coreutils -p nginx --store "$T/ref" >"$T/list"
(cd "$T/ref" && for d in *; do (cd "$d" && find . ! -type d | sed 's|^\.||'); done) |
	sort -u | while read -r f; do
		[ -e "$f" ] || [ -L "$f" ] && echo "$f"
	done >"$T/files"
bytes=$(du -sb "$T/ref" --exclude=.db | cut -f1)
echo "closure: $(grep -c "^$T/ref/" "$T/list") items, $(wc -l <"$T/files") files, $((bytes / 1048576)) MiB"

: >"$T/imp"
: >"$T/base"
i=0
while [ "$i" -lt "$ROUNDS" ]; do
	i=$((i + 1))
	chmod -R u+w "$T/s" "$T/cp" 2>/dev/null || true
	rm -rf "$T/s" "$T/cp"
	sync
	t0=$(now)
	"$GXSYS" closure --import -p bash -p coreutils -p nginx --store "$T/s" >/dev/null
	t1=$(now)
	mkdir "$T/cp"
	xargs -d '\n' cp -a --parents -t "$T/cp" <"$T/files" 2>/dev/null || true
	(cd "$T/cp" && find . -type f -print0 | xargs -0 sha256sum >/dev/null)
	t2=$(now)
	secs "$t0" "$t1" >>"$T/imp"
	secs "$t1" "$t2" >>"$T/base"
done
imp=$(median <"$T/imp")
base=$(median <"$T/base")
echo "import:              ${imp} s (median of $ROUNDS)"
echo "cp -a + sha256sum:   ${base} s"
echo "ratio:               $(echo "scale=2; $imp / $base" | bc) (target <= 2)"

"$GXSYS" closure --import -p %base-packages -p nginx -p python --store "$T/s" >/dev/null 2>&1
: >"$T/cl"
i=0
while [ "$i" -lt 10 ]; do
	i=$((i + 1))
	t0=$(now)
	"$GXSYS" closure -p %base-packages -p nginx -p python --store "$T/s" >/dev/null 2>&1
	t1=$(now)
	secs "$t0" "$t1" >>"$T/cl"
done
echo "closure (filled):    $(median <"$T/cl") s (median of 10; target < 0.2)"
