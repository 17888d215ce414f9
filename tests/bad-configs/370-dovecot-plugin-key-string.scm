;; error: 12:36: plugin-configuration: field 'entries': expected a list of (KEY . "VALUE") pairs, KEY a symbol of letters, digits, '-', '_' and '.', VALUE without control characters, got (("sieve" . "~/.dovecot.sieve"))
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (plugin-configuration
             (plugin-configuration (entries (list (cons "sieve" "~/.dovecot.sieve")))))))
          %base-services)))
