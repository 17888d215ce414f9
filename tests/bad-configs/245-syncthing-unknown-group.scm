;; error: 10:23: syncthing-configuration: field 'group': no group "syncthing" in the operating-system's groups
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")) %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration
                      (user "alice")
                      (group "syncthing")))
                   %base-services)))
