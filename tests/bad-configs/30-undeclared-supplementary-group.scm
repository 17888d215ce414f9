;; error: 6:16: supplementary group 'docker' of user 'alice' is not declared
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")
                             (supplementary-groups '("wheel" "docker")))
               %base-user-accounts)))
