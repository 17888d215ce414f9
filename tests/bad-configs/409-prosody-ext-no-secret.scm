;; error: 12:20: ext-component-configuration: missing field 'component-secret'
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (ext-components
             (list (ext-component-configuration
                    (hostname "gateway.example.org"))))))
          %base-services)))
