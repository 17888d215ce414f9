;; error: 9:30: log-rotation-configuration: field 'size-threshold': -1 is out of range (0 to 9223372036854775807)
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service log-rotation-service-type
                            (log-rotation-configuration
                             (size-threshold -1)))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
