;; error: 8:20: postgresql-service-type: directory /var/lib/postgresql/data: user 'postgres' is not declared
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15) (create-account? #f)))
                   %base-services)))
