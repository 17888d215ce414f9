;; error: 14:27: knot-zone-configuration: field 'serial-policy': expected one of the symbols 'increment, 'unixtime or 'dateserial, got "dateserial"
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
                          (file "/srv/zones/example.org.zone")
                          (serial-policy "dateserial"))))))
          %base-services)))
