;; error: 14:36: postgresql-role: field 'collation': locale "xx_YY.utf8" is not one of the system's locale-definitions (the operating-system's locale is "en_US.utf8"; add a locale-definition for it)
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
                                   (collation "xx_YY.utf8"))))))
                   %base-services)))
