;; error: 11:59: postgresql-configuration: field 'locale': locale "de_DE.utf8" is not one of the system's locale-definitions (the operating-system's locale is "en_US.utf8"; add a locale-definition for it)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  ;; Guix's default locale-definitions are replaced, not extended
  (locale-definitions (list (locale-definition (name "en_US.utf8") (source "en_US"))))
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15) (locale "de_DE.utf8")))
                   %base-services)))
