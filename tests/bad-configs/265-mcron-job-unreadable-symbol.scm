;; error: 9:42: mcron job: gxsys cannot write it so that Guile reads back the same code: (job "5 0 * * *" (quote #{a\ b}#))
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (mcron-configuration
                             (jobs (list #~(job "5 0 * * *"
                                                '#$(string->symbol "a\\ b"))))))
                   %base-services)))
