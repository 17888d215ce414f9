;; error: 10:8: mysql-configuration: field 'datadir': invalid path "var/lib/mysql" (expected an absolute path of at most 4096 bytes without white space, quotes, backslashes, "#", control characters or "." and ".." components)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mysql-service-type
     (mysql-configuration
       (datadir "var/lib/mysql")))
                   %base-services)))
