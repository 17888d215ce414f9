;; error: 12:22: radicale-server-configuration: field 'timeout': expected a non-negative integer, got -5
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (server (radicale-server-configuration
                     (timeout -5)))))
          %base-services)))
