;; error: 8:8: dnsmasq-configuration: field 'servers': invalid entry "9.9.9.9 149.112.112.112" (expected a server without white space)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (servers '("9.9.9.9 149.112.112.112"))))
                   %base-services)))
