;; error: 11:13: prosody-configuration: field 'ssl': expected an ssl-configuration, got #<mod-muc-configuration>
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (ssl (mod-muc-configuration (name "rooms")))))
          %base-services)))
