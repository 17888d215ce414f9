;; error: 11:13: prosody-configuration: field 'data-path': expected an absolute file name (without control characters), got "var/lib/prosody"
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (data-path "var/lib/prosody")))
          %base-services)))
