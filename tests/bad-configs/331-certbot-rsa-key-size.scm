;; error: 11:13: certbot-configuration: field 'rsa-key-size': expected an integer, got "2048"
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (rsa-key-size "2048")
            (certificates (list (certificate-configuration (domains (list "a.test")))))))
          %base-services)))
