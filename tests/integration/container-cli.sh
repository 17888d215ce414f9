#!/bin/sh
# gxsys container's command line without booting: --dry-run, -r, usage and
# configuration errors (exit statuses, FILE:LINE:COL), values /etc cannot
# hold refused, nothing left in the store after a failed build.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

run() { # EXPECTED-STATUS ARGS...
	want=$1
	shift
	"$GXSYS" container --store "$STORE" --config "$CONF" "$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] || fail "gxsys container $*: exit $got, expected $want"
}

# Usage errors: 2.
"$GXSYS" container >"$T/out" 2>"$T/err"
[ $? = 2 ] || fail "no FILE: expected exit 2"
grep -q "no configuration file given" "$T/err" || fail "no FILE: message"
run 2 --no-such-option "$SRC/examples/bare-bones.scm"

# --dry-run: nothing on stdout, nothing imported or built.
run 0 -n "$SRC/examples/bare-bones.scm"
[ ! -s "$T/out" ] || fail "--dry-run printed a path"
grep -q "store items of .* would be imported" "$T/err" || fail "--dry-run report"
for f in "$STORE"/*-system-*; do
	[ -e "$f" ] && fail "--dry-run built a system"
done

# A user comment /etc/passwd cannot hold: exit 1, located, nothing built.
cat >"$T/bad.scm" <<'SCM'
(use-modules (gnu))
(operating-system
  (host-name "bad")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account
                (name "eve")
                (comment "Eve: root::0:0")
                (group "users"))
               %base-user-accounts)))
SCM
run 1 "$T/bad.scm"
grep -Eq "bad.scm:[0-9]+:[0-9]+: user 'eve': comment" "$T/err" ||
	fail "a ':' in a comment is not refused with its location"
[ ! -s "$T/out" ] || fail "a failed build printed a path"
for f in "$STORE"/*-system-bad "$STORE"/.tmp/*; do
	[ -e "$f" ] && fail "a failed build left $f"
done

# -r FILE: a link to the launcher and a GC root.
run 0 -r "$T/my-launcher" "$SRC/examples/bare-bones.scm"
launcher=$(tail -n 1 "$T/out")
[ "$(readlink "$T/my-launcher")" = "$launcher" ] || fail "-r: $T/my-launcher is not a link to $launcher"
roots=0
for r in "$STORE"/.roots/*; do
	[ "$(readlink "$r")" = "$launcher" ] && roots=$((roots + 1))
done
[ "$roots" -ge 1 ] || fail "-r: no GC root to the launcher"

# Unchanged rebuild: same path, nothing imported, nothing built.
run 0 "$SRC/examples/bare-bones.scm"
[ "$(tail -n 1 "$T/out")" = "$launcher" ] || fail "rebuild printed another path"
if grep -E "importing|building" "$T/err"; then fail "the rebuild did work"; fi
for f in "$STORE"/.tmp/*; do
	[ -e "$f" ] && fail "temporary file $f left in the store"
done
echo "gxsys container's command line works"
