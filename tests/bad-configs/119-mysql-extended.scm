;; error: 9:20: simple-service 'more-mysql': extending mysql-service-type is not supported by gxsys
(use-service-modules databases)
(use-package-modules databases)
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mysql-service-type)
                   (simple-service 'more-mysql mysql-service-type
                                   (mysql-configuration (port 3307)))
                   %base-services)))
