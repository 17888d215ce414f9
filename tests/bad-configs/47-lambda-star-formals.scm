;; error: 2:38: bad define* formals: #:optional out of place (the order is #:optional, #:key, #:allow-other-keys, #:rest)
(define* (make-user name #:key group #:optional uid)
  (user-account (name name) (group group)))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems))
