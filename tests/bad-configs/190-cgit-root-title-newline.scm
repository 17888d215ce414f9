;; error: 8:8: cgit-configuration: field 'root-title': invalid value "Git\nscan-path=/" (cgitrc values are one line: no line breaks or other control characters)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (cgit-configuration
       (root-title "Git\nscan-path=/")))
                   %base-services)))
