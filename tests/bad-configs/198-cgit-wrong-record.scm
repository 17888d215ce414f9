;; error: 7:6: cgit-service-type: expected a cgit-configuration or an opaque-cgit-configuration, got #<nginx-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (nginx-configuration))
                   %base-services)))
