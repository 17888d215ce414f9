;; error: 6:19: car: expected a pair, got ()
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (list (car '()))))
