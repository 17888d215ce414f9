;; error: 8:8: dnsmasq-configuration: field 'tftp-unique-root': invalid value "host" (expected #f, "", "ip" or "mac")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (tftp-unique-root "host")))
                   %base-services)))
