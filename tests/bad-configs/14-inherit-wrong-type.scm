;; error: 7:39: user-account: cannot inherit from #<user-group>
(define base (user-group (name "x")))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (list (user-account (inherit base) (name "a") (group "users")))))
