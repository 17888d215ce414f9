;; error: 2:1: operating-system: missing field 'host-name'
(operating-system
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems '()))
