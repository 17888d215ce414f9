;; error: 11:55: inetd-entry: field 'socket-type': expected one of 'stream, 'dgram, 'raw, 'rdm, 'seqpacket, got datagram
(use-modules (gnu))
(use-service-modules networking)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service inetd-service-type
           (inetd-configuration
            (entries (list (inetd-entry (name "echo") (socket-type (quote datagram)) (protocol "udp") (user "root"))))))
          %base-services)))
