;; error: 9:19: service 'syncthing-alice' is provided more than once
(operating-system
  (host-name "box")
  (bootloader (bootloader-configuration (bootloader grub-bootloader)))
  (file-systems %base-file-systems)
  (users (cons (user-account (name "alice") (group "users")) %base-user-accounts))
  (services (cons* (service syncthing-service-type
                    (syncthing-configuration (user "alice")))
                  (service syncthing-service-type
                    (syncthing-configuration (user "alice") (logflags 3)))
                   %base-services)))
