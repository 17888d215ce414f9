;; error: 9:30: log-rotation-configuration: field 'expiry': gxsys runs no Guile code: expected an integer or #~(%default-log-expiry), got #<gexp>
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service log-rotation-service-type
                            (log-rotation-configuration
                             (expiry #~(* 3 3600))))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
