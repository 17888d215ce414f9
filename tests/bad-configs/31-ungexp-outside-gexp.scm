;; error: 6:19: 'ungexp' (#$) outside of a gexp (#~)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (list #$coreutils)))
