;; error: 10:20: simple-service 'app-role': expected a list of postgresql-role, got #<postgresql-role>
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
                    (postgresql-configuration (postgresql postgresql-15)))
                   (simple-service 'app-role postgresql-role-service-type
                    (postgresql-role (name "app")))
                   %base-services)))
