;; error: 10:12: prosody-service-type: expected a prosody-configuration or an opaque-prosody-configuration, got #<virtualhost-configuration>
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (virtualhost-configuration
            (domain "example.org")))
          %base-services)))
