;; error: 12:23: radicale-logging-configuration: field 'level': expected one of the symbols debug, info, warning, error, critical, got verbose
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (logging (radicale-logging-configuration
                      (level (quote verbose))))))
          %base-services)))
