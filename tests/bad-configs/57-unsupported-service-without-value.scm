;; error: 6:19: service type 'postgresql-service-type' is not supported by gxsys: gxsys cannot run it yet
(operating-system
  (host-name "db")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service postgresql-service-type) %base-services)))
