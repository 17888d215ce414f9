;; error: 10:51: mcron job: #<procedure lambda> cannot be written into it as Guile code (Guile would write it as #<...>, which does not read back)
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (mcron-configuration
                             (jobs (list #~(job next-hour-from
                                                #$(lambda () (display "hi")))))))
                   %base-services)))
