;; error: 7:31: memcached-configuration: field 'tcp-port': 65536 is out of range (0 to 65535)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service memcached-service-type
     (memcached-configuration (tcp-port 65536)))
                   %base-services)))
