#!/bin/sh
# gxsys and the launcher run the way a server's automation runs them, not
# from the developer's shell: under root's cron umask (077).
# Nothing may stay mounted or running.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

sysdir() { sed -n "s/^system='\(.*\)'\$/\1/p" "$1" | head -n 1; }

build "$SRC/examples/bare-bones.scm"
L0=$LAUNCHER

# umask 077 (root's cron on hardened hosts): the system is the same one,
# world-readable, not a profile and etc of 0500 directories and 0400 files
# that only root inside could use.  Without the memo, so that it is built
# again.
rm -rf "$STORE/.cache/systems"
(
	umask 077
	build "$SRC/examples/bare-bones.scm"
	echo "$LAUNCHER" >"$T/l077"
) || exit 1
[ "$(cat "$T/l077")" = "$L0" ] ||
	fail "umask 077 built another system: $(cat "$T/l077"), expected $L0"
sys=$(sysdir "$L0")
[ -n "$(find "$sys/profile" -maxdepth 0 -perm -0005)" ] ||
	fail "the profile is not world-traversable: $(ls -ld "$sys/profile")"
iname umask
inside "$N" 'setpriv --reuid=65534 --regid=65534 --clear-groups /bin/ls /usr/bin/ls' ||
	fail "a program run as nobody after a umask 077 build"
expect_out '^/usr/bin/ls$' "nobody runs ls"
check_clean

echo "ok"
