;; error: 7:20: service type 'nftables-service-type' is instantiated twice (first at line 6)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nftables-service-type)
                   (service nftables-service-type
                            (nftables-configuration
                             (ruleset (plain-file "other.nft" "flush ruleset\n"))))
                   %base-services)))
