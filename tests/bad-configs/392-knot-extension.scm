;; error: 12:11: simple-service 'more-zones': extending knot-service-type is not supported by gxsys
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (zones '())))
          (simple-service 'more-zones knot-service-type
           (list (knot-zone-configuration (domain "example.net"))))
          %base-services)))
