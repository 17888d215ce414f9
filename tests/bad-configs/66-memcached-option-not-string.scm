;; error: 8:8: memcached-configuration: field 'additional-options': expected a string, got 64
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service memcached-service-type
     (memcached-configuration
       (additional-options (list "-m" 64))))
                   %base-services)))
