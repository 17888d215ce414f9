;; error: 11:8: mysql-configuration: field 'socket': invalid path "/run/mysqld/a-socket-whose-name-is-too-long-for-a-unix-socket-address-in-linux-which-is-107-bytes-extra.sock" (expected an absolute path of at most 107 bytes without white space, quotes, backslashes, "#", control characters or "." and ".." components)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  ;; sun_path holds 107 bytes and a NUL: this socket is 108 bytes long
  (services (cons* (service mysql-service-type
     (mysql-configuration
       (socket "/run/mysqld/a-socket-whose-name-is-too-long-for-a-unix-socket-address-in-linux-which-is-107-bytes-extra.sock")))
                   %base-services)))
