;; error: 6:16: user 'alice': group 'staff' is not declared
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "staff"))
               %base-user-accounts)))
