;; A MySQL server: MariaDB (Guix's default for mysql-service-type, Debian's
;; 10.11 here) on its socket /run/mysqld/mysqld.sock and on the loopback
;; interface, port 3306.  The system tables are made at boot (mysql-install,
;; as user mysql) unless the data directory already has them: to keep the
;; databases across boots, run the container with
;; --share=/srv/mysql=/var/lib/mysql.  root and mysql log in over the socket
;; without a password (MariaDB's unix_socket authentication); create other
;; accounts, with passwords, for TCP clients.

(use-modules (gnu))
(use-service-modules databases)
(use-package-modules databases)

(operating-system
  (host-name "mysql")
  (timezone "Etc/UTC")

  ;; Required by Guix's syntax, ignored in a container.
  (bootloader (bootloader-configuration
                (bootloader grub-bootloader)
                (targets '("does-not-matter"))))
  (file-systems (list (file-system
                        (device "does-not-matter")
                        (mount-point "/")
                        (type "does-not-matter"))))

  (packages (cons mariadb %base-packages))

  (services
   (cons (service mysql-service-type
                  (mysql-configuration
                   (mysql mariadb)
                   (bind-address "127.0.0.1")
                   (port 3306)
                   (extra-content "character-set-server = utf8mb4
skip-name-resolve")
                   (extra-environment #~'("TZ=UTC"))))
         %base-services)))
