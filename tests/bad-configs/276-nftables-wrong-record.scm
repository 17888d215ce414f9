;; error: 6:51: nftables-service-type: expected an nftables-configuration, got #<tor-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nftables-service-type (tor-configuration))
                   %base-services)))
