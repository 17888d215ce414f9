;; error: 11:13: knot-configuration: field 'includes': expected a list of file names without white space, control characters, '"', '#', ',', '[' or ']' or file-like objects (plain-file, local-file, mixed-text-file), got "/etc/knot/my keys.conf"
(use-modules (gnu))
(use-service-modules dns)
(operating-system
  (host-name "ns1")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service knot-service-type
           (knot-configuration
            (includes '("/etc/knot/my keys.conf"))))
          %base-services)))
