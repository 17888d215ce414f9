;; mysql-service-type with every field given: another data directory and
;; socket, several bind addresses, extra-content with a second option
;; group and comments (mariadbd --help --verbose reads it in
;; describe-service-configs.sh), extra-environment as (list ...), no
;; mysql-upgrade one-shot.
(use-service-modules databases)
(use-package-modules databases)

(operating-system
  (host-name "db")
  (bootloader #f)
  (file-systems '())
  (services
   (list (service mysql-service-type
                  (mysql-configuration
                   (mysql mariadb)
                   (bind-address "127.0.0.1,::1")
                   (port 3307)
                   (socket "/run/mysqld/db.sock")
                   (datadir "/srv/mysql")
                   (extra-content "# small and strict
max_connections = 20
innodb_buffer_pool_size=64M   # enough here
sql_mode = STRICT_ALL_TABLES
skip-name-resolve

[mariadbd]
; read by mariadbd only
log-warnings = 2")
                   (extra-environment #~(list "TZ=Europe/Paris" "MYSQL_HOME=/srv/mysql"))
                   (auto-upgrade? #f))))))
