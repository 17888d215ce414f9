;; error: 8:8: nftables-configuration: field 'ruleset': expected a file-like object (plain-file, local-file, mixed-text-file), got "/etc/nftables.conf"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nftables-service-type
     (nftables-configuration
       (ruleset "/etc/nftables.conf")))
                   %base-services)))
