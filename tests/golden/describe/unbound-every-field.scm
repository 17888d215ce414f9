;; unbound-service-type with every field of its four records given: a
;; server on two addresses (one with a port) with extra-options of each
;; kind of value, remote control over TCP, two forward zones (one over
;; TLS), extra-content with a second server clause (unbound-checkconf
;; reads it in describe-service-configs.sh).
(use-service-modules dns)

(operating-system
  (host-name "resolver")
  (bootloader #f)
  (file-systems '())
  (services
   (list (service unbound-service-type
                  (unbound-configuration
                   (server
                    (unbound-server
                     (interface '("127.0.0.1" "::1@5353"))
                     (hide-version #t)
                     (hide-identity #f)
                     (tls-cert-bundle "/etc/ssl/certs/ca-certificates.crt")
                     (extra-options
                      '((verbosity . 2)
                        (do-ip6 . #f)
                        (prefetch . #t)
                        (module-config . iterator)
                        (identity . "resolver one")
                        (local-data . "ns.example.test. 300 IN A 10.0.0.53")))))
                   (remote-control
                    (unbound-remote
                     (control-enable #t)
                     (control-interface "127.0.0.1")
                     (extra-options '((control-port . 8953)
                                      (control-use-cert . #f)))))
                   (forward-zone
                    (list (unbound-zone
                           (name ".")
                           (forward-addr '("9.9.9.9@853#dns.quad9.net"
                                           "149.112.112.112@853#dns.quad9.net"))
                           (forward-tls-upstream #t))
                          (unbound-zone
                           (name "lan.")
                           (forward-addr '("10.0.0.1"))
                           (forward-tls-upstream #f)
                           (extra-options '((forward-first . #t))))))
                   (extra-content "server:
  # a static zone: local-zone takes two values
  local-zone: \"example.test.\" static
  access-control: 127.0.0.0/8 allow"))))))
