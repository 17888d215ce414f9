;; error: 13:36: postgresql-role: field 'name': invalid name "a-role-name-longer-than-the-63-bytes-that-postgresql-keeps-of-a-name" (expected 1 to 63 bytes without control characters)
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
                     (roles (list (postgresql-role
                                   (name "a-role-name-longer-than-the-63-bytes-that-postgresql-keeps-of-a-name"))))))
                   %base-services)))
