;; error: 6:20: service type 'postgresql-service-type' is not supported by gxsys: gxsys cannot run it yet
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service postgresql-service-type 'config)
                   %base-services)))
