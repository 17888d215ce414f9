;; error: 8:8: unbound-configuration: field 'forward-zone': expected a list of unbound-zone records, got #<unbound-zone>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (forward-zone (unbound-zone (name ".") (forward-addr (list "9.9.9.9"))))))
                   %base-services)))
