;; error: 9:30: mcron-configuration: field 'jobs': expected a list of gexps, got #<gexp>
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (mcron-configuration
                             (jobs #~(job "5 0 * * *" "updatedb"))))
                   %base-services)))
