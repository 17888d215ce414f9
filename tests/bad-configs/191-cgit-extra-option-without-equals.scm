;; error: 8:8: cgit-configuration: field 'extra-options': invalid entry "enable-blame" (expected a line NAME=VALUE, NAME without white space, or a comment: cgit stops reading cgitrc at a line without "=")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service cgit-service-type
     (cgit-configuration
       (extra-options (list "enable-blame" "max-commit-count=20"))))
                   %base-services)))
