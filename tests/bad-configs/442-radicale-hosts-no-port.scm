;; error: 12:22: radicale-server-configuration: field 'hosts': expected a non-empty list of "HOST:PORT" (HOST localhost, an IPv4 address or an IPv6 address, in brackets or not), got "127.0.0.1"
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
                     (hosts (list "127.0.0.1"))))))
          %base-services)))
