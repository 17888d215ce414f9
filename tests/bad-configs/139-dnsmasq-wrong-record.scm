;; error: 7:6: dnsmasq-service-type: expected a dnsmasq-configuration, got #<nginx-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service dnsmasq-service-type
     (nginx-configuration))
                   %base-services)))
