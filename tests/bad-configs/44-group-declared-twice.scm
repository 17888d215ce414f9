;; error: 6:17: group 'users' is declared twice
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (groups (cons (user-group (name "users") (id 100)) %base-groups)))
