;; error: 11:134: inetd-entry: field 'program': expected "internal", an absolute file name, a file-append or a local-file of an executable file, without white space, control characters or quotes, got "date"
(use-modules (gnu))
(use-service-modules networking)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service inetd-service-type
           (inetd-configuration
            (entries (list (inetd-entry (name "2323") (socket-type (quote stream)) (protocol "tcp") (wait? #f) (user "nobody:wheel") (program "date"))))))
          %base-services)))
