#!/bin/sh
# gc keeps what the roots in <store>/.roots/ reach (through references) and
# deletes the rest, printing what it freed; gc --optimize hard-links
# identical files and the store still verifies.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
export GXSYS_CONFIG="${GXSYS_SRC:-$PWD}/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d)
PIDS=""
trap 'for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$T/store

"$GXSYS" closure --import -p bash --store "$S" >"$T/bash"
"$GXSYS" closure --import -p curl --store "$S" >"$T/curl"
cut -f1 "$T/bash" | grep "^$S/" | sort >"$T/keep"
cut -f1 "$T/curl" | grep "^$S/" | sort | comm -23 - "$T/keep" >"$T/drop"
[ -s "$T/drop" ] || fail "curl adds nothing to bash's closure?"

# root bash's item only: its references must keep libc6, libtinfo6, ...
bash_item=$(grep -o "^$S/[a-z0-9]*-bash-[0-9][^	]*" "$T/bash")
ln -s "$bash_item" "$S/.roots/bash"
# a root through a user's link (like -r FILE) to a file inside an item
libc=$(grep -o "^$S/[a-z0-9]*-libc6-[0-9][^	]*" "$T/bash")
ln -s "$libc/usr/lib64/ld-linux-x86-64.so.2" "$T/my-ld"
ln -s "$T/my-ld" "$S/.roots/ld"
# a dangling root is ignored
ln -s "$T/nonexistent" "$S/.roots/dangling"

# What running processes use is kept without a root, as Guix's and Nix's
# runtime roots: an item named on a command line, in an environment (here
# in a search path, "ITEM:..."), held open, or a working directory.
# Items of curl's closure that reference nothing else of it, so that the
# rest of it is still unreachable.
set --
while read -r p; do
	leaf=true
	for r in $(sed -n 's/^ref: //p' "$S/.db/items/${p##*/}"); do
		[ "$S/$r" = "$p" ] || ! grep -qx "$S/$r" "$T/drop" || leaf=false
	done
	[ "$leaf" = false ] || set -- "$@" "$p"
done <"$T/drop"
[ $# -ge 4 ] || fail "curl's closure has fewer than 4 items that reference nothing else of it"
u_cmd=$1 u_env=$2 u_fd=$3 u_cwd=$4
f=$(find "$u_fd" -type f | head -n 1)
[ -n "$f" ] || fail "no file in $u_fd"
# (the shell waits in a built-in: a child of it would outlive its kill)
mkfifo "$T/fifo"
sh -c 'read -r _ <>"$1"' sh "$T/fifo" "$u_cmd/x" &
PIDS="$PIDS $!"
p_cmd=$!
env GXSYS_TEST_PATH="$u_env:/usr/bin" sleep 300 &
PIDS="$PIDS $!"
p_env=$!
sleep 300 3<"$f" &
PIDS="$PIDS $!"
p_fd=$!
(cd "$u_cwd" && exec sleep 300) &
PIDS="$PIDS $!"
p_cwd=$!
busy() { # PID: is it running with the item it uses in place (after its exec)?
	tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | grep -qx "$u_cmd/x" &&
		[ "$(readlink "/proc/$1/fd/0")" = "$T/fifo" ] && return 0
	tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | grep -qx "GXSYS_TEST_PATH=$u_env:/usr/bin" &&
		return 0
	[ "$(readlink "/proc/$1/fd/3" 2>/dev/null)" = "$f" ] && return 0
	[ "$(readlink "/proc/$1/cwd" 2>/dev/null)" = "$u_cwd" ] &&
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = sleep ] && return 0
	return 1
}
for p in $p_cmd $p_env $p_fd $p_cwd; do
	i=0
	until busy "$p"; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "process $p did not start"
		sleep 0.05
	done
done
grep -v -x -e "$u_cmd" -e "$u_env" -e "$u_fd" -e "$u_cwd" "$T/drop" >"$T/drop.left" || true
mv "$T/drop.left" "$T/drop"

"$GXSYS" gc --dry-run --store "$S" >"$T/dry"
for d in "$S"/*; do [ -e "$S/.db/items/${d##*/}" ] || fail "dry run deleted ${d##*/}"; done
"$GXSYS" gc --store "$S" >"$T/gc"
tail -n 1 "$T/gc" | grep -q '^deleted [0-9]* items' || fail "no summary: $(tail -n 1 "$T/gc")"
grep -c '^deleting ' "$T/gc" >/dev/null || fail "nothing reported"
while read -r p; do
	[ -e "$p" ] && fail "unreachable $p kept"
	grep -q "^deleting $p	" "$T/gc" || fail "deletion of $p not printed"
done <"$T/drop"
# what bash's item reaches is kept
for r in $(sed -n 's/^ref: //p' "$S/.db/items/${bash_item##*/}"); do
	[ -d "$S/$r" ] || fail "referenced $r deleted"
done
[ -d "$libc" ] || fail "libc6 (rooted through a user link) deleted"
[ -d "$bash_item" ] || fail "rooted bash deleted"
"$GXSYS" verify --store "$S" || fail "verify after gc"

for u in "$u_cmd" "$u_env" "$u_fd" "$u_cwd"; do
	[ -d "$u" ] || fail "gc deleted $u, which a running process uses"
	for r in $(sed -n 's/^ref: //p' "$S/.db/items/${u##*/}"); do
		[ -d "$S/$r" ] || fail "gc deleted $r, which $u (in use) references"
	done
done
tail -n 1 "$T/gc" | grep -q '(4 in use by running processes)$' ||
	fail "items in use not counted: $(tail -n 1 "$T/gc")"
# once those processes are gone, so are the items
for p in $p_cmd $p_env $p_fd $p_cwd; do
	kill -KILL "$p"
	wait "$p" 2>/dev/null || true
done
PIDS=""
"$GXSYS" gc --store "$S" >"$T/gc"
for u in "$u_cmd" "$u_env" "$u_fd" "$u_cwd"; do
	[ ! -e "$u" ] || fail "$u kept once no process uses it"
done

# a second gc has nothing to do
"$GXSYS" gc --store "$S" | tail -n 1 | grep -q '^deleted 0 items' || fail "second gc deleted more"

# the closure is re-imported after gc and optimize links what is identical
"$GXSYS" closure --import -p curl -p bash --store "$S" >/dev/null
"$GXSYS" gc --optimize --store "$S" | grep -q '^linked [0-9]* files' || fail "optimize output"
"$GXSYS" verify --store "$S" || fail "verify after optimize"
echo ok
