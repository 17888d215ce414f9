;; error: 8:8: rsync-configuration: field 'user': to run on port 873, user must be root
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service rsync-service-type
     (rsync-configuration
       (user "nobody")))
                   %base-services)))
