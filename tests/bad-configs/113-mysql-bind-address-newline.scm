;; error: 11:8: mysql-configuration: field 'bind-address': invalid address "127.0.0.1\nskip-grant-tables" (expected host names or IP addresses, separated by commas)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  ;; a line break would add an option to my.cnf
  (services (cons* (service mysql-service-type
     (mysql-configuration
       (bind-address "127.0.0.1\nskip-grant-tables")))
                   %base-services)))
