;; error: 7:46: a path cannot hold NUL characters: "/home/a\x00/../../etc"
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "a") (group "users")
                             (home-directory "/home/a\x00/../../etc"))
               %base-user-accounts)))
