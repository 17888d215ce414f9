;; error: 6:4: operating-system: unknown field 'hostname' (did you mean 'host-name'?)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (hostname "other"))
