;; error: 13:36: postgresql-role: field 'password-file': invalid value "secrets/alice" (expected #f or an absolute path without white space, control characters or "." and ".." components)
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
                                   (password-file "secrets/alice"))))))
                   %base-services)))
