;; error: 7:6: php-fpm-service-type: expected a php-fpm-configuration, got #<redis-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service php-fpm-service-type
     (redis-configuration))
                   %base-services)))
