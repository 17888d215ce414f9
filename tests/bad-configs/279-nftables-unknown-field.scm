;; error: 8:9: nftables-configuration: unknown field 'rules' (did you mean 'ruleset'?)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nftables-service-type
     (nftables-configuration
       (rules (plain-file "nftables.conf" "flush ruleset\n"))))
                   %base-services)))
