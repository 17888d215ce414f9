;; error: 7:19: service: expected a service type, got #<record-type nginx-configuration>
(use-service-modules web)
(operating-system
  (host-name "web")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service nginx-configuration) %base-services)))
