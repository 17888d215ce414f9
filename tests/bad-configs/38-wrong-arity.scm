;; error: 7:16: wrong number of arguments to 'make-user': 1 given, 2 needed
(define (make-user name group) (user-account (name name) (group group)))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (list (make-user "alice"))))
