;; error: 12:13: radicale-configuration: field 'config-file': the whole file (the older Guix's field), not with field 'auth' (line 11)
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (auth (radicale-auth-configuration (type (quote none))))
            (config-file %default-radicale-config-file)))
          %base-services)))
