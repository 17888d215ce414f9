;; error: 11:13: radicale-configuration: field 'web-interface?': expected #t or #f, got "yes"
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (web-interface? "yes")))
          %base-services)))
