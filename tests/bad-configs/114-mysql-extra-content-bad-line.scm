;; error: 10:8: mysql-configuration: field 'extra-content': line 2: invalid option-file line "[client" (expected "[GROUP]", "NAME", "NAME=VALUE", "!include FILE", "!includedir DIR", a comment or an empty line, without control characters)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mysql-service-type
     (mysql-configuration
       (extra-content "max_connections = 20
[client
socket = /run/mysqld/mysqld.sock")))
                   %base-services)))
