;; error: 7:27: redis-configuration: field 'port': 65536 is out of range (1 to 65535)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service redis-service-type
     (redis-configuration (port 65536)))
                   %base-services)))
