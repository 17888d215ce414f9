;; error: 2:30: recursion too deep (more than 2000 levels) in 'forever'
(define (forever n) (cons n (forever (+ n 1))))
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (packages (forever 0)))
