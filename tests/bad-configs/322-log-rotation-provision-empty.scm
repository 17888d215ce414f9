;; error: 9:30: log-rotation-configuration: field 'provision': expected a non-empty list of service names (symbols), got ()
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service log-rotation-service-type
                            (log-rotation-configuration
                             (provision '())))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
