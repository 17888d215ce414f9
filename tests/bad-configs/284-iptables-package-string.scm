;; error: 7:30: iptables-configuration: field 'iptables': expected a package, got "iptables"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service iptables-service-type
     (iptables-configuration (iptables "iptables")))
                   %base-services)))
