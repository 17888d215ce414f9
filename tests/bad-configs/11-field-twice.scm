;; error: 7:4: operating-system: field 'timezone' given twice
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (timezone "Etc/UTC")
  (timezone "Europe/Paris"))
