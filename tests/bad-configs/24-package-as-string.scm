;; error: 6:19: operating-system: field 'packages': expected a package, got "nginx"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (list "nginx" "curl")))
