;; error: 11:86: certificate-configuration: field 'deploy-hook': expected #f, a shell command line (a string without control characters) or a file-like object (plain-file, local-file, mixed-text-file) holding a shell script, got 42
(use-modules (gnu))
(use-service-modules certbot web)
(operating-system
  (host-name "certbox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service certbot-service-type
           (certbot-configuration
            (certificates (list (certificate-configuration (domains (list "a.test")) (deploy-hook 42))))))
          %base-services)))
