;; error: 11:13: prosody-configuration: field 'raw-content': expected a string (Lua text, without NUL), got ("admins = {}")
(use-modules (gnu))
(use-service-modules messaging)
(operating-system
  (host-name "chat")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service prosody-service-type
           (prosody-configuration
            (raw-content (list "admins = {}"))))
          %base-services)))
