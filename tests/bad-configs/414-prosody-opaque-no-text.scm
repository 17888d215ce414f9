;; error: 10:12: opaque-prosody-configuration: missing field 'prosody.cfg.lua'
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (opaque-prosody-configuration))
          %base-services)))
