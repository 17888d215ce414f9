;; error: 11:41: inetd-entry: field 'name': expected a service name or port number (one word, without white space, control characters, quotes or ':'), got "my echo"
(use-modules (gnu))
(use-service-modules networking)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service inetd-service-type
           (inetd-configuration
            (entries (list (inetd-entry (name "my echo") (socket-type (quote stream)) (protocol "tcp") (wait? #f) (user "root"))))))
          %base-services)))
