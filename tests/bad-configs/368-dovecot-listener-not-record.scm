;; error: 11:72: service-configuration: field 'listeners': expected a list of unix-listener-configuration, fifo-listener-configuration or inet-listener-configuration, got "imap"
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (services (list (service-configuration (kind "imap-login") (listeners (list "imap")))))))
          %base-services)))
