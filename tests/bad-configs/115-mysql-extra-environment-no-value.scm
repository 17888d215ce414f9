;; error: 10:8: mysql-configuration: field 'extra-environment': invalid entry "MYSQL_HOME" (expected "NAME=value", NAME letters, digits and "_")
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mysql-service-type
     (mysql-configuration
       (extra-environment #~'("TZ=UTC" "MYSQL_HOME"))))
                   %base-services)))
