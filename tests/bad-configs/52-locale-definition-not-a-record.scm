;; error: 7:10: locale-definitions: expected a locale-definition, got "fr_FR.utf8"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (locale-definitions
   (cons "fr_FR.utf8" %default-locale-definitions)))
