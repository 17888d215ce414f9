;; error: 11:13: prosody-configuration: field 'virtualhosts': expected a list of virtualhost-configuration, got "example.org"
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (virtualhosts (list "example.org"))))
          %base-services)))
