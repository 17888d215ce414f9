;; error: 8:8: php-fpm-configuration: field 'file': expected #f or a file-like object (local-file, plain-file), got "/etc/php/8.2/fpm/php-fpm.conf"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service php-fpm-service-type
     (php-fpm-configuration
       (file "/etc/php/8.2/fpm/php-fpm.conf")))
                   %base-services)))
