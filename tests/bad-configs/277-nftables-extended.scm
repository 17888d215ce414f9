;; error: 7:20: simple-service 'more-rules': extending nftables-service-type is not supported by gxsys
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nftables-service-type)
                   (simple-service 'more-rules nftables-service-type
                                   (plain-file "more.nft" "table inet more {}\n"))
                   %base-services)))
