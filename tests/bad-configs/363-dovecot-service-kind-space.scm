;; error: 11:52: service-configuration: field 'kind': expected one word (not empty, without white space, control characters, quotes, '#', braces or backslashes), got "imap login"
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (services (list (service-configuration (kind "imap login"))))))
          %base-services)))
