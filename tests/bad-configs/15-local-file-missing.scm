;; error: 8:49: local-file: cannot read '@DIR@/no-such-key.pub': No such file or directory
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service openssh-service-type
     (openssh-configuration
       (authorized-keys `(("alice" ,(local-file "no-such-key.pub"))))))
                   %base-services)))
