;; error: 9:30: mcron-configuration: field 'log-file': expected an absolute path without white space, control characters or "." and ".." components, got "mcron.log"
(use-service-modules mcron)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mcron-service-type
                            (mcron-configuration
                             (log-file "mcron.log")))
                   %base-services)))
