;; error: 8:8: rsync-configuration: field 'port-number': 70000 is out of range (1 to 65535)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service rsync-service-type
     (rsync-configuration
       (port-number 70000)))
                   %base-services)))
