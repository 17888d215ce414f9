;; error: 10:73: simple-service 'more-certs': expected a list of certificate-configuration, got "a.test"
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type (certbot-configuration))
          (simple-service (quote more-certs) certbot-service-type (list "a.test"))
          %base-services)))
