;; error: 9:59: postgresql-configuration: field 'locale': invalid locale name "en_US.utf8\n-X"
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15) (locale "en_US.utf8\n-X")))
                   %base-services)))
