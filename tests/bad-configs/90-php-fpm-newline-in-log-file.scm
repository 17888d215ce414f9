;; error: 8:8: php-fpm-configuration: field 'log-file': invalid value "/var/log/php.log\n[evil]" (expected an absolute path without white space, quotes, control characters, ini operators or "." and ".." components)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service php-fpm-service-type
     (php-fpm-configuration
       (log-file "/var/log/php.log\n[evil]")))
                   %base-services)))
