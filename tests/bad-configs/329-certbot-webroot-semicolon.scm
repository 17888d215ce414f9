;; error: 11:13: certbot-configuration: field 'webroot': expected an absolute path without white space, control characters, "." and ".." components or any of ;{}"'\$#, got "/var/www;evil"
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (webroot "/var/www;evil")
            (certificates (list (certificate-configuration (domains (list "a.test")))))))
          %base-services)))
