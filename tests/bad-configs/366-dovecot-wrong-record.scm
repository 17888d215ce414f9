;; error: 10:12: dovecot-service-type: expected a dovecot-configuration or an opaque-dovecot-configuration, got #<service-configuration>
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (service-configuration (kind "imap")))
          %base-services)))
