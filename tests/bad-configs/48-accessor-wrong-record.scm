;; error: 11:47: user-account-name: expected a user-account record, got #<user-group>
(define base
  (operating-system
    (host-name "base")
    (bootloader (bootloader-configuration (bootloader grub-bootloader)))
    (file-systems %base-file-systems)))
(operating-system
  (inherit base)
  (host-name (string-append (operating-system-host-name base) "-2"))
  (services (operating-system-user-services base))
  (users (map (lambda (a) (user-account (name (user-account-name a)) (group "users")))
              (operating-system-groups base))))
