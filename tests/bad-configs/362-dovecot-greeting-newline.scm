;; error: 11:13: dovecot-configuration: field 'login-greeting': expected a string without control characters, got "Welcome\nto mail"
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (login-greeting "Welcome\nto mail")))
          %base-services)))
