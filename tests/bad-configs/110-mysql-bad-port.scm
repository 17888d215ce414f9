;; error: 10:8: mysql-configuration: field 'port': 0 is out of range (1 to 65535)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mysql-service-type
     (mysql-configuration
       (port 0)))
                   %base-services)))
