;; error: 11:13: knot-configuration: field 'acls': expected a list of knot-acl-configuration, got #<knot-remote-configuration>
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (acls (list (knot-remote-configuration
                         (id "primary")
                         (address '("192.0.2.1@53")))))))
          %base-services)))
