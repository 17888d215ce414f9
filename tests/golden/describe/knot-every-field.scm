;; knot-service-type with every field of knot-configuration and of its
;; records (key, keystore, acl, remote, policy, zone), zone-file and
;; zone-entry: a master zone from a zone-file, one from a plain-file, one
;; from a file name, a secondary zone: describe's golden.
(use-modules (gnu))
(use-service-modules dns)
(use-package-modules dns)
(define example-entries
  (list (zone-entry (name "@") (ttl "") (class "IN") (type "NS") (data "ns"))
        (zone-entry (name "ns") (ttl 3600) (type "A") (data "192.0.2.53"))
        (zone-entry (name "ns") (type "AAAA") (data "2001:db8::53"))
        (zone-entry (name "@") (type "MX") (data "10 mail"))
        (zone-entry (name "mail") (ttl "1h") (data "192.0.2.25"))
        (zone-entry (name "@") (type "TXT") (data "\"v=spf1 mx -all\" \"a \\\"b\\\"\""))))
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (knot knot)
            (run-directory "/var/run/knot")
            (includes (list (plain-file "knot-log.conf" "log:
  - target: syslog
    any: info
")))
            (listen-v4 "127.0.0.1")
            (listen-v6 "::1")
            (listen-port 5353)
            (keys (list (knot-key-configuration
                         (id "transfer.key")
                         (algorithm 'hmac-sha256)
                         (secret "c2VjcmV0LWtleS1vZi10aGUtdGVzdA=="))
                        (knot-key-configuration
                         (id "notify.key")
                         (algorithm 'hmac-sha512)
                         (secret "QUJD"))))
            (keystores (list (knot-keystore-configuration
                              (id "files")
                              (backend 'pem)
                              (config "/var/lib/knot/keys/keys"))))
            (acls (list (knot-acl-configuration
                         (id "secondaries")
                         (address '("192.0.2.0/24" "2001:db8::/64"))
                         (key '("transfer.key"))
                         (action '(transfer notify))
                         (deny? #f))
                        (knot-acl-configuration
                         (id "no-updates")
                         (address '("198.51.100.7"))
                         (action '("update"))
                         (deny? #t))))
            (remotes (list (knot-remote-configuration
                            (id "primary")
                            (address '("192.0.2.1@53" "2001:db8::1@53"))
                            (via '("192.0.2.53"))
                            (key "transfer.key"))
                           (knot-remote-configuration
                            (id "secondary")
                            (address '("192.0.2.2")))))
            (policies (list (knot-policy-configuration
                             (id "signed")
                             (keystore "files")
                             (manual? #f)
                             (single-type-signing? #t)
                             (algorithm "ecdsap384sha384")
                             (ksk-size 384)
                             (zsk-size 384)
                             (dnskey-ttl 7200)
                             (zsk-lifetime "60d")
                             (propagation-delay 3600)
                             (rrsig-lifetime (* 21 24 3600))
                             (rrsig-refresh (* 9 24 3600))
                             (nsec3? #t)
                             (nsec3-iterations 0)
                             (nsec3-salt-length 0)
                             (nsec3-salt-lifetime -1))))
            (zones (list (knot-zone-configuration
                          (domain "example.org")
                          (file "")
                          (zone (zone-file
                                 (entries example-entries)
                                 (origin "example.org")
                                 (ns "ns.example.org.")
                                 (mail "hostmaster.example.org.")
                                 (serial 2026120201)
                                 (refresh 7200)
                                 (retry "15m")
                                 (expiry 1209600)
                                 (nx 300)))
                          (master '())
                          (ddns-master #f)
                          (notify '("secondary"))
                          (acl '("secondaries" "no-updates"))
                          (semantic-checks? #t)
                          (zonefile-sync -1)
                          (zonefile-load 'difference-no-serial)
                          (journal-content 'all)
                          (max-journal-usage "50M")
                          (max-journal-depth 100)
                          (max-zone-size "10M")
                          (dnssec-policy "signed")
                          (serial-policy 'dateserial))
                         (knot-zone-configuration
                          (domain "example.net.")
                          (file (plain-file "example.net.zone" "$ORIGIN example.net.
@ 3600 IN SOA ns hostmaster (1 7200 900 1209600 300)
@ 3600 IN NS ns
ns 3600 IN A 198.51.100.53
")))
                         (knot-zone-configuration
                          (domain "example.com")
                          (file "/var/lib/knot/example.com.zone")
                          (zonefile-sync 3600))
                         (knot-zone-configuration
                          (domain "secondary.test")
                          (master '("primary"))
                          (ddns-master "primary")
                          (acl '(secondaries))
                          (zonefile-sync #f))))))
          %base-services)))
