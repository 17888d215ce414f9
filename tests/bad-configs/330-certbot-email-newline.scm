;; error: 11:13: certbot-configuration: field 'email': expected #f or an e-mail address, got "me@a.test\nx"
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (email "me@a.test\nx")
            (certificates (list (certificate-configuration (domains (list "a.test")))))))
          %base-services)))
