;; error: 8:8: iptables-configuration: field 'ipv6-rules': expected a file-like object (plain-file, local-file, mixed-text-file), got #<file rules>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service iptables-service-type
     (iptables-configuration
       (ipv6-rules (file-union "rules" (quote ())))))
                   %base-services)))
