;; error: 8:8: dnsmasq-configuration: field 'listen-addresses': invalid entry "localhost" (expected an IP address, or several separated by commas)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (listen-addresses '("127.0.0.1" "localhost"))))
                   %base-services)))
