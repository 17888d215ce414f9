;; error: 7:7: mail-aliases-service-type: invalid address "alice,bob" for alias 'postmaster' (expected a non-blank string without control characters, ',' or '#')
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service mail-aliases-service-type
     '(("postmaster" "alice,bob")))
                   %base-services)))
