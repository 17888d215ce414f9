;; error: 7:1: unexpected end of file in list opened at 2:1
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (timezone "Etc/UTC")
