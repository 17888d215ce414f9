;; error: 9:30: log-rotation-configuration: field 'compression': expected 'zstd, 'gzip or 'none, got bzip2
(use-service-modules admin)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service log-rotation-service-type
                            (log-rotation-configuration
                             (compression 'bzip2)))
                   (modify-services %base-services
                     (delete log-rotation-service-type)))))
