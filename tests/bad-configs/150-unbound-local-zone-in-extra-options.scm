;; error: 9:18: unbound-server: field 'extra-options': 'local-zone' takes more than one value, which Guix writes as one quoted value unbound refuses (use extra-content)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service unbound-service-type
     (unbound-configuration
       (server (unbound-server
                 (extra-options (quote ((local-zone . "\"example.test.\" static"))))))))
                   %base-services)))
