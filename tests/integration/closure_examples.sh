#!/bin/sh
# gxsys closure FILE on the shipped examples (listing only, no store): the
# services' packages are in the closure, absent %base-packages members give
# one warning line, and a package that does not exist is an error that
# points into the file.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
SRC=${GXSYS_SRC:-$PWD}
export GXSYS_CONFIG="$SRC/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$GXSYS" closure --store "$T/none" "$SRC/examples/web-server.scm" >"$T/web" 2>"$T/web.err" ||
	fail "web-server: $(cat "$T/web.err")"
grep -q '^(not in store) nginx-[0-9]' "$T/web" || fail "no nginx in the web-server closure"
grep -q '^(not in store) coreutils-[0-9]' "$T/web" || fail "no coreutils (%base-packages)"
[ "$(grep -c 'warning' "$T/web.err")" -le 1 ] || fail "more than one warning: $(cat "$T/web.err")"
tail -n 1 "$T/web" | grep -q '^total: [0-9]* items' || fail "no total"

"$GXSYS" closure --store "$T/none" "$SRC/examples/ssh-server.scm" >"$T/ssh" 2>/dev/null
grep -q '^(not in store) openssh-server-[0-9]' "$T/ssh" || fail "no sshd in the ssh-server closure"

cat >"$T/bad.scm" <<'EOS'
(use-modules (gnu))
(operating-system
  (host-name "bad")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (cons (specification->package "no-such-package-gxsys")
                  %base-packages)))
EOS
if "$GXSYS" closure --store "$T/none" "$T/bad.scm" >/dev/null 2>"$T/bad.err"; then
	fail "an unknown package was accepted"
fi
grep -q "no-such-package-gxsys" "$T/bad.err" || fail "message: $(cat "$T/bad.err")"
grep -q "$T/bad.scm:[0-9]*:[0-9]*" "$T/bad.err" || fail "no FILE:LINE:COL: $(cat "$T/bad.err")"
echo ok
