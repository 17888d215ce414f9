;; error: 11:112: inetd-entry: field 'user': user 'bob' is not declared
(use-modules (gnu))
(use-service-modules networking)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service inetd-service-type
           (inetd-configuration
            (entries (list (inetd-entry (name "2323") (socket-type (quote stream)) (protocol "tcp") (wait? #f) (user "bob") (program "/bin/date"))))))
          %base-services)))
