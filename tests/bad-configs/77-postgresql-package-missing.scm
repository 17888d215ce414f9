;; error: 9:6: postgresql-configuration: missing field 'postgresql'
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (port 5432)))
                   %base-services)))
