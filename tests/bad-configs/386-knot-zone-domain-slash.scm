;; error: 12:27: knot-zone-configuration: field 'domain': expected a domain name (a non-empty string of letters, digits, '-', '_' and '.', without empty labels), got "../../etc/passwd"
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
                          (domain "../../etc/passwd")
                          (file "/srv/zones/passwd.zone"))))))
          %base-services)))
