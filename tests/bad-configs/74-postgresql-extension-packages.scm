;; error: 9:59: postgresql-configuration: field 'extension-packages': extensions are not supported by gxsys (only '() is), got (#<package redis>)
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type
     (postgresql-configuration (postgresql postgresql-15) (extension-packages (list redis))))
                   %base-services)))
