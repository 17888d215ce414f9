;; error: 8:29: mcron-service-type: expected an mcron-configuration, got (#<gexp>)
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (list #~(job "5 0 * * *" "updatedb")))
                   %base-services)))
