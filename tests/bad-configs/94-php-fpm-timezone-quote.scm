;; error: 8:8: php-fpm-configuration: field 'timezone': invalid value "UTC\" evil=\"1" (expected #f or a time zone name such as "Europe/Paris")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service php-fpm-service-type
     (php-fpm-configuration
       (timezone "UTC\" evil=\"1")))
                   %base-services)))
