;; error: 7:10: invalid locale-definition "fr_FR.utf8/../x" (source "fr_FR", charset "UTF-8")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (locale-definitions
   (list (locale-definition (name "fr_FR.utf8/../x") (source "fr_FR")))))
