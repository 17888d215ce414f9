;; error: 8:8: dnsmasq-configuration: field 'shepherd-requirement': expected a list of service names (symbols), got ("networking")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (dnsmasq-configuration
       (shepherd-requirement '("networking"))))
                   %base-services)))
