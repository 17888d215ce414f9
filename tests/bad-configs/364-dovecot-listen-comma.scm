;; error: 11:13: dovecot-configuration: field 'listen': expected a list of strings without ',' or control characters, got ("127.0.0.1,::1")
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (listen (list "127.0.0.1,::1"))))
          %base-services)))
