;; error: 11:28: inetd-entry: field 'program': inetd has no internal service "ssh" on stream sockets (it has echo, discard, time, daytime and chargen on stream and dgram, tcpmux on stream)
(use-modules (gnu))
(use-service-modules networking)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service inetd-service-type
           (inetd-configuration
            (entries (list (inetd-entry (name "ssh") (socket-type (quote stream)) (protocol "tcp") (wait? #f) (user "root"))))))
          %base-services)))
