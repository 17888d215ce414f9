;; error: 13:33: zone-file: field 'origin': expected the zone's domain, "example.org" (Guix writes "$ORIGIN ORIGIN.": the zone's SOA must be its apex), got ""
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
                          (zone (zone-file
                                 (entries (list (zone-entry (data "192.0.2.1")))))))))))
          %base-services)))
