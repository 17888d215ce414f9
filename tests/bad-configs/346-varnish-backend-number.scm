;; error: 11:13: varnish-configuration: field 'backend': expected a backend address ("HOST[:PORT]" or a socket path, without white space or control characters), got 8080
(use-modules (gnu))
(use-service-modules web)
(operating-system
  (host-name "cachebox")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service varnish-service-type
           (varnish-configuration
            (backend 8080)))
          %base-services)))
