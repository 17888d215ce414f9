;; error: 10:8: mysql-configuration: field 'socket': invalid path "/run/mysqld/my sql.sock" (expected an absolute path of at most 107 bytes without white space, quotes, backslashes, "#", control characters or "." and ".." components)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mysql-service-type
     (mysql-configuration
       (socket "/run/mysqld/my sql.sock")))
                   %base-services)))
