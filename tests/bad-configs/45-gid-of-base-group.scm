;; error: 6:17: groups 'mine' and 'tty' have the same gid 996
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (groups (cons (user-group (name "mine") (id 996)) %base-groups)))
