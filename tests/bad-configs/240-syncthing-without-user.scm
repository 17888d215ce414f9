;; error: 6:20: syncthing-configuration: field 'user': syncthing runs as a user of the system: name one, as (user "alice")
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (services (cons* (service syncthing-service-type)
                   %base-services)))
