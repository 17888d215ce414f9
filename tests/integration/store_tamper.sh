#!/bin/sh
# md5sums verification, on a copy of dpkg data we make (never the host's
# files): a modified file is refused with a message naming it;
# --allow-modified imports it and records it; a modified conffile is left
# out with a warning.  The same content imported from the copy and from the
# host gets the same name.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
unset GXSYS_STORE GXSYS_HOST_ROOT GXSYS_CONFIG
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for p in tzdata netbase; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' ||
		{ echo "$p is not installed on this host"; exit 77; }
done

# A fake host root holding tzdata and netbase: their status stanzas, info
# files, and copies of their files (a file tree merged-/usr like the host's).
R=$T/root
mkdir -p "$R/var/lib/dpkg/info"
for p in tzdata netbase; do
	dpkg -s "$p" >>"$R/var/lib/dpkg/status"
	echo >>"$R/var/lib/dpkg/status"
	for ext in list md5sums; do
		f=$(ls /var/lib/dpkg/info/"$p".$ext /var/lib/dpkg/info/"$p":*.$ext 2>/dev/null | head -n 1)
		[ -z "$f" ] || cp "$f" "$R/var/lib/dpkg/info/$p.$ext"
	done
	sed -n 's|^/\(.\)|\1|p' "$R/var/lib/dpkg/info/$p.list" |
		tar -C / --no-recursion --ignore-failed-read -cf - -T - 2>/dev/null | tar -C "$R" -xf -
done

conf() { # ROOT
	cat <<EOC
host-root = "$1"
base-set = {}
exclude = { "debconf", "debconf-2.0" }
EOC
}
conf "$R" >"$T/fake.conf"
conf / >"$T/host.conf"

"$GXSYS" closure --config "$T/fake.conf" --import -p tzdata -p netbase --store "$T/s1" >"$T/l1" ||
	fail "import from the pristine copy"
"$GXSYS" closure --config "$T/host.conf" --import -p tzdata --store "$T/s0" >"$T/l0"
a=$(grep -o '[a-z0-9]*-tzdata-[^	]*' "$T/l1")
b=$(grep -o '[a-z0-9]*-tzdata-[^	]*' "$T/l0")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "same content, different names: '$a' '$b'"

# --store naming a directory of other files: refused, exit 3, the files kept
mkdir -p "$T/home/docs"
echo precious >"$T/home/docs/thesis"
rc=0
"$GXSYS" closure --config "$T/fake.conf" --import -p tzdata --store "$T/home" >/dev/null \
	2>"$T/err" || rc=$?
[ "$rc" = 3 ] || fail "--store of a directory of other files: exit $rc: $(cat "$T/err")"
grep -q "is not a gxsys store and is not empty" "$T/err" || fail "message: $(cat "$T/err")"
grep -q precious "$T/home/docs/thesis" || fail "--store emptied a directory of other files"
[ ! -e "$T/home/.db" ] || fail "a store was made in a directory of other files"

# an item's directory removed by hand (its record left): verify says so,
# and the item is not served as present: the next import puts it back
chmod -R u+w "$T/s1/$a"
rm -rf "${T:?}/s1/$a"
if "$GXSYS" verify --store "$T/s1" >/dev/null 2>"$T/err"; then
	fail "verify passed with an item's directory gone"
fi
grep -q "'$a': item directory missing" "$T/err" || fail "verify: $(cat "$T/err")"
"$GXSYS" closure --config "$T/fake.conf" --import -p tzdata --store "$T/s1" >"$T/l1b" ||
	fail "re-import after the item's directory was removed"
[ -d "$T/s1/$a/usr/share/zoneinfo" ] || fail "a registered item without its directory was served"
"$GXSYS" verify --store "$T/s1" || fail "verify after the re-import"

# tamper with a regular file of the copy
zf=$R/usr/share/zoneinfo/Etc/UTC
[ -f "$zf" ] || zf=$(find "$R/usr/share/zoneinfo" -type f | head -n 1)
chmod u+w "$zf"
echo tampered >>"$zf"
if "$GXSYS" closure --config "$T/fake.conf" --import -p tzdata --store "$T/s2" >/dev/null 2>"$T/err"; then
	fail "a modified file was imported"
fi
grep -q "$zf" "$T/err" || fail "the message does not name the file: $(cat "$T/err")"
grep -q -- "--allow-modified" "$T/err" || fail "the message does not say how to proceed"
[ -z "$(ls "$T/s2" 2>/dev/null)" ] || fail "items left after a refused import: $(ls "$T/s2")"
[ -z "$(ls -A "$T/s2/.tmp")" ] || fail "temporaries left after a refused import"

"$GXSYS" closure --config "$T/fake.conf" --import --allow-modified -p tzdata --store "$T/s3" \
	>"$T/l3" 2>"$T/warn" || fail "--allow-modified"
c=$(grep -o '[a-z0-9]*-tzdata-[^	]*' "$T/l3")
[ "$c" != "$a" ] || fail "modified content kept the pristine name"
grep -q '^modified: usr/share/zoneinfo/' "$T/s3/.db/items/$c" || fail "modification not recorded"

# a modified conffile is left out, with a warning, and recorded
chmod u+w "$R/etc/services"
echo "# local change" >>"$R/etc/services"
"$GXSYS" closure --config "$T/fake.conf" --import -p netbase --store "$T/s4" >"$T/l4" 2>"$T/warn" ||
	fail "netbase with a modified conffile: $(cat "$T/warn")"
grep -q "conffile '$R/etc/services'" "$T/warn" || fail "no warning: $(cat "$T/warn")"
nb=$(grep -o '[a-z0-9]*-netbase-[^	]*' "$T/l4")
[ ! -e "$T/s4/$nb/etc/services" ] || fail "modified conffile imported"
grep -q '^conffile-modified: etc/services' "$T/s4/.db/items/$nb" || fail "not recorded"
echo ok
