#!/bin/sh
# The scripts certbot-service-type generates (tests/golden/describe/
# certbot-every-field.scm), run outside a container with their paths moved
# under a temporary directory: shellcheck passes on each; certbot-command
# gives a stub certbot exactly the arguments the configuration holds
# (quotes, $, backticks and spaces kept), goes on after a failed
# certificate (exit 1) and stops at a connection error (exit 2); the boot
# script tries a connection error again; a deploy hook links
# /etc/certs/NAME to certbot's live files and runs the user's hook, quoted;
# the self-signed script makes a certificate with openssl's subject and
# alternative names, and leaves an existing one alone.
set -u
SRC=${GXSYS_SRC:-$(pwd)}
GXSYS=${GXSYS_BUILD:-$SRC/build}/gxsys
command -v jq >/dev/null 2>&1 || { echo "skip: jq is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }
json=$tmp/d.json
"$GXSYS" describe "$SRC/tests/golden/describe/certbot-every-field.scm" >"$json" ||
	{ echo "FAIL: describe"; exit 1; }
# Each script, with /etc, /var and the programs it runs moved under $tmp.
mkdir -p "$tmp/etc/gxsys/certbot" "$tmp/var/log/letsencrypt" "$tmp/bin"
for s in certbot-command example.net-deploy-hook wild-deploy-hook \
	mail.example.net-deploy-hook self-signed renew-at-boot; do
	jq -r --arg p "/etc/gxsys/certbot/$s" '."etc-files"[] | select(.path == $p) | .content' \
		"$json" >"$tmp/orig-$s"
	[ -s "$tmp/orig-$s" ] || bad "no /etc/gxsys/certbot/$s"
	if command -v shellcheck >/dev/null 2>&1; then
		shellcheck -s sh "$tmp/orig-$s" || bad "shellcheck: $s"
	fi
	sed -e "s|/etc/|$tmp/etc/|g" -e "s|/var/log/|$tmp/var/log/|g" \
		-e "s|/usr/bin/certbot|$tmp/bin/certbot|" -e "s|/usr/sbin/nginx|$tmp/bin/nginx|" \
		-e "s|/usr/bin/openssl|openssl|g" -e "s|sleep 10|sleep 0|" \
		"$tmp/orig-$s" >"$tmp/etc/gxsys/certbot/$s"
	chmod 755 "$tmp/etc/gxsys/certbot/$s"
done

# A stub certbot: its arguments one per line (then "--"), the exit status
# of the next line of $tmp/plan (0 when none), a connection error written
# to certbot's log when that line says "conn".
cat >"$tmp/bin/certbot" <<EOF
#!/bin/sh
for a in "\$@"; do printf '%s\n' "\$a"; done >>"$tmp/args"
echo -- >>"$tmp/args"
step=\$(sed -n "\$(grep -c '^--\$' "$tmp/args")p" "$tmp/plan")
case \$step in
conn) echo "Failed to establish a new connection" >"$tmp/var/log/letsencrypt/letsencrypt.log"; exit 1 ;;
'' | 0) : >"$tmp/var/log/letsencrypt/letsencrypt.log"; exit 0 ;;
*) : >"$tmp/var/log/letsencrypt/letsencrypt.log"; exit "\$step" ;;
esac
EOF
printf '#!/bin/sh\necho "nginx $*" >>"%s/nginx"\n' "$tmp" >"$tmp/bin/nginx"
chmod 755 "$tmp/bin/certbot" "$tmp/bin/nginx"

# All three certificates, the second failing: exit 1, every one tried, the
# arguments exactly the configuration's.
printf '0\n1\n0\n' >"$tmp/plan"
"$tmp/etc/gxsys/certbot/certbot-command" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 1 ] || bad "certbot-command with a failed certificate: exit $rc, not 1"
grep -q "^Error: wild - continuing with other domains$" "$tmp/out" ||
	bad "no 'continuing' message: $(cat "$tmp/out")"
grep -q "^Certificate successfully acquired: mail.example.net$" "$tmp/out" ||
	bad "the certificate after the failed one was not tried"
cat >"$tmp/want" <<EOF
certonly
-n
--agree-tos
--webroot
-w
/srv/acme
--cert-name
example.net
-d
example.net,www.example.net
--csr
$tmp/etc/csr/example.der
--email
it's-me+\$HOME@example.net
--server
https://acme.example.net/directory?a=1&b=\`x\`
--rsa-key-size
3072
--deploy-hook
$tmp/etc/gxsys/certbot/example.net-deploy-hook
--
certonly
-n
--agree-tos
--manual
--preferred-challenges=dns-01
--cert-name
wild
--manual-public-ip-logging-ok
-d
*.example.net
--email
it's-me+\$HOME@example.net
--server
https://acme.example.net/directory?a=1&b=\`x\`
--rsa-key-size
3072
--manual-auth-hook
/usr/local/bin/auth --zone 'example.net' "\$CERTBOT_VALIDATION"
--manual-cleanup-hook
/bin/sh '$tmp/etc/gxsys/files/cleanup.sh'
--deploy-hook
$tmp/etc/gxsys/certbot/wild-deploy-hook
--
certonly
-n
--agree-tos
--webroot
-w
/srv/acme
--cert-name
mail.example.net
-d
mail.example.net
--email
it's-me+\$HOME@example.net
--server
https://acme.example.net/directory?a=1&b=\`x\`
--rsa-key-size
3072
--deploy-hook
$tmp/etc/gxsys/certbot/mail.example.net-deploy-hook
--
EOF
cmp -s "$tmp/want" "$tmp/args" || {
	bad "certbot's arguments differ from the configuration's:"
	diff "$tmp/want" "$tmp/args"
}

# A connection error stops at once with exit 2.
: >"$tmp/args"
printf 'conn\n' >"$tmp/plan"
"$tmp/etc/gxsys/certbot/certbot-command" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 2 ] || bad "certbot-command after a connection error: exit $rc, not 2"
[ "$(grep -c '^--$' "$tmp/args")" = 1 ] || bad "certificates were tried after a connection error"

# The boot script tries again after a connection error, then stops with
# the command's status.
: >"$tmp/args"
printf 'conn\nconn\n0\n0\n1\n' >"$tmp/plan"
"$tmp/etc/gxsys/certbot/renew-at-boot" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 1 ] || bad "renew-at-boot: exit $rc, not 1 (the third run's)"
[ "$(grep -c '^--$' "$tmp/args")" = 5 ] ||
	bad "renew-at-boot: $(grep -c '^--$' "$tmp/args") runs of certbot, not 5"

# A deploy hook: the links, nginx reloaded, the user's hook quoted as given.
mkdir -p "$tmp/etc/letsencrypt/live/example.net"
RENEWED_LINEAGE=/x/y "$tmp/etc/gxsys/certbot/example.net-deploy-hook" >"$tmp/out" 2>&1 ||
	bad "deploy hook failed: $(cat "$tmp/out")"
for f in privkey.pem fullchain.pem; do
	[ "$(readlink "$tmp/etc/certs/example.net/$f")" = "$tmp/etc/letsencrypt/live/example.net/$f" ] ||
		bad "/etc/certs/example.net/$f is not a link to certbot's live file"
done
grep -q "^nginx -c $tmp/etc/nginx/nginx.conf -s reload$" "$tmp/nginx" 2>/dev/null ||
	bad "the deploy hook did not reload nginx"
# the user's hook (its 'it''s' is "its" to sh) appends to /var/log/deployed, moved
grep -q "^deployed /x/y its [^\`]" "$tmp/var/log/deployed" 2>/dev/null ||
	bad "the user's deploy hook did not run as written: $(cat "$tmp/var/log/deployed" 2>&1)"

# Self-signed certificates: made where none is, with the subject and the
# other domains; an existing directory is left alone.
if command -v openssl >/dev/null 2>&1; then
	# 3072-bit keys take a while: a smaller one for the test
	sed -i "s/ 3072 -subj/ 1024 -subj/" "$tmp/etc/gxsys/certbot/self-signed"
	mkdir -p "$tmp/etc/certs/mail.example.net"
	rm -rf "$tmp/etc/certs/example.net"
	"$tmp/etc/gxsys/certbot/self-signed" >"$tmp/out" 2>&1 || bad "self-signed: $(cat "$tmp/out")"
	c=$tmp/etc/certs/example.net
	openssl x509 -noout -subject -in "$c/fullchain.pem" 2>/dev/null |
		grep -q "O = Company Name, OU = Org, CN = example.net$" || bad "self-signed: wrong subject"
	openssl x509 -noout -ext subjectAltName -in "$c/fullchain.pem" 2>/dev/null |
		grep -q "DNS:www.example.net" || bad "self-signed: no alternative name"
	[ "$(stat -c %a "$c/privkey.pem")" = 600 ] || bad "self-signed: the key is not 0600"
	[ ! -e "$tmp/etc/certs/wild" ] || bad "self-signed: made for start-self-signed? #f"
	[ -z "$(ls "$tmp/etc/certs/mail.example.net")" ] ||
		bad "self-signed: an existing directory was filled"
else
	echo "note: openssl not installed, the self-signed script not run"
fi
[ "$fail" = 0 ] && echo "ok: certbot's scripts"
exit $fail
