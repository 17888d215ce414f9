;; error: 11:13: prosody-configuration: field 'component-ports': expected a list of ports (integers from 1 to 65535), got (5347 70000)
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (component-ports (list 5347 70000))))
          %base-services)))
