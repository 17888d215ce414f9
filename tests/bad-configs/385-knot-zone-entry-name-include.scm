;; error: 16:50: zone-entry: field 'name': expected a non-empty string without white space, control characters, ';', '(', ')', '"' or '\', not starting with '$', got "$INCLUDE"
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
                                                 (name "$INCLUDE")
                                                 (data "/etc/shadow")))))))))))
          %base-services)))
