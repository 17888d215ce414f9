#!/bin/sh
# gxsys container --bundle on a simulated fresh host: the bundle of
# examples/web-server.scm is run in a private mount namespace where the
# store directory is an empty tmpfs, and gxsys, the build tree, the dpkg
# database and nginx's own Debian files are hidden.  It imports every item
# (the same content as the source store, byte for byte), boots, and nginx
# serves the page to wget run inside with `-- COMMAND` (which exits 0).  A second run and
# --extract-only import nothing; --list shows every item present; the
# generated script passes shellcheck.
set -eu
B=${GXSYS_BUILD:-$PWD/build}
SRC=${GXSYS_SRC:-$PWD}
GXSYS=$B/gxsys
skip() { echo "$*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root"
unshare --fork --pid --mount --uts --ipc --net true 2>/dev/null || skip "cannot create namespaces here"
[ -x /usr/sbin/nginx ] || skip "nginx is not installed"
export GXSYS_CONFIG="$SRC/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT

T=$(mktemp -d /tmp/gxsys-bundle-host.XXXXXX)
PIDS=""
# The instance's state files on the host (/run/gxsys/containers/NAME.lock
# and NAME.pid), removed with the rest.
NAME=gxit-bundle-$$
cleanup() {
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null || true; done
	rm -f "/run/gxsys/containers/$NAME.lock" "/run/gxsys/containers/$NAME.pid"
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "FAIL: $*" >&2; exit 1; }
[ ! -e "/run/gxsys/containers/$NAME.lock" ] || fail "/run/gxsys/containers/$NAME.lock exists already"

S=$T/store
"$GXSYS" container --store="$S" --bundle="$T/web.bundle" "$SRC/examples/web-server.scm" \
	>"$T/out" 2>"$T/err" || fail "gxsys container: $(cat "$T/err")"
[ -x "$T/web.bundle" ] || fail "no bundle"
sed -n '/^exit 127$/q;p' "$T/web.bundle" >"$T/script.sh"
command -v shellcheck >/dev/null && { shellcheck -s sh "$T/script.sh" || fail "shellcheck"; }

# What the items are on the build host: types, modes, sizes, digests.
"$T/web.bundle" --list | cut -f1 | sed "s|^$S/||" >"$T/items"
[ "$(wc -l <"$T/items")" -gt 50 ] || fail "--list: $(cat "$T/items")"
cat >"$T/lib.sh" <<'LIB'
content() { # STORE: every path of the items with type, mode, size, links; digests
	(cd "$1" && xargs -a "$T/items" sh -c 'find "$@" ! -type d -printf "%p %y %m %s %n\n"' sh | sort &&
		xargs -a "$T/items" sh -c 'find "$@" -type d -printf "%p %m\n"' sh | sort &&
		xargs -a "$T/items" sh -c 'find "$@" -type f -exec sha256sum {} +' sh | sort)
}
LIB
. "$T/lib.sh"
content "$S" >"$T/content.src"

cat >"$T/fresh-host.sh" <<'EOF'
# Runs in a private mount namespace: make it look like another host.
set -eu
. "$T/lib.sh"
fail() { echo "FAIL: $*" >&2; exit 1; }
mount --make-rprivate /
mount -t tmpfs tmpfs "$S"
mount -t tmpfs tmpfs "$SRC"
[ -d "$B" ] && mount -t tmpfs tmpfs "$B"
mount -t tmpfs tmpfs /var/lib/dpkg
for d in /etc/nginx /usr/share/nginx /usr/lib/nginx /usr/local/libexec/gxsys \
	/usr/lib/x86_64-linux-gnu/perl-base /usr/lib/python3.11; do
	[ -d "$d" ] && mount -t tmpfs tmpfs "$d"
done
for f in /usr/sbin/nginx /usr/local/bin/gxsys; do
	[ -f "$f" ] && mount --bind /dev/null "$f"
done
! command -v gxsys >/dev/null || fail "gxsys still visible"
[ ! -e "$B/gxsys-import" ] || fail "the build tree is still visible"
[ -z "$(ls -A "$S")" ] || fail "the store is not empty"

# Run the bundle in the background, wait (bounded) for OUTPUT to hold
# PATTERN, then for it to exit; returns its status (or 124 once killed).
boot() { # OUTPUT PATTERN ARGS...
	out=$1 pat=$2
	shift 2
	"$T/web.bundle" "$@" >"$out" 2>&1 &
	pid=$!
	echo "$pid" >"$T/pid"
	i=0
	while ! grep -q "$pat" "$out" && kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 1800 ] || break
		sleep 0.1
	done
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "the container did not shut down in 30 s after its command; killed" >&2
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null || true
		return 124
	fi
	rc=0
	wait "$pid" || rc=$?
	return $rc
}

rc=0
# nginx's service is up once its PID file is written, after it opened its
# sockets; the command inside still retries (bounded) rather than hang.
fetch='for i in $(seq 100); do wget -qO- "$0" && exit 0; sleep 0.1; done; exit 1'
boot "$T/run1" "Hello from a gxsys container" --name "$NAME" -- sh -c "$fetch" http://127.0.0.1/ || rc=$?
grep -q "Hello from a gxsys container!" "$T/run1" || fail "no page (exit $rc): $(cat "$T/run1")"
[ $rc = 0 ] || fail "first run exited $rc: $(cat "$T/run1")"
n=$(wc -l <"$T/items")
grep -q "imported $n of the $n store items" "$T/run1" || fail "import message: $(head -n 3 "$T/run1")"
[ -z "$(ls -A "$S/.tmp")" ] || fail "temporaries left in the store"
ls "$S/.roots" | grep -q '^gxsys-bundle-' || fail "no GC root"
content "$S" >"$T/content.dst"
cmp -s "$T/content.src" "$T/content.dst" ||
	fail "imported items differ: $(diff "$T/content.src" "$T/content.dst" | head -n 5)"

snap() { (cd "$S" && find . -printf '%p %y %m %s %T@\n' | sort); }
snap >"$T/snap1"
"$T/web.bundle" --extract-only >"$T/x" 2>&1 || fail "--extract-only: $(cat "$T/x")"
[ ! -s "$T/x" ] || fail "--extract-only said: $(cat "$T/x")"
rc=0
boot "$T/run2" "^ok$" --name "$NAME" -- sh -c "$fetch" http://127.0.0.1/health || rc=$?
grep -q "^ok$" "$T/run2" || fail "second run: no answer from /health: $(cat "$T/run2")"
[ $rc = 0 ] || fail "second run exited $rc: $(cat "$T/run2")"
! grep -q "imported" "$T/run2" || fail "second run imported: $(cat "$T/run2")"
snap >"$T/snap2"
cmp -s "$T/snap1" "$T/snap2" || fail "the second run changed the store: $(diff "$T/snap1" "$T/snap2" | head)"
[ "$("$T/web.bundle" --list | grep -vc '	present$')" = 0 ] || fail "--list: items missing"
echo "fresh host: ok"
EOF

export T S SRC B NAME
unshare -m sh "$T/fresh-host.sh" || fail "on the fresh host (see above)"
echo "bundle: $(wc -c <"$T/web.bundle") bytes, $(wc -l <"$T/items") items"
