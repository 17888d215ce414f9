;; error: 16:31: mod-muc-configuration: field 'max-history-messages': expected a non-negative integer, got -1
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (int-components
             (list (int-component-configuration
                    (hostname "rooms.example.org")
                    (plugin "muc")
                    (mod-muc (mod-muc-configuration
                              (max-history-messages -1))))))))
          %base-services)))
