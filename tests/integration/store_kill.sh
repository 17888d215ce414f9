#!/bin/sh
# kill -9 of an import at many moments: afterwards every registered item
# verifies, and the next run removes temporaries and unregistered
# directories; a final import completes the store.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
export GXSYS_CONFIG="${GXSYS_SRC:-$PWD}/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$T/store

check_consistent() {
	# registered items are complete (verify opens read-only: no cleanup first)
	"$GXSYS" verify --store "$S" >/dev/null 2>"$T/verr" || fail "verify after kill: $(cat "$T/verr")"
	# a run that gets the lock cleans up what the killed one left
	"$GXSYS" gc --dry-run --store "$S" >/dev/null
	[ -z "$(ls -A "$S/.tmp")" ] || fail "temporaries left: $(ls -A "$S/.tmp")"
	for d in "$S"/*; do
		[ -e "$d" ] || continue
		[ -e "$S/.db/items/${d##*/}" ] || fail "unregistered directory ${d##*/} left"
	done
	for f in "$S"/.db/items/*; do
		[ -e "$f" ] || continue
		[ -d "$S/${f##*/}" ] || fail "registered item ${f##*/} has no directory"
		case $f in *.tmp-*) fail "half-written record $f" ;; esac
	done
}

for delay in 0.05 0.2 0.4 0.7 1 1.5 2 3; do
	"$GXSYS" closure --import -p python -p nginx --store "$S" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=
	[ -d "$S/.db" ] || continue # killed before the store existed
	check_consistent
done
"$GXSYS" closure --import -p python -p nginx --store "$S" >"$T/list" || fail "final import"
check_consistent
n=$(grep -c "^$S/" "$T/list")
[ "$(ls "$S/.db/items" | wc -l)" -eq "$n" ] || fail "item count differs from the closure"
echo ok
