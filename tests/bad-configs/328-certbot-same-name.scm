;; error: 12:33: certificate-configuration: two certificates are named "a.test"
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (certificates (list (certificate-configuration (domains (list "a.test")))
                                (certificate-configuration (domains (list "a.test" "b.test")))))))
          %base-services)))
