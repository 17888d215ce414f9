;; error: 11:60: certificate-configuration: field 'name': expected #f or a certificate name (letters, digits, '-', '.', '_', not starting with '.' or '-'), got "../etc"
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (certificates (list (certificate-configuration (name "../etc") (domains (list "a.test")))))))
          %base-services)))
