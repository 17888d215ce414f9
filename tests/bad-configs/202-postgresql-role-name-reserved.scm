;; error: 12:52: postgresql-role: field 'name': role name "pg_alice" is reserved by PostgreSQL ("public", "none" and names starting with "pg_")
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
                    (postgresql-configuration (postgresql postgresql-15)))
                   (service postgresql-role-service-type
                    (postgresql-role-configuration
                     (roles (list (postgresql-role (name "pg_alice"))))))
                   %base-services)))
