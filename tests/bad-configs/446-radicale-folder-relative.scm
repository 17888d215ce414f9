;; error: 12:23: radicale-storage-configuration: field 'filesystem-folder': expected an absolute file name (without white space, control characters, "." and ".." components), got "collections"
(use-modules (gnu))
(use-service-modules mail)
(operating-system
  (host-name "calendar")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services
   (cons* (service radicale-service-type
           (radicale-configuration
            (storage (radicale-storage-configuration
                      (filesystem-folder "collections")))))
          %base-services)))
