;; error: 14:61: mailbox-configuration: field 'name': expected a mailbox name (not empty, without quotes, backslashes or control characters), got "Old \"mail\""
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service dovecot-service-type
           (dovecot-configuration
            (namespaces
             (list (namespace-configuration
                    (name "inbox")
                    (mailboxes (list (mailbox-configuration (name "Old \"mail\"")))))))))
          %base-services)))
