;; error: 9:59: postgresql-configuration: field 'locale': locale "eo.utf8" is not one of the system's locale-definitions (the operating-system's locale is "en_US.utf8"; add a locale-definition for it)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15) (locale "eo.utf8")))
                   %base-services)))
