;; error: 8:8: dnsmasq-configuration: field 'addresses': invalid entry "example.test/10.1.2.3" (expected /DOMAIN/[IP|#] or an IP address, without white space)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (addresses (list "example.test/10.1.2.3"))))
                   %base-services)))
