;; error: 11:13: radicale-configuration: field 'server': expected a radicale-server-configuration record, got #<radicale-storage-configuration>
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (server (radicale-storage-configuration))))
          %base-services)))
