;; error: 6:19: php-fpm-configuration: field 'socket-group': group 'nginx' is not declared
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service php-fpm-service-type)
                  %base-services)))
