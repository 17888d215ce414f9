;; error: 11:86: certificate-configuration: field 'challenge': expected #f or a challenge type such as "dns-01", got "dns 01"
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (certificates (list (certificate-configuration (domains (list "a.test")) (challenge "dns 01"))))))
          %base-services)))
