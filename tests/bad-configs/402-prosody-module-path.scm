;; error: 11:13: prosody-configuration: field 'modules-enabled': expected a list of module names (letters, digits, '_', '-' and '.'), got ("roster" "../../tmp/evil")
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (modules-enabled (list "roster" "../../tmp/evil"))))
          %base-services)))
