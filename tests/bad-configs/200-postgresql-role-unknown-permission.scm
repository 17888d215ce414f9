;; error: 13:57: postgresql-role: field 'permissions': unknown permission inherit (expected bypassrls, createdb, createrole, login, replication or superuser)
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
                                   (permissions '(login inherit)))))))
                   %base-services)))
