#!/bin/sh
# The closures of the packages the nginx and openssh services use (and
# python, curl), imported from the real dpkg database into a temporary store:
# the binaries, their dlopen'ed/plugin libraries and virtual-package
# providers are there, setuid bits are stripped and recorded, and nginx and
# ssh run from the items alone.
set -eu
GXSYS=${GXSYS_BUILD:-$PWD/build}/gxsys
export GXSYS_CONFIG="${GXSYS_SRC:-$PWD}/data/gxsys.conf"
unset GXSYS_STORE GXSYS_HOST_ROOT
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for p in nginx-light openssh-server python3 curl; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' ||
		{ echo "$p is not installed on this host"; exit 77; }
done

S=$T/store
"$GXSYS" closure --import -p nginx --store "$S" >"$T/nginx"
"$GXSYS" closure --import -p openssh --store "$S" >"$T/ssh"
"$GXSYS" closure --import -p python -p curl --store "$S" >"$T/py"
item() { sed -n "s|^\\($S/[a-z0-9]*-$2-[0-9][^	]*\\)	.*|\\1|p" "$1" | head -n 1; }

ng=$(item "$T/nginx" nginx)
[ -x "$ng/usr/sbin/nginx" ] || fail "no usr/sbin/nginx"
for p in nginx-common libpcre2-8-0 libssl3 zlib1g libc6 libnginx-mod-http-echo; do
	[ -n "$(item "$T/nginx" "$p")" ] || fail "nginx closure lacks $p"
done
[ -e "$(item "$T/nginx" nginx-common)/etc/nginx/nginx.conf" ] || fail "nginx.conf not under etc/"
grep -q '^conffile: etc/nginx/nginx.conf' "$S/.db/items/$(basename "$(item "$T/nginx" nginx-common)")" ||
	fail "nginx.conf not recorded as a conffile"
# excluded maintainer-script packages are not pulled in through Depends
! grep -q -- '-debconf-' "$T/nginx" || fail "debconf in the nginx closure"

for p in openssh-server openssh-client openssh-sftp-server libpam-modules libssl3; do
	[ -n "$(item "$T/ssh" "$p")" ] || fail "openssh closure lacks $p"
done
sshd=$(item "$T/ssh" openssh-server)
[ -x "$sshd/usr/sbin/sshd" ] || fail "no sshd"
cl=$(item "$T/ssh" openssh-client)
if [ -e "$cl/usr/lib/openssh/ssh-keysign" ]; then
	[ "$(stat -c %a "$cl/usr/lib/openssh/ssh-keysign")" = 555 ] || fail "ssh-keysign keeps setuid"
	grep -q '^privileged: 4755 - usr/lib/openssh/ssh-keysign' "$S/.db/items/${cl##*/}" ||
		fail "setuid of ssh-keysign not recorded"
fi

for p in python3.11-minimal libpython3.11-stdlib libcurl4 ca-certificates; do
	[ -n "$(item "$T/py" "$p")" ] || fail "python/curl closure lacks $p"
done

"$GXSYS" verify --store "$S" || fail verify

libc=$(item "$T/nginx" libc6)
libs=$(for d in "$S"/*/usr/lib/x86_64-linux-gnu; do printf '%s:' "$d"; done)
ld="$libc/usr/lib64/ld-linux-x86-64.so.2"
"$ld" --library-path "$libs" "$ng/usr/sbin/nginx" -v 2>&1 | grep -q 'nginx version' || fail "nginx -v"
"$ld" --library-path "$libs" "$cl/usr/bin/ssh" -V 2>&1 | grep -q OpenSSH || fail "ssh -V"
"$ld" --library-path "$libs" "$(item "$T/py" curl)/usr/bin/curl" --version | grep -q '^curl ' ||
	fail "curl --version"
echo ok
