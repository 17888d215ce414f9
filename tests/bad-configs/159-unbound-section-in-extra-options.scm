;; error: 9:18: unbound-server: field 'extra-options': 'stub-zone' opens a section of unbound.conf, not an option (use extra-content)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (server (unbound-server
                 (extra-options (quote ((stub-zone . "example.test."))))))))
                   %base-services)))
