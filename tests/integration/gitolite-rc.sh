#!/bin/sh
# The rc file gitolite-service-type writes (tests/golden/describe/
# gitolite-every-field.scm), read back by Perl as gitolite reads it: every
# value as the configuration gives it (a quote and backslashes kept), the
# umask octal, the roles, the unsafe pattern; and the setup script is
# clean by shellcheck.  Skips (77) without jq or perl.
set -u
SRC=${GXSYS_SRC:-$(pwd)}
GXSYS=${GXSYS_BUILD:-$SRC/build}/gxsys
command -v jq >/dev/null 2>&1 || { echo "skip: jq is not installed"; exit 77; }
command -v perl >/dev/null 2>&1 || { echo "skip: perl is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
"$GXSYS" describe "$SRC/tests/golden/describe/gitolite-every-field.scm" >"$tmp/d.json" ||
	{ echo "FAIL: describe"; exit 1; }
for f in gitolite.rc setup; do
	jq -r --arg p "/etc/gxsys/gitolite/$f" '."etc-files"[] | select(.path == $p) | .content' \
		"$tmp/d.json" >"$tmp/$f"
	[ -s "$tmp/$f" ] || { echo "FAIL: no /etc/gxsys/gitolite/$f"; fail=1; }
done
if command -v shellcheck >/dev/null 2>&1; then
	shellcheck -s sh "$tmp/setup" || { echo "FAIL: shellcheck of the setup script"; fail=1; }
fi
# shellcheck disable=SC2016 # Perl's variables
perl -e 'our (%RC, $UNSAFE_PATT);
	do $ARGV[0] or die "the rc file does not load: $@ $!\n";
	print "keys=$RC{GIT_CONFIG_KEYS}\n";
	print "enable=", join("|", @{$RC{ENABLE}}), "\n";
	printf "umask=%04o\n", $RC{UMASK};
	print "roles=", join(",", map { "$_=$RC{ROLES}{$_}" } sort keys %{$RC{ROLES}}), "\n";
	print "unsafe=", ("a;b" =~ $UNSAFE_PATT ? "matches" : "no"), ("ab" =~ $UNSAFE_PATT ? " matches" : " no"), "\n";' \
	"$tmp/gitolite.rc" >"$tmp/got" 2>&1 || { echo "FAIL: perl: $(cat "$tmp/got")"; fail=1; }
cat >"$tmp/want" <<'WANT'
keys=gitweb\..* it's\
enable=help|desc|info|it's\
umask=0022
roles=OWNERS=0,READERS=1,WRITERS=1
unsafe=matches no
WANT
cmp -s "$tmp/want" "$tmp/got" || {
	echo "FAIL: the rc file's values as Perl reads them:"
	diff "$tmp/want" "$tmp/got"
	fail=1
}
grep -q "^/usr/bin/gitolite setup -m 'gitolite setup by gxsys' -pk 'admin@example.org.pub'$" \
	"$tmp/setup" || { echo "FAIL: setup does not run gitolite setup with the admin's key"; fail=1; }
[ "$fail" = 0 ] && echo "ok: gitolite's rc file"
exit $fail
