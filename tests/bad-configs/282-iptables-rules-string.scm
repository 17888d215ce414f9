;; error: 8:8: iptables-configuration: field 'ipv4-rules': expected a file-like object (plain-file, local-file, mixed-text-file), got "/etc/iptables/rules.v4"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service iptables-service-type
     (iptables-configuration
       (ipv4-rules "/etc/iptables/rules.v4")))
                   %base-services)))
