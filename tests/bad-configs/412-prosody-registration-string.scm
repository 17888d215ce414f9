;; error: 11:13: prosody-configuration: field 'allow-registration?': expected #t or #f, got "yes"
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (allow-registration? "yes")))
          %base-services)))
