;; error: 9:59: postgresql-configuration: field 'port': 65536 is out of range (1 to 65535)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15) (port 65536)))
                   %base-services)))
