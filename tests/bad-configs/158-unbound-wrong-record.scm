;; error: 7:6: unbound-service-type: expected an unbound-configuration, got #<dnsmasq-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (dnsmasq-configuration))
                   %base-services)))
