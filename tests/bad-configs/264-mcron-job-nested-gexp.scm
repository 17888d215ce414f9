;; error: 10:49: mcron job: a gexp nested in it ((gexp (system* "updatedb"))) cannot be written out by gxsys
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (mcron-configuration
                             (jobs (list #~(job "5 0 * * *"
                                                #~(system* "updatedb"))))))
                   %base-services)))
