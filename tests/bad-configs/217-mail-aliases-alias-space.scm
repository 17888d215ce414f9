;; error: 7:7: mail-aliases-service-type: invalid alias "post master" (expected a non-empty string or symbol without white space, control characters, ':', ',' or '#')
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mail-aliases-service-type
     '(("post master" "alice")))
                   %base-services)))
