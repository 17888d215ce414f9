;; error: 7:20: service type 'nginx-service-type' is instantiated twice (first at line 6)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service nginx-service-type)
                   (service nginx-service-type)
                   %base-services)))
