;; error: 11:146: inetd-entry: field 'arguments': expected a list of strings or file-like objects, without white space, control characters or quotes, got "date\nid"
(use-modules (gnu))
(use-service-modules networking)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service inetd-service-type
           (inetd-configuration
            (entries (list (inetd-entry (name "2323") (socket-type (quote stream)) (protocol "tcp") (wait? #f) (user "root") (program "/bin/sh") (arguments (list "sh" "-c" "date\nid")))))))
          %base-services)))
