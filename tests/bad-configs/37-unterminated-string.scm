;; error: 7:1: unexpected end of file in string opened at 6:13
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (timezone "Europe/Paris))
