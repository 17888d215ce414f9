;; error: 8:8: memcached-configuration: field 'interfaces': invalid address "10.0.0.1,0.0.0.0" (one address, without commas or white space)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service memcached-service-type
     (memcached-configuration
       (interfaces (list "127.0.0.1" "10.0.0.1,0.0.0.0"))))
                   %base-services)))
