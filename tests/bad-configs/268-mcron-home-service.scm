;; error: 9:30: mcron-configuration: field 'home-service?': #t is for Guix Home's home-mcron-service-type; gxsys runs system services
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (mcron-configuration
                             (home-service? #t)))
                   %base-services)))
