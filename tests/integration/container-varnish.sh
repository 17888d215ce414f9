#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# varnish-service-type end to end: nginx serves a page on 127.0.0.1:8080;
# varnish-default (Guix's defaults: backend localhost:8080, listen
# localhost:80) caches it: the second request is a hit (X-Varnish names
# two transactions, Age is there).  A second instance, "synth", runs a VCL
# plain-file on localhost:6081 that answers by itself with a header of
# its own; its state is in /var/varnish/synth, where varnishadm -n reaches
# it; stopped, it no longer answers.  The cache worker runs as the varnish
# account.  A VCL that does not compile is a located note of the build.
# Root, real namespaces, temporary store; everything cleaned up.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages varnish curl

mkdir -p "$T/www"
echo "hello from behind varnish" >"$T/www/index.html"
cat >"$T/v.scm" <<'EOF2'
(use-modules (gnu))
(use-service-modules web)
(use-package-modules curl web)
(define synth-vcl
  (plain-file "synth.vcl" "vcl 4.1;
backend default none;
sub vcl_recv { return (synth(200, \"synthetic\")); }
sub vcl_synth {
  set resp.http.X-Gxsys-Vcl = \"synth\";
  set resp.body = \"made by the vcl\";
  return (deliver);
}
"))
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (cons* curl %base-packages))
  (services
   (cons* (service nginx-service-type
           (nginx-configuration
            (server-blocks
             (list (nginx-server-configuration
                    (listen '("127.0.0.1:8080"))
                    (root "/srv/www"))))))
          (service varnish-service-type)
          (service varnish-service-type
           (varnish-configuration
            (name "synth")
            (vcl synth-vcl)
            (listen '("localhost:6081"))
            (storage '("malloc,16m"))
            (parameters '(("default_ttl" . "30")))))
          %base-services)))
EOF2
build "$T/v.scm"
iname vn
inside "$N" '
	herd status varnish-default | sed -n "2s/^/status-default: /p"
	herd status varnish-synth | sed -n "2s/^/status-synth: /p"
	# varnish-NAME is up once varnishd wrote its PID file (as in Guix);
	# its cache process listens a moment later: wait for the sockets
	# (without a request, which would fill the cache)
	listening() { grep -q ":$1 00000000:0000 0A" /proc/net/tcp; }
	for _ in $(seq 100); do
		listening 0050 && listening 17C1 && break
		sleep 0.1
	done
	get() { curl -s -D - -o /tmp/body "$@" && { cat /tmp/body; echo; } | sed "s/^/body: /"; }
	get http://localhost/index.html | tr -d "\r" | sed "s/^/first: /"
	get http://localhost/index.html | tr -d "\r" | sed "s/^/second: /"
	get http://localhost:6081/anything | tr -d "\r" | sed "s/^/synth: /"
	ps -eo user:12,comm | awk "\$2 == \"cache-main\" { print \"worker: \" \$1 }"
	varnishadm -n /var/varnish/synth ping | sed "s/^/ping: /"
	stat -c "home %U %a" /var/varnish
	herd stop varnish-synth >/dev/null
	curl -s -m 5 http://localhost:6081/ >/dev/null || echo "synth-stopped"
	get http://localhost/index.html | tr -d "\r" | sed "s/^/third: /"
' --expose="$T/www=/srv/www" || fail "boot or checks failed"
expect_out '^status-default: .*running' "varnish-default is running"
expect_out '^status-synth: .*running' "varnish-synth is running"
expect_out '^first: HTTP/1.1 200' "varnish answers on port 80"
expect_out '^first: body: hello from behind varnish$' "varnish passes nginx's page"
expect_out '^first: X-Varnish: [0-9]+$' "the first request is a miss (one transaction)"
expect_out '^second: body: hello from behind varnish$' "the second request gets the page"
expect_out '^second: X-Varnish: [0-9]+ [0-9]+$' "the second request is a hit (two transactions)"
expect_out '^second: Age: [0-9]+$' "a hit has an Age"
expect_out '^synth: HTTP/1.1 200 synthetic' "the vcl instance answers by itself"
expect_out '^synth: X-Gxsys-Vcl: synth$' "the vcl's header is there"
expect_out '^synth: body: made by the vcl$' "the vcl's body is there"
expect_out '^worker: varnish$' "the cache worker runs as the varnish account"
expect_out '^ping: PONG' "varnishadm reaches the instance in /var/varnish/synth"
expect_out '^home varnish 755$' "/var/varnish is the varnish account's"
expect_out '^synth-stopped$' "varnish-synth stops (its PID file is trusted)"
expect_out '^third: X-Varnish: [0-9]+ [0-9]+$' "varnish-default still serves from its cache"
check_clean

# A VCL varnishd cannot compile is a note of the build, located at the
# field (varnishd -C in the build container), not a service that fails at
# boot unexplained.
cat >"$T/bad.scm" <<'EOF2'
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service varnish-service-type
           (varnish-configuration
            (vcl (plain-file "bad.vcl" "vcl 4.1;
backend default { .host = \"127.0.0.1\" }
"))))
          %base-services)))
EOF2
build "$T/bad.scm"
grep -F "bad.scm:10:13: note: varnish-configuration: field 'vcl': \`/usr/sbin/varnishd -C -j none -f /etc/gxsys/files/bad.vcl\` refuses it in the build container:" \
	"$T/build.err" | grep -F "Expected ';' got '}'" >/dev/null ||
	fail "a VCL varnishd cannot compile is a located note of the build"
cat "$T/out"
echo "ok"
