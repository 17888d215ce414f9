;; error: 15:27: knot-zone-configuration: field 'domain': the zone "Example.org." is declared twice
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (zones (list (knot-zone-configuration
                          (domain "example.org")
                          (file "/srv/zones/a.zone"))
                         (knot-zone-configuration
                          (domain "Example.org.")
                          (file "/srv/zones/b.zone"))))))
          %base-services)))
