;; error: 12:22: radicale-server-configuration: field 'hosts': expected a non-empty list of "HOST:PORT" (HOST localhost, an IPv4 address or an IPv6 address, in brackets or not), got "calendar.example:5232"
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (server (radicale-server-configuration
                     (hosts (list "localhost:5232" "calendar.example:5232"))))))
          %base-services)))
