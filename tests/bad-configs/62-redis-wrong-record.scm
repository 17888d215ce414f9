;; error: 6:48: redis-service-type: expected a redis-configuration, got #<nginx-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service redis-service-type (nginx-configuration))
                   %base-services)))
