;; error: 6:20: service type 'cups-service-type' is not supported by gxsys: gxsys cannot run it yet
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cups-service-type 'config)
                   %base-services)))
