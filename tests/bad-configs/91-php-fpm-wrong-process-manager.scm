;; error: 8:8: php-fpm-configuration: field 'process-manager': expected a php-fpm-dynamic-process-manager-configuration, php-fpm-static-process-manager-configuration or php-fpm-on-demand-process-manager-configuration, got #<memcached-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service php-fpm-service-type
     (php-fpm-configuration
       (process-manager (memcached-configuration))))
                   %base-services)))
