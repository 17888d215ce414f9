;; error: 14:21: int-component-configuration: field 'plugin': expected a plugin name (letters, digits, '_', '-' and '.'), got "muc extra"
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
                    (plugin "muc extra"))))))
          %base-services)))
