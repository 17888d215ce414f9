;; error: 15:75: inet-listener-configuration: field 'port': 70000 is out of range (0 to 65535)
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (services
             (list (service-configuration
                    (kind "imap-login")
                    (listeners
                     (list (inet-listener-configuration (protocol "imap") (port 70000)))))))))
          %base-services)))
