;; error: 11:13: knot-configuration: field 'listen-port': expected a port number (1 to 65535), got "53"
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (listen-port "53")))
          %base-services)))
