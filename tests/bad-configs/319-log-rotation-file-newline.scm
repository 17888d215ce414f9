;; error: 9:52: log-rotation-configuration: field 'external-log-files': expected an absolute file name without white space, control characters or "." and ".." components, got "/var/log/a\nb.log"
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service log-rotation-service-type
                            (log-rotation-configuration
                             (external-log-files '("/var/log/a\nb.log"))))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
