;; A firewall: nftables with Guix's %default-nftables-ruleset, and one rule
;; more for a web server.  nginx serves its page on port 80 and a status
;; page on port 8080, which is for the machine itself: a connection to it on
;; any address but 127.0.0.1 is reset (and counted).  The ruleset is the
;; container's own: nft sets up the network namespace the container runs in
;; (by default one of its own, with only lo); with run-container -N (the
;; host's network) the service is not started and the host's firewall is
;; left as it is.  See its rules inside with `nft list ruleset`.

(use-modules (gnu))
(use-service-modules networking web)

(define %ruleset
  (plain-file "nftables.conf"
              "# Guix's %default-nftables-ruleset, with a rule for port 8080
table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;

    # the status page: for 127.0.0.1 only
    tcp dport 8080 ip daddr != 127.0.0.1 counter reject with tcp reset

    # early drop of invalid connections
    ct state invalid drop

    # allow established/related connections
    ct state { established, related } accept

    # allow from loopback
    iif lo accept
    # drop connections to lo not coming from lo
    iif != lo ip daddr 127.0.0.1/8 drop
    iif != lo ip6 daddr ::1/128 drop

    # allow icmp
    ip protocol icmp accept
    ip6 nexthdr icmpv6 accept

    # allow ssh and http
    tcp dport { ssh, http } accept

    # reject everything else
    reject with icmpx type port-unreachable
  }
  chain forward {
    type filter hook forward priority 0; policy drop;
  }
  chain output {
    type filter hook output priority 0; policy accept;
  }
}
"))

(operating-system
  (host-name "firewall")
  (timezone "Etc/UTC")
  (locale "en_US.utf8")

  ;; Required by Guix's syntax, ignored in a container.
  (bootloader (bootloader-configuration
                (bootloader grub-bootloader)
                (targets '("does-not-matter"))))
  (file-systems (list (file-system
                        (device "does-not-matter")
                        (mount-point "/")
                        (type "does-not-matter"))))

  (packages (cons curl %base-packages))

  (services
   (cons* (service nftables-service-type
                   (nftables-configuration
                    (ruleset %ruleset)))
          (service nginx-service-type
                   (nginx-configuration
                    (server-blocks
                     (list (nginx-server-configuration
                            (listen '("80"))
                            (server-name '("firewall"))
                            (locations
                             (list (nginx-location-configuration
                                    (uri "/")
                                    (body '("return 200 \"public\\n\";"))))))
                           (nginx-server-configuration
                            (listen '("8080"))
                            (server-name '("firewall"))
                            (locations
                             (list (nginx-location-configuration
                                    (uri "/")
                                    (body '("return 200 \"status\\n\";"))))))))))
          %base-services)))
