;; error: 9:30: mcron-configuration: field 'log?': expected #t or #f, got yes
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (mcron-configuration
                             (log? 'yes)))
                   %base-services)))
