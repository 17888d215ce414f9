;; error: 8:8: nftables-configuration: field 'package': expected a package, got "nftables"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nftables-service-type
     (nftables-configuration
       (package "nftables")))
                   %base-services)))
