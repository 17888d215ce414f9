;; error: 11:8: mysql-configuration: field 'mysql': only mariadb is supported by gxsys (Debian 12 has no MySQL), got #<package mysql>
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  ;; Guix's mysql: Debian 12 has MariaDB only
  (services (cons* (service mysql-service-type
     (mysql-configuration
       (mysql mysql)))
                   %base-services)))
