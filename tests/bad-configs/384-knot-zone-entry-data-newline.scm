;; error: 17:50: zone-entry: field 'data': expected the record's data (a non-empty string without control characters, ';', '(' or ')' outside quotes, its quotes closed, not ending with '\'), got "\"a\"\nevil IN A 192.0.2.66"
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
                                 (origin "example.org")
                                 (entries (list (zone-entry
                                                 (type "TXT")
                                                 (data "\"a\"\nevil IN A 192.0.2.66")))))))))))
          %base-services)))
