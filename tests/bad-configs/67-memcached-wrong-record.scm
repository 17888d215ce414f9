;; error: 7:6: memcached-service-type: expected a memcached-configuration, got #<nginx-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service memcached-service-type
     (nginx-configuration))
                   %base-services)))
