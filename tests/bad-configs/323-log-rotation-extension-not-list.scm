;; error: 7:20: simple-service 'more': expected a list of file names, got "/var/log/x.log"
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (simple-service 'more log-rotation-service-type "/var/log/x.log")
                   (service log-rotation-service-type
                            (log-rotation-configuration
                             (compression 'none)))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
