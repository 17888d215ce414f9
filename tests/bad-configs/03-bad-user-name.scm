;; error: 6:30: invalid user name "root:x:0"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (list (user-account (name "root:x:0") (group "users")))))
