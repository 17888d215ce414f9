;; error: 11:13: varnish-configuration: field 'listen': expected a list of addresses ("HOST:PORT[,PROTOCOL]", ":PORT", a socket path), non-empty strings without white space or control characters, got ""
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service varnish-service-type
           (varnish-configuration
            (listen (list "localhost:80" ""))))
          %base-services)))
