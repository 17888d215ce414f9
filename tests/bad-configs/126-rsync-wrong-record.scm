;; error: 7:6: rsync-service-type: expected an rsync-configuration, got #<redis-configuration>
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service rsync-service-type
     (redis-configuration))
                   %base-services)))
