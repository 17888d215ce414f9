#!/bin/sh
# The scripts run inside are single-quoted on purpose:
# shellcheck disable=SC2016
# knot-service-type end to end: Knot DNS (Debian's knot, with
# knot-dnsutils for Guix's kdig) serves two master zones on Guix's default
# listen addresses (0.0.0.0@53, ::@53): example.org, whose zone file is
# generated from its zone-file record (SOA, NS, A entries, a TXT with a
# quoted string), and example.net, whose file is a plain-file.  From
# inside, kdig @127.0.0.1 gets authoritative answers (the aa flag) for the
# SOA, an A record, a name from a zone-entry with a TTL of its own, the
# TXT, the second zone's A, and NXDOMAIN for a name neither zone has;
# knotc (which reads /etc/knot/knot.conf by default) reaches the daemon
# and lists both zones; knotd runs as the knot account (user: knot) and
# /var/lib/knot is that account's.  Root, real namespaces, temporary
# store; everything cleaned up.  A configuration knotc conf-check refuses
# is a located note of the build.
# shellcheck source=tests/integration/container-lib.inc
. "$(dirname "$0")/container-lib.inc"

need_packages knot knot-dnsutils

cat >"$T/knot.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (zones
             (list (knot-zone-configuration
                    (domain "example.org")
                    (zone (zone-file
                           (origin "example.org")
                           (serial 2026120201)
                           (entries
                            (list (zone-entry (type "NS") (data "ns"))
                                  (zone-entry (name "ns") (data "192.0.2.53"))
                                  (zone-entry (name "www") (ttl "300")
                                              (data "192.0.2.80"))
                                  (zone-entry (name "@") (type "TXT")
                                              (data "\"gxsys knot test\"")))))))
                   (knot-zone-configuration
                    (domain "example.net")
                    (file (plain-file "example.net.zone" "$ORIGIN example.net.
$TTL 3600
@ IN SOA ns.example.net. hostmaster.example.net. (7 3600 900 604800 300)
@ IN NS ns
ns IN A 198.51.100.53
mail IN A 198.51.100.25
")))))))
          %base-services)))
EOF
build "$T/knot.scm"
grep -F "knotc" "$T/build.err" && fail "knotc conf-check refused the configuration"
iname knot
inside "$N" '
	herd status knot | sed -n "2s/^/status: /p"
	# knot is started; wait until it answers
	for _ in $(seq 100); do
		kdig +short +time=1 +retry=0 @127.0.0.1 example.org SOA 2>/dev/null | grep -q . && break
		sleep 0.2
	done
	q() { kdig +norecurse @127.0.0.1 "$@" | sed -n -e "s/^;; Flags: /flags: /p" \
		-e "s/^;; ->>HEADER<<- opcode: QUERY; status: \([A-Z]*\).*/status: \1/p" \
		-e "/^;; ANSWER SECTION:/,/^$/{/^[^;]/p}"; }
	q example.org SOA | sed "s/^/soa: /"
	q ns.example.org A | sed "s/^/ns: /"
	q www.example.org A | sed "s/^/www: /"
	q example.org TXT | sed "s/^/txt: /"
	q mail.example.net A | sed "s/^/net: /"
	q nothere.example.org A | sed "s/^/nx: /"
	knotc zone-status 2>&1 | sed "s/^/zones: /"
	knotc status 2>&1 | sed "s/^/knotc: /"
	ps -eo user:12,comm | awk "\$2 == \"knotd\" { print \"daemon: \" \$1 }"
	stat -c "lib: %U %a" /var/lib/knot
	stat -c "run: %U %a" /var/run/knot
' || fail "boot or checks failed"
expect_out '^status: .*running' "the knot service runs"
expect_out '^soa: flags: qr aa' "the SOA answer is authoritative"
expect_out '^soa: example\.org\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+SOA[[:space:]]+ns\.example\.org\. hostmaster\.example\.org\. 2026120201 43200 900 1209600 3600$' "the SOA is the zone-file's (Guix's defaults, the serial given)"
expect_out '^ns: ns\.example\.org\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.53$' "an A record of a zone-entry"
expect_out '^www: flags: qr aa' "the www answer is authoritative"
expect_out '^www: www\.example\.org\.[[:space:]]+300[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.80$' "a zone-entry with a TTL of its own"
expect_out '^txt: example\.org\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+TXT[[:space:]]+"gxsys knot test"$' "a TXT entry with a quoted string"
expect_out '^net: flags: qr aa' "the plain-file zone's answer is authoritative"
expect_out '^net: mail\.example\.net\.[[:space:]]+3600[[:space:]]+IN[[:space:]]+A[[:space:]]+198\.51\.100\.25$' "the plain-file zone is served"
expect_out '^nx: status: NXDOMAIN$' "a name the zone lacks is NXDOMAIN"
expect_out '^zones: \[example\.org\.\] role: master \| serial: 2026120201' "knotc lists example.org"
expect_out '^zones: \[example\.net\.\] role: master \| serial: 7' "knotc lists example.net"
expect_out '^knotc: Running$' "knotc reaches the daemon"
expect_out '^daemon: knot$' "knotd runs as the knot account"
expect_out '^lib: knot 755$' "/var/lib/knot is the knot account's"
expect_out '^run: knot 755$' "the run directory is the knot account's"
check_clean

# What knotd would refuse (an acl naming a key the file does not declare)
# is a note of the build, located at the record (knotc conf-check in the
# build container), not a service that fails at boot unexplained.
cat >"$T/bad.scm" <<'EOF'
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (acls (list (knot-acl-configuration
                         (id "transfer")
                         (key '("no-such-key")))))))
          %base-services)))
EOF
build "$T/bad.scm"
grep -F "bad.scm:9:12: note: knot-configuration: \`/usr/sbin/knotc -c /etc/knot/knot.conf conf-check\` refuses it in the build container:" \
	"$T/build.err" | grep -F "value 'no-such-key' (invalid reference)" >/dev/null ||
	fail "what knotc conf-check refuses is a located note of the build"
cat "$T/out"
echo "ok"
