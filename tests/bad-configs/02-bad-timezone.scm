;; error: 6:3: invalid timezone "Europe/../../etc/shadow"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (timezone "Europe/../../etc/shadow"))
