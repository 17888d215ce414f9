;; error: 8:42: simple-service 'nightly': expected a gexp such as #~(job "5 0 * * *" "updatedb"), got "5 0 * * * updatedb"
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'nightly mcron-service-type
                                   (list "5 0 * * * updatedb"))
                   %base-services)))
