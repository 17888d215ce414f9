;; error: 9:6: postgresql-service-type: expected a postgresql-configuration, got #<redis-configuration>
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (redis-configuration))
                   %base-services)))
