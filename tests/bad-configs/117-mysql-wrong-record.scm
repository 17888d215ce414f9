;; error: 9:6: mysql-service-type: expected a mysql-configuration, got #<postgresql-configuration>
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mysql-service-type
     (postgresql-configuration (postgresql postgresql)))
                   %base-services)))
