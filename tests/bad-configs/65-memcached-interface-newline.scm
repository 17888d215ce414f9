;; error: 8:8: memcached-configuration: field 'interfaces': invalid address "127.0.0.1\n-vv" (one address, without commas or white space)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service memcached-service-type
     (memcached-configuration
       (interfaces (list "127.0.0.1\n-vv"))))
                   %base-services)))
