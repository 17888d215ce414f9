;; error: 9:30: log-rotation-configuration: field 'expiry': 0 is out of range (1 to 9223372036854775807)
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service log-rotation-service-type
                            (log-rotation-configuration
                             (expiry 0)))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
