;; error: 11:60: certificate-configuration: field 'domains': invalid domain name "b test" (expected a non-empty list of domain names (letters, digits, '-', '.', '_', and '*' for a wildcard))
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (certificates (list (certificate-configuration (domains (list "a.test" "b test")))))))
          %base-services)))
