;; error: 9:43: mcron-configuration: field 'jobs': expected a gexp such as #~(job "5 0 * * *" "updatedb"), got (job "5 0 * * *" "updatedb")
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (mcron-configuration
                             (jobs (list '(job "5 0 * * *" "updatedb")))))
                   %base-services)))
