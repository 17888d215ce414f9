;; error: 8:46: syncthing-configuration: field 'user': no user account "bob" in the operating-system's users (syncthing-service-type makes none)
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")) %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration (user "bob")))
                   %base-services)))
