;; error: 8:28: unbound-zone: missing field 'name'
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (forward-zone (list (unbound-zone (forward-addr (list "9.9.9.9")))))))
                   %base-services)))
