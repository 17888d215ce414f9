;; error: 14:27: postgresql-role: role "app" is declared twice, differently (first at line 12)
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
                     (roles (list (postgresql-role (name "app"))))))
                   (simple-service 'app-role postgresql-role-service-type
                    (list (postgresql-role (name "app") (permissions '(login)))))
                   %base-services)))
