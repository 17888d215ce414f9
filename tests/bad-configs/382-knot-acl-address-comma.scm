;; error: 13:26: knot-acl-configuration: field 'address': expected a list of non-empty strings or symbols without white space, control characters, '"', '#', ',', '[' or ']', got ("192.0.2.1, 192.0.2.2")
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (acls (list (knot-acl-configuration
                         (id "secondaries")
                         (address '("192.0.2.1, 192.0.2.2"))
                         (action '(transfer)))))))
          %base-services)))
