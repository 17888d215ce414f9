;; iptables-service-type with every field of Guix's iptables-configuration:
;; the package, IPv4 rules of one's own (a plain-file whose name holds
;; shell syntax: an argument of sh -c, never its text) and Guix's
;; %iptables-accept-all-rules for IPv6, which is also the stop's.
(use-modules (gnu))
(use-service-modules networking)
(use-package-modules linux)

(operating-system
  (host-name "iptables")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons (service iptables-service-type
                  (iptables-configuration
                   (iptables iptables)
                   (ipv4-rules (plain-file "v4 $(x).rules"
                                           "*filter\n:INPUT DROP\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n"))
                   (ipv6-rules %iptables-accept-all-rules)))
         %base-services)))
