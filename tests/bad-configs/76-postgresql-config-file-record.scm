;; error: 9:59: postgresql-configuration: field 'config-file': expected a postgresql-config-file or a file-like object, got #<redis-configuration>
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15) (config-file (redis-configuration))))
                   %base-services)))
