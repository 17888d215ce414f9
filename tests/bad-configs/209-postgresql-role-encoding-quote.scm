;; error: 14:36: postgresql-role: field 'encoding': invalid encoding name "UTF8' TEMPLATE template0 --"
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
                     (roles (list (postgresql-role (name "alice")
                                   (create-database? #t)
                                   (encoding "UTF8' TEMPLATE template0 --"))))))
                   %base-services)))
