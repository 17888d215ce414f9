;; error: 4:4: unbound variable 'match': it is a macro of (ice-9 match), and gxsys's configuration language has no macros
(use-modules (ice-9 match))
(define (port-of config)
  (match config
    ((host . port) port)))
(operating-system
  (host-name "m")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service openssh-service-type
                           (openssh-configuration (port-number (port-of '("h" . 22)))))
                  %base-services)))
