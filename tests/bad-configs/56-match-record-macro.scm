;; error: 4:4: unbound variable 'match-record': it is a macro of (guix records), and gxsys's configuration language has no macros
(use-modules (guix records))
(define (port-of config)
  (match-record config <openssh-configuration> (port-number)
    port-number))
(operating-system
  (host-name "m")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons (service openssh-service-type
                           (openssh-configuration (port-number (port-of (openssh-configuration)))))
                  %base-services)))
