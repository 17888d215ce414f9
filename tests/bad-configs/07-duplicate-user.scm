;; error: 7:17: user 'alice' is declared twice
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons* (user-account (name "alice") (group "users"))
                (user-account (name "alice") (group "wheel"))
                %base-user-accounts)))
