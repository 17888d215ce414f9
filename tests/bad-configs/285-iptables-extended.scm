;; error: 7:20: simple-service 'more-rules': extending iptables-service-type is not supported by gxsys
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service iptables-service-type)
                   (simple-service (quote more-rules) iptables-service-type
                                   (plain-file "more.rules" "*filter\nCOMMIT\n"))
                   %base-services)))
