;; error: 8:8: dnsmasq-configuration: field 'port': 65536 is out of range (0 to 65535)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (port 65536)))
                   %base-services)))
