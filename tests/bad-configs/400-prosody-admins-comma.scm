;; error: 11:13: prosody-configuration: field 'admins': expected a list of strings without ',', got ("alice@example.org,bob@example.org")
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (admins (list "alice@example.org,bob@example.org"))))
          %base-services)))
