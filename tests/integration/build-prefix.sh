#!/bin/sh
# The installation directories are compiled in (GXSYS_DATADIR, ...), so a
# build with another prefix, sysconfdir, datadir or libexecdir recompiles:
# `make && make prefix=/usr && sudo make install prefix=/usr` (README) must
# install programs that look in /usr, not in the first build's /usr/local.
# Builds one object in a build directory of its own.
set -eu
SRC=${GXSYS_SRC:-$(pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
obj=$T/b/src/gen/catalog.o
mk() { make -s -C "$SRC" B="$T/b" "$@"; }

mk prefix=/opt/a "$obj"
strings "$obj" | grep -q '^/opt/a/share/gxsys' || fail "no /opt/a in $obj"
mk -q prefix=/opt/a "$obj" || fail "the same prefix rebuilds"
if mk -q prefix=/opt/b "$obj"; then
	fail "another prefix is taken as up to date"
fi
mk prefix=/opt/b "$obj"
strings "$obj" | grep -q '^/opt/b/share/gxsys' || fail "no /opt/b in $obj after make prefix=/opt/b"
mk -q PREFIX=/opt/b "$obj" || fail "PREFIX=/opt/b is not prefix=/opt/b"
if mk -q prefix=/opt/b sysconfdir=/etc "$obj"; then
	fail "another sysconfdir is taken as up to date"
fi
echo ok
